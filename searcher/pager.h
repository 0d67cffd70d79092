// dossier-search -i on a terminal: the output of a command that is longer than the screen goes
// through a pager ($PAGER, default "less -R"), as git and man do; shorter output, and everything
// off a terminal, is printed as it is.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dossier {

// The screen rows text takes on a terminal this many columns wide: a line wider than the
// terminal wraps (colour sequences take no room).
std::size_t screen_rows(std::string_view text, std::size_t columns);

// True when a pager command pages at all: empty and "cat" print as they are.
bool is_pager(std::string_view command);
// True when the command runs less (its first word is less or a path ending in /less).
bool runs_less(std::string_view command);
// What LESS is set to for less: -R (colour sequences shown as colour), -F (quit at once when the
// text fits a screen), -X (the text stays on the screen after quitting), then the user's own LESS,
// which comes last and so wins.
std::string less_options(std::string_view user_less);

// Runs command through /bin/sh with text on its standard input, and waits for it to end. False
// when it could not be started (no process, or the shell found no such command: exit 126 or
// 127): the caller prints the text itself. The caller ignores SIGPIPE: a pager may quit before
// it has read everything.
bool show_in_pager(const std::string& command, std::string_view text);

}  // namespace dossier
