// The gazetteer loader (common/gazetteer.h parse_gazetteer, make_gazetteer) and the entity
// matcher built from what it accepts (common/entity_matcher.h).
//
// The input holds one or more .gaz files separated by lines that are exactly "%%" (so that
// cross-file checks - weapon categories, duplicate ids - are reached). A malformed file must be
// a GazetteerError naming the file and a line that exists; an accepted gazetteer must build a
// matcher (or be refused with a GazetteerError) whose mentions are exact slices of the text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/entity_matcher.h"
#include "common/error.h"
#include "common/gazetteer.h"
#include "fuzz_pipeline.h"

namespace {

const char* const kTexts[] = {
    "Serbia and Kosovo met in Brussels; the Javelin anti-tank missile deal with the US went ahead.",
    "Вучић је рекао да Србија неће признати Косово. Захарова said Moscow objected.",
    "Prištini, Beogradu i Moskvi: NATO i EU, KFOR; Georgia Tech won; the Patriot system arrived.",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static dossier::Normaliser normaliser;
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  std::vector<std::string> contents(1);
  for (const std::string& line : fuzz::split_lines(input)) {
    if (line == "%%") {
      contents.emplace_back();
    } else {
      contents.back() += line + "\n";
    }
  }
  if (contents.size() > 4) return 0;

  std::vector<dossier::GazetteerFile> files;
  for (std::size_t i = 0; i < contents.size(); ++i) {
    const std::string path = "fuzz" + std::to_string(i) + ".gaz";
    const std::size_t line_count = fuzz::split_lines(contents[i]).size();
    try {
      files.push_back(dossier::parse_gazetteer(contents[i], path));
    } catch (const dossier::GazetteerError& error) {
      const std::string what = error.what();
      FUZZ_CHECK(what.rfind(path + ":", 0) == 0, "GazetteerError does not start with the path: %s", what.c_str());
      // "path:LINE: reason" or "path: reason"; LINE must exist.
      std::size_t at = path.size() + 1, line = 0;
      while (at < what.size() && what[at] >= '0' && what[at] <= '9') line = line * 10 + static_cast<std::size_t>(what[at++] - '0');
      FUZZ_CHECK(line <= line_count, "GazetteerError names line %zu of %zu: %s", line, line_count, what.c_str());
      return 0;
    }
    for (const auto& entry : files.back().entries) {
      FUZZ_CHECK(!entry.id.empty(), "entry without id");
      for (const auto& name : entry.names) FUZZ_CHECK(!name.text.empty(), "empty name in %s", entry.id.c_str());
    }
  }

  dossier::Gazetteer gazetteer;
  try {
    gazetteer = dossier::make_gazetteer(std::move(files));
  } catch (const dossier::GazetteerError&) {
    return 0;
  }
  try {
    dossier::EntityMatcher matcher(gazetteer, normaliser);
    std::vector<std::string> texts(std::begin(kTexts), std::end(kTexts));
    // Every name should be findable in a text made of itself: match it, in both modes.
    for (const auto& file : gazetteer.files) {
      for (const auto& entry : file.entries) {
        FUZZ_CHECK(gazetteer.find(entry.facet, entry.id) != nullptr, "find() misses %s", entry.id.c_str());
        for (const auto& name : entry.names) texts.push_back("The " + name.text + " said.");
      }
    }
    for (const std::string& text : texts) {
      const auto tokens = normaliser.tokenize(text);
      for (bool inflected : {false, true}) fuzz::check_mentions(text, matcher.match(text, tokens, inflected), "gazetteer match");
    }
  } catch (const dossier::GazetteerError&) {
    return 0;  // e.g. a name without letters or digits
  }
  return 0;
}
