#include "indexer/indexer.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "analyzers/error.hpp"
#include "indexer/columns.hpp"
#include "indexer/db_layout.hpp"
#include "indexer/document_builder.hpp"
#include "indexer/index_writer.hpp"
#include "indexer/name_merges.hpp"
#include "indexer/pipeline.hpp"
#include "indexer/quotes.hpp"
#include "indexer/schema.hpp"
#include "indexer/shards.hpp"
#include "indexer/stories.hpp"
#include "indexer/text_reader.hpp"

namespace dossier::indexer {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

/// Where a record was read, as warnings name it: the file, and its line (JSONL) or element
/// (JSON array) when it has one.
std::string where_of(const InputFile& file, std::size_t line) {
    return line ? fmt::format("{}:{}", file.path, line) : file.path;
}

/// Where a record was read, in 16 bytes: the accountant keeps one per article id of the run,
/// where a formatted "file:line" was a string of its own (a heap block per article for a path
/// of more than 15 bytes).
struct RecordPlace {
    std::size_t file = 0;  ///< index into the expanded input files
    std::size_t line = 0;  ///< as InputRecord::line
};

/// The analysis of an InputRecord, handed to the writer in input order.
struct Outcome {
    std::string where;  ///< file, or file:line
    RecordPlace place;  ///< the same, as numbers
    std::string id;
    std::string source;
    Xapian::Document doc;
    QuoteDocuments quotes;  ///< the document's quotations, when the writer keeps them
    bool has_doc = false;
    bool ignored = false;
    bool foreign = false;  ///< an article of another shard (IndexOptions::shard_index)
    std::vector<std::string> warnings;
    std::string skip_reason;
    std::string skip_detail;
    std::size_t text_bytes = 0;
    std::uint64_t done_bytes = 0;
    Xapian::docid block_docid = 0;  ///< --rebuild: where the document went in its block database
};

/// Turns InputRecords into documents; one per analysis thread (owns a DocumentBuilder).
class Analyzer {
public:
    /// `with_quotes`: also analyses each document's quotations (for a writer that keeps them).
    Analyzer(const IndexOptions& opts, const std::vector<InputFile>& files, bool with_quotes)
        : m_opts(opts), m_files(files), m_builder(opts.analysis) {
        if (with_quotes) {
            m_quote_terms.emplace(*opts.analysis.aliases);
        }
    }

    Outcome operator()(InputRecord&& job) {
        Outcome out;
        const InputFile& f = m_files[job.file];
        out.where = where_of(f, job.line);
        out.place = {job.file, job.line};
        out.source = f.source;
        out.done_bytes = job.done_bytes;
        try {
            analyse(std::move(job), f, out);
        } catch (const std::exception& e) {
            // NOTE: one article must never stop the run; the writer reports it (fatal with
            // --strict).
            out.has_doc = false;
            out.skip_reason = "analysis error";
            out.skip_detail = e.what();
        } catch (const Xapian::Error& e) {
            out.has_doc = false;
            out.skip_reason = "analysis error";
            out.skip_detail = e.get_description();
        }
        return out;
    }

private:
    void analyse(InputRecord&& job, const InputFile& f, Outcome& out) {
        switch (job.kind) {
        case InputRecord::Kind::Ignored:
            out.ignored = true;
            return;
        case InputRecord::Kind::Skip:
            out.skip_reason = std::move(job.skip_reason);
            out.skip_detail = std::move(job.skip_detail);
            return;
        default:
            break;
        }
        ReadReport report;
        Article article;
        if (job.kind == InputRecord::Kind::TextFile) {
            std::string text;
            try {
                text = read_all(f.path);
            } catch (const TooLargeError&) {
                out.skip_reason = "article too large";
                out.skip_detail = too_large_detail();
                return;
            } catch (const CorpusError& e) {
                out.skip_reason = "unreadable input";
                out.skip_detail = e.what();
                return;
            }
            article = article_from_text(std::move(text), f.id, f.path, report);
            article.source = f.source;
        } else if (job.kind == InputRecord::Kind::TextData) {
            std::string id = m_opts.stdin_id;
            if (id.empty()) {
                Article probe;
                probe.text = job.data;
                id = "stdin-" + m_builder.content_hash(probe);
            }
            article = article_from_text(std::move(job.data), id, "-", report);
        } else {
            article = article_from_json_line(job.data, f.path, job.line, m_opts.fields, report);
            article.source = f.source;
        }
        out.warnings = std::move(report.warnings);
        if (!report.skip_reason.empty()) {
            out.skip_reason = std::move(report.skip_reason);
            out.skip_detail = std::move(report.skip_detail);
            return;
        }
        if (m_opts.shard_count > 1
            && schema::shard_of(article.id, m_opts.shard_count) != m_opts.shard_index) {
            out.foreign = true;  // its own shard's pass analyses it and reports its warnings
            out.warnings.clear();
            return;
        }
        out.id = article.id;
        out.text_bytes = article.title.size() + article.text.size();
        std::vector<std::string> notes;
        out.doc = m_builder.build(article, &notes);
        for (const auto& note : notes) {
            out.warnings.push_back(fmt::format("{}: {}", out.where, note));
        }
        if (std::size_t n = drop_overlong_terms(out.doc)) {
            out.warnings.push_back(fmt::format("{}: {} over-long terms not indexed", out.where, n));
        }
        if (m_quote_terms) {
            out.quotes = unplaced_quote_documents(out.doc, *m_quote_terms);
        }
        out.has_doc = true;
    }

    const IndexOptions& m_opts;
    const std::vector<InputFile>& m_files;
    DocumentBuilder m_builder;
    std::optional<TermWriter> m_quote_terms;
};

/// The single writer: applies Outcomes in input order, counts them, commits every batch.
class Writer {
public:
    /// `writer` may be null when documents are written elsewhere (--rebuild blocks): then only
    /// account() is used.
    Writer(
        IndexWriter* writer,
        const IndexOptions& opts,
        const std::vector<InputFile>& files,
        const WarningSink& warn,
        IndexStats& stats
    )
        : m_writer(writer),
          m_opts(opts),
          m_files(files),
          m_warn(warn),
          m_stats(stats),
          m_fresh(writer && writer->database().get_doccount() == 0) {}

    /// Reports and counts what `o` holds besides a document (warnings, skips, ignored files,
    /// duplicate ids); true when `o` carries a document to write (its id first seen in this run).
    bool account(Outcome& o) {
        m_stats.input_bytes = std::max(m_stats.input_bytes, o.done_bytes);
        if (!o.source.empty()) {
            m_sources_read.insert(o.source);
        }
        if (o.foreign) {
            return false;
        }
        if (m_opts.shard_index > 0 && !o.has_doc) {
            // Inputs that are no article: the first shard's pass reports and counts them.
            if (!o.ignored && !o.source.empty()) {
                m_troubled_sources.insert(o.source);
            }
            return false;
        }
        for (const auto& w : o.warnings) {
            if (m_opts.strict) {
                fail(w);
            }
            m_warn(w);
        }
        if (o.ignored) {
            ++m_stats.skipped;
            ++m_stats.skip_reasons["ignored README/LICENSE"];
            return false;
        }
        if (!o.has_doc) {
            if (o.skip_reason.empty()) {
                o.skip_reason = "no article";
            }
            if (!o.source.empty()) {
                m_troubled_sources.insert(o.source);
            }
            skip(o.where, o.skip_reason, o.skip_detail);
            return false;
        }
        std::string qterm = schema::id_term(o.id);
        auto [it, fresh] = m_seen.emplace(std::move(qterm), o.place);
        if (!fresh) {
            skip(
                o.where,
                "duplicate id",
                fmt::format(
                    "id '{}' was already read from {}",
                    o.id,
                    where_of(m_files[it->second.file], it->second.line)
                )
            );
            return false;
        }
        m_stats.bytes += o.text_bytes;
        return true;
    }

    void apply(Outcome&& o) {
        if (!account(o)) {
            return;
        }
        if (!m_in_batch) {
            m_writer->begin_batch();
            m_in_batch = true;
        }
        if (m_fresh) {
            // The database was empty when the run began and m_seen let only first-seen ids
            // through: no lookup of the id can find anything.
            m_writer->add_new_document(std::move(o.doc), std::move(o.quotes));
            ++m_stats.added;
            ++m_modified;
        } else {
            switch (m_writer->put_document(o.id, std::move(o.doc), std::move(o.quotes))) {
            case PutOutcome::Added:
                ++m_stats.added;
                ++m_modified;
                break;
            case PutOutcome::Updated:
                ++m_stats.updated;
                ++m_modified;
                break;
            case PutOutcome::Unchanged:
                ++m_stats.unchanged;
                break;
            }
        }
        if (m_modified >= std::max<std::size_t>(1, m_opts.batch_size)) {
            commit();
        }
    }

    /// Ends the current batch (atomically durable), if one is open.
    void commit() {
        if (m_in_batch) {
            m_writer->commit_batch();
            m_in_batch = false;
            m_modified = 0;
        }
    }

    /// --prune: deletes articles whose source file is gone, and articles of sources read in this
    /// run that no longer hold them (unless that source had a bad record: then nothing is pruned
    /// from it, so a damaged line never costs the article it used to hold).
    void prune() {
        Xapian::WritableDatabase& db = m_writer->database();
        std::vector<std::string> doomed;  // id terms
        const std::string prefix = schema::PREFIX_PATH;
        std::vector<std::string> source_terms;
        for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
            source_terms.push_back(*t);
        }
        for (const auto& term : source_terms) {
            auto first = db.postlist_begin(term);
            if (first == db.postlist_end(term)) {
                continue;
            }
            nlohmann::json data =
                nlohmann::json::parse(db.get_document(*first).get_data(), nullptr, false);
            std::string source =
                data.is_object() ? data.value(schema::DATA_SOURCE, std::string()) : std::string();
            if (source.empty()) {
                source = term.substr(prefix.size());
            }
            const bool read_now = m_sources_read.count(source) != 0;
            if (read_now && m_troubled_sources.count(source)) {
                continue;
            }
            std::error_code ec;
            const bool gone = !read_now && !fs::exists(source, ec);
            if (!read_now && !gone) {
                continue;  // a source this run did not look at
            }
            for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
                const std::string q = schema::id_term_of(db.get_document(*p));
                if (!q.empty() && (gone || m_seen.count(q) == 0)) {
                    doomed.push_back(q);
                }
            }
        }
        if (doomed.empty()) {
            return;
        }
        m_writer->begin_batch();
        for (const auto& q : doomed) {
            m_writer->remove_id_term(q);
            ++m_stats.deleted;
        }
        m_writer->commit_batch();
    }

private:
    [[noreturn]] void fail(const std::string& message) {
        commit();  // everything before the bad input stays
        throw Error(message + " (stopped by --strict)");
    }

    void skip(const std::string& where, const std::string& reason, const std::string& detail) {
        const std::string details = detail.empty() ? std::string() : " (" + detail + ")";
        if (m_opts.strict) {
            fail(fmt::format("{}: {}{}", where, reason, details));
        }
        m_warn(fmt::format("{}: skipped: {}{}", where, reason, details));
        ++m_stats.skipped;
        ++m_stats.skip_reasons[reason];
    }

    IndexWriter* m_writer;
    const IndexOptions& m_opts;
    const std::vector<InputFile>& m_files;
    const WarningSink& m_warn;
    IndexStats& m_stats;
    bool m_fresh;  ///< the database held no document when the run began
    bool m_in_batch = false;
    std::size_t m_modified = 0;
    std::unordered_map<std::string, RecordPlace> m_seen;  ///< id term → where first read
    std::unordered_set<std::string> m_sources_read;
    std::unordered_set<std::string> m_troubled_sources;  ///< sources with a skipped record this run
};

/// How many analysis threads a run uses.
std::size_t analysis_threads(const IndexOptions& opts) {
    return opts.threads ? opts.threads : std::max(1u, std::thread::hardware_concurrency());
}

/// Reports progress about every 100 ms and once at the end.
class ProgressMeter {
public:
    ProgressMeter(const ProgressSink& sink, std::uint64_t total, Clock::time_point start)
        : m_sink(sink), m_start(start), m_last(Clock::now()) {
        m_progress.bytes_total = total;
    }

    /// One more record is done; `done_bytes` of the input are consumed.
    void record(std::uint64_t done_bytes) {
        ++m_progress.records;
        m_progress.bytes_done = std::max(m_progress.bytes_done, done_bytes);
        report(false);
    }

    void finish() { report(true); }

private:
    void report(bool finished) {
        if (!m_sink) {
            return;
        }
        const auto now = Clock::now();
        if (!finished && now - m_last < std::chrono::milliseconds(100)) {
            return;
        }
        m_last = now;
        m_progress.seconds = std::chrono::duration<double>(now - m_start).count();
        m_progress.finished = finished;
        m_sink(m_progress);
    }

    const ProgressSink& m_sink;
    Clock::time_point m_start;
    Clock::time_point m_last;
    Progress m_progress;
};

/// The incremental path: reads → analyses on `threads` threads → writes in input order.
void index_incrementally(
    const std::vector<InputFile>& files,
    const IndexOptions& opts,
    Writer& writer,
    ProgressMeter& meter
) {
    const std::size_t threads = analysis_threads(opts);
    run_ordered<InputRecord>(
        threads,
        32 * threads + 32,  // articles in flight (read, analysed, waiting for the writer)
        [&](const auto& emit) { read_records(files, opts.format, emit); },
        [&] { return Analyzer(opts, files, true); },
        [&](Outcome&& o) {
            const std::uint64_t done = o.done_bytes;
            writer.apply(std::move(o));
            meter.record(done);
            return true;
        }
    );
    meter.finish();
}

/// --rebuild: consecutive records, to be analysed and written into a block database together.
struct Block {
    std::size_t number = 0;
    std::vector<InputRecord> records;
};

/// A block written: its database, and the outcomes of its records (documents already written;
/// these carry the rest, for the accounting).
struct BlockResult {
    std::string path;
    std::vector<Outcome> outcomes;
};

/// Analyses whole blocks into their own scratch databases; one per analysis thread.
class BlockWriter {
public:
    BlockWriter(
        const IndexOptions& opts, const std::vector<InputFile>& files, const std::string& build_dir
    )
        : m_opts(opts), m_analyzer(opts, files, false), m_build_dir(build_dir) {}

    BlockResult operator()(Block&& block) {
        BlockResult result;
        result.path = (fs::path(m_build_dir) / fmt::format("block-{:06}", block.number)).string();
        IndexWriter block_db(result.path, m_opts.analysis, Durability::Scratch);
        for (auto& record : block.records) {
            Outcome o = m_analyzer(std::move(record));
            if (o.has_doc) {
                o.block_docid = block_db.add_block_document(std::move(o.doc));
                o.doc = Xapian::Document();
            }
            result.outcomes.push_back(std::move(o));
        }
        block_db.commit();
        return result;
    }

private:
    const IndexOptions& m_opts;
    Analyzer m_analyzer;
    const std::string& m_build_dir;
};

/// The number of records of block `number` of `block_size`: the first three grow (an eighth, a
/// quarter and a half of it), so that an import of a few blocks' worth starts on every core
/// (1,000 articles in one block took one core 3.5–5.1 s; in these four blocks, 2.6–2.8 s) while a
/// large one keeps its blocks whole (smaller blocks all along cost more: 23,803 news articles in
/// blocks of 250 took 27–30 s against 21–22 s).
std::size_t block_records(std::size_t number, std::size_t block_size) {
    constexpr std::size_t GROWING = 3;
    return number < GROWING ? std::max<std::size_t>(block_size >> (GROWING - number), 1)
                            : block_size;
}

/// --rebuild: the input is cut into blocks of consecutive records; each analysis thread writes
/// whole blocks into their own small database (Xapian's single writer per database is then no
/// bottleneck), and the blocks are merged in input order by the compaction that a rebuild does
/// anyway. Documents are therefore numbered in input order whatever the thread count. Ids seen
/// in an earlier block are deleted from later blocks before the merge.
std::vector<std::string> build_blocks(
    const std::vector<InputFile>& files,
    const IndexOptions& opts,
    const std::string& build_dir,
    Writer& accountant,
    IndexStats& stats,
    ProgressMeter& meter
) {
    const std::size_t threads = analysis_threads(opts);
    const std::size_t block_size = std::max<std::size_t>(opts.batch_size, 1);
    std::vector<std::string> parts;
    std::vector<std::vector<Xapian::docid>> duplicates;
    run_ordered<Block>(
        threads,
        threads + 1,  // blocks in flight
        [&](const auto& emit) {
            Block block;
            bool go = true;
            read_records(files, opts.format, [&](InputRecord&& record) {
                block.records.push_back(std::move(record));
                if (block.records.size() >= block_records(block.number, block_size)) {
                    const std::size_t next = block.number + 1;
                    go = emit(std::move(block));
                    block = Block{next, {}};
                }
                return go;
            });
            if (go && !block.records.empty()) {
                emit(std::move(block));
            }
        },
        [&] { return BlockWriter(opts, files, build_dir); },
        [&](BlockResult&& block) {
            std::vector<Xapian::docid> dups;
            for (auto& o : block.outcomes) {
                const bool has_doc = o.has_doc;
                if (accountant.account(o)) {
                    ++stats.added;
                } else if (has_doc) {
                    dups.push_back(o.block_docid);  // a duplicate id: removed before the merge
                }
                meter.record(o.done_bytes);
            }
            parts.push_back(block.path);
            duplicates.push_back(std::move(dups));
            return true;
        }
    );
    for (std::size_t k = 0; k < parts.size(); ++k) {
        if (!duplicates[k].empty()) {
            IndexWriter block_db(parts[k], opts.analysis, Durability::Scratch);
            for (auto did : duplicates[k]) {
                block_db.delete_block_document(did);
            }
            block_db.commit();
        }
    }
    meter.finish();
    if (parts.empty()) {
        std::string empty = (fs::path(build_dir) / "block-empty").string();
        IndexWriter writer(empty, opts.analysis);
        writer.commit();
        parts.push_back(empty);
    }
    return parts;
}

}  // namespace

std::string IndexStats::summary() const {
    std::string s = fmt::format(
        "added {}, updated {}, unchanged {}, deleted {}, skipped {}",
        added,
        updated,
        unchanged,
        deleted,
        skipped
    );
    if (!skip_reasons.empty()) {
        std::string reasons;
        for (const auto& [reason, count] : skip_reasons) {
            reasons += fmt::format("{}{} {}", reasons.empty() ? "" : ", ", reason, count);
        }
        s += " (" + reasons + ")";
    }
    return s;
}

Rebuilt::Rebuilt(const std::string& database) : Rebuilt(database, layout::WriterLock(database)) {}

Rebuilt::Rebuilt(const std::string& database, layout::WriterLock&& held)
    : db(database), lock(std::move(held)) {}

Rebuilt::~Rebuilt() {
    if (!build_dir.empty()) {
        std::error_code ec;
        fs::remove_all(build_dir, ec);  // not switched: the live version was never touched
    }
}

namespace {

/// build_beside() with the inputs expanded and the lock taken (in `rebuilt`).
void build_blocks_beside(
    Rebuilt& rebuilt,
    const std::vector<InputFile>& files,
    const IndexOptions& opts,
    const WarningSink& warn,
    const ProgressSink& progress,
    Clock::time_point start
) {
    rebuilt.build_dir = layout::prepare_build_directory(opts.db);
    Writer accountant(nullptr, opts, files, warn, rebuilt.stats);
    ProgressMeter meter(progress, total_input_bytes(files), start);
    rebuilt.parts = build_blocks(files, opts, rebuilt.build_dir, accountant, rebuilt.stats, meter);
}

/// run_in_place() with the inputs expanded and the lock held by the caller (so any build
/// directory there is a dead rebuild's, removed first).
IndexStats index_in_place(
    const IndexOptions& opts,
    const std::vector<InputFile>& files,
    const WarningSink& warn,
    const ProgressSink& progress,
    StoryTracker* shared_stories,
    Clock::time_point start
) {
    layout::remove_stale_builds(opts.db);
    IndexStats stats;
    const std::string live = layout::live_database(opts.db);
    std::optional<IndexWriter> index;
    if (shared_stories) {
        index.emplace(live, opts.analysis, *shared_stories);
    } else {
        index.emplace(live, opts.analysis);
    }
    Writer writer(&*index, opts, files, warn, stats);
    ProgressMeter meter(progress, total_input_bytes(files), start);
    index_incrementally(files, opts, writer, meter);
    writer.commit();
    if (opts.prune) {
        writer.prune();
    }
    index->commit();
    stats.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return stats;
}

/// Blocks written on every core, stories assigned across them, compacted and switched to.
IndexStats rebuild(Rebuilt& rebuilt, Clock::time_point start) {
    assign_stories(rebuilt.parts);  // across blocks, before their merge
    IndexStats stats = rebuilt.stats;
    stats.version = switch_rebuilt(rebuilt);
    stats.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return stats;
}

}  // namespace

std::unique_ptr<Rebuilt>
build_beside(const IndexOptions& opts, const WarningSink& warn, const ProgressSink& progress) {
    const auto start = Clock::now();
    auto files = expand_inputs(
        opts.inputs, opts.format
    );  // a missing input fails before the database is touched
    auto rebuilt = std::make_unique<Rebuilt>(opts.db);
    build_blocks_beside(*rebuilt, files, opts, warn, progress, start);
    return rebuilt;
}

std::string switch_rebuilt(Rebuilt& rebuilt) {
    const std::string version = layout::switch_to_new_version(
                                    rebuilt.db,
                                    rebuilt.parts,
                                    rebuilt.build_dir,
                                    [](const std::string& dir) {
                                        {
                                            // The surname merges first: their commit is a new
                                            // revision, which the quotations built next are stamped
                                            // with.
                                            Xapian::WritableDatabase db =
                                                layout::open_writable(dir, Xapian::DB_OPEN);
                                            NameMerges::store(db);
                                            db.commit();
                                        }
                                        Xapian::Database built(dir);
                                        build_quotes(dir, built);
                                        write_columns(dir, built);
                                    }
    ).version;
    rebuilt.build_dir.clear();  // switch_to_new_version removed it
    return version;
}

IndexStats run_in_place(
    const IndexOptions& opts,
    const WarningSink& warn,
    const ProgressSink& progress,
    StoryTracker* shared_stories
) {
    const auto start = Clock::now();
    auto files = expand_inputs(
        opts.inputs, opts.format
    );  // a missing input fails before the database is touched
    layout::WriterLock lock(opts.db);
    return index_in_place(opts, files, warn, progress, shared_stories, start);
}

IndexStats run(const IndexOptions& opts, const WarningSink& warn, const ProgressSink& progress) {
    if (!opts.analysis.extractor || !opts.analysis.aliases) {
        throw Error("indexing needs an analysis configuration (IndexOptions::analysis)");
    }
    if (opts.shards > 0 || is_sharded(opts.db)) {
        return run_sharded(opts, warn, progress);
    }
    const auto start = Clock::now();
    if (opts.rebuild) {
        auto rebuilt = build_beside(opts, warn, progress);
        return rebuild(*rebuilt, start);
    }
    auto files = expand_inputs(
        opts.inputs, opts.format
    );  // a missing input fails before the database is touched
    layout::WriterLock lock(opts.db);
    if (opts.in_place || !layout::is_new_database(opts.db)) {
        return index_in_place(opts, files, warn, progress, nullptr, start);
    }
    // A first import into a new directory (decided under the lock, so no other indexer creates
    // the database meanwhile) takes the bulk path: one writer per core into blocks, merged and
    // switched to as a rebuild is.
    Rebuilt first(opts.db, std::move(lock));
    build_blocks_beside(first, files, opts, warn, progress, start);
    return rebuild(first, start);
}

}  // namespace dossier::indexer
