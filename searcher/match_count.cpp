#include "searcher/match_count.h"

#include <algorithm>
#include <cmath>

#include "common/schema.h"

namespace dossier {

namespace {

// Strata per shard: enough that a date-ordered archive is sampled across all its years, few
// enough that each block holds dozens of articles (skipping between blocks stays cheap).
constexpr Xapian::doccount kStrata = 32;
// An estimate from a sample that saw fewer articles than a quarter of the passages it set out to
// examine (and fewer than 100) is not made: the matches are counted exactly. Matches that
// crowd into a few very long articles (one of 200,000 passages among a handful) would otherwise
// each be scaled up as if the sample had drawn them by chance.
constexpr std::size_t kMinSampledArticles = 100;
std::size_t min_sampled_articles(const CountPolicy& policy) {
  return std::min<std::size_t>(kMinSampledArticles, std::max<std::size_t>(1, policy.sample_size / 4));
}
// Sampling half the matches or more saves too little to be worth an estimate.
constexpr double kMaxSampleFraction = 0.5;

// Finds article starts (a docid whose article id differs from the previous docid's) moving
// forward through the article-id value stream, re-seeking only when asked to go back.
class ArticleStarts {
 public:
  ArticleStarts(const Xapian::Database& db, Xapian::docid last) : db_(db), last_(last) {}

  // The first article start >= did (last + 1 when there is none).
  Xapian::docid at_or_after(Xapian::docid did) {
    if (did <= 1) return 1;
    if (did > last_) return last_ + 1;
    if (!open_ || position() > did - 1) {
      it_ = db_.valuestream_begin(schema::kSlotArticleId);
      open_ = true;
    }
    if (it_ == db_.valuestream_end(schema::kSlotArticleId)) return did;
    it_.skip_to(did - 1);
    if (at_end()) return last_ + 1;
    // did - 1 has no value (a gap left by a deletion): its successor starts whatever follows.
    if (it_.get_docid() != did - 1) return it_.get_docid();
    // Every docid from the last scan's origin up to the start it found is in one article: the
    // same answer, without reading a long article again for each stratum edge inside it.
    if (did - 1 >= scanned_from_ && did <= found_) return found_;
    scanned_from_ = did - 1;
    const std::string article = *it_;
    // No limit: a block edge never cuts an article, however long (a cut one would be counted
    // in two blocks, and scaled up twice). The memo above keeps the reading linear.
    for (;;) {
      ++it_;
      if (at_end()) return found_ = last_ + 1;
      if (*it_ != article) return found_ = it_.get_docid();
    }
  }

 private:
  bool at_end() const { return it_ == db_.valuestream_end(schema::kSlotArticleId); }
  Xapian::docid position() const { return at_end() ? last_ + 1 : it_.get_docid(); }

  const Xapian::Database& db_;
  Xapian::docid last_;
  Xapian::ValueIterator it_;
  bool open_ = false;
  Xapian::docid scanned_from_ = 1, found_ = 0;  // the last scan: [scanned_from_, found_) is one article
};

}  // namespace

DocidSample::DocidSample(double fraction, Xapian::doccount strata, std::shared_ptr<Coverage> coverage, Partition scope)
    : fraction_(fraction), strata_(std::max<Xapian::doccount>(strata, 1)), coverage_(std::move(coverage)), scope_(scope) {}

void DocidSample::init(const Xapian::Database& db) {
  last_ = scope_.contains(db) ? db.get_lastdocid() : 0;
  blocks_.clear();
  next_block_ = 0;
  current_ = 0;
  sampled_ = 0;
  if (last_ > 0) {
    const Xapian::doccount stride = (last_ + strata_ - 1) / strata_;
    const auto length = std::max<Xapian::doccount>(1, static_cast<Xapian::doccount>(std::lround(fraction_ * stride)));
    // Block edges move to article starts, so that an article is either wholly in the sample or
    // not at all: a cut article would count as one whole article in the sample and bias the
    // scaled article counts upwards.
    ArticleStarts starts(db, last_);
    for (Xapian::docid first = 1; first <= last_; first += stride) {
      const Xapian::docid begin = std::max(starts.at_or_after(first), blocks_.empty() ? 1 : blocks_.back().second);
      const Xapian::docid end = std::max(begin, starts.at_or_after(first + length));
      if (end > begin) blocks_.emplace_back(begin, end);
    }
    for (const auto& [begin, end] : blocks_) sampled_ += end - begin;
  }
  if (coverage_) {
    coverage_->sampled += sampled_;
    coverage_->range += last_;
  }
}

void DocidSample::move_to(Xapian::docid did) {
  while (next_block_ < blocks_.size() && blocks_[next_block_].second <= did) ++next_block_;
  if (next_block_ == blocks_.size()) {
    current_ = last_ + 1;
    return;
  }
  current_ = std::max(did, blocks_[next_block_].first);
}

void DocidSample::next(double) { move_to(current_ + 1); }

void DocidSample::skip_to(Xapian::docid did, double) {
  if (did > current_) move_to(did);
}

Xapian::PostingSource* DocidSample::clone() const { return new DocidSample(fraction_, strata_, coverage_, scope_); }

std::string DocidSample::get_description() const {
  return "DocidSample(" + std::to_string(fraction_) + ", " + std::to_string(strata_) + " strata)";
}

FacetCounts MatchCount::counts(schema::Facet facet) const {
  FacetCounts counts = tally_->counts(facet);
  if (!exact()) {
    for (auto& [id, count] : counts) count = scaled(count);
  }
  return counts;
}

std::size_t MatchCount::scaled(std::size_t count) const {
  if (exact() || fraction_ <= 0) return count;
  return static_cast<std::size_t>(std::llround(static_cast<double>(count) / fraction_));
}

double sampling_fraction(Xapian::doccount estimated, Xapian::doccount upper_bound, const CountPolicy& policy) {
  if (policy.exact || upper_bound <= policy.exact_limit || policy.sample_size == 0) return 1.0;
  const double fraction = static_cast<double>(policy.sample_size) / std::max(estimated, policy.exact_limit);
  return fraction >= kMaxSampleFraction ? 1.0 : fraction;
}

namespace {

// How a count match is narrowed: to a DocidSample (fraction < 1), and to a thread's shards.
struct CountPlan {
  double fraction = 1.0;
  Partition scope;
  std::shared_ptr<DocidSample::Coverage> coverage;  // filled by the sample's clones
};

Xapian::Query narrowed(const Xapian::Query& query, const CountPlan& plan) {
  if (plan.fraction >= 1.0) return restrict_to(query, plan.scope);
  // The sample yields nothing out of scope: no second filter needed.
  auto* sample = new DocidSample(plan.fraction, kStrata, plan.coverage, plan.scope);
  return Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(sample->release()));
}

std::unique_ptr<FacetCounter> count_one(Xapian::Database& db, const CountTarget& target, const Xapian::Query& query,
                                      FacetMethod method) {
  Xapian::Enquire enquire(db);
  std::unique_ptr<FacetCounter> tally = make_facet_counter(method, target.unit, target.codes);
  auto* local = dynamic_cast<LocalFacetCounter*>(tally.get());
  if (local != nullptr) local->local_spy().use_deadline(target.deadline);
  if (local != nullptr && target.facet_tables) {
    auto cursor = std::make_shared<FacetTableCursor>();
    local->local_spy().use_tables(cursor);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query((new FacetTableProbe(cursor))->release())));
  } else {
    enquire.set_query(query);
  }
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.add_matchspy(&tally->spy());
  enquire.get_mset(0, 0, std::max<Xapian::doccount>(db.get_doccount(), 1));
  return tally;
}

struct Counted {
  std::unique_ptr<FacetCounter> tally;
  double covered = 1.0;  // the share of the docid range the sample covered (1: not sampled)
};

// Local counts of a local database, one partition per thread, added up (exact: an article lives
// in one shard). Null when some partition could not count with the compact encoding.
std::unique_ptr<FacetCounter> count_split(const CountTarget& target, const Xapian::Query& query, double fraction,
                                        double& covered) {
  SplitWorkers& workers = *target.workers;
  const std::string serialised = query.serialise();
  std::vector<std::unique_ptr<FacetCounter>> tallies(workers.partitions());
  std::vector<std::shared_ptr<DocidSample::Coverage>> coverages(workers.partitions());
  workers.run(target.db, [&](const Partition& scope, Xapian::Database& db) {
    CountPlan plan{fraction, scope, std::make_shared<DocidSample::Coverage>()};
    tallies[scope.partition] = count_one(db, target, narrowed(Xapian::Query::unserialise(serialised), plan), FacetMethod::Local);
    coverages[scope.partition] = plan.coverage;
  });
  DocidSample::Coverage whole;
  for (const auto& coverage : coverages) {
    whole.sampled += coverage->sampled;
    whole.range += coverage->range;
  }
  covered = fraction >= 1.0 ? 1.0 : whole.fraction();
  std::unique_ptr<FacetCounter> total = std::move(tallies[0]);
  for (std::size_t i = 1; i < tallies.size(); ++i) {
    if (!total->absorb(*tallies[i])) return nullptr;
  }
  return total->complete() ? std::move(total) : nullptr;
}

Counted count_all_of(const CountTarget& target, const Xapian::Query& query, double fraction) {
  Counted out;
  if (target.workers != nullptr && target.workers->partitions() > 1 && target.method == FacetMethod::Local) {
    out.tally = count_split(target, query, fraction, out.covered);
    if (out.tally) return out;
  }
  CountPlan plan{fraction, Partition{}, std::make_shared<DocidSample::Coverage>()};
  const Xapian::Query whole = narrowed(query, plan);
  out.tally = count_one(target.db, target, whole, target.method);
  out.covered = fraction >= 1.0 ? 1.0 : plan.coverage->fraction();
  if (!out.tally->complete()) {
    // The compact encoding could not be used for some match (see LocalFacetSpy): the same match
    // again, counted from the text of slot 4. The sample's blocks are the same again.
    out.tally = count_one(target.db, target, narrowed(query, {fraction, Partition{}, nullptr}), FacetMethod::Slot);
  }
  return out;
}

}  // namespace

MatchCount count_matches(const CountTarget& target, const Xapian::Query& query, const CountPolicy& policy) {
  if (!target.can_sample || policy.exact) return MatchCount(count_all_of(target, query, 1.0).tally, 1.0);
  // Xapian's estimates without running the match (check_at_least = 0 returns before matching).
  Xapian::Enquire probe(target.db);
  probe.set_query(query);
  probe.set_weighting_scheme(Xapian::BoolWeight());
  const Xapian::MSet estimate = probe.get_mset(0, 0, Xapian::doccount{0});
  const double fraction = sampling_fraction(estimate.get_matches_estimated(), estimate.get_matches_upper_bound(), policy);
  if (fraction >= 1.0) return MatchCount(count_all_of(target, query, 1.0).tally, 1.0);

  Counted sampled = count_all_of(target, query, fraction);
  const double covered = sampled.covered;
  // Xapian's estimate can be far too high (an AND of common words): when the sample shows few
  // enough matches to count them all, they are counted exactly after all.
  if (covered >= 1.0 || static_cast<double>(sampled.tally->passages()) / covered <= policy.exact_limit ||
      sampled.tally->articles() < min_sampled_articles(policy)) {
    return MatchCount(count_all_of(target, query, 1.0).tally, 1.0);
  }
  return MatchCount(std::move(sampled.tally), covered);
}

}  // namespace dossier
