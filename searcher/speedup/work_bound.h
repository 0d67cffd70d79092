// Whether a search is worth splitting between threads: an upper bound on the matches a query
// can have, from the term frequencies of its leaves, read before anything runs. Splitting costs a
// hand-off per search and, the first time, a database opened per thread (about as much as a
// rare-word search itself in a one-shot dossier-search); it pays only when there is enough
// matching to share.
#pragma once

#include <xapian.h>

#include <cstdint>

namespace dossier {

// Matches query can have in db at most: a term's frequency; the smallest of an AND's (a filter,
// a phrase, NEAR); the left side of AND_NOT; the sum over OR, SYNONYM and the rest; the whole
// database for what term frequencies cannot bound (value ranges, wildcards, match-all, an
// unknown leaf). Never below the matches (tests/searcher/speedup/test_work_bound.cpp).
Xapian::doccount match_bound(const Xapian::Database& db, const Xapian::Query& query);

// Worth splitting: never with threads_wanted 1, always with more (both asked for explicitly);
// with 0 (automatic, the default) a bound of at least split_above matches once the threads are
// started, start_above to start them: kStartThreadsAbove in a one-shot dossier-search, whose one
// search must earn the threads' start back; split_above in a long-running process (-i,
// dossier-bench), which starts them once (SearcherOptions::start_threads_above).
//
// kSplitAbove, the default split_above: on 2 cores, idle, against 20,000, 2,500 made the query
// mix's median 7% and its mean 9% faster at a million passages (top 10; with facets 14% and 15%),
// and left the median as it was at 100,000 passages, the 99th percentile 7-10% faster; 1,000,
// splitting more searches, gained about as much (bench/split_threshold.py,
// bench/results/split-threshold-*.md).
inline constexpr Xapian::doccount kSplitAbove = 2500;
inline constexpr Xapian::doccount kStartThreadsAbove = 200000;
bool split_pays(std::size_t threads_wanted, bool threads_started, Xapian::doccount bound,
                Xapian::doccount start_above = kStartThreadsAbove, Xapian::doccount split_above = kSplitAbove);

}  // namespace dossier
