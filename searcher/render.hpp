/// Rendering search results as text (terminal or plain) or as one JSON object.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "searcher/searcher.hpp"

namespace dossier::searcher {

enum class Highlight { Plain, Ansi, Html };

/// Replaces the snippet's highlight markers: ANSI bold, <b>…</b>, or nothing.
std::string render_snippet(const std::string& snippet, Highlight mode);

/// The human-readable result list.
std::string render_text(const SearchResult& result, Highlight mode);

/// The --json object; see README "JSON output" for the schema.
nlohmann::json to_json(const SearchResult& result);

}  // namespace dossier::searcher
