// dossier-bench-tagging: entity-tagging throughput on the Reuters-21578 text (a benchmark, not a
// test). Every story's title and body paragraphs (dateline in front of the lead) are tokenized
// and matched against the shipped gazetteers exactly as the indexer does per passage; the clock
// covers tokenize + match only (reading the SGML happens once, before). Reports the gazetteer
// load time, then MB/s of UTF-8 text and tokens/s as the median of --runs runs; then the whole
// tagging path of the indexer per article (passages with their inline attributions, gazetteer
// mentions, discovered entities, speakers, focus: make_passages + Tagger::tag), the same way.
// Exit status: 0, 77 when the Reuters directory is absent, 2 on errors.
#include <algorithm>
#include <chrono>
#include <exception>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <cxxopts.hpp>
#include <fmt/core.h>

#include "bench/reuters.h"
#include "bench/tool_main.h"
#include "common/entity_matcher.h"
#include "common/gazetteer.h"
#include "common/normalise.h"
#include "common/passage.h"
#include "indexer/speakers.h"
#include "indexer/tagging.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

int run(int argc, char** argv) {
  cxxopts::Options options("dossier-bench-tagging", "Tagging throughput (tokenize + match) on Reuters-21578");
  options.add_options()
      ("reuters", "Reuters-21578 directory (with sgm-data/)",
       cxxopts::value<std::string>()->default_value(std::string(DOSSIER_SHARED_DIR) + "/data/reuters21578"))
      ("gazetteers", "gazetteer directory", cxxopts::value<std::string>()->default_value(DOSSIER_DEFAULT_GAZETTEER_DIR))
      ("runs", "timed runs (the median is reported)", cxxopts::value<int>()->default_value("5"))
      ("h,help", "print this help");
  const auto args = options.parse(argc, argv);
  if (args.count("help")) {
    std::cout << options.help() << '\n';
    return 0;
  }
  const std::string reuters_dir = args["reuters"].as<std::string>();
  if (dossier::bench::report_if_reuters_absent(reuters_dir)) return 77;  // "skipped"
  const int runs = std::max(1, args["runs"].as<int>());

  // The text, as the indexer would see it: one string per title and per passage.
  std::vector<std::string> texts;
  std::size_t bytes = 0;
  std::size_t story_count = 0;
  struct Story {
    std::string title;
    std::vector<std::string> paragraphs;
  };
  std::vector<Story> stories;
  for (const auto& story : dossier::bench::read_reuters_dir(reuters_dir)) {
    if (story.title.empty() && story.body.empty()) continue;
    ++story_count;
    if (!story.title.empty()) texts.push_back(story.title);
    Story kept{story.title, dossier::bench::body_paragraphs(story.body, story.dateline)};
    for (const auto& paragraph : kept.paragraphs) texts.push_back(paragraph);
    stories.push_back(std::move(kept));
  }
  for (const auto& text : texts) bytes += text.size();

  dossier::Normaliser normaliser;
  auto start = Clock::now();
  const dossier::Gazetteer gazetteer = dossier::load_gazetteer_dir(args["gazetteers"].as<std::string>());
  const double parse_s = seconds_since(start);
  start = Clock::now();
  const dossier::EntityMatcher matcher(gazetteer, normaliser);
  const double build_s = seconds_since(start);

  fmt::print("Reuters-21578: {} stories, {} texts (titles and passages), {:.2f} MB of UTF-8 text\n", story_count,
             texts.size(), bytes / 1e6);
  fmt::print("gazetteers: {} entries; load {:.1f} ms (parse {:.1f} ms + matcher build {:.1f} ms)\n",
             gazetteer.entry_count(), (parse_s + build_s) * 1e3, parse_s * 1e3, build_s * 1e3);

  std::vector<double> mb_per_s, tokens_per_s;
  for (int r = 0; r < runs; ++r) {
    std::size_t tokens = 0, mentions = 0;
    start = Clock::now();
    for (const auto& text : texts) {
      const auto toks = normaliser.tokenize(text);
      tokens += toks.size();
      mentions += matcher.match(text, toks).size();
    }
    const double s = seconds_since(start);
    mb_per_s.push_back(bytes / 1e6 / s);
    tokens_per_s.push_back(tokens / s);
    fmt::print("run {}: {:.3f} s, {:.2f} MB/s, {:.0f} tokens/s, {} tokens, {} mentions\n", r + 1, s, bytes / 1e6 / s,
               tokens / s, tokens, mentions);
  }
  fmt::print("median of {} runs: {:.2f} MB/s, {:.2f} M tokens/s (tokenize + match)\n", runs, median(mb_per_s),
             median(tokens_per_s) / 1e6);
  // Where the time goes: the same texts tokenized only.
  std::vector<double> tokenize_s;
  for (int r = 0; r < runs; ++r) {
    std::size_t tokens = 0;
    start = Clock::now();
    for (const auto& text : texts) tokens += normaliser.tokenize(text).size();
    tokenize_s.push_back(seconds_since(start));
    if (tokens == 0) fmt::print("(no tokens)\n");
  }
  fmt::print("tokenize alone: {:.2f} MB/s (median of {} runs)\n", bytes / 1e6 / median(tokenize_s), runs);

  // The indexer's whole tagging path, article by article.
  dossier::Tagger tagger(gazetteer, matcher);
  std::vector<double> article_s;
  std::size_t attributions = 0, speakers = 0;
  for (int r = 0; r < runs; ++r) {
    attributions = speakers = 0;
    start = Clock::now();
    for (const Story& story : stories) {
      dossier::Article article;
      article.meta.title = story.title;
      article.passages = dossier::make_passages(story.paragraphs);
      tagger.tag(article);
      for (const dossier::Passage& passage : article.passages) {
        attributions += passage.attribution.empty() ? 0 : 1;
        speakers += passage.attribution.speaker.empty() ? 0 : 1;
      }
    }
    article_s.push_back(seconds_since(start));
    tagger.take_discovered();
    tagger.take_used();
  }
  fmt::print("whole tagging path (passages, attributions, mentions, discovered entities, speakers, focus): {:.2f} MB/s "
             "(median of {} runs; {} attributions, {} with a speaker)\n",
             bytes / 1e6 / median(article_s), runs, attributions, speakers);

  // Its two attribution steps alone: splitting into passages with their inline attributions, and
  // resolving speakers on articles already tagged.
  std::vector<dossier::Article> tagged;
  for (const Story& story : stories) {
    dossier::Article article;
    article.meta.title = story.title;
    article.passages = dossier::make_passages(story.paragraphs);
    tagger.tag(article);
    tagged.push_back(std::move(article));
  }
  const dossier::WordSet given = dossier::given_names(gazetteer);
  dossier::SpeakerContext context;
  context.given_names = &given;
  context.actor_type = [&](const dossier::EntityMention& mention) {
    const dossier::GazetteerEntry* entry = gazetteer.find(dossier::schema::Facet::Actor, mention.id);
    return entry != nullptr ? entry->type : std::string();
  };
  std::vector<double> passages_s, speakers_s;
  for (int r = 0; r < runs; ++r) {
    std::size_t passages = 0;
    start = Clock::now();
    for (const Story& story : stories) passages += dossier::make_passages(story.paragraphs).size();
    passages_s.push_back(seconds_since(start));
    start = Clock::now();
    for (dossier::Article& article : tagged) dossier::resolve_speakers(article, context);
    speakers_s.push_back(seconds_since(start));
    if (passages == 0) fmt::print("(no passages)\n");
  }
  fmt::print("passages with inline attributions alone: {:.2f} MB/s; speaker resolution alone: {:.2f} MB/s "
             "(median of {} runs)\n",
             bytes / 1e6 / median(passages_s), bytes / 1e6 / median(speakers_s), runs);
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return dossier::bench::tool_main("dossier-bench-tagging", run, argc, argv); }
