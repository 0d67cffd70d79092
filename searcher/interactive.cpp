#include "searcher/interactive.h"

#include <xapian.h>

#include <algorithm>
#include <sstream>

#include "common/error.h"
#include "common/passage.h"
#include "common/terminal.h"
#include "searcher/deadline.h"
#include "searcher/render.h"
#include "searcher/request_options.h"
#include "searcher/timeline.h"
#include "searcher/values.h"

namespace dossier {

namespace {

std::vector<std::string>* facet_list(SearchRequest& request, const std::string& facet) {
  if (facet == "country") return &request.countries;
  if (facet == "focus") return &request.focus_countries;
  if (facet == "actor") return &request.actors;
  if (facet == "weapon") return &request.weapons;
  if (facet == "speaker") return &request.speakers;
  return nullptr;
}

std::string join(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& value : values) out += (out.empty() ? "" : " | ") + value;
  return out;
}

}  // namespace

// Every line fits 80 columns (tested).
const char* InteractiveSession::help_text() {
  return "Type words to search (the query language of dossier-search). Commands:\n"
         "  :country X  :actor X  :weapon X  :focus X  add a filter (OR within a facet,\n"
         "  :speaker X                                 AND across facets)\n"
         "  :pick N [N ...]                            add facet value [N] (the numbers\n"
         "                                             under Facets) as a filter\n"
         "  :drop FACET [X]  :drop all                 remove filters\n"
         "  :since DATE  :until DATE                   date range (no DATE clears it)\n"
         "  :next  :prev  :page N                      page through the results\n"
         "  :open N                                    the whole article of hit N\n"
         "  :by article|passage                        one hit per article or per passage\n"
         "  :sort relevance|date|-date  :limit N       order and page size\n"
         "  :exact on|off                              count every match (off: estimate\n"
         "                                             very common queries)\n"
         "  :values FACET[:PREFIX]                     a facet's ids, names and counts\n"
         "  :timeline UNIT [FACET]                     articles per year|month|week|day\n"
         "  :copies on|off                             copies shown once (off: all)\n"
         "  :filters   :help   :quit (or Ctrl-D)\n"
         "Keys:\n"
         "  Tab      completes commands, fields (country:) and ids (:actor na, actor:na)\n"
         "  Up/Down  earlier lines, kept across sessions in\n"
         "           $XDG_STATE_HOME/dossier/history (~/.local/state/dossier/history)\n"
         "  Ctrl-C   clears the line, or stops a running search; the session goes on\n"
         "Output longer than the screen goes through $PAGER (default less -R; q ends it).\n";
}

InteractiveSession::InteractiveSession(IndexReader& index, SearchRequest start, TextStyle style, std::ostream& out,
                                       SearcherOptions options)
    : index_(index), searcher_(index, options), request_(std::move(start)), style_(style), out_(out) {
  style_.interactive = true;
}

bool InteractiveSession::handle(const std::string& raw) {
  const std::string line(trim(raw));
  if (line.empty()) return true;
  // A command that fails leaves the session as it was, so one bad filter does not break every
  // search after it.
  const SearchRequest before = request_;
  try {
    if (line.front() != ':') {
      request_.query = line;
      request_.offset = 0;
      search();
      return true;
    }
    std::istringstream words(line.substr(1));
    std::string command;
    words >> command;
    std::string argument;
    std::getline(words, argument);
    argument = std::string(trim(argument));
    if (command == "q" || command == "quit" || command == "exit") return false;
    if (command == "help" || command == "h") {
      out_ << help_text();
    } else if (command == "filters") {
      show_filters();
    } else if (facet_list(request_, command) != nullptr) {
      set_filter(command, argument);
    } else if (command == "drop") {
      drop_filter(argument);
    } else if (command == "since" || command == "until") {
      (command == "since" ? request_.since : request_.until) = argument;
      request_.offset = 0;
      search();
    } else if (command == "next") {
      if (!last_.more) {
        out_ << "(no next page: this is the last one)\n";
      } else {
        request_.offset += request_.limit;
        search();
      }
    } else if (command == "prev") {
      if (request_.offset == 0) {
        out_ << "(no previous page: this is the first one)\n";
      } else {
        request_.offset = request_.offset >= request_.limit ? request_.offset - request_.limit : 0;
        search();
      }
    } else if (command == "pick") {
      pick(argument);
    } else if (command == "page") {
      const std::size_t page = std::stoul(argument);
      const std::size_t skipped_pages = page > 0 ? page - 1 : 0;
      // Checked before multiplying: a huge page number would wrap around to an early page.
      request_.offset = check_offset(skipped_pages > kMaxOffset / request_.limit ? kMaxOffset + 1 : skipped_pages * request_.limit, ":page");
      search();
    } else if (command == "open") {
      open_article(argument);
    } else if (command == "values") {
      show_values(argument);
    } else if (command == "timeline") {
      show_timeline(argument);
    } else if (command == "by") {
      request_.by_passage = parse_by_passage(argument, ":by");
      request_.offset = 0;
      search();
    } else if (command == "sort") {
      request_.sort = parse_sort_order(argument, ":sort");
      search();
    } else if (command == "exact") {
      request_.count_policy.exact = parse_on_off(argument, ":exact");
      search();
    } else if (command == "copies") {
      request_.collapse_copies = parse_on_off(argument, ":copies");
      request_.offset = 0;  // pages of groups and pages of articles do not line up
      search();
    } else if (command == "limit") {
      request_.limit = check_limit(std::stoul(argument), ":limit");
      search();
    } else {
      out_ << "unknown command ':" << sanitise_for_terminal(command) << "' (:help lists them)\n";
    }
  } catch (const SearchInterrupted&) {
    // Ctrl-C: the command did not happen. The flag is cleared here, where the interrupt ends.
    request_ = before;
    interrupt_flag().store(false);
    out_ << "(search interrupted)\n";
  } catch (const QueryError& e) {
    request_ = before;
    out_ << describe_query_error(e) << '\n';
  } catch (const Error& e) {
    request_ = before;
    out_ << "error: " << sanitise_for_terminal(e.what()) << '\n';
  } catch (const std::logic_error&) {
    request_ = before;
    out_ << "that command needs a number (:help lists the commands)\n";
  }
  return true;
}

void InteractiveSession::search() {
  // The indexer may have committed since the last search: always read the newest revision.
  try {
    if (index_.reopen()) out_ << "(database updated)\n";
  } catch (const Xapian::DatabaseModifiedError&) {
    // mid-commit: the search below retries until it reads a whole revision
  } catch (const Xapian::NetworkError&) {
    // a remote part went away (or closed an idle connection): the search below recovers
  }
  last_ = searcher_.search(request_);
  render_text(last_, request_, style_, out_);
}

void InteractiveSession::show_values(const std::string& argument) {
  const ValuesRequest values = parse_values_request(argument);
  SearchRequest request = request_;
  request.limit = 0;
  request.facet_top = 0;
  const SearchResult result = searcher_.search(request);
  Normaliser normaliser;
  render_values_text(result, values, facet_values(result, values, normaliser), style_, out_);
}

void InteractiveSession::show_timeline(const std::string& argument) {
  std::istringstream words(argument);
  std::string unit, facet, extra;
  words >> unit >> facet >> extra;
  if (unit.empty() || !extra.empty()) throw UsageError(":timeline takes a unit (year, month, week or day) and optionally a facet");
  SearchRequest request = request_;
  request.timeline = parse_timeline_request(unit, facet, ":timeline");
  request.limit = 0;  // the timeline alone, for the current query and filters
  const SearchResult result = searcher_.search(request);
  if (result.timeline) render_timeline_text(*result.timeline, style_, out_);
}

void InteractiveSession::show_filters() {
  out_ << "query:   " << sanitise_for_terminal(request_.query.empty() ? "(none)" : request_.query) << '\n';
  for (const char* facet : {"country", "focus", "actor", "weapon", "speaker"}) {
    const auto* values = facet_list(request_, facet);
    if (!values->empty()) out_ << facet << ": " << std::string(8 - std::string(facet).size(), ' ')
                               << sanitise_for_terminal(join(*values)) << '\n';
  }
  if (!request_.since.empty()) out_ << "since:   " << sanitise_for_terminal(request_.since) << '\n';
  if (!request_.until.empty()) out_ << "until:   " << sanitise_for_terminal(request_.until) << '\n';
  out_ << "page:    " << request_.offset / request_.limit + 1 << " (" << request_.limit << " per page, by "
       << (request_.by_passage ? "passage" : "article") << ")\n";
  if (!request_.by_passage) out_ << "copies:  " << (request_.collapse_copies ? "collapsed (:copies off lists them)" : "listed") << '\n';
}

void InteractiveSession::set_filter(const std::string& facet, const std::string& value) {
  if (value.empty()) throw UsageError(":" + facet + " needs a value (an id or a name)");
  std::vector<std::string>* values = facet_list(request_, facet);
  if (std::find(values->begin(), values->end(), value) == values->end()) values->push_back(value);
  request_.offset = 0;
  search();
}

void InteractiveSession::pick(const std::string& argument) {
  const std::vector<ShownFacetValue> shown = shown_facet_values(last_);
  if (shown.empty()) throw UsageError(":pick takes the number of a facet value shown under Facets; search first");
  std::istringstream numbers(argument);
  std::vector<std::pair<std::string, const FacetValue*>> picked;
  std::string number;
  while (numbers >> number) {
    const std::size_t n = std::stoul(number);
    if (n < 1 || n > shown.size()) {
      throw UsageError(":pick takes the number of a facet value shown under Facets, 1 to " + std::to_string(shown.size()));
    }
    picked.emplace_back(shown[n - 1].facet, shown[n - 1].value);
  }
  if (picked.empty()) throw std::invalid_argument("no number");
  bool added = false;
  for (const auto& [facet, value] : picked) {
    // Ids, not names: an id is what the value was counted under, and never ambiguous.
    std::vector<std::string>* values = facet_list(request_, facet);
    if (value->selected || std::find(values->begin(), values->end(), value->id) != values->end()) {
      out_ << "(already a filter: " << sanitise_for_terminal(value->name) << ")\n";
      continue;
    }
    values->push_back(value->id);
    added = true;
  }
  if (!added) return;
  request_.offset = 0;
  search();
}

void InteractiveSession::drop_filter(const std::string& argument) {
  std::istringstream words(argument);
  std::string facet;
  words >> facet;
  std::string value;
  std::getline(words, value);
  value = std::string(trim(value));
  if (facet == "all") {
    request_.countries.clear(), request_.focus_countries.clear(), request_.actors.clear(), request_.weapons.clear();
    request_.speakers.clear();
    request_.since.clear(), request_.until.clear();
  } else if (std::vector<std::string>* values = facet_list(request_, facet)) {
    if (value.empty()) values->clear();
    else values->erase(std::remove(values->begin(), values->end(), value), values->end());
  } else {
    throw UsageError(":drop takes country, focus, actor, weapon, speaker or all");
  }
  request_.offset = 0;
  if (request_.query.empty() && request_.countries.empty() && request_.focus_countries.empty() &&
      request_.actors.empty() && request_.weapons.empty() && request_.speakers.empty() && request_.since.empty() &&
      request_.until.empty()) {
    out_ << "(no query and no filters)\n";
    return;
  }
  search();
}

void InteractiveSession::open_article(const std::string& argument) {
  const std::size_t rank = std::stoul(argument);
  const auto hit = std::find_if(last_.hits.begin(), last_.hits.end(), [&](const Hit& h) { return h.rank == rank; });
  if (hit == last_.hits.end()) throw UsageError(":open takes the number of a hit on this page");
  // As --show renders it: wrapped, the query's words and the filtered entities highlighted.
  const std::optional<ArticleView> view = show_article(index_, hit->record.article.id, request_);
  if (!view) throw UsageError("article " + sanitise_for_terminal(hit->record.article.id) + " is no longer in the database");
  render_article_text(*view, style_, out_);
}

}  // namespace dossier
