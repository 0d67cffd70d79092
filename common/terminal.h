// Terminal safety: archived text may hold escape sequences, control bytes and bidi overrides
// that would rewrite the analyst's screen. Everything printed for a person goes through here.
#pragma once

#include <string>
#include <string_view>

namespace dossier {

// Removes ANSI/VT escape sequences (CSI, OSC, DCS, ...) whole; replaces other C0/C1 controls,
// DEL, bidi embedding/override/isolate controls and invalid UTF-8 with U+FFFD so that their
// presence stays visible; turns tab, newline and carriage return into a space when single_line
// (else keeps '\n' and '\t').
std::string sanitise_for_terminal(std::string_view text, bool single_line = true);

// JSON text that is safe on a terminal yet loses nothing: escapes DEL, C1 controls and bidi
// controls (which JSON allows raw) as \uXXXX. Input is a serialised JSON document.
std::string escape_json_for_terminal(std::string_view json_text);

// True for code points that must never reach a terminal raw.
bool is_unsafe_code_point(char32_t cp);

// Display width in terminal columns (East Asian wide = 2, combining = 0).
std::size_t display_width(std::string_view text);

// display_width without the colour sequences (ESC [ ... m) the tools write themselves.
std::size_t visible_width(std::string_view text);

// Greedy word wrap at spaces by visible width: the first line starts with first_prefix, the
// others with indent. Words are never split; only a word longer than a whole line can pass the
// width.
std::string wrap_words(std::string_view text, std::size_t width, std::string_view indent, std::string_view first_prefix);

}  // namespace dossier
