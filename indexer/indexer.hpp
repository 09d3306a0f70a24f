/// One indexing run: walk the inputs, read articles, write them, and account for every input.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace dossier::indexer {

struct IndexOptions {
    std::string db = "index";
    std::vector<std::string> inputs;  ///< files and directories (read recursively)
    bool strict = false;              ///< the first bad input is fatal instead of skipped
    std::string explain;              ///< --explain FILE: print the extraction of one article, index nothing
    bool json = false;                ///< --explain output as JSON
};

/// What a run did. Every input file or record ends up in exactly one of the counters.
struct IndexStats {
    std::size_t added = 0;
    std::size_t updated = 0;
    std::size_t unchanged = 0;
    std::size_t deleted = 0;
    std::size_t skipped = 0;
    std::map<std::string, std::size_t> skip_reasons;  ///< reason → count
    std::size_t bytes = 0;                            ///< input bytes read

    /// "added N, updated N, unchanged N, deleted N, skipped N (reason N, ...)"
    std::string summary() const;
};

/// Receives one-line warnings (bad input that was repaired or skipped), each naming the input.
using WarningSink = std::function<void(const std::string&)>;

/// Indexes opts.inputs into opts.db and commits.
/// @throws dossier::Error for a missing input path, a locked or incompatible database, and (with
///         strict) the first bad input; the database then holds the last committed state.
IndexStats run(const IndexOptions& opts, const WarningSink& warn);

}  // namespace dossier::indexer
