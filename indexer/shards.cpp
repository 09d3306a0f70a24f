#include "indexer/shards.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>

#include <fmt/format.h>
#include <unistd.h>
#include <xapian.h>

#include "analyzers/error.hpp"
#include "indexer/db_layout.hpp"
#include "indexer/index_writer.hpp"
#include "indexer/schema.hpp"

namespace dossier::indexer {

namespace fs = std::filesystem;

namespace {

/// N as recorded in DIR/meta, or 0 when there is none.
std::size_t recorded_shards(const std::string& db) {
    const fs::path meta = fs::path(db) / SHARD_META_DIR;
    std::error_code ec;
    if (!fs::exists(meta / "iamglass", ec)) {
        return 0;
    }
    try {
        return std::stoul(Xapian::Database(meta.string()).get_metadata(schema::META_SHARDS));
    } catch (const std::exception&) {
        return 0;
    }
}

/// Writes DIR/XAPIANDB listing the local shards, atomically (rename over the old one).
void write_local_stub(const std::string& db, std::size_t shards) {
    const fs::path root(db);
    const fs::path tmp = root / fmt::format("{}.tmp-{}", layout::STUB_FILE, ::getpid());
    {
        std::ofstream out(tmp, std::ios::trunc);
        for (std::size_t k = 0; k < shards; ++k) {
            out << "auto " << shard_directory(k) << "\n";
        }
        out.flush();
        if (!out) {
            throw Error("cannot write '" + tmp.string() + "'");
        }
    }
    std::error_code ec;
    fs::rename(tmp, root / layout::STUB_FILE, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw Error("cannot write the stub of sharded index '" + db + "': " + ec.message());
    }
}

/// Brings DIR/meta up to date: N, and a spelling table holding, for each word, the sum of its
/// frequencies in the shards (what one database of all the articles would hold). The table is
/// changed word by word in one commit, so readers see the old one or the new one.
void update_meta(const std::string& db, std::size_t shards) {
    std::map<std::string, Xapian::doccount> words;
    for (std::size_t k = 0; k < shards; ++k) {
        const Xapian::Database shard((fs::path(db) / shard_directory(k)).string());
        for (auto it = shard.spellings_begin(); it != shard.spellings_end(); ++it) {
            words[*it] += it.get_termfreq();
        }
    }
    IndexWriter meta((fs::path(db) / SHARD_META_DIR).string());
    Xapian::WritableDatabase& w = meta.database();
    std::map<std::string, Xapian::doccount> old;
    for (auto it = w.spellings_begin(); it != w.spellings_end(); ++it) {
        old.emplace(*it, it.get_termfreq());
    }
    for (const auto& [word, freq] : old) {
        auto now = words.find(word);
        const Xapian::doccount want = now == words.end() ? 0 : now->second;
        if (want < freq) {
            w.remove_spelling(word, freq - want);
        }
    }
    for (const auto& [word, freq] : words) {
        auto before = old.find(word);
        const Xapian::doccount had = before == old.end() ? 0 : before->second;
        if (freq > had) {
            w.add_spelling(word, freq - had);
        }
    }
    meta.commit();
}

}  // namespace

std::string shard_directory(std::size_t index) {
    return fmt::format("shard-{:02}", index);
}

bool is_sharded(const std::string& db) {
    return recorded_shards(db) > 0;
}

IndexStats
run_sharded(const IndexOptions& opts, const WarningSink& warn, const ProgressSink& progress) {
    const auto start = std::chrono::steady_clock::now();
    for (const auto& input : opts.inputs) {
        if (input == "-") {
            throw Error(
                "standard input cannot be indexed into a sharded index (each shard reads the "
                "inputs): save it to a file first"
            );
        }
    }
    const std::size_t recorded = recorded_shards(opts.db);
    std::error_code ec;
    if (recorded == 0 && fs::exists(fs::path(opts.db), ec) && !fs::is_empty(opts.db, ec)) {
        throw Error(
            "database '" + opts.db
            + "' exists and is not sharded: build a sharded index in a new directory (README, "
              "\"More than one machine\")"
        );
    }
    if (recorded != 0 && opts.shards != 0 && opts.shards != recorded) {
        throw Error(fmt::format(
            "database '{}' has {} shards, not {}: re-shard by building a new index (README, "
            "\"More than one machine\")",
            opts.db,
            recorded,
            opts.shards
        ));
    }
    const std::size_t shards = recorded != 0 ? recorded : opts.shards;
    layout::WriterLock lock(opts.db);
    if (recorded == 0) {
        // First: the metadata database says the directory is sharded, and into how many.
        IndexWriter meta((fs::path(opts.db) / SHARD_META_DIR).string());
        meta.database().set_metadata(schema::META_SHARDS, std::to_string(shards));
        meta.commit();
    }

    IndexStats total;
    std::vector<std::string> versions;
    for (std::size_t k = 0; k < shards; ++k) {
        IndexOptions one = opts;
        one.shards = 0;
        one.shard_index = k;
        one.shard_count = shards;
        one.db = (fs::path(opts.db) / shard_directory(k)).string();
        const IndexStats s = run(one, warn, progress);
        total.added += s.added;
        total.updated += s.updated;
        total.unchanged += s.unchanged;
        total.deleted += s.deleted;
        total.skipped += s.skipped;
        for (const auto& [reason, n] : s.skip_reasons) {
            total.skip_reasons[reason] += n;
        }
        total.bytes += s.bytes;
        total.input_bytes = std::max(total.input_bytes, s.input_bytes);
        if (!s.version.empty()) {
            versions.push_back(shard_directory(k) + "/" + s.version);
        }
    }
    update_meta(opts.db, shards);
    write_local_stub(opts.db, shards);
    for (const auto& v : versions) {
        total.version += (total.version.empty() ? "" : ", ") + v;
    }
    total.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return total;
}

}  // namespace dossier::indexer
