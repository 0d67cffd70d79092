#include "searcher/speedup/facet_table_probe.h"

namespace dossier {

void FacetTableProbe::init(const Xapian::Database& part) {
  current_ = 0;
  last_ = part.get_lastdocid();
  count_ = part.get_doccount();
  table_ = shard_facets(part);
}

}  // namespace dossier
