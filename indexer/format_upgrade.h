// Upgrading a database of an older format in place (schema::kFormatVersion), before a run
// writes anything.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace dossier {

// Format 9: adds schema::kTermOnlyPassage to every passage whose article term no other passage
// of its shard holds (an article's passages all live in its shard, schema::shard_for), and
// commits each shard. Idempotent: a run killed halfway marks again. Before any writer opens the
// shards. Returns how many passages it marked. Throws DatabaseError naming the shard.
std::size_t mark_only_passages(const std::vector<std::string>& shard_paths, int open_flags);

}  // namespace dossier
