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
#include <string>

#include "indexer/indexer.hpp"

namespace dossier::indexer {

/// "shard-07": the directory of shard `index` inside a sharded index.
std::string shard_directory(std::size_t index);

/// The metadata database's directory name inside a sharded index: "meta".
inline constexpr const char* SHARD_META_DIR = "meta";

/// True when `db` is a sharded index (it holds the metadata database).
bool is_sharded(const std::string& db);

/// Runs `opts` over every shard of opts.db in turn (creating the layout with opts.shards shards
/// on first use), each pass analysing and writing only the articles of its shard, then brings
/// DIR/meta up to date. With --rebuild each shard is rebuilt and switched atomically on its own.
/// Inputs are read once per shard (cheap next to analysis, which each article gets once).
/// @throws dossier::Error for a shard count other than the index's (re-sharding means building
///         a new index), standard input (it cannot be read N times), a locked index or shard.
IndexStats
run_sharded(const IndexOptions& opts, const WarningSink& warn, const ProgressSink& progress);

}  // namespace dossier::indexer
