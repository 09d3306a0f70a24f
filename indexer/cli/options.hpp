/// Command-line options of `indexer`, parsed with CLI11 (testable in-process).
#pragma once

#include <CLI/CLI.hpp>

#include "indexer/indexer.hpp"

namespace dossier::indexer::cli {

/// Registers every option on `app`, writing into `opts`.
void configure(CLI::App& app, IndexOptions& opts);

}  // namespace dossier::indexer::cli
