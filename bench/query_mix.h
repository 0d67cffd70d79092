// A seeded query mix drawn from a database's own vocabulary, for dossier-bench --mix.
//
// Words come from a seeded sample of English passages (ASCII words only, no stopwords, so that
// the baselines, which neither fold scripts nor transliterate, see the same words), with their
// document frequency (df, in passages) from the index. Bands over N passages: rare df <= t1,
// medium t1 < df <= t2, common df > t2, with t1 = max(2, N/2000) and t2 = max(t1 + 2, N/100)
// (at 200k passages: rare <= 100, medium <= 2000, common > 2000 passages).
//
// Classes, in equal shares (a class the database cannot supply is left out, with a note):
//   rare-1, medium-1, common-1     one word of the band
//   rare-and, medium-and, ...      2-4 words of the band that occur together in one passage, AND
//   rare-or, medium-or, ...        2-4 words of the band, OR
//   phrase                         2-3 consecutive words of a passage, quoted
//   facet                          1-2 words (OR) of any band + 1-2 facet filters (country:RS ...)
//   date                           1-2 words + a date range (date:2021-03..2022-08 or date:2019..2021)
//   facet-date                     1-2 words + a facet filter + a date range
// Facet filters use the ids of the 40 most frequent values of each facet in the index.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "bench/query_file.h"
#include "searcher/index_reader.h"

namespace dossier::bench {

struct MixOptions {
  std::size_t count = 300;
  std::uint64_t seed = 1;
  std::size_t sample_passages = 4000;  // passages the words and phrases are drawn from
};

struct QueryMix {
  std::vector<BenchQuery> queries;  // grouped by class, in the order above
  std::vector<std::string> notes;   // band limits, classes left out
};

// The class labels in their order.
const std::vector<std::string>& mix_classes();

// Throws DatabaseError when the index cannot be read.
QueryMix generate_query_mix(IndexReader& index, const MixOptions& options);

}  // namespace dossier::bench
