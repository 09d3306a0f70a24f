#include "indexer/indexer.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "analyzers/error.hpp"
#include "indexer/db_layout.hpp"
#include "indexer/document_builder.hpp"
#include "indexer/index_writer.hpp"
#include "indexer/schema.hpp"
#include "indexer/shards.hpp"
#include "indexer/stories.hpp"
#include "indexer/text_reader.hpp"

namespace dossier::indexer {

namespace fs = std::filesystem;

namespace {

/// Stops and joins a pipeline's threads when the pipeline's scope ends, normally or by an
/// exception, so no thread outlives the state it shares.
struct JoinOnExit {
    std::vector<std::thread>& pool;
    std::function<void()> stop;

    ~JoinOnExit() {
        stop();
        for (auto& t : pool) {
            if (t.joinable()) {
                t.join();
            }
        }
    }
};

using Clock = std::chrono::steady_clock;

/// One unit of work, in input order: a file to read, a JSONL record, or an input already judged.
struct Job {
    enum class Kind { TextFile, TextData, JsonRecord, Skip, Ignored };
    Kind kind = Kind::Skip;
    std::size_t file = 0;  ///< index into the expanded input files
    std::size_t line = 0;  ///< 1-based JSONL line (0 = the whole file)
    std::string data;      ///< the record, or the text read from stdin
    std::string skip_reason;
    std::string skip_detail;
    std::uint64_t done_bytes = 0;  ///< input bytes consumed once this job is done (progress)
};

/// The analysis of a Job, handed to the writer in input order.
struct Outcome {
    std::string where;  ///< file, or file:line
    std::string id;
    std::string source;
    Xapian::Document doc;
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

/// Why an input larger than MAX_ARTICLE_BYTES is skipped.
const std::string TOO_LARGE =
    fmt::format("more than {} MiB, the maximum article size", MAX_ARTICLE_BYTES >> 20);

/// Reads the inputs in order and hands out Jobs; `emit` returns false to stop early.
template <typename Emit>
void produce(const std::vector<InputFile>& files, const IndexOptions& opts, Emit&& emit) {
    std::uint64_t base = 0;  // bytes of the files before the current one
    for (std::size_t i = 0; i < files.size(); ++i) {
        const InputFile& f = files[i];
        Job job;
        job.file = i;
        job.done_bytes = base + f.size;
        if (f.kind == FileKind::Ignored) {
            job.kind = Job::Kind::Ignored;
        } else if (f.kind == FileKind::Unsupported) {
            job.kind = Job::Kind::Skip;
            job.skip_reason = "unsupported file type";
        } else if (f.kind == FileKind::Text && f.path != "-") {
            job.kind = Job::Kind::TextFile;  // read by the analysis thread
        } else {
            // JSONL, or standard input: read here, record by record.
            try {
                LineReader reader(f.path);
                const std::string_view head = reader.peek(8192);
                const std::size_t first = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
                const char lead = first == std::string_view::npos ? '\0' : head[first];
                bool jsonl = f.kind == FileKind::Jsonl;
                if (f.path == "-" && opts.format == InputFormat::Auto) {
                    jsonl = lead == '{';
                }
                if (!jsonl) {
                    job.kind = Job::Kind::TextData;
                    std::string line;
                    while (reader.next(line)) {
                        job.data += line;
                        job.data += '\n';
                        if (reader.overlong() || job.data.size() > MAX_ARTICLE_BYTES) {
                            throw TooLargeError(
                                "<stdin>", 0, "article too large: more than 8 MiB, skipped"
                            );
                        }
                    }
                    job.done_bytes = base + reader.raw_offset();
                } else if (looks_binary(head)) {
                    job.kind = Job::Kind::Skip;
                    job.skip_reason = "binary file";
                } else if (lead == '[') {
                    // A .json file holding one array of records rather than one record per line.
                    std::string all = read_all(f.path, MAX_ARTICLE_BYTES);
                    nlohmann::json array = json_too_deep(all)
                        ? nlohmann::json(nlohmann::json::value_t::discarded)
                        : nlohmann::json::parse(all, nullptr, false);
                    if (array.is_discarded() || !array.is_array()) {
                        job.kind = Job::Kind::Skip;
                        job.skip_reason = "malformed JSON";
                        job.skip_detail = "not JSON lines, nor one JSON array";
                    } else {
                        for (std::size_t k = 0; k < array.size(); ++k) {
                            Job rec;
                            rec.kind = Job::Kind::JsonRecord;
                            rec.file = i;
                            rec.line = k + 1;
                            rec.data = array[k].dump(
                                -1, ' ', false, nlohmann::json::error_handler_t::replace
                            );
                            rec.done_bytes = base + f.size * (k + 1) / array.size();
                            if (!emit(std::move(rec))) {
                                return;
                            }
                        }
                        base += f.size;
                        continue;
                    }
                } else {
                    std::string line;
                    while (reader.next(line)) {
                        if (!reader.overlong()
                            && line.find_first_not_of(" \t\r") == std::string::npos) {
                            continue;  // blank lines separate nothing and hold nothing
                        }
                        Job rec;
                        rec.kind = Job::Kind::JsonRecord;
                        rec.file = i;
                        rec.line = reader.line_number();
                        if (reader.overlong()) {
                            rec.kind = Job::Kind::Skip;
                            rec.skip_reason = "article too large";
                            rec.skip_detail = TOO_LARGE;
                        }
                        rec.data = std::move(line);
                        rec.done_bytes = base + reader.raw_offset();
                        if (!emit(std::move(rec))) {
                            return;
                        }
                        line = std::string();
                    }
                    base += f.size;
                    continue;
                }
            } catch (const TooLargeError&) {
                job.kind = Job::Kind::Skip;
                job.skip_reason = "article too large";
                job.skip_detail = TOO_LARGE;
            } catch (const CorpusError& e) {
                job.kind = Job::Kind::Skip;
                job.skip_reason = "unreadable input";
                job.skip_detail = e.what();
            }
        }
        base += f.size;
        if (!emit(std::move(job))) {
            return;
        }
    }
}

/// Turns Jobs into documents; one per thread (owns a DocumentBuilder).
class Analyzer {
public:
    Analyzer(const IndexOptions& opts, const std::vector<InputFile>& files)
        : m_opts(opts), m_files(files) {}

    Outcome process(Job&& job) {
        Outcome out;
        const InputFile& f = m_files[job.file];
        out.where = job.line ? fmt::format("{}:{}", f.path, job.line) : f.path;
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
    void analyse(Job&& job, const InputFile& f, Outcome& out) {
        switch (job.kind) {
        case Job::Kind::Ignored:
            out.ignored = true;
            return;
        case Job::Kind::Skip:
            out.skip_reason = std::move(job.skip_reason);
            out.skip_detail = std::move(job.skip_detail);
            return;
        default:
            break;
        }
        ReadReport report;
        Article article;
        if (job.kind == Job::Kind::TextFile) {
            std::string text;
            try {
                text = read_all(f.path);
            } catch (const TooLargeError&) {
                out.skip_reason = "article too large";
                out.skip_detail = TOO_LARGE;
                return;
            } catch (const CorpusError& e) {
                out.skip_reason = "unreadable input";
                out.skip_detail = e.what();
                return;
            }
            article = article_from_text(std::move(text), f.id, f.path, report);
            article.source = f.source;
        } else if (job.kind == Job::Kind::TextData) {
            std::string id = m_opts.stdin_id;
            if (id.empty()) {
                Article probe;
                probe.text = job.data;
                id = "stdin-" + DocumentBuilder::content_hash(probe);
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
        out.doc = m_builder.build(article);
        if (std::size_t n = drop_overlong_terms(out.doc)) {
            out.warnings.push_back(fmt::format("{}: {} over-long terms not indexed", out.where, n));
        }
        out.has_doc = true;
    }

    const IndexOptions& m_opts;
    const std::vector<InputFile>& m_files;
    DocumentBuilder m_builder;
};

/// The single writer: applies Outcomes in input order, counts them, commits every batch.
class Writer {
public:
    /// `writer` may be null when documents are written elsewhere (--rebuild blocks): then only
    /// account() is used.
    Writer(
        IndexWriter* writer, const IndexOptions& opts, const WarningSink& warn, IndexStats& stats
    )
        : m_writer(writer),
          m_opts(opts),
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
        auto [it, fresh] = m_seen.emplace(qterm, o.where);
        if (!fresh) {
            skip(
                o.where,
                "duplicate id",
                fmt::format("id '{}' was already read from {}", o.id, it->second)
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
            m_writer->add_new_document(std::move(o.doc));
            ++m_stats.added;
            ++m_modified;
        } else {
            switch (m_writer->put_document(o.id, std::move(o.doc))) {
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
                Xapian::Document doc = db.get_document(*p);
                auto q = doc.termlist_begin();
                q.skip_to(schema::PREFIX_ID);
                if (q == doc.termlist_end() || (*q).rfind(schema::PREFIX_ID, 0) != 0) {
                    continue;
                }
                if (gone || m_seen.count(*q) == 0) {
                    doomed.push_back(*q);
                }
            }
        }
        if (doomed.empty()) {
            return;
        }
        m_writer->begin_batch();
        for (const auto& q : doomed) {
            // Through the id term's posting: the article's words leave the spelling table too.
            auto p = db.postlist_begin(q);
            if (p != db.postlist_end(q)) {
                m_writer->spellings().remove(db.get_document(*p));
                m_writer->stories().touch_removed(db.get_document(*p));
            }
            db.delete_document(q);
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
    const WarningSink& m_warn;
    IndexStats& m_stats;
    bool m_fresh;  ///< the database held no document when the run began
    bool m_in_batch = false;
    std::size_t m_modified = 0;
    std::unordered_map<std::string, std::string> m_seen;  ///< id term → where it was first read
    std::unordered_set<std::string> m_sources_read;
    std::unordered_set<std::string> m_troubled_sources;  ///< sources with a skipped record this run
};

/// Runs produce → analyse → write, with `threads` analysis threads (1: all on this thread).
void pipeline(
    const std::vector<InputFile>& files,
    const IndexOptions& opts,
    Writer& writer,
    const ProgressSink& progress,
    Clock::time_point start
) {
    std::uint64_t total = 0;
    for (const auto& f : files) {
        if (f.path == "-") {
            total = 0;
            break;
        }
        total += f.size;
    }
    std::size_t records = 0;
    auto last_report = Clock::now();
    auto report = [&](std::uint64_t done, bool finished) {
        if (!progress) {
            return;
        }
        auto now = Clock::now();
        if (!finished && now - last_report < std::chrono::milliseconds(100)) {
            return;
        }
        last_report = now;
        Progress p;
        p.records = records;
        p.bytes_done = done;
        p.bytes_total = total;
        p.seconds = std::chrono::duration<double>(now - start).count();
        p.finished = finished;
        progress(p);
    };
    std::uint64_t done = 0;
    auto consume = [&](Outcome&& o) {
        done = std::max(done, o.done_bytes);
        ++records;
        writer.apply(std::move(o));
        report(done, false);
    };

    std::size_t threads =
        opts.threads ? opts.threads : std::max(1u, std::thread::hardware_concurrency());
    if (threads <= 1) {
        Analyzer analyzer(opts, files);
        produce(files, opts, [&](Job&& job) {
            consume(analyzer.process(std::move(job)));
            return true;
        });
        report(done, true);
        return;
    }

    struct Shared {
        std::mutex m;
        std::condition_variable jobs_ready, result_ready, space;
        std::deque<std::pair<std::size_t, Job>> jobs;
        std::map<std::size_t, Outcome> results;
        std::size_t produced = 0;
        std::size_t taken = 0;  ///< outcomes handed to the writer
        bool reader_done = false;
        bool stop = false;
        std::exception_ptr error;
    } sh;

    // Bounds the articles in flight (read, analysed, waiting for the writer): flat memory.
    const std::size_t window = 32 * threads + 32;

    auto stop_all = [&] {
        std::lock_guard lock(sh.m);
        sh.stop = true;
        sh.jobs_ready.notify_all();
        sh.space.notify_all();
        sh.result_ready.notify_all();
    };

    std::vector<std::thread> pool;
    const JoinOnExit joiner{pool, stop_all};

    pool.emplace_back([&] {
        try {
            produce(files, opts, [&](Job&& job) {
                std::unique_lock lock(sh.m);
                sh.space.wait(lock, [&] { return sh.stop || sh.produced - sh.taken < window; });
                if (sh.stop) {
                    return false;
                }
                sh.jobs.emplace_back(sh.produced++, std::move(job));
                sh.jobs_ready.notify_one();
                return true;
            });
        } catch (...) {
            std::lock_guard lock(sh.m);
            sh.error = std::current_exception();
        }
        std::lock_guard lock(sh.m);
        sh.reader_done = true;
        sh.jobs_ready.notify_all();
        sh.result_ready.notify_all();
    });
    for (std::size_t t = 0; t < threads; ++t) {
        pool.emplace_back([&] {
            Analyzer analyzer(opts, files);
            while (true) {
                std::pair<std::size_t, Job> item;
                {
                    std::unique_lock lock(sh.m);
                    sh.jobs_ready.wait(lock, [&] {
                        return sh.stop || !sh.jobs.empty() || sh.reader_done;
                    });
                    if (sh.stop || sh.jobs.empty()) {
                        return;
                    }
                    item = std::move(sh.jobs.front());
                    sh.jobs.pop_front();
                }
                Outcome o = analyzer.process(std::move(item.second));
                std::lock_guard lock(sh.m);
                sh.results.emplace(item.first, std::move(o));
                sh.result_ready.notify_all();
            }
        });
    }

    while (true) {
        Outcome o;
        {
            std::unique_lock lock(sh.m);
            sh.result_ready.wait(lock, [&] {
                return sh.error || sh.results.count(sh.taken)
                    || (sh.reader_done && sh.taken == sh.produced);
            });
            if (sh.error) {
                std::rethrow_exception(sh.error);
            }
            auto it = sh.results.find(sh.taken);
            if (it == sh.results.end()) {
                break;  // everything read has been written
            }
            o = std::move(it->second);
            sh.results.erase(it);
            ++sh.taken;
            sh.space.notify_one();
        }
        consume(std::move(o));
    }
    report(done, true);
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
    const ProgressSink& progress,
    Clock::time_point start
) {
    const std::size_t threads =
        opts.threads ? opts.threads : std::max(1u, std::thread::hardware_concurrency());
    const std::size_t block_size = std::max<std::size_t>(opts.batch_size, 1);
    std::uint64_t total = 0;
    for (const auto& f : files) {
        total += f.size;
    }

    struct BlockResult {
        std::string path;
        std::vector<Outcome> outcomes;  ///< documents already written; these carry the rest
    };

    struct Shared {
        std::mutex m;
        std::condition_variable work, done, space;
        std::deque<std::pair<std::size_t, std::vector<Job>>> blocks;
        std::map<std::size_t, BlockResult> results;
        std::size_t produced = 0;
        std::size_t taken = 0;
        bool reader_done = false;
        bool stop = false;
        std::exception_ptr error;
    } sh;

    auto stop_all = [&] {
        std::lock_guard lock(sh.m);
        sh.stop = true;
        sh.work.notify_all();
        sh.space.notify_all();
        sh.done.notify_all();
    };
    std::vector<std::thread> pool;
    const JoinOnExit joiner{pool, stop_all};

    auto push_block = [&](std::vector<Job>&& block) {
        std::unique_lock lock(sh.m);
        sh.space.wait(lock, [&] { return sh.stop || sh.produced - sh.taken < threads + 1; });
        if (sh.stop) {
            return false;
        }
        sh.blocks.emplace_back(sh.produced++, std::move(block));
        sh.work.notify_one();
        return true;
    };
    pool.emplace_back([&] {
        try {
            std::vector<Job> block;
            bool go = true;
            produce(files, opts, [&](Job&& job) {
                block.push_back(std::move(job));
                if (block.size() >= block_size) {
                    go = push_block(std::move(block));
                    block.clear();
                }
                return go;
            });
            if (go && !block.empty()) {
                push_block(std::move(block));
            }
        } catch (...) {
            std::lock_guard lock(sh.m);
            sh.error = std::current_exception();
        }
        std::lock_guard lock(sh.m);
        sh.reader_done = true;
        sh.work.notify_all();
        sh.done.notify_all();
    });
    for (std::size_t t = 0; t < threads; ++t) {
        pool.emplace_back([&] {
            Analyzer analyzer(opts, files);
            while (true) {
                std::pair<std::size_t, std::vector<Job>> item;
                {
                    std::unique_lock lock(sh.m);
                    sh.work.wait(lock, [&] {
                        return sh.stop || !sh.blocks.empty() || sh.reader_done;
                    });
                    if (sh.stop || sh.blocks.empty()) {
                        return;
                    }
                    item = std::move(sh.blocks.front());
                    sh.blocks.pop_front();
                }
                BlockResult result;
                try {
                    result.path =
                        (fs::path(build_dir) / fmt::format("block-{:06}", item.first)).string();
                    IndexWriter block_db(result.path, Durability::Scratch);
                    Xapian::WritableDatabase& db = block_db.database();
                    for (auto& job : item.second) {
                        Outcome o = analyzer.process(std::move(job));
                        if (o.has_doc) {
                            block_db.spellings().add(o.doc
                            );  // compaction adds up the blocks' tables
                            o.block_docid = db.add_document(o.doc);
                            o.doc = Xapian::Document();
                        }
                        result.outcomes.push_back(std::move(o));
                    }
                    block_db.commit();
                } catch (...) {
                    std::lock_guard lock(sh.m);
                    sh.error = std::current_exception();
                    sh.done.notify_all();
                    return;
                }
                std::lock_guard lock(sh.m);
                sh.results.emplace(item.first, std::move(result));
                sh.done.notify_all();
            }
        });
    }

    std::vector<std::string> parts;
    std::vector<std::vector<Xapian::docid>> duplicates;
    std::size_t records = 0;
    auto last_report = Clock::now();
    while (true) {
        BlockResult block;
        {
            std::unique_lock lock(sh.m);
            sh.done.wait(lock, [&] {
                return sh.error || sh.results.count(sh.taken)
                    || (sh.reader_done && sh.taken == sh.produced);
            });
            if (sh.error) {
                std::rethrow_exception(sh.error);
            }
            auto it = sh.results.find(sh.taken);
            if (it == sh.results.end()) {
                break;
            }
            block = std::move(it->second);
            sh.results.erase(it);
            ++sh.taken;
            sh.space.notify_one();
        }
        std::vector<Xapian::docid> dups;
        for (auto& o : block.outcomes) {
            const bool has_doc = o.has_doc;
            if (accountant.account(o)) {
                ++stats.added;
            } else if (has_doc) {
                dups.push_back(o.block_docid
                );  // a duplicate id: reported, removed before the merge
            }
            ++records;
            if (progress && Clock::now() - last_report > std::chrono::milliseconds(100)) {
                last_report = Clock::now();
                Progress p{
                    records,
                    stats.input_bytes,
                    total,
                    std::chrono::duration<double>(last_report - start).count(),
                    false};
                progress(p);
            }
        }
        parts.push_back(block.path);
        duplicates.push_back(std::move(dups));
    }
    for (std::size_t k = 0; k < parts.size(); ++k) {
        if (!duplicates[k].empty()) {
            IndexWriter block_db(parts[k], Durability::Scratch);
            Xapian::WritableDatabase& db = block_db.database();
            for (auto did : duplicates[k]) {
                block_db.spellings().remove(db.get_document(did));
                db.delete_document(did);
            }
            block_db.commit();
        }
    }
    if (progress) {
        progress(Progress{
            records,
            stats.input_bytes,
            total,
            std::chrono::duration<double>(Clock::now() - start).count(),
            true});
    }
    if (parts.empty()) {
        std::string empty = (fs::path(build_dir) / "block-empty").string();
        IndexWriter writer(empty);
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

Rebuilt::Rebuilt(const std::string& database) : db(database), lock(database) {}

Rebuilt::~Rebuilt() {
    if (!build_dir.empty()) {
        std::error_code ec;
        fs::remove_all(build_dir, ec);  // not switched: the live version was never touched
    }
}

std::unique_ptr<Rebuilt>
build_beside(const IndexOptions& opts, const WarningSink& warn, const ProgressSink& progress) {
    const auto start = Clock::now();
    auto files = expand_inputs(
        opts.inputs, opts.format
    );  // a missing input fails before the database is touched
    auto rebuilt = std::make_unique<Rebuilt>(opts.db);
    rebuilt->build_dir = layout::prepare_build_directory(opts.db);
    Writer accountant(nullptr, opts, warn, rebuilt->stats);
    rebuilt->parts =
        build_blocks(files, opts, rebuilt->build_dir, accountant, rebuilt->stats, progress, start);
    return rebuilt;
}

std::string switch_rebuilt(Rebuilt& rebuilt) {
    const std::string version =
        layout::switch_to_new_version(rebuilt.db, rebuilt.parts, rebuilt.build_dir).version;
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
    IndexStats stats;
    const std::string live = layout::live_database(opts.db);
    std::optional<IndexWriter> index;
    if (shared_stories) {
        index.emplace(live, *shared_stories);
    } else {
        index.emplace(live);
    }
    Writer writer(&*index, opts, warn, stats);
    pipeline(files, opts, writer, progress, start);
    writer.commit();
    if (opts.prune) {
        writer.prune();
    }
    index->commit();
    stats.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return stats;
}

IndexStats run(const IndexOptions& opts, const WarningSink& warn, const ProgressSink& progress) {
    if (opts.shards > 0 || is_sharded(opts.db)) {
        return run_sharded(opts, warn, progress);
    }
    if (!opts.rebuild) {
        return run_in_place(opts, warn, progress, nullptr);
    }
    const auto start = Clock::now();
    auto rebuilt = build_beside(opts, warn, progress);
    assign_stories(rebuilt->parts);  // across blocks, before their merge
    IndexStats stats = rebuilt->stats;
    stats.version = switch_rebuilt(*rebuilt);
    stats.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return stats;
}

}  // namespace dossier::indexer
