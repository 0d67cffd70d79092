// The facet codes of a passage as text, schema::kSlotFacets: "C:RU\x1fA:nato\x1fW:atgm" (facet
// letter, ':', entity id; sorted, unique, joined by the unit separator). The indexer writes it;
// the searcher reads it for each hit's facets. The same codes follow the article id in
// schema::kSlotArticleFacets, and a shard's dictionary (common/facet_ids.h) lists them.
#pragma once

#include <string>
#include <vector>

#include "common/passage.h"

namespace dossier {

// The writer: one code per (facet, id) of the mentions, and the speaker's ("P:" + actor id) when
// speaker_id is not empty; sorted and unique.
std::string encode_facet_codes(const std::vector<EntityMention>& entities, std::string_view speaker_id = {});

// The reader: a kSlotFacets value split into its codes (empty parts skipped).
std::vector<std::string> split_facet_codes(const std::string& value);

}  // namespace dossier
