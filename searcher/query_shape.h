// The shape of a Xapian query, read and rewritten: which operators it holds, and the XOR
// rewrite every parsed query goes through (libxapian 1.4.22 reads freed memory matching an XOR).
#pragma once

#include <xapian.h>

namespace dossier {

// Whether op occurs anywhere in query.
bool has_operator(const Xapian::Query& query, Xapian::Query::op op);

// Whether an article document (schema::article_dir_name) matches query wherever a passage of its
// article does, so that the articles matching it as wholes include every article with a matching
// passage. True for words, OR, AND, phrases and NEAR (an article document holds every passage's
// words, without positions, where Xapian matches a phrase as an AND), filter terms (it holds
// every passage's) and the fixed-weight sources of words that name an entity. False for a NOT
// (an article whose one passage it leaves out may hold another that it keeps), a value range
// (article documents hold no dates) and a passage's own terms (attribution words, passage ids).
bool articles_cover(const Xapian::Query& query);

// Whether query holds a phrase or NEAR: far fewer passages than whole articles hold the words
// side by side (an article document, without positions, matches them as an AND), so that the
// best articles by their best passage are the cheaper candidates for whole-article ranking
// (searcher/article_rank.h, passage first). Not AND or filters: measured no cheaper that way.
bool passages_select(const Xapian::Query& query);

// a XOR b as (a OR b) AND_NOT (a AND b), folded left over more operands: the same matches, and
// for a document matching one operand the same weight (Xapian's XOR adds the weights of the
// operands that match). libxapian 1.4.22 frees a sub-match of an XOR while it still reads it
// when several parts are matched in one thread (valgrind: use after free under
// postlist_sub_xor; a SIGSEGV for "nato XOR russia" over three shards). Only the XOR nodes and
// the operators above them are rebuilt; every other subquery is kept as it is.
Xapian::Query without_xor(const Xapian::Query& query);

}  // namespace dossier
