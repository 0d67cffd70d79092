// dossier-search -i: a session that keeps a query, filters and a page, and takes one command
// line at a time. It writes to a stream and reads no input itself, so tests drive it directly;
// main() feeds it lines from libedit (line editing, history, Tab: searcher/completion.h) or from
// a pipe, and shows what it wrote, through a pager when it is long (searcher/pager.h). A search
// stopped by Ctrl-C (searcher/deadline.h's interrupt flag) is reported and the session goes on.
#pragma once

#include <ostream>
#include <string>

#include "searcher/cli.h"
#include "searcher/render.h"
#include "searcher/index_reader.h"
#include "searcher/search.h"

namespace dossier {

class InteractiveSession {
 public:
  InteractiveSession(IndexReader& index, SearchRequest start, TextStyle style, std::ostream& out,
                     SearcherOptions options = {});

  // Handles one line; false when the session should end (:quit).
  bool handle(const std::string& line);

  const SearchRequest& request() const { return request_; }
  // The terminal's width now (a resize between two lines): what the next output wraps at.
  void set_width(std::size_t width) { style_.width = width; }
  std::size_t width() const { return style_.width; }
  static const char* help_text();

 private:
  void search();
  void show_values(const std::string& argument);  // :values FACET[:PREFIX]
  void show_timeline(const std::string& argument);  // :timeline UNIT [FACET]
  void show_filters();
  void open_article(const std::string& argument);
  void set_filter(const std::string& facet, const std::string& value);
  void drop_filter(const std::string& argument);
  void pick(const std::string& argument);  // :pick N [N ...]: facet values by their number

  IndexReader& index_;
  Searcher searcher_;
  SearchRequest request_;
  TextStyle style_;
  std::ostream& out_;
  SearchResult last_;
};

}  // namespace dossier
