// Command-line arguments checked before cxxopts sees them. cxxopts matches every argument that
// starts with '-' against a std::regex, which overflows the stack on a ~50 KB argument, and it
// reads "kosovo -drone" as the option -d with the value "rone".
#pragma once

#include <cxxopts.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace dossier {

struct ArgumentRules {
  std::size_t max_option_length = 4096;  // longer arguments starting with '-' are refused
  // With words: after the first argument that is no option, an argument of a single '-' and a
  // word ("-drone") is a word to leave out of the query, unless it is exactly one of
  // short_options ("-n"). Such words go after a "--", where cxxopts reads them as positional.
  bool dash_words = false;
  std::vector<std::string> short_options;  // "-n", "-i", ...
  // Options that take no value ("--json", "-i"); every other option takes the next argument as
  // its value (unless written --name=value), which is then neither a word nor a dash word
  // ("--sort -date").
  std::vector<std::string> flags;
  // Every option's names ("--limit", "-n"): an argument that names none of them is refused with
  // the nearest one suggested ("--hlep": did you mean --help?).
  std::vector<std::string> names;
};

// short_options and flags as the spec declares them.
ArgumentRules argument_rules(const cxxopts::Options& spec);

// The arguments to give cxxopts; throws UsageError naming a refused argument by its position,
// or an unknown option with the nearest known one.
std::vector<std::string> check_arguments(const std::vector<std::string>& args, const ArgumentRules& rules);

// cxxopts' own message, made to name the option: "Argument 'abc' failed to parse" becomes
// "--limit: 'abc' is not a number"-like text naming the option whose value it was.
std::string describe_option_error(const cxxopts::exceptions::exception& error, const std::vector<std::string>& args);

}  // namespace dossier
