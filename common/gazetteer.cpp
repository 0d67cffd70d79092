#include "common/gazetteer.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "common/error.h"
#include "common/passage.h"
#include "common/utf8.h"

namespace dossier {

namespace {

std::vector<std::string> split_values(std::string_view value) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= value.size()) {
    std::size_t bar = value.find('|', start);
    if (bar == std::string_view::npos) bar = value.size();
    out.emplace_back(trim(value.substr(start, bar - start)));
    start = bar + 1;
  }
  return out;
}

bool valid_id(schema::Facet facet, std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  if (facet == schema::Facet::Country) {
    return id.size() == 2 && std::isupper(static_cast<unsigned char>(id[0])) != 0 &&
           std::isupper(static_cast<unsigned char>(id[1])) != 0;
  }
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
}

std::uint64_t fnv1a(std::string_view data, std::uint64_t hash) {
  for (unsigned char c : data) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

}  // namespace

GazetteerFile parse_gazetteer(std::string_view content, const std::string& path) {
  if (auto bad = utf8::find_invalid(content)) {
    const std::size_t line = 1 + static_cast<std::size_t>(std::count(content.begin(), content.begin() + *bad, '\n'));
    throw GazetteerError(path, line, "invalid UTF-8");
  }
  GazetteerFile file;
  file.path = path;
  bool have_facet = false;
  GazetteerEntry* entry = nullptr;
  std::size_t line_number = 0;
  std::size_t start = 0;
  while (start < content.size()) {
    std::size_t newline = content.find('\n', start);
    if (newline == std::string_view::npos) newline = content.size();
    const std::string_view line = trim(content.substr(start, newline - start));
    start = newline + 1;
    ++line_number;
    if (line.empty() || line.front() == '#') continue;

    const auto fail = [&](const std::string& what) { throw GazetteerError(path, line_number, what); };
    if (line.front() == '@') {
      const std::size_t space = line.find(' ');
      const std::string_view directive = line.substr(0, space);
      const std::string_view arg = space == std::string_view::npos ? std::string_view{} : trim(line.substr(space));
      if (directive == "@facet") {
        if (have_facet) fail("@facet given twice");
        if (!schema::parse_facet_name(arg, file.facet)) fail("unknown facet '" + std::string(arg) + "' (country, actor or weapon)");
        have_facet = true;
      } else if (directive == "@cue") {
        for (auto& cue : split_values(arg)) {
          if (cue.empty()) fail("empty value in @cue");
          file.cues.push_back(std::move(cue));
        }
      } else if (directive == "@cue-window") {
        try {
          std::size_t used = 0;
          const unsigned long window = std::stoul(std::string(arg), &used);
          if (used != arg.size() || window == 0 || window > 100) throw std::invalid_argument("range");
          file.cue_window = window;
        } catch (const std::exception&) {
          fail("@cue-window needs a whole number from 1 to 100");
        }
      } else {
        fail("unknown directive '" + std::string(directive) + "'");
      }
      continue;
    }

    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) fail("expected 'key: value'");
    const std::string key(trim(line.substr(0, colon)));
    const std::string_view value = trim(line.substr(colon + 1));
    if (value.empty()) fail("empty value for '" + key + "'");
    if (!have_facet) fail("'@facet' must come before the first entry");

    if (key == "id") {
      if (!valid_id(file.facet, value)) {
        fail("invalid id '" + std::string(value) + "'" +
             (file.facet == schema::Facet::Country ? " (ISO 3166 alpha-2, upper case)" : " (a-z 0-9 - . only)"));
      }
      file.entries.emplace_back();
      entry = &file.entries.back();
      entry->facet = file.facet;
      entry->id = std::string(value);
      entry->origin = path + ":" + std::to_string(line_number);
      continue;
    }
    if (entry == nullptr) fail("'" + key + "' before the first 'id:'");

    const bool country = file.facet == schema::Facet::Country;
    const bool actor = file.facet == schema::Facet::Actor;
    const bool weapon = file.facet == schema::Facet::Weapon;
    const auto add_names = [&](const std::string& rule, bool exact, bool ambiguous) {
      for (auto& text : split_values(value)) {
        if (text.empty()) fail("empty value in '" + key + "'");
        entry->names.push_back(GazetteerName{std::move(text), rule, exact, ambiguous});
      }
    };
    if (key == "name") {
      if (!entry->name.empty()) fail("'name' given twice for " + entry->id);
      entry->name = std::string(value);
    } else if (key == "alias") {
      add_names("alias", false, false);
    } else if (key == "exact") {
      add_names("alias", true, false);
    } else if (key == "ambiguous") {
      add_names("alias", false, true);
    } else if (country && (key == "demonym" || key == "metonym" || key == "place" || key == "historical")) {
      add_names(key, false, false);
    } else if (country && (key == "place-exact" || key == "metonym-exact")) {
      add_names(key.substr(0, key.find('-')), true, false);  // a place matched only as written
    } else if (country && (key == "place-ambiguous" || key == "metonym-ambiguous")) {
      add_names(key.substr(0, key.find('-')), false, true);  // a place that needs a cue
    } else if (key == "cue") {
      for (auto& cue : split_values(value)) {
        if (cue.empty()) fail("empty value in 'cue'");
        entry->cues.push_back(std::move(cue));
      }
    } else if (key == "veto") {
      for (auto& veto : split_values(value)) {
        if (veto.empty()) fail("empty value in 'veto'");
        entry->vetoes.push_back(std::move(veto));
      }
    } else if ((actor || weapon) && key == "type") {
      const std::string type(value);
      static const std::set<std::string> actor_types = {"organisation", "ministry", "agency", "military", "person", "group"};
      if (weapon && type != "category" && type != "system") fail("weapon type must be 'category' or 'system'");
      if (actor && actor_types.count(type) == 0) fail("unknown actor type '" + type + "'");
      entry->type = type;
    } else if (weapon && key == "category") {
      entry->category = std::string(value);
    } else if (actor && key == "affiliation") {
      entry->affiliation = std::string(value);
    } else {
      fail("unknown key '" + key + "' for facet " + std::string(schema::facet_name(file.facet)));
    }
  }
  if (!have_facet) throw GazetteerError(path, 0, "missing '@facet' line");
  return file;
}

Gazetteer make_gazetteer(std::vector<GazetteerFile> files) {
  Gazetteer gazetteer;
  std::map<std::pair<char, std::string>, std::string> seen;
  for (auto& file : files) {
    for (auto& entry : file.entries) {
      const auto at = [&](const std::string& what) {
        const std::size_t colon = entry.origin.rfind(':');
        throw GazetteerError(entry.origin.substr(0, colon), std::stoul(entry.origin.substr(colon + 1)), what);
      };
      if (entry.name.empty()) at("entry " + entry.id + " has no 'name'");
      if (entry.facet == schema::Facet::Weapon && entry.type.empty()) entry.type = "system";
      if (entry.facet == schema::Facet::Weapon && entry.type == "system" && entry.category.empty()) {
        at("weapon system " + entry.id + " has no 'category'");
      }
      auto [it, inserted] = seen.emplace(std::make_pair(static_cast<char>(entry.facet), entry.id), entry.origin);
      if (!inserted) at("duplicate id '" + entry.id + "' (first at " + it->second + ")");
    }
  }
  for (auto& file : files) {
    for (auto& entry : file.entries) {
      if (entry.facet != schema::Facet::Weapon || entry.type != "system") continue;
      bool found = false;
      for (auto& other_file : files) {
        for (auto& other : other_file.entries) {
          found = found || (other.facet == schema::Facet::Weapon && other.id == entry.category && other.type == "category");
        }
      }
      if (!found) {
        const std::size_t colon = entry.origin.rfind(':');
        throw GazetteerError(entry.origin.substr(0, colon), std::stoul(entry.origin.substr(colon + 1)),
                             "weapon system " + entry.id + " names unknown category '" + entry.category + "'");
      }
    }
  }
  gazetteer.files = std::move(files);
  for (std::size_t f = 0; f < gazetteer.files.size(); ++f) {
    for (std::size_t e = 0; e < gazetteer.files[f].entries.size(); ++e) {
      const GazetteerEntry& entry = gazetteer.files[f].entries[e];
      gazetteer.index.emplace(static_cast<char>(entry.facet) + entry.id, std::make_pair(f, e));
    }
  }
  return gazetteer;
}

Gazetteer load_gazetteer_dir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw GazetteerError(dir, 0, "gazetteer directory not found");
  std::vector<fs::path> paths;
  for (const auto& item : fs::directory_iterator(dir, ec)) {
    if (item.path().extension() == ".gaz") paths.push_back(item.path());
  }
  if (ec) throw GazetteerError(dir, 0, ec.message());
  if (paths.empty()) throw GazetteerError(dir, 0, "no *.gaz files");
  std::sort(paths.begin(), paths.end());
  std::vector<GazetteerFile> files;
  std::uint64_t hash = 14695981039346656037ULL;
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw GazetteerError(path.string(), 0, std::string("cannot open: ") + std::strerror(errno));
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string content = buffer.str();
    hash = fnv1a(path.filename().string(), hash);
    hash = fnv1a(content, hash);
    files.push_back(parse_gazetteer(content, path.string()));
  }
  Gazetteer gazetteer = make_gazetteer(std::move(files));
  std::ostringstream version;
  version << std::hex << hash;
  gazetteer.version = version.str();
  return gazetteer;
}

const GazetteerEntry* Gazetteer::find(schema::Facet facet, std::string_view id) const {
  if (!index.empty()) {
    std::string key(1, static_cast<char>(facet));
    key += id;
    const auto found = index.find(key);
    if (found == index.end()) return nullptr;
    return &files[found->second.first].entries[found->second.second];
  }
  for (const auto& file : files) {
    if (file.facet != facet) continue;
    for (const auto& entry : file.entries) {
      if (entry.id == id) return &entry;
    }
  }
  return nullptr;
}

std::size_t Gazetteer::entry_count() const {
  std::size_t count = 0;
  for (const auto& file : files) count += file.entries.size();
  return count;
}

}  // namespace dossier
