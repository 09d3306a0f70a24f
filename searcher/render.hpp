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

/// The page of hits, figures or quotes as CSV (RFC 4180: comma, CRLF, quoted when needed), with a
/// header row; see README "CSV export" for the columns. A text cell starting with = + - @ gets a
/// leading ' so a spreadsheet never runs article text as a formula.
std::string to_csv(const SearchResult& result);

}  // namespace dossier::searcher
