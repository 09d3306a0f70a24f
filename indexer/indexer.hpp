/// One indexing run: walk the inputs, read articles, analyse them in parallel, write them in
/// batches, and account for every input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "analyzers/analysis_config.hpp"
#include "indexer/input.hpp"

namespace dossier::indexer {

struct IndexOptions {
    std::string db = "index";
    std::vector<std::string> inputs;  ///< files and directories (read recursively), "-" for stdin
    bool strict = false;              ///< the first bad input is fatal instead of skipped
    bool prune = false;    ///< delete articles whose source file is gone (or no longer holds them)
    bool rebuild = false;  ///< build a new database beside the live one and switch atomically
    /// Write a first import (into a new directory) batch by batch, as later runs are written (a
    /// killed first import keeps its committed batches; one writer). Without it a first import
    /// takes the bulk path of a rebuild: blocks on every core, merged and switched to at the end.
    bool in_place = false;
    std::size_t shards = 0;  ///< --shards N: a sharded index of N shards (indexer/shards.hpp)
    /// One pass of a sharded run: only articles with schema::shard_of(id, shard_count) ==
    /// shard_index are analysed and written (the other inputs are read and left to their pass).
    std::size_t shard_index = 0;
    std::size_t shard_count = 1;
    std::size_t threads = 0;                 ///< analysis threads; 0 = one per core
    std::size_t batch_size = 1000;           ///< articles per commit (each batch is atomic)
    InputFormat format = InputFormat::Auto;  ///< stdin, and named files with an unknown extension
    JsonFields fields;                       ///< JSONL field names
    std::string stdin_id;  ///< id of a text article read from stdin ("" = content hash)
    std::string explain;   ///< --explain FILE: print the extraction of one article, index nothing
    bool json = false;     ///< --explain output as JSON
    /// --quotes-databases: print the quotations databases of --db (quotes_databases()), index
    /// nothing.
    bool quotes_databases = false;
    /// Required: how articles are analysed (the CLI passes AnalysisConfig::from_environment()).
    analyzers::AnalysisConfig analysis;
};

/// What a run did. Every input file or record ends up in exactly one of the counters.
struct IndexStats {
    std::size_t added = 0;
    std::size_t updated = 0;
    std::size_t unchanged = 0;
    std::size_t deleted = 0;
    std::size_t skipped = 0;
    std::map<std::string, std::size_t> skip_reasons;  ///< reason → count
    std::size_t bytes = 0;          ///< bytes of article text (title + body) analysed
    std::uint64_t input_bytes = 0;  ///< bytes read from the inputs (compressed size for .gz)
    double seconds = 0;             ///< wall time of the run
    std::string version;  ///< --rebuild or a first import: the new live version ("v-000002")

    /// "added N, updated N, unchanged N, deleted N, skipped N (reason N, ...)"
    std::string summary() const;
};

/// Where a run is, for a progress display.
struct Progress {
    std::size_t records = 0;        ///< articles and records processed so far (any outcome)
    std::uint64_t bytes_done = 0;   ///< input bytes consumed
    std::uint64_t bytes_total = 0;  ///< input bytes in all (0 when unknown, e.g. stdin)
    double seconds = 0;             ///< since the start of the run
    bool finished = false;          ///< the last report of the run
};

/// Receives one-line warnings (bad input that was repaired or skipped), each naming the input.
using WarningSink = std::function<void(const std::string&)>;

/// Receives progress about every 100 ms and once at the end, on the calling thread.
using ProgressSink = std::function<void(const Progress&)>;

/// Indexes opts.inputs into opts.db. Articles are analysed on opts.threads threads and written by
/// one writer in input order, so the database is the same whatever the thread count; every batch
/// of opts.batch_size articles is committed atomically (a killed run leaves the last committed
/// batch; running again completes the job, unchanged articles are recognised by their hash).
/// @throws dossier::Error for a missing input path, a locked or incompatible database, and (with
///         strict) the first bad input; the database then holds everything before it.
IndexStats
run(const IndexOptions& opts, const WarningSink& warn, const ProgressSink& progress = {});

}  // namespace dossier::indexer
