#include "common/facet_codes.h"

#include <doctest/doctest.h>

using namespace dossier;

namespace {

EntityMention mention(const std::string& facet, const std::string& id) {
  EntityMention m;
  m.facet = facet;
  m.id = id;
  return m;
}

}  // namespace

TEST_CASE("encode_facet_codes: sorted, unique, joined by unit separators") {
  CHECK(encode_facet_codes({}) == "");
  CHECK(encode_facet_codes({mention("weapon", "fgm-148"), mention("country", "US"), mention("country", "RU"),
                            mention("country", "US"), mention("actor", "dsca"), mention("kind", "x")}) ==
        "A:dsca\x1f" "C:RU\x1f" "C:US\x1f" "W:fgm-148");
  CHECK(encode_facet_codes({mention("country", "XK")}) == "C:XK");
}

TEST_CASE("split_facet_codes splits on the unit separator and skips empty parts") {
  CHECK(split_facet_codes("").empty());
  CHECK(split_facet_codes("C:RU") == std::vector<std::string>{"C:RU"});
  CHECK(split_facet_codes("A:x\x1f\x1fW:y") == std::vector<std::string>{"A:x", "W:y"});
}

TEST_CASE("split_facet_codes reads what encode_facet_codes writes") {
  const std::string value = encode_facet_codes({mention("actor", "nato"), mention("weapon", "s-400"), mention("country", "RS")});
  CHECK(split_facet_codes(value) == std::vector<std::string>{"A:nato", "C:RS", "W:s-400"});
}
