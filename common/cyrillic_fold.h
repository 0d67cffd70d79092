// Cyrillic words folded by table, as ICU's BGN/PCGN transliterators fold them (Serbian-Latin/BGN,
// Russian-Latin/BGN, Ukrainian-Latin/BGN, then to ASCII and lower case), without building them:
// ICU builds its transliterator registry on the first one, 8 to 10 ms, which a one-shot search
// paid whenever a snippet's passage held a Cyrillic word. Normaliser uses this for the words it
// covers and the transliterators for the rest; tests compare the two on every word of up to
// three letters of each alphabet and on random longer ones.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/normalise.h"

namespace dossier {

// The fold of a word of the three alphabets' letters, ASCII letters and digits under a scheme
// (Russian, Serbian or Ukrainian, not Auto): lower-case ASCII. The scheme's transliterator folds
// its own alphabet; the other two alphabets' letters it leaves to Any-Latin, as ICU does (я under
// Serbian -> â -> a). Nullopt for a word with any other character (Macedonian ѓ, a mark,
// punctuation), which the transliterators fold.
std::optional<std::string> fold_cyrillic(std::u32string_view word, CyrillicScheme scheme);

}  // namespace dossier
