// The text of --timeline (searcher/timeline.h): a bar per period scaled to the terminal's width,
// or with --by-facet a sparkline per facet value (a column per period), all within style.width.
#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "common/terminal.h"
#include "searcher/render.h"
#include "searcher/render_style.h"
#include "searcher/timeline.h"

namespace dossier {

namespace {

using style::kBold;
using style::kDim;
using style::paint;

// Eighths of a column: the partial block after the full ones.
constexpr const char* kEighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
constexpr const char* kFull = "█";
// Sparkline levels, lowest first; a period without articles is a dot.
constexpr const char* kLevels[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
constexpr const char* kNone = "·";

// count's bar in `columns` columns, the largest count filling them all; at least an eighth for
// any count above 0. Padded with spaces to `columns`.
std::string bar(std::size_t count, std::size_t largest, std::size_t columns) {
  std::size_t eighths = largest == 0 ? 0 : (count * columns * 8 + largest / 2) / largest;
  if (count > 0 && eighths == 0) eighths = 1;
  std::string out;
  for (std::size_t i = 0; i < eighths / 8; ++i) out += kFull;
  out += kEighths[eighths % 8];
  const std::size_t used = eighths / 8 + (eighths % 8 != 0 ? 1 : 0);
  out.append(columns > used ? columns - used : 0, ' ');
  return out;
}

const char* level(std::size_t count, std::size_t largest) {
  if (count == 0 || largest == 0) return kNone;
  const std::size_t index = (count * 8 + largest - 1) / largest;  // 1..8
  return kLevels[std::min<std::size_t>(index, 8) - 1];
}

// text cut to `columns` display columns (an ellipsis marks a cut), then padded to them.
std::string fit(const std::string& text, std::size_t columns) {
  std::string out = text;
  if (display_width(out) > columns) {
    while (!out.empty() && display_width(out) + 1 > columns) {
      // Drop the last code point (continuation bytes first).
      std::size_t cut = out.size() - 1;
      while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
      out.erase(cut);
    }
    out += "…";
  }
  out.append(columns > display_width(out) ? columns - display_width(out) : 0, ' ');
  return out;
}

std::string plural(std::size_t n, std::string_view word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

void render_bars(const Timeline& timeline, const TextStyle& style, std::ostream& out) {
  std::size_t largest = 0, label = 0;
  for (const TimelinePeriod& period : timeline.periods) {
    largest = std::max(largest, period.articles);
    label = std::max(label, period.start.size());
  }
  const std::size_t digits = std::to_string(largest).size();
  // "  LABEL  BAR COUNT"
  const std::size_t fixed = 2 + label + 2 + 1 + digits;
  const std::size_t columns = style.width > fixed + 10 ? style.width - fixed : 10;
  for (const TimelinePeriod& period : timeline.periods) {
    out << "  " << fmt::format("{:<{}}", period.start, label) << "  " << bar(period.articles, largest, columns) << ' '
        << fmt::format("{:>{}}", period.articles, digits) << '\n';
  }
}

void render_sparklines(const Timeline& timeline, const TextStyle& style, std::ostream& out) {
  std::size_t largest = 0, total_digits = 1, name_width = 3;  // "all"
  for (const TimelinePeriod& period : timeline.periods) largest = std::max(largest, period.articles);
  total_digits = std::to_string(timeline.articles).size();
  std::vector<std::string> names;
  for (const TimelineRow& row : timeline.rows) {
    names.push_back(sanitise_for_terminal(row.value.name) + " [" + sanitise_for_terminal(row.value.id) + "]");
    name_width = std::max(name_width, display_width(names.back()));
  }
  // "  NAME  SPARKLINE COUNT": names of at most 30 columns, less where the line is short; then
  // the latest periods that fit (at least 8).
  const std::size_t around = 2 + 2 + 1 + total_digits;
  const std::size_t free = style.width > around ? style.width - around : 0;
  name_width = std::min({name_width, std::size_t{30}, free > 16 ? free - 8 : std::size_t{8}});
  const std::size_t room = free > name_width + 8 ? free - name_width : 8;
  const std::size_t shown = std::min(room, timeline.periods.size());
  const std::size_t first = timeline.periods.size() - shown;
  if (shown < timeline.periods.size()) {
    out << wrap_words(paint(fmt::format("the last {} of {} {}s fit this width", shown, timeline.periods.size(), time_unit_name(timeline.unit)),
                            kDim, style.colour),
                      style.width, "  ", "  ")
        << '\n';
  }
  const auto line = [&](const std::string& name, const std::vector<std::size_t>& counts, std::size_t total) {
    std::string spark;
    for (std::size_t i = first; i < counts.size(); ++i) spark += level(counts[i], largest);
    out << "  " << fit(name, name_width) << "  " << spark << ' ' << fmt::format("{:>{}}", total, total_digits) << '\n';
  };
  std::vector<std::size_t> all;
  for (const TimelinePeriod& period : timeline.periods) all.push_back(period.articles);
  line("all", all, timeline.articles);
  for (std::size_t i = 0; i < timeline.rows.size(); ++i) line(names[i], timeline.rows[i].articles, timeline.rows[i].value.count);
  if (timeline.more_values > 0) out << paint(fmt::format("  +{} more", timeline.more_values), kDim, style.colour) << '\n';
}

}  // namespace

void render_timeline_text(const Timeline& timeline, const TextStyle& style, std::ostream& out) {
  const std::string unit(time_unit_name(timeline.unit));
  std::string head = "Timeline: articles per " + unit;
  if (!timeline.facet.empty()) head += " and " + timeline.facet;
  if (!timeline.periods.empty()) head += ", " + timeline.periods.front().start + " to " + timeline.periods.back().start;
  head += " (" + plural(timeline.articles, "dated article");
  if (timeline.undated > 0) head += ", " + std::to_string(timeline.undated) + " undated";
  if (!timeline.facet.empty()) {
    std::size_t largest = 0;
    for (const TimelinePeriod& period : timeline.periods) largest = std::max(largest, period.articles);
    head += fmt::format("; {} = {} articles in a {}", kLevels[7], largest, unit);
  }
  head += ")";
  out << wrap_words(paint(head, kBold, style.colour), style.width, "  ", "") << '\n';
  if (timeline.periods.empty()) {
    out << "  (no matching article has a date)\n";
    return;
  }
  if (timeline.facet.empty()) render_bars(timeline, style, out);
  else render_sparklines(timeline, style, out);
}

}  // namespace dossier
