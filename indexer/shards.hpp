/// A sharded index: `indexer --shards N --db DIR` partitions articles by schema::shard_of(id, N)
/// into N ordinary Dossier databases:
///
///   DIR/shard-00 … DIR/shard-<N-1>   ordinary Dossier databases (each its own lock, its own
///                                     incremental runs, --prune and --rebuild layout)
///   DIR/meta                          no article: the schema, the alias table, N (META_SHARDS) and
///                                     the spelling table of all shards together, for stubs whose
///                                     shards are remote (the remote protocol carries no spelling)
///   DIR/XAPIANDB                      the stub joining the local shards ("auto shard-00" …), so
///                                     `search --db DIR` searches them all
///   DIR/.dossier-lock                 one sharded run at a time (each shard is locked as well)
///
/// A stub for shards served by xapian-tcpsrv lists "auto meta" first, then "remote HOST:PORT" per
/// shard (scripts/shards writes one). Later runs on DIR find N in DIR/meta.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "indexer/db_layout.hpp"
#include "indexer/indexer.hpp"
#include "indexer/stories.hpp"

namespace dossier::indexer {

/// "shard-07": the directory of shard `index` inside a sharded index.
std::string shard_directory(std::size_t index);

/// The metadata database's directory name inside a sharded index: "meta".
inline constexpr const char* SHARD_META_DIR = "meta";

/// True when `db` is a sharded index (it holds the metadata database).
bool is_sharded(const std::string& db);

/// The quotations databases (indexer/quotes.hpp) of the index `db`, in the order of the stubs
/// that list its databases: a sharded index's metadata database's, then shard 0's, 1's, …; any
/// other index's own. Each inside its database's live version (layout::live_database()), as the
/// searcher finds them. `indexer --db DB --quotes-databases` prints them for scripts/shards.
std::vector<std::string> quotes_databases(const std::string& db);

/// Runs `opts` over every shard of opts.db in turn (creating the layout with opts.shards shards
/// on first use), each pass analysing and writing only the articles of its shard, then brings
/// DIR/meta up to date. With --rebuild each shard is rebuilt and switched atomically on its own.
/// Inputs are read once per shard (cheap next to analysis, which each article gets once).
/// @throws dossier::Error for a shard count other than the index's (re-sharding means building
///         a new index), standard input (it cannot be read N times), a locked index or shard.
/// Stories are linked over all shards, as in one database: the passes note what they change in
/// one StoryTracker, refreshed over every shard at the end (each shard then committed); a
/// rebuild builds every shard beside its live version, assigns the stories of all of them
/// together, then switches them one by one. DIR/meta's META_STORIES_DIRTY is set for the whole
/// run, so a run cut short between two shards' commits is healed by the next run, which then
/// re-evaluates every story (reassign_stories).
IndexStats
run_sharded(const IndexOptions& opts, const WarningSink& warn, const ProgressSink& progress);

// The pieces of run() (indexer.cpp) that a sharded run puts together differently.

/// A database rebuilt beside its live version, not yet switched: its blocks, its lock (held until
/// this is destroyed) and its build directory (removed then, unless switched).
struct Rebuilt {
    explicit Rebuilt(const std::string& database);
    Rebuilt(const std::string& database, layout::WriterLock&& held);
    ~Rebuilt();
    Rebuilt(const Rebuilt&) = delete;
    Rebuilt& operator=(const Rebuilt&) = delete;

    std::string db;
    layout::WriterLock lock;
    std::string build_dir;
    std::vector<std::string> parts;  ///< the block databases, in input order
    IndexStats stats;
};

/// --rebuild up to the switch: reads and analyses the inputs into blocks beside opts.db's live
/// version (stories not yet assigned).
std::unique_ptr<Rebuilt>
build_beside(const IndexOptions& opts, const WarningSink& warn, const ProgressSink& progress);

/// Compacts the blocks into the next version and switches opts.db to it; returns its name.
std::string switch_rebuilt(Rebuilt& rebuilt);

/// An incremental run into opts.db. With `shared_stories`, story changes are noted there and not
/// refreshed (the caller refreshes them over all shards); without, each batch refreshes its own.
IndexStats run_in_place(
    const IndexOptions& opts,
    const WarningSink& warn,
    const ProgressSink& progress,
    StoryTracker* shared_stories
);

}  // namespace dossier::indexer
