#include "indexer/shards.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <vector>

#include <fmt/format.h>
#include <unistd.h>
#include <xapian.h>

#include "analyzers/error.hpp"
#include "indexer/columns.hpp"
#include "indexer/db_layout.hpp"
#include "indexer/index_writer.hpp"
#include "indexer/name_merges.hpp"
#include "indexer/quotes.hpp"
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
/// changed word by word in one commit, so readers see the old one or the new one. The same
/// commit clears META_STORIES_DIRTY: the caller has committed every shard's stories.
void update_meta(const IndexOptions& opts, std::size_t shards) {
    const std::string& db = opts.db;
    std::map<std::string, Xapian::doccount> words;
    std::vector<Xapian::Database> parts;
    Xapian::Database all;
    for (std::size_t k = 0; k < shards; ++k) {
        const Xapian::Database shard((fs::path(db) / shard_directory(k)).string());
        for (auto it = shard.spellings_begin(); it != shard.spellings_end(); ++it) {
            words[*it] += it.get_termfreq();
        }
        parts.push_back(shard);
        all.add_database(shard);
    }
    IndexWriter meta((fs::path(db) / SHARD_META_DIR).string(), opts.analysis);
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
    // The surname merges of all shards together, which a search over the stub would otherwise
    // compute from every person term of every shard at each open.
    NameMerges::store_for_stub(w, all, parts);
    w.set_metadata(schema::META_STORIES_DIRTY, "");
    meta.commit();
}

/// Links the stories that the passes touched (noted in `stories`) over all shards, or every
/// story when `everything` (a run before this one was cut short), and commits each shard, each
/// under its own lock.
void refresh_all_stories(
    const IndexOptions& opts, std::size_t shards, StoryTracker& stories, bool everything
) {
    const std::string& db = opts.db;
    if (!everything && stories.empty()) {
        return;
    }
    std::vector<std::unique_ptr<layout::WriterLock>> locks;
    std::vector<std::unique_ptr<IndexWriter>> writers;
    std::vector<Xapian::WritableDatabase*> dbs;
    for (std::size_t k = 0; k < shards; ++k) {
        const std::string shard = (fs::path(db) / shard_directory(k)).string();
        locks.push_back(std::make_unique<layout::WriterLock>(shard));
        writers.push_back(std::make_unique<IndexWriter>(layout::live_database(shard), opts.analysis)
        );
        dbs.push_back(&writers.back()->database());
    }
    if (everything) {
        reassign_stories(dbs);
        stories = StoryTracker();
    } else {
        stories.refresh(dbs);
    }
    for (auto& w : writers) {
        w->commit();
    }
}

}  // namespace

std::string shard_directory(std::size_t index) {
    return fmt::format("shard-{:02}", index);
}

bool is_sharded(const std::string& db) {
    return recorded_shards(db) > 0;
}

std::vector<std::string> quotes_databases(const std::string& db) {
    std::error_code ec;
    if (!fs::is_directory(db, ec)) {
        throw Error("no database '" + db + "'");
    }
    std::vector<std::string> out;
    const std::size_t shards = recorded_shards(db);
    if (shards == 0) {
        out.push_back(quotes_directory(layout::live_database(db)));
        return out;
    }
    out.push_back(quotes_directory(layout::live_database((fs::path(db) / SHARD_META_DIR).string()))
    );
    for (std::size_t k = 0; k < shards; ++k) {
        out.push_back(
            quotes_directory(layout::live_database((fs::path(db) / shard_directory(k)).string()))
        );
    }
    return out;
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
    bool dirty = false;
    {
        // The metadata database says the directory is sharded, and into how many; and, until
        // update_meta() clears it, that stories may not be linked across shards yet.
        IndexWriter meta((fs::path(opts.db) / SHARD_META_DIR).string(), opts.analysis);
        dirty = !meta.database().get_metadata(schema::META_STORIES_DIRTY).empty();
        meta.database().set_metadata(schema::META_SHARDS, std::to_string(shards));
        meta.database().set_metadata(schema::META_STORIES_DIRTY, "1");
        meta.commit();
    }

    IndexStats total;
    std::vector<std::string> versions;
    auto add_up = [&total](const IndexStats& s) {
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
    };
    auto pass_options = [&](std::size_t k) {
        IndexOptions one = opts;
        one.shards = 0;
        one.shard_index = k;
        one.shard_count = shards;
        one.db = (fs::path(opts.db) / shard_directory(k)).string();
        return one;
    };
    if (opts.rebuild) {
        // Every shard built beside its live version, the stories of all of them assigned
        // together (as one rebuild's blocks are), then each switched on its own.
        std::vector<std::unique_ptr<Rebuilt>> rebuilt;
        std::vector<std::string> parts;
        for (std::size_t k = 0; k < shards; ++k) {
            rebuilt.push_back(build_beside(pass_options(k), warn, progress));
            add_up(rebuilt.back()->stats);
            parts.insert(parts.end(), rebuilt.back()->parts.begin(), rebuilt.back()->parts.end());
        }
        assign_stories(parts);
        for (std::size_t k = 0; k < shards; ++k) {
            versions.push_back(shard_directory(k) + "/" + switch_rebuilt(*rebuilt[k]));
        }
    } else {
        // One tracker for every pass; the stories are refreshed over all shards at the end (also
        // when a pass fails: what the shards committed before it is then linked as well).
        StoryTracker stories;
        try {
            for (std::size_t k = 0; k < shards; ++k) {
                add_up(run_in_place(pass_options(k), warn, progress, &stories));
            }
        } catch (...) {
            try {
                refresh_all_stories(opts, shards, stories, dirty);
                update_meta(opts, shards);
            } catch (...) {
                // NOTE: the pass's own error is the one to report; META_STORIES_DIRTY stays set,
                // so the next run re-evaluates every story.
            }
            throw;
        }
        refresh_all_stories(opts, shards, stories, dirty);
        // Each shard's term-frequency table, which snippets over the stub sum: the passes' writers
        // share a tracker and write none, and the stories' refresh commits (and writes them) only
        // when stories changed.
        for (std::size_t k = 0; k < shards; ++k) {
            const std::string shard = (fs::path(opts.db) / shard_directory(k)).string();
            const layout::WriterLock shard_lock(shard);
            const std::string live = layout::live_database(shard);
            write_term_freqs(live, Xapian::Database(live));
        }
    }
    update_meta(opts, shards);
    write_local_stub(opts.db, shards);
    for (const auto& v : versions) {
        total.version += (total.version.empty() ? "" : ", ") + v;
    }
    total.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return total;
}

}  // namespace dossier::indexer
