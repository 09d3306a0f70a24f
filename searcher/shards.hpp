/// Opening `--db` when it is a stub listing several databases (shards), local (`auto PATH`) or
/// served by Xapian's stock `xapian-tcpsrv` (`remote HOST:PORT`): each line is opened on its own,
/// so a shard that cannot be reached is named, and with allow_partial left out instead of failing
/// the search.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <xapian.h>

namespace dossier::searcher {

/// One line of a stub file.
struct ShardSpec {
    enum class Kind { Local, Remote };
    Kind kind = Kind::Local;
    std::string name;  ///< for messages, as written in the stub: "remote 127.0.0.1:7001"
    std::string path;  ///< Local: the database, resolved against the stub's directory
    std::string host;  ///< Remote
    unsigned port = 0;
};

/// The databases a stub at `path` lists (a stub file, or a directory holding XAPIANDB and no
/// database of its own), in order; empty when `path` is not such a stub. Lines: `auto PATH`,
/// `glass PATH`, `remote HOST:PORT` (`remote :PROGRAM ARGS` is not supported); blank lines and
/// `#` comments are skipped.
/// @throws dossier::Error naming the stub and line for anything else.
std::vector<ShardSpec> read_stub(const std::string& path);

/// Opens one line of a stub: a remote one with Dossier's time-outs (5 s to connect, 60 s per
/// message). @throws Xapian::Error when it cannot be opened.
Xapian::Database open_shard(const ShardSpec& spec);

/// What open_shards() opened.
struct OpenShards {
    Xapian::Database db;
    bool sharded = false;   ///< a stub of several databases, or of any remote one
    bool remote = false;    ///< some shard is remote: only Xapian's built-in match spies run there
    std::size_t total = 0;  ///< shards holding articles (a sharded index's metadata db excluded)
    std::vector<std::string> failed;  ///< one message per shard left out (allow_partial)
    /// db's sub-databases, in order: each opened alone, and the directory of a local one (its
    /// live version; "" for a remote one), where its quotations database lives.
    std::vector<Xapian::Database> parts;
    std::vector<std::string> local_dirs;
    /// How each part is named in messages: the stub's line ("auto shard-01", "remote
    /// 127.0.0.1:7001"), or the path of a plain database.
    std::vector<std::string> names;
    /// For a stub: the line of the stub (0-based, in read_stub()'s order) each part came from,
    /// how many lines it has, and its quotations stub (schema::QUOTES_STUB_SUFFIX) when that
    /// file exists ("" otherwise).
    std::vector<std::size_t> lines;
    std::size_t stub_lines = 0;
    std::string quotes_stub;
};

/// Opens `path`: a database directory, a rebuild layout, or a stub of shards. A shard that cannot
/// be opened (server down, connection refused, missing directory) fails the whole open with
/// "shard 'remote 127.0.0.1:7002' of 'STUB' is unreachable: ..." unless `allow_partial`; then it
/// is left out and listed in `failed` (at least one shard must open).
/// @throws dossier::Error as above; Xapian errors of a plain database are left to the caller.
OpenShards open_shards(const std::string& path, bool allow_partial);

}  // namespace dossier::searcher
