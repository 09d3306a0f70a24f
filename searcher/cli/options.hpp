/// Command-line options of `search`, parsed with CLI11 (testable in-process).
#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "searcher/searcher.hpp"

namespace dossier::searcher::cli {

struct Options {
    std::string db = "index";
    bool json = false;
    bool allow_partial = false;  ///< --allow-partial: answer from the shards that can be reached
    bool csv = false;            ///< --csv: the page as CSV (to_csv())
    bool timeline = false;       ///< --timeline: the kind becomes Timeline or QuoteTimeline
    std::string
        batch;  ///< --batch FILE ("-" = standard input); empty = one query from the command line
    /// What the command line asks for: hits (default), --figures or --quotes.
    enum class Kind { Hits, Figures, Quotes, Timeline, QuoteTimeline } kind = Kind::Hits;
    HitsRequest hits;  ///< the options every kind has are parsed into this one's QueryRequest
    std::optional<double> min_value, max_value;  ///< --min, --max (with --figures)

    /// The request the options describe.
    Request request() const;
};

/// Registers every option on `app`, writing into `opts`. $DOSSIER_DB sets the default database.
/// The query is required unless --batch, --figures or --quotes is given.
void configure(CLI::App& app, Options& opts);

}  // namespace dossier::searcher::cli
