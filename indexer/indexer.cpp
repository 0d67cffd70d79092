#include "indexer/indexer.h"

#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "common/entity_matcher.h"
#include "common/focus.h"
#include "common/gazetteer.h"
#include "common/normalise.h"
#include "common/record.h"
#include "common/schema.h"
#include "common/terminal.h"
#include "indexer/document_builder.h"
#include "indexer/input_files.h"

#ifndef DOSSIER_DEFAULT_GAZETTEER_DIR
#define DOSSIER_DEFAULT_GAZETTEER_DIR "corpus/gazetteers"
#endif

namespace dossier {

namespace {

constexpr std::size_t kMaxIdBytes = 200;

// The searcher resolves facet names and shows display names from this table, so it needs no
// gazetteer files of its own.
std::string entity_table_json(const Gazetteer& gazetteer, Normaliser& normaliser) {
  nlohmann::json table = nlohmann::json::object();
  for (const auto& file : gazetteer.files) {
    for (const auto& entry : file.entries) {
      nlohmann::json names = nlohmann::json::array();
      names.push_back(normaliser.fold_phrase(entry.name));
      for (const auto& name : entry.names) {
        std::string folded = normaliser.fold_phrase(name.text);
        if (std::find(names.begin(), names.end(), folded) == names.end()) names.push_back(std::move(folded));
      }
      table[std::string(schema::facet_name(entry.facet))][entry.id] = {
          {"name", entry.name}, {"parent", entry.category}, {"type", entry.type}, {"affiliation", entry.affiliation},
          {"names", std::move(names)}};
    }
  }
  return table.dump();
}

class Run {
 public:
  Run(const IndexerOptions& options, std::ostream& out, std::ostream& err)
      : options_(options), out_(out), err_(err) {}

  IndexSummary execute() {
    const auto started = std::chrono::steady_clock::now();
    std::string gazetteer_dir = options_.gazetteer_dir.empty() ? default_gazetteer_dir() : options_.gazetteer_dir;
    gazetteer_ = load_gazetteer_dir(gazetteer_dir);
    matcher_ = std::make_unique<EntityMatcher>(gazetteer_, normaliser_);
    builder_ = std::make_unique<DocumentBuilder>(normaliser_);
    if (!options_.dump_passages) open_database();

    InputScan scan = scan_inputs(options_.inputs);
    for (const auto& error : scan.errors) report_skipped(error);
    for (const auto& path : scan.ignored) {
      ++summary_.files_ignored;
      if (!options_.quiet) {
        err_ << "dossier-index: note: " << sanitise_for_terminal(path)
             << ": not an article file (.txt, .jsonl, optionally .gz); ignored\n";
      }
    }
    ReadEvents events;
    events.article = [this](Article&& article) { index_article(std::move(article)); };
    events.skipped = [this](const InputError& error) { report_skipped(error); };
    events.warning = [this](const InputError& error) { report_warning(error); };
    for (const InputFile& file : scan.files) {
      ++summary_.files_read;
      if (file.format == InputFormat::Plain) {
        read_plain_file(file.path, file.id_base, options_.limits, events);
      } else {
        read_jsonl_file(file.path, file.id_base, options_.limits, events);
      }
    }
    if (db_) finish_database();
    summary_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary_;
  }

 private:
  void open_database() {
    try {
      db_ = std::make_unique<Xapian::WritableDatabase>(options_.db_path, Xapian::DB_CREATE_OR_OPEN);
    } catch (const Xapian::DatabaseLockError& e) {
      throw DatabaseError(options_.db_path + ": database is locked by another indexer (" + e.get_msg() + ")");
    } catch (const Xapian::Error& e) {
      throw DatabaseError(options_.db_path + ": cannot open database for writing: " + e.get_description());
    }
    const std::string version = db_->get_metadata(std::string(schema::kMetaFormatVersion));
    if (db_->get_doccount() > 0 && version != std::to_string(schema::kFormatVersion)) {
      throw DatabaseError(options_.db_path + ": index format version " + (version.empty() ? "unknown" : version) +
                          ", this dossier-index writes version " + std::to_string(schema::kFormatVersion) +
                          "; remove the directory and index again");
    }
    db_->set_metadata(std::string(schema::kMetaFormatVersion), std::to_string(schema::kFormatVersion));
  }

  void finish_database() {
    try {
      db_->set_metadata(std::string(schema::kMetaGazetteerVersion), gazetteer_.version);
      db_->set_metadata(std::string(schema::kMetaEntityTable), entity_table_json(gazetteer_, normaliser_));
      db_->commit();
      db_->close();
    } catch (const Xapian::Error& e) {
      throw DatabaseError(options_.db_path + ": commit failed: " + e.get_description());
    }
  }

  void index_article(Article&& article) {
    if (article.meta.id.size() > kMaxIdBytes) {
      report_skipped(InputError(article.origin, 0, "article id longer than " + std::to_string(kMaxIdBytes) + " bytes"));
      return;
    }
    if (!seen_ids_.insert(article.meta.id).second) {
      report_warning(InputError(article.origin, 0, "article id '" + article.meta.id +
                                                       "' seen earlier in this run; this one replaces it"));
    }
    const CyrillicScheme scheme = scheme_for_language(article.meta.language);
    const bool inflected = is_inflected_language(article.meta.language);
    std::vector<std::vector<Token>> tokens;
    for (Passage& passage : article.passages) {
      tokens.push_back(normaliser_.tokenize(passage.text, scheme));
      passage.entities = matcher_->match(passage.text, tokens.back(), inflected);
      passage.affiliations = affiliations(passage.entities);
    }
    FocusInput focus;
    focus.title = matcher_->match(article.meta.title, normaliser_.tokenize(article.meta.title, scheme), inflected);
    focus.passages = &article.passages;
    focus.dateline_end = find_dateline_end(article.passages.front().text);
    article.meta.focus_countries = focus_countries(focus);
    try {
      if (options_.dump_passages) {
        dump(article);
      } else {
        write(article, tokens, scheme);
      }
    } catch (const nlohmann::json::exception& e) {
      // Inputs are validated UTF-8, so this is a Dossier bug; lose this article, not the run.
      report_skipped(InputError(article.origin, 0, std::string("internal error encoding the record: ") + e.what()));
      return;
    }
    summary_.passages += article.passages.size();
  }

  std::vector<std::string> affiliations(const std::vector<EntityMention>& mentions) const {
    std::vector<std::string> out;
    for (const auto& mention : mentions) {
      if (mention.facet != "actor") continue;
      const GazetteerEntry* entry = gazetteer_.find(schema::Facet::Actor, mention.id);
      if (entry != nullptr && !entry->affiliation.empty() &&
          std::find(out.begin(), out.end(), entry->affiliation) == out.end()) {
        out.push_back(entry->affiliation);
      }
    }
    return out;
  }

  void dump(const Article& article) {
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
  }

  void write(const Article& article, const std::vector<std::vector<Token>>& tokens, CyrillicScheme scheme) {
    try {
      const std::string article_term = schema::article_term(article.meta.id);
      if (db_->term_exists(article_term)) {
        db_->delete_document(article_term);
        ++summary_.articles_replaced;
      } else {
        ++summary_.articles_added;
      }
      for (std::size_t i = 0; i < article.passages.size(); ++i) {
        db_->add_document(builder_->build(article.meta, article.passages[i], tokens[i], scheme));
        add_spellings(tokens[i]);
      }
      pending_ += article.passages.size();
      if (pending_ >= options_.commit_every) {
        db_->commit();
        pending_ = 0;
      }
    } catch (const Xapian::Error& e) {
      throw DatabaseError(options_.db_path + ": write failed: " + e.get_description());
    }
  }

  // Words for the searcher's "did you mean". Frequencies only grow (a replaced article's old
  // words are not subtracted): suggestions rank by them, so staleness costs little.
  void add_spellings(const std::vector<Token>& tokens) {
    constexpr std::size_t kMinWord = 3, kMaxWord = 32;
    for (const Token& token : tokens) {
      const std::string& word = token.folded;
      if (word.size() < kMinWord || word.size() > kMaxWord) continue;
      if (std::all_of(word.begin(), word.end(), [](unsigned char c) { return std::isdigit(c) != 0; })) continue;
      db_->add_spelling(word);
    }
  }

  void report_skipped(const InputError& error) {
    ++summary_.skipped;
    err_ << "dossier-index: error: " << sanitise_for_terminal(error.what()) << '\n';
  }

  void report_warning(const InputError& error) {
    ++summary_.warnings;
    if (!options_.quiet) err_ << "dossier-index: warning: " << sanitise_for_terminal(error.what()) << '\n';
  }

  const IndexerOptions& options_;
  std::ostream& out_;
  std::ostream& err_;
  IndexSummary summary_;
  Normaliser normaliser_;
  Gazetteer gazetteer_;
  std::unique_ptr<EntityMatcher> matcher_;
  std::unique_ptr<DocumentBuilder> builder_;
  std::unique_ptr<Xapian::WritableDatabase> db_;
  std::unordered_set<std::string> seen_ids_;
  std::size_t pending_ = 0;
};

}  // namespace

std::string default_gazetteer_dir() {
  if (const char* env = std::getenv("DOSSIER_GAZETTEERS"); env != nullptr && *env != '\0') return env;
  return DOSSIER_DEFAULT_GAZETTEER_DIR;
}

Indexer::Indexer(IndexerOptions options, std::ostream& out, std::ostream& err)
    : options_(std::move(options)), out_(out), err_(err) {}

IndexSummary Indexer::run() {
  if (options_.inputs.empty()) throw UsageError("no input paths given");
  Run run(options_, out_, err_);
  IndexSummary summary = run.execute();
  if (!options_.quiet || summary.skipped > 0) {
    err_ << "dossier-index: " << summary.articles_added + summary.articles_replaced << " articles ("
         << summary.passages << " passages) from " << summary.files_read << " files";
    if (!options_.dump_passages) {
      err_ << " into " << sanitise_for_terminal(options_.db_path) << " (" << summary.articles_added << " new, "
           << summary.articles_replaced << " replaced)";
    }
    err_ << " in " << static_cast<long>(summary.seconds * 1000) << " ms; " << summary.skipped << " skipped, "
         << summary.warnings << " warnings, " << summary.files_ignored << " files ignored\n";
  }
  return summary;
}

}  // namespace dossier
