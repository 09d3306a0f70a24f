#include "searcher/shards.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "analyzers/error.hpp"
#include "indexer/db_layout.hpp"
#include "indexer/schema.hpp"

namespace dossier::searcher {

namespace fs = std::filesystem;
namespace schema = dossier::indexer::schema;

namespace {

/// Milliseconds a remote shard may take to accept a connection, and to answer one message.
constexpr unsigned CONNECT_TIMEOUT_MS = 5000;
constexpr unsigned REMOTE_TIMEOUT_MS = 60000;

/// The stub file of `path`, or "" when `path` is not a stub (a database, or nothing).
fs::path stub_file(const std::string& path) {
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) {
        return path;
    }
    if (fs::is_directory(path, ec) && !fs::exists(fs::path(path) / "iamglass", ec)
        && fs::exists(fs::path(path) / "XAPIANDB", ec)) {
        return fs::path(path) / "XAPIANDB";
    }
    return {};
}

}  // namespace

Xapian::Database open_shard(const ShardSpec& spec) {
    if (spec.kind == ShardSpec::Kind::Remote) {
        return Xapian::Remote::open(spec.host, spec.port, REMOTE_TIMEOUT_MS, CONNECT_TIMEOUT_MS);
    }
    std::error_code ec;
    if (!fs::exists(spec.path, ec)) {
        throw Xapian::DatabaseOpeningError("no such database '" + spec.path + "'");
    }
    return Xapian::Database(spec.path);
}

std::vector<ShardSpec> read_stub(const std::string& path) {
    const fs::path stub = stub_file(path);
    if (stub.empty()) {
        return {};
    }
    std::ifstream in(stub);
    if (!in) {
        throw Error("cannot read stub database '" + path + "'");
    }
    std::vector<ShardSpec> out;
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
        std::istringstream words(line);
        std::string kind, where, more;
        words >> kind >> where;
        if (kind.empty() || kind[0] == '#') {
            continue;
        }
        auto bad = [&](const std::string& why) {
            return Error(
                "stub database '" + stub.string() + "' line " + std::to_string(number) + ": " + why
            );
        };
        if (where.empty() || (words >> more && kind != "remote")) {
            throw bad("expected 'auto PATH', 'glass PATH' or 'remote HOST:PORT'");
        }
        ShardSpec spec;
        spec.name = kind + " " + where;
        if (kind == "auto" || kind == "glass") {
            spec.kind = ShardSpec::Kind::Local;
            const fs::path p(where);
            spec.path = (p.is_absolute() ? p : stub.parent_path() / p).lexically_normal().string();
        } else if (kind == "remote") {
            const std::size_t colon = where.rfind(':');
            if (where[0] == ':' || colon == std::string::npos || colon == 0) {
                throw bad("only 'remote HOST:PORT' (TCP) shards are supported");
            }
            spec.kind = ShardSpec::Kind::Remote;
            spec.host = where.substr(0, colon);
            try {
                std::size_t used = 0;
                const unsigned long port = std::stoul(where.substr(colon + 1), &used);
                if (used != where.size() - colon - 1 || port == 0 || port > 65535) {
                    throw std::invalid_argument(where);
                }
                spec.port = static_cast<unsigned>(port);
            } catch (const std::exception&) {
                throw bad("bad port in '" + where + "'");
            }
        } else {
            throw bad("unknown backend '" + kind + "'");
        }
        out.push_back(std::move(spec));
    }
    if (out.empty()) {
        throw Error("stub database '" + stub.string() + "' lists no database");
    }
    return out;
}

OpenShards open_shards(const std::string& path, bool allow_partial) {
    OpenShards out;
    const std::vector<ShardSpec> specs = read_stub(path);
    const bool single_local = specs.size() == 1 && specs[0].kind == ShardSpec::Kind::Local;
    if (specs.empty() || single_local) {
        // A database, or a rebuild layout (a stub naming its live version): Xapian opens it.
        out.db = Xapian::Database(path);
        out.total = 1;
        out.parts.push_back(out.db);
        out.names.push_back(path);
        out.local_dirs.push_back(
            indexer::layout::live_database(specs.empty() ? path : specs[0].path)
        );
        return out;
    }
    out.sharded = true;
    out.stub_lines = specs.size();
    std::error_code ec;
    if (const std::string quotes = stub_file(path).string() + schema::QUOTES_STUB_SUFFIX;
        fs::is_regular_file(quotes, ec)) {
        out.quotes_stub = quotes;
    }
    for (std::size_t line = 0; line < specs.size(); ++line) {
        const ShardSpec& spec = specs[line];
        out.remote = out.remote || spec.kind == ShardSpec::Kind::Remote;
        Xapian::Database one;
        try {
            one = open_shard(spec);
        } catch (const Xapian::Error& e) {
            ++out.total;
            std::string message =
                "shard '" + spec.name + "' of '" + path + "' is unreachable: " + e.get_msg();
            if (!allow_partial) {
                throw IndexUnavailableError(
                    message + " (--allow-partial answers from the other shards)"
                );
            }
            out.failed.push_back(std::move(message));
            continue;
        }
        // The metadata database of a sharded index holds no article: not a shard of the count.
        if (spec.kind == ShardSpec::Kind::Remote || one.get_metadata(schema::META_SHARDS).empty()) {
            ++out.total;
        }
        out.db.add_database(one);
        out.parts.push_back(one);
        out.names.push_back(spec.name);
        out.local_dirs.push_back(
            spec.kind == ShardSpec::Kind::Local ? indexer::layout::live_database(spec.path) : ""
        );
        out.lines.push_back(line);
    }
    if (out.failed.size() == out.total) {
        throw IndexUnavailableError(
            "no shard of '" + path + "' is reachable: " + out.failed.front()
        );
    }
    return out;
}

}  // namespace dossier::searcher
