// The candidates of whole-article ranking (searcher/article_rank.h) and the matches that score
// them: the whole-article BM25 of the best articles, or of some articles; each article's best
// matching passage among some articles; the mixed order and the page. The routes that choose
// which articles are candidates are in article_rank.cpp.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "searcher/rank.h"

namespace dossier::article_mix {

struct Candidate {
  std::string article_id;
  Xapian::docid passage = 0;  // its best passage (0: none matched)
  Xapian::Document document;  // of that passage
  double passage_score = 0;
  double article_score = 0;
  bool article_scored = false;  // article_score comes from the article shards (else 0: not matched there)
  double mixed = 0;
  // The article's passages: 0 until count_passages(); 1 for an article of one passage; else
  // their number, kSeveralPassages where only "more than one" is known (a database that marks
  // its articles of one passage, schema::kTermOnlyPassage), or kUnknownPassages where no part
  // holds the article under its article term (a database not written by dossier-index).
  Xapian::doccount passages = 0;
};

inline constexpr Xapian::doccount kSeveralPassages = 2;
inline constexpr Xapian::doccount kUnknownPassages = ~Xapian::doccount{0};

// An article of one passage has no other paragraph to add evidence: its whole-article score
// restates its passage's text with the parameters chosen for whole articles, so its passage
// alone scores it (weight 0). Not with a weight of 1 (--article-weight 1: whole articles only).
// On the abstract collections of bench/ir_eval.py (every article one passage) this is the
// best-passage ranking, which scores above whole-document BM25 there, where the mix did not on
// all of them (docs/ranking.md).
double mix_weight(double weight, Xapian::doccount passages);

std::string article_id_of(const RankedHit& hit);

struct ArticleScores {
  std::vector<std::pair<std::string, double>> scores;  // (article id, whole-article BM25), best first
  Xapian::doccount estimated = 0, lower_bound = 0, upper_bound = 0;  // articles matching as wholes
};

// The whole-article BM25 of the query's best `wanted` articles, optionally only among `only`,
// and only those weighing at least min_weight (0: any).
ArticleScores article_scores(const RankContext& context, const Xapian::Query& query, Xapian::doccount wanted,
                             const std::vector<std::string>* only, double min_weight = 0);

// The passages' articles as candidates (each hit its article's best passage: a collapsed
// match), in their order, recorded in by_id.
void add_passage_candidates(std::vector<RankedHit>& hits, std::vector<Candidate>& candidates,
                            std::unordered_map<std::string, std::size_t>& by_id);

// These articles' whole-article scores (candidates[by_id.at(id)]): sets Candidate::article_score
// and article_scored; one that does not match as a whole keeps 0.
void score_articles(const RankContext& context, const Xapian::Query& query, const std::vector<std::string>& ids,
                    std::vector<Candidate>& candidates, const std::unordered_map<std::string, std::size_t>& by_id);

// Whether a list of articles holds every article with a matching passage (Every: the article
// side matched fewer than its pool, and articles_cover(query) puts each such article there) or
// may leave some out (Some).
enum class Coverage { Some, Every };

// Each of these articles' best matching passage (candidates[by_id.at(id)]): sets
// Candidate::passage, document and passage_score; one without a matching passage keeps passage 0.
void find_best_passages(const RankContext& context, const Xapian::Query& query, const std::vector<std::string>& ids,
                        std::vector<Candidate>& candidates, const std::unordered_map<std::string, std::size_t>& by_id,
                        Coverage coverage = Coverage::Some);

// Counts the passages of the candidates with a matching passage that are not counted yet
// (Candidate::passages), for mix_weight: by whether their best passage carries
// schema::kTermOnlyPassage where the database marks them, else by their article terms'
// frequencies.
void count_passages(const RankContext& context, std::vector<Candidate>& candidates);

// The best `wanted` articles of one passage by their passage (so by their mixed score,
// mix_weight) above min_weight (0: any), as counted candidates: the query filtered by
// schema::kTermOnlyPassage (no match where no passage has it), or in a database of an older
// format each passage weighed high enough asked whether it is its article's only one. One match,
// in this thread.
std::vector<Candidate> best_single_passages(const RankContext& context, const Xapian::Query& query, std::size_t wanted, double min_weight);

// Whether the database marks the passages that are their article's only one
// (schema::kTermOnlyPassage) and holds any (IndexReader::marked_only_passages).
bool marks_single_passages(const RankContext& context);
// The query with `bonus` added to the weight of those marked passages, so that one match with a
// weight cutoff C finds the articles of several passages with a best passage above C and those
// of one above C - bonus (rank_article_first's pass above T, whose articles of one passage need
// only pass M).
Xapian::Query with_single_bonus(const Xapian::Query& query, double bonus);
// Which of these passages (docids of the database) are marked as their article's only one.
std::vector<bool> marked_single(const Xapian::Database& db, const std::vector<Xapian::docid>& docids);

// Drops the candidates without a matching passage, mixes the two scores (mix_weight: every
// candidate left must have been counted, else std::logic_error), orders by the mix and keeps
// each group of copies once (as its best-mixed article), at most `keep`.
std::vector<Candidate> order_candidates(std::vector<Candidate> candidates, double weight, bool collapse_copies, std::size_t keep);

// The page [offset, wanted) of the ordered candidates (moved out of them).
Ranking page_of(std::vector<Candidate>& ordered, std::size_t offset, std::size_t wanted);

// A hair under a threshold: a score at the threshold exactly could tie with the page's last.
double cutoff_below(double threshold);

}  // namespace dossier::article_mix
