#include "indexer/dump_run.h"

#include <nlohmann/json.hpp>

#include "common/record.h"
#include "common/terminal.h"
#include "indexer/tagging.h"

namespace dossier {

IndexSummary DumpRun::execute() {
  const auto started = Clock::now();
  Tagger tagger(gazetteer_, *matcher_);
  InputScan scan = scan_inputs(options_.inputs);
  for (const auto& error : scan.errors) report_skipped(error);
  note_ignored(scan.ignored, scan.notes);
  for (const InputFile& file : scan.files) {
    ++summary_.files_read;
    read_file(file, [&](Article&& article) {
      tagger.tag(article);
      try {
        dump(article);
      } catch (const nlohmann::json::exception& e) {
        report_skipped(InputError(article.origin, 0, std::string("internal error encoding the passages: ") + e.what()));
      }
    });
  }
  summary_.seconds = since(started);
  return summary_;
}

void DumpRun::dump(const Article& article) {
  for (const Passage& passage : article.passages) {
    nlohmann::json entities = nlohmann::json::array();
    for (const auto& mention : passage.entities) entities.push_back(mention_json(mention));
    const nlohmann::json line = {{"article_id", article.meta.id},
                                 {"index", passage.index},
                                 {"text", passage.text},
                                 {"attribution", attribution_json(passage.attribution)},
                                 {"entities", std::move(entities)},
                                 {"affiliations", passage.affiliations},
                                 {"focus", article.meta.focus_countries},
                                 {"title", article.meta.title},
                                 {"date", article.meta.date},
                                 {"origin", article.origin}};
    out_ << escape_json_for_terminal(line.dump()) << '\n';
  }
  ++summary_.articles_added;
  summary_.passages += article.passages.size();
}

}  // namespace dossier
