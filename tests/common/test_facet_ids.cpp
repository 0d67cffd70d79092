#include "common/facet_ids.h"

#include <doctest/doctest.h>

#include <limits>

#include "common/error.h"

using namespace dossier;

TEST_CASE("varints round-trip at every length and refuse truncation and overflow") {
  const std::uint64_t values[] = {0, 1, 127, 128, 16383, 16384, 4294967295, std::numeric_limits<std::uint64_t>::max()};
  for (std::uint64_t value : values) {
    CAPTURE(value);
    std::string bytes;
    append_varint(bytes, value);
    std::size_t pos = 0;
    CHECK(read_varint(bytes, pos) == value);
    CHECK(pos == bytes.size());
    if (bytes.size() > 1) {
      std::size_t cut = 0;
      CHECK_FALSE(read_varint(std::string_view(bytes).substr(0, bytes.size() - 1), cut).has_value());
    }
  }
  std::size_t pos = 0;
  CHECK_FALSE(read_varint(std::string(11, '\xff'), pos).has_value());
  pos = 0;
  CHECK_FALSE(read_varint(std::string(9, '\xff') + "\x02", pos).has_value());  // 2^64
}

TEST_CASE("the facet code dictionary is append-only and round-trips") {
  FacetCodeDictionary dictionary;
  CHECK(dictionary.id_of("C:RU") == 0);
  CHECK(dictionary.id_of("A:nato") == 1);
  CHECK(dictionary.id_of("C:RU") == 0);
  CHECK(dictionary.changed());
  const FacetCodeDictionary again = FacetCodeDictionary::parse(dictionary.serialise());
  CHECK(again.codes() == dictionary.codes());
  CHECK_FALSE(again.changed());
  CHECK(FacetCodeDictionary::parse("").size() == 0);
  CHECK_THROWS_AS(FacetCodeDictionary::parse("C:RU\x1f\x1f" "A:x"), DatabaseError);
  CHECK_THROWS_AS(FacetCodeDictionary::parse("C:RU\x1f" "C:RU"), DatabaseError);
  // The reader's codes alone: the same list, the empty code refused.
  CHECK(FacetCodeDictionary::read_codes(dictionary.serialise()) == dictionary.codes());
  CHECK(FacetCodeDictionary::read_codes("").empty());
  CHECK_THROWS_AS(FacetCodeDictionary::read_codes("C:RU\x1f\x1f" "A:x"), DatabaseError);
}

TEST_CASE("facet ids encode to a few bytes and decode back; a damaged value is refused") {
  const FacetIds ids{3, 200000, {0, 5, 300}};
  const std::string value = encode_facet_ids(ids);
  CHECK(value.size() == 1 + 3 + 1 + 1 + 2);
  std::uint32_t shard = 0, article = 0;
  std::vector<std::uint32_t> codes;
  const auto header = [&](std::uint32_t s, std::uint32_t a) {
    shard = s;
    article = a;
    return true;
  };
  const auto collect = [&](std::uint32_t code) {
    codes.push_back(code);
    return true;
  };
  CHECK(decode_facet_ids(value, header, collect));
  CHECK(shard == 3);
  CHECK(article == 200000);
  CHECK(codes == ids.codes);
  const auto any = [](std::uint32_t) { return true; };
  CHECK_FALSE(decode_facet_ids(std::string_view(value).substr(0, 2), header, any));
  CHECK_FALSE(decode_facet_ids(value + "\x80", header, any));
  CHECK_FALSE(decode_facet_ids("", header, any));
  CHECK_FALSE(decode_facet_ids(value, [](std::uint32_t, std::uint32_t) { return false; }, any));  // stopped
  CHECK_FALSE(decode_facet_ids(value, header, [](std::uint32_t code) { return code != 5; }));
}
