// libedit, loaded when dossier-search -i starts on a terminal rather than linked: libedit and
// the three libraries it brings (libtinfo, libbsd, libmd) cost every process a few milliseconds
// to map and relocate, a sixth of a one-shot search, which never edits a line. Only
// searcher/main.cpp uses it.
#pragma once

#include <editline/readline.h>

#include <string>

namespace dossier {

// The readline-compatible functions and variables of libedit that dossier-search uses, found by
// name in the loaded library. Types come from its header, so a changed signature fails to build.
struct LineEditor {
  decltype(&::readline) readline = nullptr;
  decltype(&::add_history) add_history = nullptr;
  decltype(&::using_history) using_history = nullptr;
  decltype(&::stifle_history) stifle_history = nullptr;
  decltype(&::read_history) read_history = nullptr;
  decltype(&::write_history) write_history = nullptr;
  decltype(&::rl_completion_matches) completion_matches = nullptr;
  // libedit's globals, by address.
  decltype(&::rl_readline_name) readline_name = nullptr;
  decltype(&::rl_catch_signals) catch_signals = nullptr;
  decltype(&::rl_attempted_completion_function) attempted_completion_function = nullptr;
  decltype(&::rl_attempted_completion_over) attempted_completion_over = nullptr;
  decltype(&::rl_basic_word_break_characters) basic_word_break_characters = nullptr;
  decltype(&::rl_completion_append_character) completion_append_character = nullptr;
  decltype(&::rl_line_buffer) line_buffer = nullptr;
  decltype(&::rl_end) end = nullptr;
};

// Loads libedit (once; later calls return the same). Null when it cannot be loaded or lacks a
// name, with the reason in problem: the session then reads plain lines.
const LineEditor* load_line_editor(std::string& problem);

}  // namespace dossier
