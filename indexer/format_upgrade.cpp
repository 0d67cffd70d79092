#include "indexer/format_upgrade.h"

#include <xapian.h>

#include "common/error.h"
#include "common/schema.h"

namespace dossier {

std::size_t mark_only_passages(const std::vector<std::string>& shard_paths, int open_flags) {
  const std::string mark(schema::kTermOnlyPassage);
  const std::string prefix(schema::kPrefixArticle);
  std::size_t marked = 0;
  for (const std::string& path : shard_paths) {
    try {
      Xapian::WritableDatabase shard(path, open_flags);
      // The article terms in order, each with its frequency: no document read but the marked.
      std::vector<Xapian::docid> only;
      for (Xapian::TermIterator it = shard.allterms_begin(prefix); it != shard.allterms_end(prefix); ++it) {
        if (it.get_termfreq() == 1) only.push_back(*shard.postlist_begin(*it));
      }
      for (const Xapian::docid docid : only) {
        Xapian::Document doc = shard.get_document(docid);
        doc.add_boolean_term(mark);
        shard.replace_document(docid, doc);
      }
      shard.commit();
      marked += only.size();
    } catch (const Xapian::Error& e) {
      throw DatabaseError(path + ": cannot upgrade the shard to format 9: " + e.get_description());
    }
  }
  return marked;
}

}  // namespace dossier
