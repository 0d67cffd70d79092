// dossier-watch's output: each watch's news (text grouped by watch, one JSON object, or JSON
// lines with one hit per line) and the list of watches. The hits are dossier-search's (text:
// render_hit_text; JSON: hit_json), so a script reads them the same way.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "searcher/render.h"
#include "searcher/watch.h"

namespace dossier {

// marked: the news was marked seen (false with --peek).
void render_watch_news_text(const std::vector<WatchNewsReport>& news, bool marked, const TextStyle& style, std::ostream& out);
// {"run", "peek", "watches": [{"name", "query", "filters", "new_articles", "from_run", "to_run",
// "hits": [...]}]} on one line.
std::string render_watch_news_json(const std::vector<WatchNewsReport>& news, bool marked);
// Per watch: a line per hit (a --json hit plus "type": "hit" and "watch"), then a line with the
// watch's summary ("type": "watch", the fields of --json's watch without "hits").
std::string render_watch_news_jsonl(const std::vector<WatchNewsReport>& news, bool marked);

// list: every watch with its definition, when it was read and its count of new articles now.
void render_watch_list_text(const std::vector<WatchNewsReport>& watches, std::uint64_t run, const TextStyle& style, std::ostream& out);
std::string render_watch_list_json(const std::vector<WatchNewsReport>& watches, std::uint64_t run);

}  // namespace dossier
