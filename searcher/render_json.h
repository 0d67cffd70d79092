// Pieces of the --json contract (searcher/render_json.cpp) that other documents reuse: a hit as
// dossier-search --json prints it (dossier-watch's hits are the same objects).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "searcher/result.h"

namespace dossier {

// One element of --json's "hits".
nlohmann::json hit_json(const Hit& hit, bool explain);
// One line of JSON, safe to print on a terminal (escape sequences in strings escaped).
std::string dump_for_terminal(const nlohmann::json& value);

}  // namespace dossier
