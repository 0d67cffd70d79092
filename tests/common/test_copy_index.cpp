// Tests for common/copy_index.cpp: copy labels and the stored values of the copy index.
#include "common/copy_index.h"

#include <doctest/doctest.h>

#include "common/schema.h"

using namespace dossier;

TEST_CASE("copy labels: length-prefixed ids, never equal for different founders") {
  CHECK(copy_label("reuters-123") == "11:reuters-123");
  CHECK(copy_label("a", 2) == "1:a#2");
  CHECK(copy_label("a#2") == "3:a#2");
  CHECK(copy_label("a#2") != copy_label("a", 2));
  CHECK(copy_label("") == "0:");
  CHECK(schema::copy_group_term(copy_label("x")) == "XG:1:x");
}

TEST_CASE("a copy entry round-trips; malformed ones are refused") {
  CopyKey key;
  for (std::size_t i = 0; i < kCopyHashes; ++i) key.minima.push_back(static_cast<std::uint16_t>(i * 517));
  const CopyEntry entry{copy_label("id:with:colons"), key};
  const std::string stored = encode_copy_entry(entry);
  const auto back = decode_copy_entry(stored);
  REQUIRE(back);
  CHECK(back->label == entry.label);
  CHECK(back->key == key);

  CHECK_FALSE(decode_copy_entry(""));
  CHECK_FALSE(decode_copy_entry(stored.substr(0, stored.size() - 1)));  // a short key
  CHECK_FALSE(decode_copy_entry("x" + stored));
  CHECK_FALSE(decode_copy_entry("0:" + encode_copy_key(key)));  // an empty label
}

TEST_CASE("id lists keep any bytes, in order") {
  const std::vector<std::string> ids{"a", "12:34", std::string("nul\0byte", 8), "", "ünï"};
  const std::string stored = encode_id_list(ids);
  const auto back = decode_id_list(stored);
  REQUIRE(back);
  CHECK(*back == ids);
  CHECK(encode_id_list({}).empty());
  CHECK(decode_id_list("")->empty());
  CHECK_FALSE(decode_id_list("3:ab"));
  CHECK_FALSE(decode_id_list("x:abc"));
  CHECK_FALSE(decode_id_list("2:ab1"));
}

TEST_CASE("metadata keys stay under Xapian's limit for the longest ids") {
  const std::string id(200, 'x');  // the indexer's longest id
  CHECK(copy_article_key(id).size() <= 245);
  CHECK(copy_group_key(copy_label(id, 99)).size() <= 245);
  CHECK(schema::copy_group_term(copy_label(id, 99)).size() <= 245);
  CHECK(copy_band_key(9, 0xba9876543210ULL) == std::string(schema::kMetaCopyBandPrefix) + "09ba9876543210");
  CHECK(copy_band_key(0, 1) == std::string(schema::kMetaCopyBandPrefix) + "00000000000001");
}
