// Man pages and shell completions made from a tool's cxxopts option definitions, the same ones
// its --help prints, so that the three never disagree (tests/e2e/test_manual.sh checks every
// --help option in each). dossier-docgen (tools/docgen.cpp) writes them at build time; CMake
// installs them.
#pragma once

#include <cxxopts.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace dossier {

// What a tool's page says beyond its options.
struct ManualText {
  std::string name;      // "dossier-search"
  std::string summary;   // the NAME line's description
  std::string synopsis;  // after the name: "[OPTIONS] QUERY..."
  std::vector<std::string> description;                        // paragraphs
  std::vector<std::pair<std::string, std::string>> environment;  // variable, what it does
  std::vector<std::pair<std::string, std::string>> exit_status;  // code, meaning
  std::vector<std::pair<std::string, std::string>> examples;     // command, what it does
  std::vector<std::string> see_also;                             // "dossier-index(1)"
  // Completion hints: an option's fixed values ("format" -> text json ...), and options whose
  // value is a file or a directory. Positional arguments are files (files_positional) or words.
  std::map<std::string, std::vector<std::string>> choices;
  std::vector<std::string> file_options, directory_options;
  bool files_positional = false;
};

// roff (man(7) macros), section 1.
std::string man_page(const cxxopts::Options& spec, const ManualText& text, const std::string& version);
// A bash completion script defining _<name> (dashes as underscores) and `complete -F` for name.
std::string bash_completion(const cxxopts::Options& spec, const ManualText& text);
// A zsh completion function file (#compdef name), to be installed as _<name> in $fpath.
std::string zsh_completion(const cxxopts::Options& spec, const ManualText& text);

}  // namespace dossier
