// Indexing sequences: the input is read as a few rounds of changes to a small archive (files
// written, rewritten, touched, removed; plain text with and without an ID header, in two folders
// with the same file names; JSON Lines sharing ids across files; now and then a malformed line),
// each round followed by an incremental dossier-index run into the same database.
//
// Oracle, after every run, against a model of the files on disk: the database holds exactly one
// copy of each article that some file lists, every passage it holds is from the copy of that
// article which one of those files had when last read (for a file that did not read cleanly,
// also the articles it no longer showed, which are kept), and nothing else. Only the documented run errors may happen (none here: every input
// problem is a per-line error).
#include <fuzzer/FuzzedDataProvider.h>

#include <xapian.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/record.h"
#include "common/schema.h"
#include "fuzz_support.h"
#include "indexer/indexer.h"

namespace fs = std::filesystem;

namespace {

// A tiny gazetteer, so that a run costs milliseconds (the shipped one takes ~0.4 s to load).
const char* kGazetteer =
    "@facet country\n\nid: RS\nname: Serbia\nalias: Serbia | Србија\n\nid: XK\nname: Kosovo\nalias: Kosovo | Kosova\n";

const char* kFolders[] = {"a", "b"};
const char* kNames[] = {"one", "two", "three"};

// What the model knows of one file on disk: for each article id it lists, the markers of the
// passages of the version written (a marker is unique to a file, a version and an article).
struct ModelFile {
  std::map<std::string, std::set<std::string>> articles;  // id (explicit) or "" (plain, default id)
  bool malformed = false;                                   // has a line that will be skipped
};

struct Sequence {
  fs::path root, db;
  std::map<std::string, ModelFile> files;  // relative path -> what is on disk now
  // relative path -> the copies the database may hold from each file: what it had when last
  // read, plus, for a read that was not clean, the articles it no longer showed (kept).
  std::map<std::string, std::map<std::string, std::set<std::string>>> listed;
  // id -> every copy ever written: an article that a file which did not read cleanly no longer
  // shows is kept with whatever copy the database had (the copy of a file that dropped it, when
  // the unclean file's own copy cannot be read back).
  std::map<std::string, std::vector<std::set<std::string>>> history;
  int version = 0;

  std::string marker(const std::string& path, const std::string& id, int paragraph) {
    std::string m = "m" + std::to_string(version) + "x";
    for (char c : path + "x" + id) m += std::isalnum(static_cast<unsigned char>(c)) ? c : 'q';
    return m + "p" + std::to_string(paragraph);
  }

  void write(FuzzedDataProvider& in) {
    const bool jsonl = in.ConsumeBool();
    const std::string rel = std::string(kFolders[in.ConsumeIntegralInRange<int>(0, 1)]) + "/" +
                            kNames[in.ConsumeIntegralInRange<int>(0, 2)] + (jsonl ? ".jsonl" : ".txt");
    // One name, one format: a .txt and a .jsonl of the same stem are different files anyway.
    ++version;
    ModelFile model;
    std::ostringstream text;
    if (jsonl) {
      for (int n = in.ConsumeIntegralInRange<int>(1, 3); n > 0; --n) {
        if (in.ConsumeIntegralInRange<int>(0, 9) == 0) {
          text << "{\"id\": \"broken\n";
          model.malformed = true;
          continue;
        }
        const std::string id = "e" + std::to_string(in.ConsumeIntegralInRange<int>(0, 4));
        std::set<std::string>& markers = model.articles[id];
        markers.clear();  // a repeated id: the later line wins
        const int paragraphs = in.ConsumeIntegralInRange<int>(1, 2);
        std::string body;
        for (int p = 0; p < paragraphs; ++p) {
          const std::string m = marker(rel, id, p);
          markers.insert(m);
          body += (p ? "\\n" : "") + std::string("Kosovo talks ") + m + ".";
        }
        text << "{\"id\": \"" << id << "\", \"text\": \"" << body << "\"}\n";
      }
    } else {
      const bool with_id = in.ConsumeBool();
      const std::string id = with_id ? "e" + std::to_string(in.ConsumeIntegralInRange<int>(0, 4)) : std::string();
      if (with_id) text << "ID: " << id << "\n";
      text << "Title: T\n\n";
      const int paragraphs = in.ConsumeIntegralInRange<int>(1, 3);
      for (int p = 0; p < paragraphs; ++p) {
        const std::string m = marker(rel, id, p);
        model.articles[id].insert(m);
        text << "Serbia news " << m << ".\n\n";
      }
    }
    for (const auto& [id, markers] : model.articles) history[id].push_back(markers);
    fs::create_directories((root / rel).parent_path());
    std::ofstream(root / rel, std::ios::trunc) << text.str();
    if (std::getenv("FUZZ_VERBOSE")) std::fprintf(stderr, "write %s:\n%s---\n", rel.c_str(), text.str().c_str());
    files[rel] = std::move(model);
  }

  void remove(FuzzedDataProvider& in) {
    if (files.empty()) return;
    auto it = files.begin();
    std::advance(it, in.ConsumeIntegralInRange<std::size_t>(0, files.size() - 1));
    fs::remove(root / it->first);
    if (std::getenv("FUZZ_VERBOSE")) std::fprintf(stderr, "remove %s\n", it->first.c_str());
    // listed keeps the file until the next run: a file removed and written again between two
    // runs is, to the indexer, a file that changed.
    files.erase(it);
  }

  void index() {
    dossier::IndexerOptions options;
    // Two arguments whose files have the same names: default ids must still differ.
    options.inputs = {(root / "a").string(), (root / "b").string()};
    options.db_path = db.string();
    options.gazetteer_dir = (root.parent_path() / "gaz").string();
    options.quiet = true;
    options.shards = 2;
    std::ostringstream out, err;
    dossier::Indexer(options, out, err).run();  // any exception escapes: a crash for libFuzzer
    if (std::getenv("FUZZ_VERBOSE")) std::fprintf(stderr, "index:\n%s===\n", err.str().c_str());
    for (auto it = listed.begin(); it != listed.end();) {
      it = files.count(it->first) > 0 ? std::next(it) : listed.erase(it);
    }
    for (const auto& [rel, model] : files) {
      auto& copies = listed[rel];
      if (!model.malformed) copies.clear();
      for (const auto& [id, markers] : model.articles) copies[id] = markers;
    }
  }

  // The markers each article id may show now: from the files on disk, and from what a file
  // that did not read cleanly listed when it last did (kept until it reads cleanly).
  void check() {
    std::map<std::string, std::vector<std::set<std::string>>> allowed;  // id -> copies
    std::size_t defaults = 0;
    std::set<std::string> explicit_ids;
    std::set<std::string> markers_of_defaults;
    for (const auto& [rel, copies] : listed) {
      const auto current = files.find(rel);
      for (const auto& [id, markers] : copies) {
        if (!id.empty() && current != files.end() && current->second.malformed && current->second.articles.count(id) == 0) {
          for (const auto& copy : history[id]) allowed[id].push_back(copy);
        }
        if (id.empty()) {
          ++defaults;
          markers_of_defaults.insert(markers.begin(), markers.end());
        } else {
          explicit_ids.insert(id);
          allowed[id].push_back(markers);
        }
      }
    }
    // Read every passage back: article id -> markers seen.
    std::map<std::string, std::set<std::string>> seen;
    Xapian::Database database(db.string());
    for (auto it = database.postlist_begin(""); it != database.postlist_end(""); ++it) {
      const dossier::PassageRecord record = dossier::decode_record(database.get_document(*it).get_data());
      const std::string& text = record.passage.text;
      const std::size_t at = text.find(" m");
      FUZZ_CHECK(at != std::string::npos, "passage without a marker: %s", text.c_str());
      std::string m = text.substr(at + 1);
      if (!m.empty() && m.back() == '.') m.pop_back();
      if (std::getenv("FUZZ_VERBOSE")) std::fprintf(stderr, "db: %s %s\n", record.article.id.c_str(), m.c_str());
      FUZZ_CHECK(seen[record.article.id].insert(m).second, "article %s holds passage %s twice", record.article.id.c_str(), m.c_str());
    }
    std::size_t default_articles = 0;
    for (const auto& [id, markers] : seen) {
      const auto copies = allowed.find(id);
      if (copies == allowed.end()) {
        // A default id: its markers must be those of one plain file on disk without an ID.
        ++default_articles;
        for (const std::string& m : markers) {
          FUZZ_CHECK(markers_of_defaults.count(m) > 0, "article %s: passage %s is from no file on disk", id.c_str(), m.c_str());
        }
        continue;
      }
      bool matches = false;
      for (const auto& copy : copies->second) matches = matches || copy == markers;
      FUZZ_CHECK(matches, "article %s: its passages match no copy a file lists", id.c_str());
    }
    for (const std::string& id : explicit_ids) FUZZ_CHECK(seen.count(id) > 0, "article %s is listed by a file but gone", id.c_str());
    FUZZ_CHECK(default_articles == defaults, "%zu articles with default ids, %zu plain files without an ID", default_articles,
               defaults);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  static int runs = 0;
  const fs::path work = fuzz::scratch_dir() / ("seq-" + std::to_string(runs++ % 2));
  fs::remove_all(work);
  fs::create_directories(work / "gaz");
  std::ofstream(work / "gaz" / "countries.gaz") << kGazetteer;
  Sequence sequence{work / "archive", work / "db", {}, {}, {}, 0};
  fs::create_directories(sequence.root / "a");
  fs::create_directories(sequence.root / "b");
  for (int round = in.ConsumeIntegralInRange<int>(1, 5); round > 0 && in.remaining_bytes() > 0; --round) {
    for (int change = in.ConsumeIntegralInRange<int>(1, 4); change > 0; --change) {
      switch (in.ConsumeIntegralInRange<int>(0, 3)) {
        case 0:
          sequence.remove(in);
          break;
        default:
          sequence.write(in);
      }
    }
    sequence.index();
    sequence.check();
  }
  fs::remove_all(work);
  return 0;
}
