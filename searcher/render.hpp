/// Rendering search results as text (terminal or plain) or as one JSON object.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "searcher/searcher.hpp"

namespace dossier::searcher {

enum class Highlight { Plain, Ansi, Html };

/// Replaces the snippet's highlight markers: ANSI bold, <b>…</b>, or nothing.
std::string render_snippet(const std::string& snippet, Highlight mode);

/// The human-readable result list. Pure functions of their argument: safe on any thread.
std::string render_text(const HitsResult& result, Highlight mode);
std::string render_text(const FiguresResult& result, Highlight mode = Highlight::Plain);
std::string render_text(const QuotesResult& result, Highlight mode = Highlight::Plain);
std::string render_text(const Result& result, Highlight mode);

/// The --json object (the same for the CLI, --batch and the server); see README "JSON output".
nlohmann::json to_json(const HitsResult& result);
nlohmann::json to_json(const FiguresResult& result);
nlohmann::json to_json(const QuotesResult& result);
nlohmann::json to_json(const Result& result);

}  // namespace dossier::searcher
