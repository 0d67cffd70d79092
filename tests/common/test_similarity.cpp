// Tests for common/similarity.cpp: the similarity key of near-duplicate articles. Texts come
// from the shipped sample archive: a copy of a real article with the edits a repost makes is a
// copy; different stories on the same subject (the archive's own articles) are not.
#include "common/similarity.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "common/normalise.h"
#include "test_support.h"

using namespace dossier;

namespace {

// The body of a sample article (after its header block, attribution tags kept: they are part of
// the text a copy repeats), as paragraphs.
std::vector<std::string> sample_paragraphs(const std::string& name) {
  const std::string text = testing::read_file(testing::source_dir() + "/corpus/articles/" + name);
  std::vector<std::string> paragraphs;
  std::istringstream lines(text.substr(text.find("\n\n") + 2));
  std::string line, paragraph;
  while (std::getline(lines, line)) {
    if (line.empty()) {
      if (!paragraph.empty()) paragraphs.push_back(paragraph);
      paragraph.clear();
    } else {
      paragraph += (paragraph.empty() ? "" : " ") + line;
    }
  }
  if (!paragraph.empty()) paragraphs.push_back(paragraph);
  return paragraphs;
}

Article article_of(const std::vector<std::string>& paragraphs, const std::string& title = "A title") {
  Article article;
  article.meta.id = "x";
  article.meta.title = title;
  article.meta.language = "en";
  article.passages = make_passages(paragraphs);
  return article;
}

CopyKey key_of(const std::vector<std::string>& paragraphs) {
  Normaliser normaliser;
  return copy_key(article_of(paragraphs), normaliser);
}

// Replaces the n-th word (counted over all paragraphs, by spaces) with `word`.
void replace_word(std::vector<std::string>& paragraphs, std::size_t n, const std::string& word) {
  for (std::string& paragraph : paragraphs) {
    std::istringstream in(paragraph);
    std::vector<std::string> words;
    std::string w;
    while (in >> w) words.push_back(w);
    if (n < words.size()) {
      words[n] = word;
      paragraph.clear();
      for (const std::string& each : words) paragraph += (paragraph.empty() ? "" : " ") + each;
      return;
    }
    n -= words.size();
  }
}

const char* const kSample = "2019-03-kfor-patrols-north.txt";

}  // namespace

TEST_CASE("identical texts have the same key; a changed title, case or paragraph breaks do not matter") {
  Normaliser normaliser;
  std::vector<std::string> paragraphs = sample_paragraphs(kSample);
  const CopyKey key = copy_key(article_of(paragraphs, "KFOR steps up patrols"), normaliser);
  REQUIRE_FALSE(key.empty());
  CHECK(key.minima.size() == kCopyHashes);
  CHECK(copy_key(article_of(paragraphs, "Patrols stepped up in the north (updated)"), normaliser) == key);
  CHECK(copy_similarity(key, key) == 1.0);
  CHECK(are_copies(key, key));

  // One paragraph where there were two (the third has no attribution tag to lose), and upper
  // case: the same words in the same order.
  std::vector<std::string> joined = paragraphs;
  REQUIRE(joined[2].find('[') == std::string::npos);
  for (char& c : joined[2]) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  joined[2] += " " + joined[3];
  joined.erase(joined.begin() + 3);
  CHECK(key_of(joined) == key);
}

TEST_CASE("a repost with a few words edited and a sentence added is a copy") {
  const std::vector<std::string> original = sample_paragraphs(kSample);
  std::vector<std::string> edited = original;
  replace_word(edited, 12, "sharply");
  replace_word(edited, 60, "Kosovo's");
  replace_word(edited, 140, "officials");
  edited.push_back("The mission said further details would be published on its website later in the week.");
  const CopyKey a = key_of(original);
  const CopyKey b = key_of(edited);
  CHECK(copy_similarity(a, b) >= kCopyThreshold);
  CHECK(are_copies(a, b));
  CHECK(are_copies(b, a));

  // A paragraph added at the end, as a later edition does.
  std::vector<std::string> longer = original;
  longer.push_back("Later on Tuesday, a KFOR spokesperson said the patrols would continue for at least two more weeks "
                   "and that local police had been informed of the new schedule in both municipalities.");
  CHECK(are_copies(a, key_of(longer)));

  // And the wire story with its dateline and credit changed.
  std::vector<std::string> wire = original;
  wire[0] = "PRISTINA, March 12 (Wire) - " + wire[0];
  wire.push_back("(Reporting by the Pristina bureau; editing by the desk)");
  CHECK(are_copies(a, key_of(wire)));
}

TEST_CASE("a text rewritten beyond the threshold is not a copy") {
  const std::vector<std::string> original = sample_paragraphs(kSample);
  std::vector<std::string> rewritten = original;
  // Every 8th word changed: about 60% of the 5-word shingles differ.
  for (std::size_t n = 3; n < 200; n += 8) replace_word(rewritten, n, "word" + std::to_string(n));
  CHECK_FALSE(are_copies(key_of(original), key_of(rewritten)));
}

TEST_CASE("different stories on the same subject are not copies: no pair of the sample archive") {
  std::map<std::string, CopyKey> keys;
  for (const auto& entry : std::filesystem::directory_iterator(testing::source_dir() + "/corpus/articles")) {
    if (entry.path().extension() != ".txt") continue;
    keys[entry.path().filename().string()] = key_of(sample_paragraphs(entry.path().filename().string()));
  }
  REQUIRE(keys.size() > 40);
  double most = 0;
  for (auto a = keys.begin(); a != keys.end(); ++a) {
    for (auto b = std::next(a); b != keys.end(); ++b) {
      CHECK_MESSAGE(!are_copies(a->second, b->second), a->first << " and " << b->first);
      most = std::max(most, copy_similarity(a->second, b->second));
    }
  }
  CHECK(most < 0.2);  // far below the threshold, not just under it

  // Two Javelin stories, naming the same weapons, countries and people.
  CHECK(copy_similarity(keys.at("2021-12-baltic-javelin-stinger-ukraine.txt"), keys.at("2022-01-nlaw-javelin-kyiv.txt")) < 0.2);
}

TEST_CASE("the same names in different sentences are not a copy") {
  const CopyKey a = key_of({"NATO Secretary General Jens Stoltenberg met President Aleksandar Vucic in Belgrade on Monday to "
                            "discuss the KFOR mission in northern Kosovo, where tensions rose after the tariff dispute. "
                            "Stoltenberg said the alliance would keep its troop numbers and urged Belgrade and Pristina "
                            "to return to the EU-facilitated dialogue without preconditions."});
  const CopyKey b = key_of({"President Aleksandar Vucic told Jens Stoltenberg in Belgrade that Serbia expected KFOR to "
                            "protect Serbs in northern Kosovo. The NATO Secretary General answered that the tariff "
                            "dispute had to end and that the EU-facilitated dialogue between Belgrade and Pristina "
                            "remained the only way forward for both sides."});
  REQUIRE_FALSE(a.empty());
  REQUIRE_FALSE(b.empty());
  CHECK_FALSE(are_copies(a, b));
  CHECK(copy_similarity(a, b) < 0.3);
}

TEST_CASE("short texts have no key and are never copies, even when identical") {
  const std::vector<std::string> brief{"KFOR increased patrols in northern Kosovo on Tuesday, a spokesperson said. More follows."};
  const CopyKey key = key_of(brief);
  CHECK(key.empty());
  CHECK_FALSE(are_copies(key, key));
  CHECK(copy_similarity(key, key) == 0);
  CHECK(copy_bands(key).empty());

  std::vector<std::string> words;
  for (std::size_t i = 0; i + 1 < kMinWords; ++i) words.push_back("w" + std::to_string(i));
  CHECK(copy_key(words).empty());
  words.push_back("last");
  CHECK_FALSE(copy_key(words).empty());
}

TEST_CASE("Cyrillic and Latin spellings of one text are copies (words are folded)") {
  const std::string cyrillic =
      "Председник Србије Александар Вучић састао се у Београду са генералним секретаром НАТО како би разговарали о "
      "безбедности на северу Косова и о дијалогу између Београда и Приштине који води Европска унија уз подршку "
      "Сједињених Држава и других чланица алијансе";
  const std::string latin =
      "Predsednik Srbije Aleksandar Vučić sastao se u Beogradu sa generalnim sekretarom NATO kako bi razgovarali o "
      "bezbednosti na severu Kosova i o dijalogu između Beograda i Prištine koji vodi Evropska unija uz podršku "
      "Sjedinjenih Država i drugih članica alijanse";
  Normaliser normaliser;
  Article a = article_of({cyrillic});
  a.meta.language = "sr";
  Article b = article_of({latin});
  b.meta.language = "sr";
  const CopyKey ka = copy_key(a, normaliser);
  REQUIRE_FALSE(ka.empty());
  CHECK(ka == copy_key(b, normaliser));
}

TEST_CASE("bands: equal keys share every band; the key round-trips through its stored form") {
  const CopyKey a = key_of(sample_paragraphs(kSample));
  const CopyKey b = key_of(sample_paragraphs("2020-02-pancir-srbija.txt"));
  const std::vector<std::uint64_t> bands = copy_bands(a);
  CHECK(bands.size() == kCopyBands);
  CHECK(copy_bands(a) == bands);
  std::size_t shared = 0;
  const std::vector<std::uint64_t> other = copy_bands(b);
  for (std::size_t i = 0; i < kCopyBands; ++i) shared += bands[i] == other[i] ? 1 : 0;
  CHECK(shared == 0);

  const std::string stored = encode_copy_key(a);
  CHECK(stored.size() == 2 * kCopyHashes);
  const auto back = decode_copy_key(stored);
  REQUIRE(back);
  CHECK(*back == a);
  CHECK_FALSE(decode_copy_key(stored.substr(1)));
  CHECK_FALSE(decode_copy_key(""));
}
