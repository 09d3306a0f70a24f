/// Rendering search results as text (terminal or plain) or as one JSON object.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "searcher/searcher.hpp"

namespace dossier::searcher {

/// A figure's value as text: 12000 → "12,000"; 5.6e9 → "5,600,000,000"; 0.25 → "0.25".
std::string format_number(double v);

enum class Highlight { Plain, Ansi, Html };

/// Replaces the snippet's highlight markers: ANSI bold, <b>…</b>, or nothing.
std::string render_snippet(const std::string& snippet, Highlight mode);

/// The human-readable result list. Pure functions of their argument: safe on any thread.
std::string render_text(const HitsResult& result, Highlight mode);
std::string render_text(const FiguresResult& result, Highlight mode = Highlight::Plain);
std::string render_text(const QuotesResult& result, Highlight mode = Highlight::Plain);
std::string render_text(const TimelineResult& result, Highlight mode = Highlight::Plain);
std::string render_text(const Result& result, Highlight mode);

/// The --json object (the same for the CLI, --batch and the server); see README "JSON output".
nlohmann::json to_json(const HitsResult& result);
nlohmann::json to_json(const FiguresResult& result);
nlohmann::json to_json(const QuotesResult& result);
nlohmann::json to_json(const TimelineResult& result);
nlohmann::json to_json(const Result& result);

/// The page of hits, figures or quotes as CSV (RFC 4180: comma, CRLF, quoted when needed), with a
/// header row; see README "CSV export" for the columns. A text cell starting with = + - @ gets a
/// leading ' so a spreadsheet never runs article text as a formula.
std::string to_csv(const HitsResult& result);
std::string to_csv(const FiguresResult& result);
std::string to_csv(const QuotesResult& result);
std::string to_csv(const TimelineResult& result);
std::string to_csv(const Result& result);

}  // namespace dossier::searcher
