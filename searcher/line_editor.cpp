#include "searcher/line_editor.h"

#include <dlfcn.h>

#include <optional>

namespace dossier {

namespace {

// The library's name as Debian installs it (package libedit2); the unversioned link is only in
// libedit-dev.
constexpr const char* kLibrary = "libedit.so.2";

template <typename Pointer>
bool find(void* library, const char* name, Pointer& out, std::string& problem) {
  void* symbol = dlsym(library, name);
  if (symbol == nullptr) {
    problem = std::string(kLibrary) + " has no '" + name + "'";
    return false;
  }
  out = reinterpret_cast<Pointer>(symbol);
  return true;
}

std::optional<LineEditor> load(std::string& problem) {
  // Never unloaded: its functions and globals are used until the process ends.
  void* library = dlopen(kLibrary, RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* reason = dlerror();
    problem = std::string("cannot load ") + kLibrary + ": " + (reason != nullptr ? reason : "unknown reason");
    return std::nullopt;
  }
  LineEditor e;
  const bool found = find(library, "readline", e.readline, problem) && find(library, "add_history", e.add_history, problem) &&
                     find(library, "using_history", e.using_history, problem) &&
                     find(library, "stifle_history", e.stifle_history, problem) &&
                     find(library, "read_history", e.read_history, problem) &&
                     find(library, "write_history", e.write_history, problem) &&
                     find(library, "rl_completion_matches", e.completion_matches, problem) &&
                     find(library, "rl_readline_name", e.readline_name, problem) &&
                     find(library, "rl_catch_signals", e.catch_signals, problem) &&
                     find(library, "rl_attempted_completion_function", e.attempted_completion_function, problem) &&
                     find(library, "rl_attempted_completion_over", e.attempted_completion_over, problem) &&
                     find(library, "rl_basic_word_break_characters", e.basic_word_break_characters, problem) &&
                     find(library, "rl_completion_append_character", e.completion_append_character, problem) &&
                     find(library, "rl_line_buffer", e.line_buffer, problem) && find(library, "rl_end", e.end, problem);
  if (!found) return std::nullopt;
  return e;
}

}  // namespace

const LineEditor* load_line_editor(std::string& problem) {
  static std::string first_problem;
  static const std::optional<LineEditor> editor = load(first_problem);
  problem = first_problem;
  return editor ? &*editor : nullptr;
}

}  // namespace dossier
