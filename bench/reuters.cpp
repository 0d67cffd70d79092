#include "bench/reuters.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "common/utf8.h"

namespace dossier::bench {

namespace {

// Entities and Latin-1 bytes become UTF-8 through the shared encoder; surrogates and values past
// U+10FFFF (only in broken entities) are dropped.
void append_utf8(std::string& out, unsigned long cp) {
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp >= 0x110000) return;
  utf8::append(out, static_cast<char32_t>(cp));
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim_view(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string collapse_spaces(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : trim_view(s)) {
    if (is_space(c)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// Content of the first <TAG ...>...</TAG> inside element, or empty.
std::string_view element(std::string_view xml, std::string_view tag) {
  const std::string open = "<" + std::string(tag);
  std::size_t at = 0;
  while ((at = xml.find(open, at)) != std::string_view::npos) {
    const std::size_t after = at + open.size();
    if (after < xml.size() && (xml[after] == '>' || xml[after] == ' ')) break;
    at = after;
  }
  if (at == std::string_view::npos) return {};
  const std::size_t start = xml.find('>', at);
  if (start == std::string_view::npos) return {};
  const std::size_t end = xml.find("</" + std::string(tag) + ">", start);
  if (end == std::string_view::npos) return {};
  return xml.substr(start + 1, end - start - 1);
}

std::string attribute(std::string_view open_tag, std::string_view name) {
  const std::string key = " " + std::string(name) + "=\"";
  const std::size_t at = open_tag.find(key);
  if (at == std::string_view::npos) return {};
  const std::size_t start = at + key.size();
  const std::size_t end = open_tag.find('"', start);
  if (end == std::string_view::npos) return {};
  return std::string(open_tag.substr(start, end - start));
}

}  // namespace

std::string latin1_to_utf8(std::string_view latin1) {
  std::string out;
  out.reserve(latin1.size() + latin1.size() / 16);
  for (unsigned char c : latin1) append_utf8(out, c);
  return out;
}

std::string decode_sgml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '&') {
      const std::size_t semi = text.find(';', i);
      if (semi != std::string_view::npos && semi - i <= 10) {
        const std::string_view ref = text.substr(i + 1, semi - i - 1);
        bool known = true;
        if (ref == "lt") {
          out += '<';
        } else if (ref == "gt") {
          out += '>';
        } else if (ref == "amp") {
          out += '&';
        } else if (ref == "quot") {
          out += '"';
        } else if (ref.size() >= 2 && ref[0] == '#' &&
                   std::all_of(ref.begin() + 1, ref.end(), [](char d) { return d >= '0' && d <= '9'; })) {
          const unsigned long cp = std::stoul(std::string(ref.substr(1)));
          if (cp == '\n' || cp == '\t' || (cp >= 0x20 && cp != 0x7F)) append_utf8(out, cp);
        } else {
          known = false;
        }
        if (known) {
          i = semi;
          continue;
        }
      }
    }
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 && c != '\n' && c != '\t') continue;
    if (byte == 0x7F) continue;
    out += c;
  }
  return out;
}

std::vector<ReutersStory> parse_reuters_sgml(std::string_view content, const std::string& file) {
  std::vector<ReutersStory> stories;
  std::size_t at = 0;
  while ((at = content.find("<REUTERS", at)) != std::string_view::npos) {
    const std::size_t tag_end = content.find('>', at);
    const std::size_t end = content.find("</REUTERS>", at);
    if (tag_end == std::string_view::npos || end == std::string_view::npos) break;
    const std::string_view open_tag = content.substr(at, tag_end - at + 1);
    const std::string_view xml = content.substr(tag_end + 1, end - tag_end - 1);
    ReutersStory story;
    story.id = attribute(open_tag, "NEWID");
    story.file = file;
    std::string_view places = element(xml, "PLACES");
    std::size_t d = 0;
    while ((d = places.find("<D>", d)) != std::string_view::npos) {
      const std::size_t d_end = places.find("</D>", d);
      if (d_end == std::string_view::npos) break;
      story.places.emplace_back(trim_view(places.substr(d + 3, d_end - d - 3)));
      d = d_end + 4;
    }
    const std::string_view text = element(xml, "TEXT");
    story.title = collapse_spaces(decode_sgml(element(text, "TITLE")));
    story.dateline = collapse_spaces(decode_sgml(element(text, "DATELINE")));
    std::string body = decode_sgml(element(text, "BODY"));
    // The wire sign-off: a last line "Reuter" (sometimes "REUTER").
    std::string_view trimmed = trim_view(body);
    for (std::string_view sign : {"Reuter", "REUTER"}) {
      if (trimmed.size() >= sign.size() && trimmed.substr(trimmed.size() - sign.size()) == sign) {
        const std::size_t before = trimmed.size() - sign.size();
        if (before == 0 || is_space(trimmed[before - 1])) trimmed = trim_view(trimmed.substr(0, before));
        break;
      }
    }
    story.body = std::string(trimmed);
    stories.push_back(std::move(story));
    at = end + 10;
  }
  return stories;
}

std::vector<ReutersStory> read_reuters_dir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  const fs::path sgm = fs::path(dir) / "sgm-data";
  std::error_code ec;
  if (fs::is_directory(sgm, ec)) {
    for (const auto& entry : fs::directory_iterator(sgm)) {
      const std::string name = entry.path().filename().string();
      if (name.rfind("reut2-", 0) == 0 && entry.path().extension() == ".sgm") files.push_back(entry.path());
    }
  }
  if (files.empty()) throw std::runtime_error(sgm.string() + ": no reut2-*.sgm files");
  std::sort(files.begin(), files.end());
  std::vector<ReutersStory> stories;
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path.string() + ": cannot read");
    std::ostringstream raw;
    raw << in.rdbuf();
    auto more = parse_reuters_sgml(latin1_to_utf8(raw.str()), path.filename().string());
    std::move(more.begin(), more.end(), std::back_inserter(stories));
  }
  return stories;
}

std::vector<std::string> body_paragraphs(std::string_view body, std::string_view dateline) {
  std::vector<std::string> paragraphs;
  std::string current;
  const auto flush = [&] {
    std::string text = collapse_spaces(current);
    if (!text.empty()) paragraphs.push_back(std::move(text));
    current.clear();
  };
  std::size_t at = 0;
  while (at <= body.size()) {
    std::size_t nl = body.find('\n', at);
    if (nl == std::string_view::npos) nl = body.size();
    const std::string_view line = body.substr(at, nl - at);
    if (trim_view(line).empty() || (!line.empty() && (line.front() == ' ' || line.front() == '\t'))) flush();
    current += ' ';
    current += line;
    at = nl + 1;
  }
  flush();
  const std::string lead = collapse_spaces(dateline);
  if (!lead.empty()) {
    if (paragraphs.empty()) {
      paragraphs.push_back(lead);
    } else {
      paragraphs.front() = lead + " " + paragraphs.front();
    }
  }
  return paragraphs;
}

bool report_if_reuters_absent(const std::string& dir) {
  if (std::filesystem::is_directory(std::filesystem::path(dir) / "sgm-data")) return false;
  std::cout << "skipped: Reuters-21578 directory " << dir << " absent (no sgm-data/)\n";
  return true;
}

}  // namespace dossier::bench
