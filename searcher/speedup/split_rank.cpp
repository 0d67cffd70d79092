#include "searcher/speedup/split_rank.h"

#include <algorithm>
#include <unordered_set>

#include "searcher/speedup/partition.h"

namespace dossier {

RankedMatch merge_ranked(std::vector<RankedMatch> parts, Xapian::doccount wanted) {
  RankedMatch merged;
  for (RankedMatch& part : parts) {
    merged.docs.insert(merged.docs.end(), part.docs.begin(), part.docs.end());
    merged.estimated += part.estimated;
    merged.lower_bound += part.lower_bound;
    merged.upper_bound += part.upper_bound;
  }
  // Xapian's own order for equal weights is ascending docid.
  std::sort(merged.docs.begin(), merged.docs.end(), [](const RankedDoc& a, const RankedDoc& b) {
    return a.weight != b.weight ? a.weight > b.weight : a.docid < b.docid;
  });
  std::unordered_set<std::string> seen;
  std::vector<RankedDoc> kept;
  for (RankedDoc& doc : merged.docs) {
    if (kept.size() >= wanted) break;
    if (!doc.key.empty() && !seen.insert(doc.key).second) continue;
    kept.push_back(std::move(doc));
  }
  merged.docs = std::move(kept);
  return merged;
}

RankedMatch rank_split(SplitWorkers& workers, Xapian::Database& own, const RankRequest& request) {
  std::vector<RankedMatch> parts(workers.partitions());
  const SplitWorkers::Task task = [&](const Partition& scope, Xapian::Database& db) {
    Xapian::Enquire enquire(db);
    Xapian::Query query = Xapian::Query::unserialise(request.query);
    if (request.bm25_sources != nullptr) query = with_bm25_sources(query, db, *request.bm25_sources);
    enquire.set_query(restrict_to(query, scope));
    enquire.set_weighting_scheme(*request.weighting);
    if (request.collapse_key != Xapian::BAD_VALUENO) enquire.set_collapse_key(request.collapse_key);
    if (request.min_weight > 0) enquire.set_cutoff(0, request.min_weight);
    const Xapian::MSet mset = enquire.get_mset(0, request.wanted);
    RankedMatch& part = parts[scope.partition];
    part.docs.reserve(mset.size());
    const bool collapsed = request.collapse_key != Xapian::BAD_VALUENO;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      part.docs.push_back({*it, it.get_weight(), collapsed ? it.get_collapse_key() : std::string()});
    }
    part.estimated = mset.get_matches_estimated();
    part.lower_bound = mset.get_matches_lower_bound();
    part.upper_bound = mset.get_matches_upper_bound();
  };
  if (request.articles) {
    workers.run_articles(own, task);
  } else {
    workers.run(own, task);
  }
  return merge_ranked(std::move(parts), request.wanted);
}

}  // namespace dossier
