#include "common/entity_matcher.h"

#include <algorithm>
#include <deque>
#include <set>
#include <string>
#include <unordered_map>

#include "common/error.h"

namespace dossier {

namespace {

using TokenSeq = std::vector<std::string>;

struct Target {
  const GazetteerEntry* entry = nullptr;  // null for a veto phrase
  const GazetteerName* name = nullptr;
  TokenSeq exact_tokens;  // original token texts, for exact-case names
  const std::vector<TokenSeq>* cues = nullptr;
  std::size_t cue_window = 0;
};

struct Node {
  std::unordered_map<std::string, std::size_t> children;
  std::vector<Target> targets;
};

struct FacetTrie {
  schema::Facet facet;
  bool inflected = false;  // keys are inflection_key(token)
  std::vector<Node> nodes{Node{}};

  void insert(const TokenSeq& sequence, Target target) {
    std::size_t node = 0;
    for (const std::string& folded : sequence) {
      const std::string token = inflected ? inflection_key(folded) : folded;
      auto it = nodes[node].children.find(token);
      if (it == nodes[node].children.end()) {
        nodes.push_back(Node{});
        it = nodes[node].children.emplace(token, nodes.size() - 1).first;
      }
      node = it->second;
    }
    nodes[node].targets.push_back(std::move(target));
  }
};

}  // namespace

struct EntityMatcher::Impl {
  const Gazetteer& gazetteer;
  std::vector<FacetTrie> tries;
  // Cue phrase lists, folded: one per file (shared by its entries without cues of their own)
  // and one per entry with cues (its own + the file's). A deque: Targets point into it.
  std::deque<std::vector<TokenSeq>> cue_lists;

  Impl(const Gazetteer& g, Normaliser& normaliser) : gazetteer(g) {
    // Folded once per name: the two tries (plain and inflected) and every alias of a large
    // gazetteer would otherwise tokenise each name eight times.
    std::unordered_map<std::string, std::vector<TokenSeq>> folded_names;
    const auto fold_all = [&](std::string_view text) -> const std::vector<TokenSeq>& {
      const auto cached = folded_names.find(std::string(text));
      if (cached != folded_names.end()) return cached->second;
      std::vector<TokenSeq>& variants = folded_names[std::string(text)];
      // Only Cyrillic letters (U+0400-U+052F: UTF-8 lead bytes 0xD0-0xD4) fold differently by
      // scheme: any other name needs one pass.
      const bool ascii = std::none_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte >= 0xD0 && byte <= 0xD4;
      });
      static constexpr CyrillicScheme kSchemes[] = {CyrillicScheme::Auto, CyrillicScheme::Serbian, CyrillicScheme::Russian,
                                                    CyrillicScheme::Ukrainian};
      for (std::size_t s = 0; s < (ascii ? 1 : 4); ++s) {
        const CyrillicScheme scheme = kSchemes[s];
        TokenSeq seq;
        for (auto& token : normaliser.tokenize(text, scheme)) seq.push_back(std::move(token.folded));
        if (!seq.empty() && std::find(variants.begin(), variants.end(), seq) == variants.end()) {
          variants.push_back(std::move(seq));
        }
      }
      return variants;
    };
    for (bool inflected : {false, true}) {
      for (const GazetteerFile& file : gazetteer.files) add_file(file, inflected, fold_all, normaliser);
    }
  }

  template <typename FoldAll>
  void add_file(const GazetteerFile& file, bool inflected, const FoldAll& fold_all, Normaliser& normaliser) {
      FacetTrie* trie = nullptr;
      for (auto& t : tries) trie = t.facet == file.facet && t.inflected == inflected ? &t : trie;
      if (trie == nullptr) {
        tries.push_back(FacetTrie{file.facet, inflected});
        trie = &tries.back();
      }
      std::vector<TokenSeq>& file_cues = cue_lists.emplace_back();
      for (const auto& cue : file.cues) {
        for (const auto& seq : fold_all(cue)) file_cues.push_back(seq);
      }
      for (const GazetteerEntry& entry : file.entries) {
        const std::vector<TokenSeq>* entry_cues = &file_cues;
        if (!entry.cues.empty()) {
          std::vector<TokenSeq>& own = cue_lists.emplace_back(file_cues);
          for (const auto& cue : entry.cues) {
            for (const auto& seq : fold_all(cue)) own.push_back(seq);
          }
          entry_cues = &own;
        }
        for (const GazetteerName& name : entry.names) {
          auto variants = fold_all(name.text);
          if (variants.empty()) {
            throw GazetteerError(entry.origin, 0, "name '" + name.text + "' of " + entry.id + " has no letters or digits");
          }
          Target target{&entry, &name, {}, entry_cues, file.cue_window};
          if (name.exact) {
            for (const auto& token : normaliser.tokenize(name.text)) {
              target.exact_tokens.push_back(name.text.substr(token.begin, token.end - token.begin));
            }
          }
          for (const auto& seq : variants) trie->insert(seq, target);
        }
        for (const auto& veto : entry.vetoes) {
          for (const auto& seq : fold_all(veto)) trie->insert(seq, Target{});
        }
      }
  }

  static bool exact_ok(const Target& target, std::string_view text, const std::vector<Token>& tokens, std::size_t first) {
    for (std::size_t k = 0; k < target.exact_tokens.size(); ++k) {
      const Token& token = tokens[first + k];
      if (text.substr(token.begin, token.end - token.begin) != target.exact_tokens[k]) return false;
    }
    return true;
  }

  static bool cue_near(const Target& target, const std::vector<Token>& tokens, std::size_t first, std::size_t last) {
    const std::size_t from = first >= target.cue_window ? first - target.cue_window : 0;
    const std::size_t to = std::min(tokens.size(), last + 1 + target.cue_window);
    for (const TokenSeq& cue : *target.cues) {
      for (std::size_t i = from; i + cue.size() <= to; ++i) {
        if (i + cue.size() > first && i <= last) continue;  // overlaps the mention itself
        bool all = true;
        for (std::size_t k = 0; k < cue.size() && all; ++k) all = tokens[i + k].folded == cue[k];
        if (all) return true;
      }
    }
    return false;
  }

  bool accepted(const Target& target, std::string_view text, const std::vector<Token>& tokens, std::size_t first,
                std::size_t last) const {
    if (target.entry == nullptr) return true;  // veto
    if (target.name->exact && !exact_ok(target, text, tokens, first)) return false;
    if (target.name->ambiguous && !cue_near(target, tokens, first, last)) return false;
    return true;
  }

  void match_facet(const FacetTrie& trie, std::string_view text, const std::vector<Token>& tokens,
                   std::vector<EntityMention>& out) const {
    std::size_t i = 0;
    // Reused across tokens: a large gazetteer makes many steps into the trie, and a vector per
    // step was most of the matcher's allocations.
    std::vector<const Target*> best, here;
    while (i < tokens.size()) {
      std::size_t node = 0;
      std::size_t best_last = 0;
      best.clear();
      for (std::size_t j = i; j < tokens.size(); ++j) {
        auto it = trie.nodes[node].children.find(trie.inflected ? inflection_key(tokens[j].folded) : tokens[j].folded);
        if (it == trie.nodes[node].children.end()) break;
        node = it->second;
        here.clear();
        for (const Target& target : trie.nodes[node].targets) {
          if (accepted(target, text, tokens, i, j)) here.push_back(&target);
        }
        if (!here.empty()) {
          best.swap(here);
          best_last = j;
        }
      }
      if (best.empty()) {
        ++i;
        continue;
      }
      const bool vetoed = std::any_of(best.begin(), best.end(), [](const Target* t) { return t->entry == nullptr; });
      if (!vetoed) emit(best, text, tokens[i].begin, tokens[best_last].end, out);
      i = best_last + 1;
    }
  }

  void emit(const std::vector<const Target*>& targets, std::string_view text, std::size_t begin, std::size_t end,
            std::vector<EntityMention>& out) const {
    std::set<const GazetteerEntry*> done;
    for (const Target* target : targets) {
      if (!done.insert(target->entry).second) continue;
      const GazetteerEntry& entry = *target->entry;
      const std::string mention(text.substr(begin, end - begin));
      const std::string rule = target->name->ambiguous ? "cue" : target->name->rule;
      out.push_back({std::string(schema::facet_name(entry.facet)), entry.id, entry.name, mention, begin, end, rule});
      if (entry.facet == schema::Facet::Weapon && entry.type == "system") {
        if (const GazetteerEntry* category = gazetteer.find(schema::Facet::Weapon, entry.category)) {
          out.push_back({"weapon", category->id, category->name, mention, begin, end, "category"});
        }
      }
    }
  }
};

EntityMatcher::EntityMatcher(const Gazetteer& gazetteer, Normaliser& normaliser)
    : impl_(std::make_unique<Impl>(gazetteer, normaliser)) {}
EntityMatcher::~EntityMatcher() = default;

std::vector<EntityMention> EntityMatcher::match(std::string_view text, const std::vector<Token>& tokens,
                                                bool inflected) const {
  std::vector<EntityMention> out;
  for (const FacetTrie& trie : impl_->tries) {
    if (trie.inflected == inflected) impl_->match_facet(trie, text, tokens, out);
  }
  std::stable_sort(out.begin(), out.end(), [](const EntityMention& a, const EntityMention& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  // The same entity found twice at one span (a system's category and a generic alias) once.
  out.erase(std::unique(out.begin(), out.end(),
                        [](const EntityMention& a, const EntityMention& b) {
                          return a.facet == b.facet && a.id == b.id && a.begin == b.begin && a.end == b.end;
                        }),
            out.end());
  return out;
}

}  // namespace dossier
