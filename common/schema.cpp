#include "common/schema.h"

#include <charconv>

#include <algorithm>
#include <cctype>
#include <string>

namespace dossier::schema {

std::string_view facet_name(Facet facet) {
  switch (facet) {
    case Facet::Country: return "country";
    case Facet::Actor: return "actor";
    case Facet::Weapon: return "weapon";
    case Facet::Speaker: return "speaker";
  }
  return "unknown";
}

Facet name_facet(Facet facet) { return facet == Facet::Speaker ? Facet::Actor : facet; }

std::string_view facet_prefix(Facet facet) {
  switch (facet) {
    case Facet::Country: return kPrefixCountry;
    case Facet::Actor: return kPrefixActor;
    case Facet::Weapon: return kPrefixWeapon;
    case Facet::Speaker: return kPrefixSpeaker;
  }
  return "";
}

bool parse_facet_name(std::string_view name, Facet& facet) {
  for (Facet f : kFacets) {
    if (name == facet_name(f)) {
      facet = f;
      return true;
    }
  }
  return false;
}

std::string slug(std::string_view input) {
  // Typographic apostrophes and quotes separate words just like ASCII punctuation does.
  std::string text(input);
  for (std::string_view mark : {"\u2018", "\u2019", "\u201C", "\u201D"}) {
    for (std::size_t at; (at = text.find(mark)) != std::string::npos;) text.replace(at, mark.size(), " ");
  }
  std::string out;
  bool pending_dash = false;
  for (unsigned char c : text) {
    if (std::isalnum(c) != 0 && c < 0x80) {
      if (pending_dash && !out.empty()) out += '-';
      pending_dash = false;
      out += static_cast<char>(std::tolower(c));
    } else if (c >= 0x80) {
      // Non-ASCII bytes are kept as they are: slugs of Cyrillic kinds stay readable.
      if (pending_dash && !out.empty()) out += '-';
      pending_dash = false;
      out += static_cast<char>(c);
    } else {
      pending_dash = true;
    }
  }
  return out;
}

std::string shard_dir_name(std::size_t shard) {
  std::string digits = std::to_string(shard);
  if (digits.size() < 3) digits.insert(0, 3 - digits.size(), '0');
  return "shard-" + digits;
}

std::string article_dir_name(std::size_t shard) { return "articles-" + shard_dir_name(shard).substr(6); }

std::uint64_t fnv1a64(std::string_view data, std::uint64_t hash) {
  for (unsigned char c : data) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

std::size_t shard_for(std::string_view article_id, std::size_t shards) {
  return shards <= 1 ? 0 : static_cast<std::size_t>(fnv1a64(article_id) % shards);
}

std::string article_facets_value(std::string_view article_id, std::string_view facet_codes) {
  std::string value = std::to_string(article_id.size());
  value += ':';
  value += article_id;
  value += facet_codes;
  return value;
}

bool split_article_facets_value(std::string_view value, std::string_view& article_id, std::string_view& facet_codes) {
  const std::size_t colon = value.find(':');
  if (colon == 0 || colon == std::string_view::npos || colon > 10) return false;
  std::size_t length = 0;
  for (std::size_t i = 0; i < colon; ++i) {
    if (value[i] < '0' || value[i] > '9') return false;
    length = length * 10 + static_cast<std::size_t>(value[i] - '0');
  }
  if (length > value.size() - colon - 1) return false;
  article_id = value.substr(colon + 1, length);
  facet_codes = value.substr(colon + 1 + length);
  return true;
}

std::string shard_identity(std::string_view database_id, std::size_t shard, std::size_t shards) {
  return std::string(database_id) + " " + std::to_string(shard) + "/" + std::to_string(shards);
}

bool parse_shard_identity(std::string_view text, std::string& database_id, std::size_t& shard, std::size_t& shards) {
  const std::size_t space = text.find(' ');
  const std::size_t slash = text.find('/', space == std::string_view::npos ? 0 : space);
  if (space == 0 || space == std::string_view::npos || slash == std::string_view::npos) return false;
  const auto number = [](std::string_view digits, std::size_t& out) {
    if (digits.empty() || digits.size() > 9) return false;
    out = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return false;
      out = out * 10 + static_cast<std::size_t>(c - '0');
    }
    return true;
  };
  if (!number(text.substr(space + 1, slash - space - 1), shard) || !number(text.substr(slash + 1), shards)) return false;
  if (shard >= shards) return false;
  database_id = std::string(text.substr(0, space));
  return true;
}

std::string passage_id_term(std::string_view article_id, std::size_t index) {
  std::string term(kPrefixPassageId);
  term += article_id;
  term += '#';
  term += std::to_string(index);
  return term;
}

namespace {

bool eight_digits(std::string_view text) {
  return text.size() == 8 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string digits(int value, int width) {
  std::string out = std::to_string(value);
  return std::string(static_cast<std::size_t>(std::max(0, width - static_cast<int>(out.size()))), '0') + out;
}

}  // namespace

std::vector<std::string> date_terms(std::string_view yyyymmdd) {
  if (!eight_digits(yyyymmdd)) return {};
  return {std::string(kPrefixYear) + std::string(yyyymmdd.substr(0, 4)),
          std::string(kPrefixMonth) + std::string(yyyymmdd.substr(0, 6)),
          std::string(kPrefixDay) + std::string(yyyymmdd)};
}

std::vector<std::string> date_range_terms(std::string_view from, std::string_view to) {
  std::vector<std::string> terms;
  if (!eight_digits(from) || !eight_digits(to)) return terms;
  const int end = std::stoi(std::string(to));
  int year = std::stoi(std::string(from.substr(0, 4)));
  int month = std::stoi(std::string(from.substr(4, 2)));
  int day = std::stoi(std::string(from.substr(6, 2)));
  const auto key = [](int y, int m, int d) { return y * 10000 + m * 100 + d; };
  // Days run 1..31 in every month: a day that does not exist has no passages, and its term none.
  while (month >= 1 && month <= 12 && day >= 1 && day <= 31 && key(year, month, day) <= end) {
    if (month == 1 && day == 1 && key(year, 12, 31) <= end) {
      terms.push_back(std::string(kPrefixYear) + digits(year, 4));
      ++year;
    } else if (day == 1 && key(year, month, 31) <= end) {
      terms.push_back(std::string(kPrefixMonth) + digits(year, 4) + digits(month, 2));
      if (++month > 12) month = 1, ++year;
    } else {
      terms.push_back(std::string(kPrefixDay) + digits(year, 4) + digits(month, 2) + digits(day, 2));
      if (++day > 31) {
        day = 1;
        if (++month > 12) month = 1, ++year;
      }
    }
  }
  return terms;
}

std::string article_term(std::string_view article_id) {
  std::string term(kPrefixArticle);
  term += article_id;
  return term;
}

std::string copy_group_term(std::string_view label) { return std::string(kPrefixCopyGroup) + std::string(label); }

}  // namespace dossier::schema

namespace dossier::schema {

bool readable_format(std::string_view version) {
  for (int v = kOldestReadableFormat; v <= kFormatVersion; ++v) {
    if (version == std::to_string(v)) return true;
  }
  return false;
}

namespace {

// All of text is a decimal number that fits (no sign, no spaces).
bool parse_decimal(std::string_view text, std::uint64_t& value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return !text.empty() && error == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::uint64_t parse_run(std::string_view value) {
  std::uint64_t run = 0;
  return parse_decimal(value, run) ? run : 0;
}

std::string run_term(std::uint64_t run) { return std::string(kPrefixRun) + std::to_string(run); }

bool parse_run_term(std::string_view term, std::uint64_t& run) {
  if (term.size() <= kPrefixRun.size() || term.substr(0, kPrefixRun.size()) != kPrefixRun) return false;
  return parse_decimal(term.substr(kPrefixRun.size()), run);
}

}  // namespace dossier::schema
