// StrictJsonReader against nlohmann's own SAX parser (the reference it stands in for): the same
// events for everything dump() writes, and a refusal (so that the caller falls back to nlohmann)
// for anything dump() does not write.
#include "common/json_reader.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <random>
#include <string>
#include <vector>

namespace {

using json = nlohmann::json;

// Every event as one line of text.
class Recorder : public nlohmann::json_sax<json> {
 public:
  std::vector<std::string> events;
  bool null() override { return add("null"); }
  bool boolean(bool value) override { return add(value ? "true" : "false"); }
  bool number_integer(number_integer_t value) override { return add("int " + std::to_string(value)); }
  bool number_unsigned(number_unsigned_t value) override { return add("unsigned " + std::to_string(value)); }
  bool number_float(number_float_t, const string_t& text) override { return add("float " + text); }
  bool string(string_t& value) override { return add("string " + value); }
  bool binary(binary_t&) override { return add("binary"); }
  bool start_object(std::size_t) override { return add("{"); }
  bool key(string_t& value) override { return add("key " + value); }
  bool end_object() override { return add("}"); }
  bool start_array(std::size_t) override { return add("["); }
  bool end_array() override { return add("]"); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return add("error"); }

 private:
  bool add(std::string event) {
    events.push_back(std::move(event));
    return true;
  }
};

std::string random_text(std::mt19937& random) {
  static const std::vector<std::string> pieces = {"a", "Vu\u010di\u0107", "\"", "\\", "/", "\t", "\n", "\x01", "\u00e9",
                                                  "\U0001F600", " ", "\u2028", "\x7f", "{", "]"};
  std::string text;
  for (std::size_t n = random() % 6; n > 0; --n) text += pieces[random() % pieces.size()];
  return text;
}

json random_value(std::mt19937& random, int depth) {
  switch (depth > 2 ? random() % 5 : random() % 7) {
    case 0: return nullptr;
    case 1: return random() % 2 == 0;
    case 2: return static_cast<std::uint64_t>(random()) * (random() % 3);
    case 3: return random_text(random);
    case 4: return random_text(random);
    case 5: {
      json array = json::array();
      for (std::size_t n = random() % 4; n > 0; --n) array.push_back(random_value(random, depth + 1));
      return array;
    }
    default: {
      json object = json::object();
      for (std::size_t n = random() % 4; n > 0; --n) object[random_text(random)] = random_value(random, depth + 1);
      return object;
    }
  }
}

}  // namespace

TEST_CASE("StrictJsonReader: the same events as nlohmann's SAX parser for whatever dump() writes") {
  std::mt19937 random(7);
  for (int n = 0; n < 3000; ++n) {
    const std::string text = random_value(random, 0).dump();
    CAPTURE(text);
    Recorder strict, reference;
    REQUIRE(dossier::StrictJsonReader(text).parse(strict));
    REQUIRE(json::sax_parse(text, &reference));
    CHECK(strict.events == reference.events);
  }
}

TEST_CASE("StrictJsonReader: refuses what dump() does not write, for nlohmann to read or reject") {
  for (const std::string text : {"", " {}", "{} ", "{\"a\": 1}", "[1, 2]", "-1", "1.5", "1e3", "tru", "nul", "\"a", "\"\\x\"",
                                 "\"\\ud800\"", "\"\\udc00\"", "\"\x01\"", "{\"a\"}", "[1,]", "{}{}", "18446744073709551616",
                                 "[[[[[[[[[[1]]]]]]]]]]"}) {
    CAPTURE(text);
    Recorder strict;
    CHECK_FALSE(dossier::StrictJsonReader(text).parse(strict));
  }
}

namespace {

// Keeps no string value: the events a handler with keeps_string() gets.
class Dropper : public Recorder {
 public:
  bool keeps_string() const { return false; }
};

}  // namespace

TEST_CASE("StrictJsonReader: strings a handler does not keep are checked, not handed over") {
  std::mt19937 random(11);
  for (int n = 0; n < 1000; ++n) {
    const std::string text = random_value(random, 0).dump();
    CAPTURE(text);
    Recorder kept;
    Dropper dropped;
    REQUIRE(dossier::StrictJsonReader(text).parse(kept));
    REQUIRE(dossier::StrictJsonReader(text).parse(dropped));
    // The same events without the string values; keys are always kept.
    std::vector<std::string> want;
    for (const std::string& event : kept.events) {
      if (event.rfind("string ", 0) != 0) want.push_back(event);
    }
    CHECK(dropped.events == want);
  }
  // A malformed string is refused whether it is kept or not.
  for (const std::string text : {"[\"\\x\"]", "[\"\\ud800\"]", "[\"\x01\"]", "[\"a]", "[\"a\",]", "[\"a\" \"b\"]", "[\"a\",\"b\"",
                                 "\"\\x\"", "{\"k\":\"\\x\"}"}) {
    CAPTURE(text);
    Dropper dropped;
    CHECK_FALSE(dossier::StrictJsonReader(text).parse(dropped));
  }
}

TEST_CASE("StrictJsonReader: long strings, a special character at every place of a block") {
  // Strings longer than the sixteen bytes the reader scans at a time, with a quote (escaped), a
  // backslash, a control character (escaped) or a multibyte character at each position, and a
  // raw control character (refused) at each position.
  for (std::size_t length : {15U, 16U, 17U, 31U, 32U, 33U, 70U}) {
    for (std::size_t at = 0; at < length; ++at) {
      for (const std::string piece : {"\"", "\\", "\n", "\x1f", "\u00e9", "\U0001F600", "\x7f"}) {
        std::string text(length, 'a');
        text.replace(at, 1, piece);
        const std::string dumped = json::array({text, "tail"}).dump();
        CAPTURE(dumped);
        Recorder strict, reference;
        REQUIRE(dossier::StrictJsonReader(dumped).parse(strict));
        REQUIRE(json::sax_parse(dumped, &reference));
        CHECK(strict.events == reference.events);
      }
      std::string raw = "[\"" + std::string(length, 'a') + "\"]";
      raw[2 + at] = '\x01';
      CAPTURE(raw);
      Recorder strict;
      CHECK_FALSE(dossier::StrictJsonReader(raw).parse(strict));
      raw[2 + at] = 'a';
      raw.pop_back();  // cut short: no closing quote or bracket
      raw.pop_back();
      CHECK_FALSE(dossier::StrictJsonReader(raw).parse(strict));
    }
  }
}
