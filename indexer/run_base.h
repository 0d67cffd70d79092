// What both kinds of run share (the indexing run in indexer.cpp, --dump-passages in dump_run.h):
// the gazetteer and its matcher, reading one input file, and the messages and counts of what was
// skipped, fixed or ignored.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "common/entity_matcher.h"
#include "common/error.h"
#include "common/gazetteer.h"
#include "common/normalise.h"
#include "indexer/article_reader.h"
#include "indexer/indexer.h"
#include "indexer/progress.h"
#include "indexer/input_files.h"

namespace dossier {

class RunBase {
 public:
  // Loads the gazetteer (options.gazetteer_dir, else default_gazetteer_dir()); throws
  // GazetteerError. options and err must outlive the run.
  RunBase(const IndexerOptions& options, std::ostream& err);

 protected:
  using Clock = std::chrono::steady_clock;
  static double since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

  // Longer ids are skipped: Xapian terms are at most 245 bytes, and the id goes into several.
  static constexpr std::size_t kMaxIdBytes = 200;

  void report_skipped(const InputError& error);
  void report_warning(const InputError& error);
  // Files of an unsupported type, and entries ignored for another reason (a linked folder, a
  // file named twice): notes, counted as ignored.
  void note_ignored(const std::vector<std::string>& ignored, const std::vector<InputError>& notes);

  // Reads one file, calling on_article for every article that can be indexed.
  template <typename OnArticle>
  void read_file(const InputFile& file, OnArticle&& on_article) {
    ReadEvents events;
    events.article = [&](Article&& article) {
      if (article.meta.id.size() > kMaxIdBytes) {
        report_skipped(InputError(article.origin, 0, "article id longer than " + std::to_string(kMaxIdBytes) + " bytes"));
        return;
      }
      on_article(std::move(article));
    };
    events.skipped = [this](const InputError& error) { report_skipped(error); };
    events.warning = [this](const InputError& error) { report_warning(error); };
    if (file.format == InputFormat::Plain) {
      read_plain_file(file.path, file.id_base, options_.limits, events);
    } else {
      read_jsonl_file(file.path, file.id_base, options_.limits, events);
    }
  }

  // Where a message goes: err_, after the live progress line (if any) is cleared, so that the
  // message starts on a fresh line and the next update draws the line again below it.
  std::ostream& message() {
    if (live_ != nullptr) live_->clear();
    return err_;
  }

  const IndexerOptions& options_;
  std::ostream& err_;
  Progress* live_ = nullptr;  // the run's progress line, set by the run that draws one
  IndexSummary summary_;
  Normaliser normaliser_;
  Gazetteer gazetteer_;
  std::unique_ptr<EntityMatcher> matcher_;
};

}  // namespace dossier
