/// Batch mode: one query per input line, one JSON object per output line.
#pragma once

#include <cstddef>
#include <functional>
#include <istream>

#include <nlohmann/json.hpp>

#include "searcher/searcher.hpp"

namespace dossier::searcher {

struct BatchSummary {
    std::size_t queries = 0;  ///< lines run
    std::size_t errors = 0;   ///< lines answered with an error object
};

/// Runs every line of `in` as the query of a copy of `base` (its kind, filters, limits
/// apply to every line; the line may add filters in query syntax, e.g. speaker:budanov) and hands
/// `emit` one object per line: to_json() of the result plus "line" (1-based input line) and
/// "took_ms" (wall time of the search, milliseconds); for a line that fails, {"line", "query",
/// "error", "took_ms"} instead ("error": classify()'s message), and the batch goes on. Trailing CR
/// is dropped, invalid UTF-8 is repaired (U+FFFD). A blank line is the empty query, which browses
/// everything, as `search ""` does: output line N always answers input line N.
BatchSummary run_batch(
    Searcher& searcher,
    const Request& base,
    std::istream& in,
    const std::function<void(const nlohmann::json&)>& emit
);

}  // namespace dossier::searcher
