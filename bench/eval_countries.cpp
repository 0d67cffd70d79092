// dossier-eval-countries: how well the country facet and the focus flag agree with the PLACES
// labels of Reuters-21578 (docs/evaluation.md).
//
// Each story with at least one PLACES label and a non-empty body is built as the indexer would
// build it (title; body paragraphs as passages, the dateline in front of the lead), tagged with
// the shipped gazetteers and scored twice, micro-averaged over stories:
//   mention: every country tagged anywhere in the title or the passages;
//   focus:   common/focus.h focus_countries (what the indexer stores under XCF:).
// Exit status: 0 after a report, 77 when the Reuters directory is absent, 2 on errors.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <cxxopts.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "bench/reuters.h"
#include "bench/tool_main.h"
#include "common/entity_matcher.h"
#include "common/focus.h"
#include "common/gazetteer.h"
#include "common/normalise.h"
#include "common/passage.h"

namespace {

using dossier::EntityMention;
using dossier::bench::ReutersStory;

// Reuters PLACES codes whose name (dashes as spaces) is not a gazetteer name of the right country.
// Checked first, so they also settle codes that would resolve to a different country.
const std::map<std::string, std::string> kExplicitCodes = {
    {"congo", "CG"},               // Reuters' 'congo' is Congo-Brazzaville; Zaire has its own code
    {"yemen-arab-republic", "YE"},  // North Yemen, merged into Yemen in 1990
    {"yemen-demo-republic", "YE"},  // South Yemen, likewise
    {"trinidad-tobago", "TT"},
    {"antigua", "AG"},
    {"western-samoa", "WS"},
    {"vatican", "VA"},
    {"us-virgin-islands", "VI"},
    {"british-virgin-islands", "VG"},
    {"burma", "MM"},
    {"kampuchea", "KH"},
    {"zaire", "CD"},
    {"ussr", "RU"},          // as the gazetteer files the Soviet Union (historical: USSR -> RU)
    {"yugoslavia", "RS"},    // likewise (historical: Yugoslavia -> RS)
    {"czechoslovakia", "CZ"},
    {"east-germany", "DE"},
    {"west-germany", "DE"},
};

struct Counts {
  std::size_t tp = 0, fp = 0, fn = 0;
  double precision() const { return tp + fp == 0 ? 0.0 : double(tp) / double(tp + fp); }
  double recall() const { return tp + fn == 0 ? 0.0 : double(tp) / double(tp + fn); }
  double f1() const {
    const double p = precision(), r = recall();
    return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
  }
};

struct Miss {
  std::size_t count = 0;
  std::vector<std::string> examples;                 // story ids (first few)
  std::map<std::string, std::size_t> mentions;        // FP: "text (rule)" -> stories
  std::map<std::string, std::size_t> classes;         // why: where it was named / not named
};

struct Level {
  std::string name;
  Counts counts;
  std::map<std::string, Miss> false_positives;  // by country id
  std::map<std::string, Miss> false_negatives;
  std::map<std::string, std::size_t> fp_classes, fn_classes;
};

struct TaggedStory {
  std::vector<EntityMention> title;
  std::vector<dossier::Passage> passages;
  std::size_t dateline_end = 0;
};

void add_example(Miss& miss, const std::string& id) {
  ++miss.count;
  if (miss.examples.size() < 3) miss.examples.push_back(id);
}

// Where a country stands in a story: the first of title, dateline, lead, body; with how often.
std::string where_named(const TaggedStory& story, const std::string& country) {
  std::size_t count = 0;
  bool title = false, dateline = false, lead = false;
  for (const auto& m : story.title) {
    if (m.facet == "country" && m.id == country) title = true;
  }
  for (const auto& p : story.passages) {
    for (const auto& m : p.entities) {
      if (m.facet != "country" || m.id != country) continue;
      ++count;
      if (p.index == 0) {
        lead = true;
        if (m.end <= story.dateline_end) dateline = true;
      }
    }
  }
  if (title) return "title";
  if (dateline) return "dateline";
  if (count >= 2) return "body, 2+ times";
  if (lead) return "lead, once";
  if (count == 1) return "body, once";
  return "not named";
}

std::vector<std::pair<std::string, const Miss*>> worst(const std::map<std::string, Miss>& misses, std::size_t n) {
  std::vector<std::pair<std::string, const Miss*>> out;
  for (const auto& [id, miss] : misses) out.emplace_back(id, &miss);
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second->count > b.second->count; });
  if (out.size() > n) out.resize(n);
  return out;
}

std::vector<std::pair<std::string, std::size_t>> top(const std::map<std::string, std::size_t>& counts, std::size_t n) {
  std::vector<std::pair<std::string, std::size_t>> out(counts.begin(), counts.end());
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  if (out.size() > n) out.resize(n);
  return out;
}

std::string join_top(const std::map<std::string, std::size_t>& counts, std::size_t n) {
  std::string out;
  for (const auto& [text, count] : top(counts, n)) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{} x{}", text, count);
  }
  return out;
}

std::string join(const std::vector<std::string>& items, const std::string& sep = " ") {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : sep) + item;
  return out;
}

nlohmann::json level_json(const Level& level, std::size_t worst_n) {
  nlohmann::json misses_fp = nlohmann::json::array(), misses_fn = nlohmann::json::array();
  for (const auto& [id, miss] : worst(level.false_positives, worst_n)) {
    nlohmann::json mentions = nlohmann::json::array();
    for (const auto& [text, count] : top(miss->mentions, 5)) mentions.push_back({{"mention", text}, {"stories", count}});
    misses_fp.push_back({{"country", id}, {"count", miss->count}, {"examples", miss->examples}, {"mentions", mentions},
                         {"where", miss->classes}});
  }
  for (const auto& [id, miss] : worst(level.false_negatives, worst_n)) {
    misses_fn.push_back({{"country", id}, {"count", miss->count}, {"examples", miss->examples}, {"where", miss->classes}});
  }
  return {{"tp", level.counts.tp},
          {"fp", level.counts.fp},
          {"fn", level.counts.fn},
          {"precision", level.counts.precision()},
          {"recall", level.counts.recall()},
          {"f1", level.counts.f1()},
          {"false_positives_by_where", level.fp_classes},
          {"false_negatives_by_where", level.fn_classes},
          {"worst_false_positives", misses_fp},
          {"worst_false_negatives", misses_fn}};
}

void print_level(const Level& level, std::size_t worst_n) {
  fmt::print("\n{} level: worst false positives (country, stories, examples, what matched)\n", level.name);
  for (const auto& [id, miss] : worst(level.false_positives, worst_n)) {
    fmt::print("  {:<3} {:>5}  {:<20} {}\n", id, miss->count, join(miss->examples), join_top(miss->mentions, 3));
  }
  fmt::print("{} level: false positives by where the country was named: {}\n", level.name, join_top(level.fp_classes, 9));
  fmt::print("\n{} level: worst false negatives (country, stories, examples, where named)\n", level.name);
  for (const auto& [id, miss] : worst(level.false_negatives, worst_n)) {
    fmt::print("  {:<3} {:>5}  {:<20} {}\n", id, miss->count, join(miss->examples), join_top(miss->classes, 4));
  }
  fmt::print("{} level: false negatives by where the country was named: {}\n", level.name, join_top(level.fn_classes, 9));
}

int run(int argc, char** argv) {
  cxxopts::Options options("dossier-eval-countries",
                           "Compare the country facet and the focus flag with Reuters-21578 PLACES labels");
  options.add_options()
      ("reuters", "Reuters-21578 directory (with sgm-data/)",
       cxxopts::value<std::string>()->default_value(std::string(DOSSIER_SHARED_DIR) + "/data/reuters21578"))
      ("gazetteers", "gazetteer directory", cxxopts::value<std::string>()->default_value(DOSSIER_DEFAULT_GAZETTEER_DIR))
      ("worst", "false positives / negatives listed per level", cxxopts::value<std::size_t>()->default_value("15"))
      ("json", "also write the figures as JSON to FILE", cxxopts::value<std::string>())
      ("stories", "write one JSON line per evaluated story to FILE (gold, mention, focus, matches)",
       cxxopts::value<std::string>())
      ("h,help", "print this help");
  const auto args = options.parse(argc, argv);
  if (args.count("help")) {
    std::cout << options.help() << '\n';
    return 0;
  }
  const std::string reuters_dir = args["reuters"].as<std::string>();
  const std::size_t worst_n = args["worst"].as<std::size_t>();
  if (dossier::bench::report_if_reuters_absent(reuters_dir)) return 77;  // "skipped"

  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<ReutersStory> stories = dossier::bench::read_reuters_dir(reuters_dir);
  dossier::Normaliser normaliser;
  const dossier::Gazetteer gazetteer = dossier::load_gazetteer_dir(args["gazetteers"].as<std::string>());
  const dossier::EntityMatcher matcher(gazetteer, normaliser);

  // PLACES code -> ISO id: explicit table, else a gazetteer name of a country.
  std::map<std::string, std::string> by_name;
  for (const auto& file : gazetteer.files) {
    if (file.facet != dossier::schema::Facet::Country) continue;
    for (const auto& entry : file.entries) {
      by_name.emplace(normaliser.fold_phrase(entry.name), entry.id);
      for (const auto& name : entry.names) {
        if (name.rule == "alias" || name.rule == "historical") by_name.emplace(normaliser.fold_phrase(name.text), entry.id);
      }
    }
  }
  std::map<std::string, std::string> code_to_id;
  const auto map_code = [&](const std::string& code) -> std::string {
    if (auto it = code_to_id.find(code); it != code_to_id.end()) return it->second;
    std::string id;
    if (auto it = kExplicitCodes.find(code); it != kExplicitCodes.end()) {
      id = it->second;
    } else {
      std::string spaced = code;
      std::replace(spaced.begin(), spaced.end(), '-', ' ');
      if (auto found = by_name.find(normaliser.fold_phrase(spaced)); found != by_name.end()) id = found->second;
    }
    if (!id.empty() && gazetteer.find(dossier::schema::Facet::Country, id) == nullptr) id.clear();
    code_to_id[code] = id;
    return id;
  };

  // Every code of the collection's list, to report the ones no country stands for.
  std::vector<std::string> list_unmapped;
  {
    std::ifstream list(std::filesystem::path(reuters_dir) / "other-data" / "all-places-strings.lc.txt");
    std::string code;
    while (list >> code) {
      if (map_code(code).empty()) list_unmapped.push_back(code);
    }
  }

  std::size_t evaluated = 0, no_places = 0, no_body = 0, labels = 0, labels_removed = 0, text_bytes = 0;
  std::map<std::string, std::size_t> unmapped;
  Level mention_level, focus_level;
  mention_level.name = "mention";
  focus_level.name = "focus";
  std::unique_ptr<std::ofstream> story_out;
  if (args.count("stories")) story_out = std::make_unique<std::ofstream>(args["stories"].as<std::string>());

  for (const ReutersStory& story : stories) {
    if (story.places.empty()) {
      ++no_places;
      continue;
    }
    if (story.body.empty()) {
      ++no_body;
      continue;
    }
    ++evaluated;
    std::set<std::string> gold;
    for (const auto& code : story.places) {
      ++labels;
      const std::string id = map_code(code);
      if (id.empty()) {
        ++labels_removed;
        ++unmapped[code];
      } else {
        gold.insert(id);
      }
    }

    TaggedStory tagged;
    tagged.title = matcher.match(story.title, normaliser.tokenize(story.title));
    tagged.passages = dossier::make_passages(dossier::bench::body_paragraphs(story.body, story.dateline));
    text_bytes += story.title.size();
    for (auto& passage : tagged.passages) {
      passage.entities = matcher.match(passage.text, normaliser.tokenize(passage.text));
      text_bytes += passage.text.size();
    }
    if (!tagged.passages.empty()) tagged.dateline_end = dossier::find_dateline_end(tagged.passages.front().text);
    dossier::FocusInput input;
    input.title = tagged.title;
    input.passages = &tagged.passages;
    input.dateline_end = tagged.dateline_end;
    const auto focus_ids = dossier::focus_countries(input);
    const std::set<std::string> focus(focus_ids.begin(), focus_ids.end());

    std::set<std::string> mentioned;
    std::map<std::string, std::set<std::string>> texts;  // country -> "text (rule)"
    const auto collect = [&](const std::vector<EntityMention>& mentions) {
      for (const auto& m : mentions) {
        if (m.facet != "country") continue;
        mentioned.insert(m.id);
        texts[m.id].insert(m.mention + " (" + m.rule + ")");
      }
    };
    collect(tagged.title);
    for (const auto& p : tagged.passages) collect(p.entities);

    for (Level* level : {&mention_level, &focus_level}) {
      const std::set<std::string>& predicted = level == &mention_level ? mentioned : focus;
      for (const auto& id : predicted) {
        if (gold.count(id) != 0) {
          ++level->counts.tp;
          continue;
        }
        ++level->counts.fp;
        Miss& miss = level->false_positives[id];
        add_example(miss, story.id);
        for (const auto& text : texts[id]) ++miss.mentions[text];
        const std::string where = where_named(tagged, id);
        ++miss.classes[where];
        ++level->fp_classes[where];
      }
      for (const auto& id : gold) {
        if (predicted.count(id) != 0) continue;
        ++level->counts.fn;
        Miss& miss = level->false_negatives[id];
        add_example(miss, story.id);
        const std::string where = where_named(tagged, id);
        ++miss.classes[where];
        ++level->fn_classes[where];
      }
    }

    if (story_out) {
      nlohmann::json matches = nlohmann::json::array();
      const auto dump = [&](const std::vector<EntityMention>& mentions, int passage) {
        for (const auto& m : mentions) {
          if (m.facet == "country") matches.push_back({m.id, m.mention, m.rule, passage, m.begin, m.end});
        }
      };
      dump(tagged.title, -1);
      for (const auto& p : tagged.passages) dump(p.entities, static_cast<int>(p.index));
      *story_out << nlohmann::json{{"id", story.id},
                                   {"places", story.places},
                                   {"gold", gold},
                                   {"mention", mentioned},
                                   {"focus", focus},
                                   {"title", story.title},
                                   {"dateline", story.dateline},
                                   {"lead", tagged.passages.empty() ? "" : tagged.passages.front().text.substr(0, 300)},
                                   {"dateline_end", tagged.dateline_end},
                                   {"passages", tagged.passages.size()},
                                   {"matches", matches}}
                        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                 << '\n';
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  fmt::print("Reuters-21578 country facets vs PLACES ({})\n", reuters_dir);
  fmt::print("stories: {} read, {} evaluated ({} without PLACES, {} with PLACES but no body)\n", stories.size(),
             evaluated, no_places, no_body);
  fmt::print("PLACES labels: {}, {} removed as mapping to no country:", labels, labels_removed);
  for (const auto& [code, count] : unmapped) fmt::print(" {} ({})", code, count);
  if (unmapped.empty()) fmt::print(" none");
  fmt::print("\ncodes of other-data/all-places-strings.lc.txt that map to no country: {}",
             list_unmapped.empty() ? std::string("none") : join(list_unmapped));
  fmt::print("\n\n{:<8} {:>7} {:>7} {:>7} {:>10} {:>8} {:>7}\n", "level", "TP", "FP", "FN", "precision", "recall", "F1");
  for (const Level* level : {&mention_level, &focus_level}) {
    fmt::print("{:<8} {:>7} {:>7} {:>7} {:>10.3f} {:>8.3f} {:>7.3f}\n", level->name, level->counts.tp,
               level->counts.fp, level->counts.fn, level->counts.precision(), level->counts.recall(),
               level->counts.f1());
  }
  print_level(mention_level, worst_n);
  print_level(focus_level, worst_n);
  fmt::print("\n{:.1f} MB of text tagged; {:.2f} s in all (reading, loading, tagging, scoring)\n", text_bytes / 1e6,
             seconds);

  if (args.count("json")) {
    nlohmann::json unmapped_json = nlohmann::json::object();
    for (const auto& [code, count] : unmapped) unmapped_json[code] = count;
    const nlohmann::json report = {{"reuters", reuters_dir},
                                   {"stories_read", stories.size()},
                                   {"stories_evaluated", evaluated},
                                   {"stories_without_places", no_places},
                                   {"stories_without_body", no_body},
                                   {"labels", labels},
                                   {"labels_removed", labels_removed},
                                   {"unmapped_codes", unmapped_json},
                                   {"unmapped_list_codes", list_unmapped},
                                   {"code_map", code_to_id},
                                   {"mention", level_json(mention_level, worst_n)},
                                   {"focus", level_json(focus_level, worst_n)},
                                   {"text_bytes", text_bytes},
                                   {"seconds", seconds}};
    std::ofstream out(args["json"].as<std::string>());
    out << report.dump(2) << '\n';
    if (!out) throw std::runtime_error(args["json"].as<std::string>() + ": cannot write");
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return dossier::bench::tool_main("dossier-eval-countries", run, argc, argv); }
