#include "searcher/render_watch.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "common/terminal.h"
#include "searcher/render_json.h"
#include "searcher/render_style.h"

namespace dossier {

namespace {

using nlohmann::json;
using style::kBold;
using style::kDim;
using style::paint;

std::string plural(std::size_t count, const char* word, const char* plural_ending = "s") {
  return fmt::format("{} {}{}", count, word, count == 1 ? "" : plural_ending);
}

// "drone strike · country Serbia [RS] · since 2024": the query, then its filters as resolved by
// the search (names from the entity table), in the order given.
std::string definition(const WatchNewsReport& report) {
  std::string text = report.watch.query.empty() ? std::string("(no words)") : "\"" + report.watch.query + "\"";
  if (report.watch.filters.match_all_words) text += " (all words)";
  text = sanitise_for_terminal(text);
  for (const std::string& item : filter_items(report.result)) text += " · " + item;
  return text;
}

json watch_json(const WatchNewsReport& report) {
  json entry{{"name", report.watch.name},
             {"query", report.watch.query},
             {"filters", watch_filters_json(report.watch.filters)},
             {"new_articles", report.result.total},
             {"from_run", report.from_run},
             {"to_run", report.to_run}};
  if (!report.error.empty()) entry["error"] = report.error;
  return entry;
}

std::string runs_text(const WatchNewsReport& report) {
  return report.to_run == report.from_run + 1 ? fmt::format("run {}", report.to_run)
                                              : fmt::format("runs {} to {}", report.from_run + 1, report.to_run);
}

}  // namespace

void render_watch_news_text(const std::vector<WatchNewsReport>& news, bool marked, const TextStyle& style, std::ostream& out) {
  for (std::size_t i = 0; i < news.size(); ++i) {
    const WatchNewsReport& report = news[i];
    if (i > 0) out << '\n';
    const std::string name = paint("Watch " + sanitise_for_terminal(report.watch.name), kBold, style.colour);
    if (!report.error.empty()) {
      out << wrap_words(name + ": not checked: " + sanitise_for_terminal(report.error), style.width, "  ", "") << '\n';
      continue;
    }
    const std::string count = report.result.total == 0
                                  ? (report.to_run > report.from_run ? "nothing new in " + runs_text(report)
                                                                     : fmt::format("nothing new since run {}", report.from_run))
                                  : plural(report.result.total, "new article") + " from " + runs_text(report);
    out << wrap_words(name + ": " + count, style.width, "  ", "") << '\n';
    out << paint(wrap_words(definition(report), style.width, "  ", "  "), kDim, style.colour) << '\n';
    for (const Hit& hit : report.result.hits) {
      out << '\n';  // a blank line before each hit, none after the last
      render_hit_text(hit, style, out);
    }
    if (report.result.hits.size() < report.result.total) {
      out << '\n'
          << wrap_words(fmt::format("Showing {} of {}; --limit N shows more", report.result.hits.size(), report.result.total),
                        style.width, "  ", "  ")
          << '\n';
    }
  }
  bool any = false;
  for (const WatchNewsReport& report : news) any = any || report.result.total > 0;
  if (any) {
    out << '\n'
        << paint(marked ? "Marked seen: the next 'new' shows what later runs write."
                        : "Not marked seen (--peek): 'new' without --peek shows these again.",
                 kDim, style.colour)
        << '\n';
  }
}

std::string render_watch_news_json(const std::vector<WatchNewsReport>& news, bool marked) {
  json watches = json::array();
  for (const WatchNewsReport& report : news) {
    json entry = watch_json(report);
    json hits = json::array();
    for (const Hit& hit : report.result.hits) hits.push_back(hit_json(hit, report.request.collect_matched_terms));
    entry["hits"] = std::move(hits);
    watches.push_back(std::move(entry));
  }
  json document{{"run", news.empty() ? 0 : news.front().to_run}, {"peek", !marked}, {"watches", std::move(watches)}};
  return dump_for_terminal(document);
}

std::string render_watch_news_jsonl(const std::vector<WatchNewsReport>& news, bool marked) {
  std::string out;
  for (const WatchNewsReport& report : news) {
    for (const Hit& hit : report.result.hits) {
      json line = hit_json(hit, report.request.collect_matched_terms);
      line["type"] = "hit";
      line["watch"] = report.watch.name;
      out += dump_for_terminal(line) + '\n';
    }
    json summary = watch_json(report);
    summary["type"] = "watch";
    summary["peek"] = !marked;
    out += dump_for_terminal(summary) + '\n';
  }
  return out;
}

void render_watch_list_text(const std::vector<WatchNewsReport>& watches, std::uint64_t run, const TextStyle& style, std::ostream& out) {
  out << paint(fmt::format("{} · the database's last run: {}", plural(watches.size(), "watch", "es"), run), kBold, style.colour) << '\n';
  for (const WatchNewsReport& report : watches) {
    const Watch& watch = report.watch;
    const std::string seen = watch.seen_at.empty() ? fmt::format("never read (added {}, run {})", watch.created, watch.seen_run)
                                                   : fmt::format("read {} (run {})", watch.seen_at, watch.seen_run);
    const std::string news = !report.error.empty()      ? "not checked: " + sanitise_for_terminal(report.error)
                             : report.result.total > 0 ? plural(report.result.total, "new article")
                                                       : "nothing new";
    out << '\n'
        << wrap_words(paint(sanitise_for_terminal(watch.name), kBold, style.colour) + ": " + news + " · " + sanitise_for_terminal(seen),
                      style.width, "    ", "")
        << '\n';
    out << paint(wrap_words(definition(report), style.width, "    ", "    "), kDim, style.colour) << '\n';
  }
}

std::string render_watch_list_json(const std::vector<WatchNewsReport>& watches, std::uint64_t run) {
  json list = json::array();
  for (const WatchNewsReport& report : watches) {
    json entry = watch_json(report);
    entry["created"] = report.watch.created;
    entry["seen_run"] = report.watch.seen_run;
    entry["seen_at"] = report.watch.seen_at.empty() ? json(nullptr) : json(report.watch.seen_at);
    list.push_back(std::move(entry));
  }
  return dump_for_terminal(json{{"run", run}, {"watches", std::move(list)}});
}

}  // namespace dossier
