// Which source files list each article id, across runs: the rules that keep a cross-file
// duplicate from losing data, and default ids unique per source file.
//
// An id may be listed by several files (two JSONL files with the same "id", or a file copied
// under another name). The database holds one copy, the one written last; every file that lists
// the id keeps its claim in the manifest. When one file drops the id (the file or its article is
// removed), the article is deleted only if no other file still lists it; otherwise the run
// writes the surviving file's copy back (IndexRun::restore).
//
// A default id (no ID header, no JSON "id") comes from the path under the command-line argument.
// Two folders indexed together or in turn (bbc/politics/001.txt, bbc/business/001.txt) would both
// give "001"; a file whose default id another file already has gets a longer one, with its
// parent folders ("business/001"), and keeps it on later runs.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "indexer/input_files.h"
#include "indexer/manifest.h"

namespace dossier {

class ArticleOwners {
 public:
  // Every claim the stored manifest makes (an entry of an older run without a stored base:
  // the base its article ids show).
  explicit ArticleOwners(const std::map<std::string, ManifestEntry>& manifest);

  // The id base for a file about to be read: the one its previous entry had, when that is still
  // one of its candidates; else the shortest candidate no other file has (the scan's relative
  // path, then that path with its parent folders added one by one, up to the whole canonical
  // path). Claims it for the file.
  std::string choose_base(const InputFile& file, const ManifestEntry* previous);

  // The id base a file was given (by choose_base or its stored entry); empty when unknown.
  std::string base_of(const std::string& path) const;

  // A file other than path that lists id (its canonical path), or nullptr.
  const std::string* other_owner(const std::string& id, const std::string& path) const;
  // Whether path lists id.
  bool owns(const std::string& id, const std::string& path) const;

  // The file's claims are now those of entry (after it was read again).
  void update(const ManifestEntry& entry, const std::vector<ManifestArticle>& previous);
  // The file is gone: it claims nothing.
  void release(const std::string& path, const std::vector<ManifestArticle>& articles, const std::string& id_base);

 private:
  std::uint32_t intern(const std::string& path);
  void add(const std::string& id, std::uint32_t owner);
  void remove(const std::string& id, std::uint32_t owner);

  std::vector<std::string> paths_;
  std::unordered_map<std::string, std::uint32_t> path_index_;
  // id -> the files listing it; nearly always one, so a vector of indices.
  std::unordered_map<std::string, std::vector<std::uint32_t>> owners_;
  std::unordered_map<std::string, std::uint32_t> bases_;  // id base -> file
  std::unordered_map<std::uint32_t, std::string> base_by_owner_;
};

}  // namespace dossier
