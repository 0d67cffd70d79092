#include "searcher/copies.h"

#include <map>

#include "common/copy_index.h"

namespace dossier {

std::vector<std::vector<std::string>> find_copies(Xapian::Database& db, const Xapian::Query& query, const SearchRequest& request,
                                                  const std::vector<RankedHit>& hits, bool local_index) {
  std::vector<std::vector<std::string>> copies(hits.size());
  std::vector<std::string> labels;
  std::vector<std::string> terms;
  for (const RankedHit& hit : hits) {
    labels.push_back(hit.copy_label.empty() ? hit.document.get_value(schema::kSlotCopyGroup) : hit.copy_label);
    if (labels.back().empty()) continue;
    // No entry in the copy index: the label is its founder's alone.
    if (local_index && db.get_metadata(copy_group_key(labels.back())).empty()) continue;
    terms.push_back(schema::copy_group_term(labels.back()));
  }
  if (terms.empty()) return copies;
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end())));
  enquire.set_weighting_scheme(bm25_weighting(request.ranking));
  enquire.set_collapse_key(schema::kSlotArticleId);
  // Every matching article of these groups: the page's own articles and their copies.
  const Xapian::MSet mset = enquire.get_mset(0, std::max<Xapian::doccount>(db.get_doccount(), 1));
  if (!mset.empty()) mset.fetch(mset.begin(), mset.end());
  std::map<std::string, std::vector<std::string>> by_label;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    by_label[it.get_document().get_value(schema::kSlotCopyGroup)].push_back(it.get_collapse_key());
  }
  for (std::size_t i = 0; i < hits.size(); ++i) {
    const auto found = by_label.find(labels[i]);
    if (labels[i].empty() || found == by_label.end()) continue;
    const std::string own = hits[i].article_id.empty() ? hits[i].document.get_value(schema::kSlotArticleId) : hits[i].article_id;
    for (const std::string& id : found->second) {
      if (id != own) copies[i].push_back(id);
    }
  }
  return copies;
}

}  // namespace dossier
