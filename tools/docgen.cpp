// dossier-docgen OUTDIR: writes the man pages (OUTDIR/man/man1/*.1) and the bash and zsh
// completions (OUTDIR/completions/bash/NAME, OUTDIR/completions/zsh/_NAME) of dossier-index,
// dossier-search and dossier-watch from the option definitions their --help prints (common/manual.h). Run by the
// build; not installed.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "common/manual.h"
#include "indexer/cli.h"
#include "searcher/cli.h"
#include "searcher/watch_cli.h"

namespace {

void write(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: dossier-docgen OUTDIR\n";
    return 2;
  }
  try {
    const std::filesystem::path out = argv[1];
    const std::pair<cxxopts::Options, dossier::ManualText> tools[] = {
        {dossier::indexer_option_spec(), dossier::indexer_manual()},
        {dossier::searcher_option_spec(), dossier::searcher_manual()},
        {dossier::watch_option_spec(), dossier::watch_manual()}};
    for (const auto& [spec, text] : tools) {
      write(out / "man" / "man1" / (text.name + ".1"), dossier::man_page(spec, text, DOSSIER_VERSION));
      write(out / "completions" / "bash" / text.name, dossier::bash_completion(spec, text));
      write(out / "completions" / "zsh" / ("_" + text.name), dossier::zsh_completion(spec, text));
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "dossier-docgen: " << e.what() << '\n';
    return 2;
  }
}
