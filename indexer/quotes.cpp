#include "indexer/quotes.hpp"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "analyzers/error.hpp"
#include "analyzers/extraction.hpp"
#include "analyzers/normalizer.hpp"
#include "indexer/db_layout.hpp"
#include "indexer/schema.hpp"

namespace dossier::indexer {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view SPEAKER_PREFIX = schema::PREFIX_SPEAKER;

/// The article's facet terms but its speakers' (a quotation carries its own speaker's), from its
/// packed value slots, as DocumentBuilder derives the terms (overlong ones are left out there too).
std::vector<std::string> article_facet_terms(const Xapian::Document& article) {
    std::vector<std::string> out;
    for (const auto& facet : schema::FACETS) {
        if (std::string_view(facet.prefix) == SPEAKER_PREFIX) {
            continue;
        }
        schema::for_each_packed(article.get_value(facet.slot), [&](std::string_view value) {
            std::string term = schema::facet_term(facet.prefix, value);
            if (term.size() <= schema::MAX_TERM_BYTES) {
                out.push_back(std::move(term));
            }
        });
    }
    return out;
}

}  // namespace

std::string quotes_directory(const std::string& live) {
    return (fs::path(live) / schema::QUOTES_DIRECTORY).string();
}

std::vector<Xapian::Document>
quote_documents(const Xapian::Document& article, Xapian::docid did, TermWriter& terms) {
    std::vector<Xapian::Document> out;
    try {
        out = unplaced_quote_documents(article, terms);
    } catch (const SchemaError&) {
        throw SchemaError("document " + std::to_string(did) + " has unreadable data");
    }
    for (auto& q : out) {
        set_quoted_article(q, did);
    }
    return out;
}

void set_quoted_article(Xapian::Document& quote, Xapian::docid did) {
    quote.add_value(schema::SLOT_QUOTE_ARTICLE, std::to_string(did));
}

std::vector<Xapian::Document>
unplaced_quote_documents(const Xapian::Document& article, TermWriter& terms) {
    const nlohmann::json data = nlohmann::json::parse(article.get_data(), nullptr, false);
    if (data.is_discarded() || !data.is_object()) {
        throw SchemaError("an article has unreadable data");
    }
    std::vector<Xapian::Document> out;
    const auto ex = data.find(schema::DATA_EXTRACTION);
    if (ex == data.end() || !ex->is_object()) {
        return out;
    }
    analyzers::Extraction extraction;
    try {
        extraction = analyzers::extraction_from_json(*ex);
    } catch (const SchemaError&) {
        return out;  // as the views read it: an unreadable extraction has no quotation
    }
    const std::string idterm = schema::id_term_of(article);
    const std::vector<std::string> facet_terms = article_facet_terms(article);
    const std::string date = article.get_value(schema::SLOT_DATE);
    const std::string article_id = data.value(schema::DATA_ID, "");
    const std::string title = data.value(schema::DATA_TITLE, "");
    for (const auto& quote : extraction.quotes) {
        if (quote.text.empty()) {
            continue;
        }
        Xapian::Document q;
        terms.index_passage(q, analyzers::normalize(quote.text));
        if (quote.speaker && !quote.speaker->empty()) {
            q.add_boolean_term(schema::facet_term(schema::PREFIX_SPEAKER, *quote.speaker));
        }
        for (const auto& t : facet_terms) {
            q.add_boolean_term(t);
        }
        if (!idterm.empty()) {
            q.add_boolean_term(idterm);
        }
        // Last: a speaker's name can make a term too long for Xapian (it refused the whole
        // batch), as the article's own over-long terms are dropped.
        drop_overlong_terms(q);
        if (!date.empty()) {
            q.add_value(schema::SLOT_DATE, date);
        }
        q.set_data(nlohmann::json{
            {schema::DATA_ID, article_id},
            {schema::DATA_TITLE, title},
            {schema::DATA_QUOTE, analyzers::to_json(quote)},
        }
                       .dump());
        out.push_back(std::move(q));
    }
    return out;
}

bool mirrors(const Xapian::Database& quotes, const Xapian::Database& articles) {
    // Quotations stamped with another schema (META_SCHEMA) are another layout; unstamped ones
    // are this writer's own (QuoteWriter does not stamp).
    if (const std::string version = quotes.get_metadata(schema::META_SCHEMA);
        !version.empty() && version != std::to_string(schema::SCHEMA_VERSION)) {
        return false;
    }
    const std::string token = articles.get_metadata(schema::META_COMMIT);
    if (!token.empty() && quotes.get_metadata(schema::META_QUOTES_COMMIT) != token) {
        return false;
    }
    try {
        return quotes.get_metadata(schema::META_QUOTES_OF)
            == std::to_string(articles.get_revision());
    } catch (const Xapian::UnimplementedError&) {
        return !token.empty();  // remote: no revision over the protocol, the token decides
    }
}

namespace {

/// Analyses the quotations of the committed articles of `live` with document ids in [first, last]
/// into a new database at `path` (`sync`: its commits wait for the disk), committing after the
/// article that brings it to `quotes_per_commit` quotations since its last commit.
void write_quotes_of_range(
    const std::string& live,
    Xapian::rev revision,
    Xapian::docid first,
    Xapian::docid last,
    const analyzers::AliasTable& aliases,
    const std::string& path,
    bool sync,
    std::size_t quotes_per_commit
) {
    const Xapian::Database articles(live);
    if (articles.get_revision() != revision) {
        throw Error("database '" + live + "' changed while its quotations were being built");
    }
    Xapian::WritableDatabase db = layout::open_writable(
        path, Xapian::DB_CREATE_OR_OVERWRITE | (sync ? 0 : Xapian::DB_NO_SYNC)
    );
    TermWriter terms(aliases);
    std::size_t pending = 0;  // quotations added since the last commit
    for (auto it = articles.postlist_begin(""); it != articles.postlist_end(""); ++it) {
        if (*it < first) {
            it.skip_to(first);
            if (it == articles.postlist_end("")) {
                break;
            }
        }
        if (*it > last) {
            break;
        }
        for (auto& q : quote_documents(articles.get_document(*it), *it, terms)) {
            db.add_document(q);
            ++pending;
        }
        if (pending >= std::max<std::size_t>(quotes_per_commit, 1)) {
            db.commit();  // a scratch database nobody reads yet: this only bounds memory
            pending = 0;
        }
    }
    db.commit();
    db.close();
}

}  // namespace

void build_quotes(
    const std::string& live,
    const Xapian::Database& articles,
    const analyzers::AliasTable& aliases,
    std::size_t threads,
    std::size_t quotes_per_commit
) {
    const fs::path final_dir = quotes_directory(live);
    const std::string building = final_dir.string() + ".build-" + std::to_string(::getpid());
    const fs::path fresh = building;
    const fs::path old = final_dir.string() + ".old-" + std::to_string(::getpid());
    std::error_code ec;
    // Leftovers of a writer killed while building (the caller holds the writers' lock).
    const std::string stem = final_dir.filename().string();
    for (const auto& entry : fs::directory_iterator(live, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(stem + ".build-", 0) == 0 || name.rfind(stem + ".old-", 0) == 0) {
            fs::remove_all(entry.path(), ec);
        }
    }
    const Xapian::rev revision = articles.get_revision();
    const Xapian::docid last = articles.get_lastdocid();
    if (threads == 0) {
        // A thread is worth its compaction from a few thousand articles on.
        threads = std::clamp<std::size_t>(
            articles.get_doccount() / 2000, 1, std::max(1U, std::thread::hardware_concurrency())
        );
    }
    if (threads == 1) {
        write_quotes_of_range(live, revision, 1, last, aliases, building, true, quotes_per_commit);
    } else {
        // Several runs a thread, taken in turn: quotations are not spread evenly over the
        // articles (a run of wire copy quotes little), so equal runs would leave threads idle.
        const std::size_t runs = threads * 4;
        const Xapian::docid step = last / static_cast<Xapian::docid>(runs) + 1;
        std::vector<std::string> parts;
        for (std::size_t r = 0; r < runs; ++r) {
            parts.push_back(building + "-part-" + std::to_string(r));
        }
        std::vector<std::exception_ptr> failures(runs);
        std::atomic<std::size_t> next_run{0};
        {
            std::vector<std::thread> pool;
            for (std::size_t t = 0; t < threads; ++t) {
                pool.emplace_back([&] {
                    for (std::size_t r = next_run++; r < runs; r = next_run++) {
                        const Xapian::docid lo = 1 + static_cast<Xapian::docid>(r) * step;
                        const Xapian::docid hi = r + 1 == runs ? last : lo + step - 1;
                        try {
                            write_quotes_of_range(
                                live, revision, lo, hi, aliases, parts[r], false, quotes_per_commit
                            );
                        } catch (...) {
                            failures[r] = std::current_exception();
                        }
                    }
                });
            }
            for (auto& th : pool) {
                th.join();
            }
        }
        for (const auto& failure : failures) {
            if (failure) {
                for (const auto& part : parts) {
                    fs::remove_all(part, ec);
                }
                std::rethrow_exception(failure);
            }
        }
        // In the order of the ranges: the documents keep the order one thread writes them in.
        Xapian::Database all;
        for (const auto& part : parts) {
            all.add_database(Xapian::Database(part));
        }
        all.compact(building, runs > 8 ? Xapian::DBCOMPACT_MULTIPASS : 0);
        all.close();
        for (const auto& part : parts) {
            fs::remove_all(part, ec);
        }
    }
    {
        Xapian::WritableDatabase db = layout::open_writable(building, Xapian::DB_OPEN);
        db.set_metadata(schema::META_SCHEMA, std::to_string(schema::SCHEMA_VERSION));
        db.set_metadata(schema::META_QUOTES_OF, std::to_string(revision));
        db.set_metadata(schema::META_QUOTES_COMMIT, articles.get_metadata(schema::META_COMMIT));
        db.commit();
        db.close();
    }
    // Two renames: a reader in between finds no quotations database and analyses per query.
    if (fs::exists(final_dir, ec)) {
        fs::rename(final_dir, old, ec);
        if (ec) {
            fs::remove_all(fresh, ec);
            throw Error("cannot replace '" + final_dir.string() + "': " + ec.message());
        }
    }
    fs::rename(fresh, final_dir, ec);
    if (ec) {
        throw Error("cannot move '" + fresh.string() + "' into place: " + ec.message());
    }
    fs::remove_all(old, ec);
}

void build_quotes(const std::string& live, const Xapian::Database& articles) {
    build_quotes(live, articles, schema::stored_alias_table(articles));
}

QuoteWriter::QuoteWriter(
    const std::string& live, const Xapian::Database& articles, const analyzers::AliasTable& aliases
)
    : m_terms(aliases) {
    const std::string dir = quotes_directory(live);
    bool current = false;
    std::error_code ec;
    if (fs::exists(fs::path(dir) / "iamglass", ec)) {
        try {
            current = mirrors(Xapian::Database(dir), articles);
        } catch (const Xapian::Error&) {
            current = false;  // unreadable: built again below
        }
    }
    if (!current) {
        build_quotes(live, articles, aliases);
    }
    m_db = layout::open_writable(dir, Xapian::DB_CREATE_OR_OPEN);
    m_thread = std::thread([this] { run(); });
}

QuoteWriter::~QuoteWriter() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_queued.notify_all();
    m_thread.join();
}

void QuoteWriter::rethrow_failure() {
    std::lock_guard lock(m_mutex);
    if (m_failure) {
        std::rethrow_exception(m_failure);
    }
}

void QuoteWriter::enqueue(Change change) {
    // Bounded, so that a slow disk holds the articles' writer back instead of filling memory.
    constexpr std::size_t MAX_QUEUED = 1024;
    std::unique_lock lock(m_mutex);
    m_done.wait(lock, [&] { return m_failure || m_queue.size() < MAX_QUEUED; });
    if (m_failure) {
        std::rethrow_exception(m_failure);
    }
    if (change.kind == Change::Kind::Commit) {
        ++m_pending_commits;
    }
    m_queue.push_back(std::move(change));
    m_queued.notify_one();
}

void QuoteWriter::run() {
    while (true) {
        std::optional<Change> next;
        bool failed = false;
        {
            std::unique_lock lock(m_mutex);
            m_queued.wait(lock, [&] { return m_stop || !m_queue.empty(); });
            if (m_queue.empty()) {
                return;  // stopped, and everything queued is done
            }
            next.emplace(std::move(m_queue.front()));
            m_queue.pop_front();
            failed = static_cast<bool>(m_failure);
        }
        Change& change = *next;
        std::exception_ptr failure;
        if (!failed) {
            try {
                apply(change);
            } catch (...) {
                failure = std::current_exception();
            }
        }
        {
            std::lock_guard lock(m_mutex);
            if (failure && !m_failure) {
                m_failure = failure;
            }
            if (change.kind == Change::Kind::Commit) {
                --m_pending_commits;
            }
        }
        m_done.notify_all();
    }
}

void QuoteWriter::changing() {
    if (!m_changing) {
        // Should Xapian flush the changes early, readers must not take them for the articles'.
        m_db.set_metadata(schema::META_QUOTES_OF, "");
        m_db.set_metadata(schema::META_QUOTES_COMMIT, "");
        m_changing = true;
    }
}

void QuoteWriter::apply(Change& change) {
    switch (change.kind) {
    case Change::Kind::Put:
        changing();
        if (!change.fresh && !change.idterm.empty()) {
            m_db.delete_document(change.idterm);
        }
        for (auto& q : change.quotes) {
            set_quoted_article(q, change.did);
            m_db.add_document(q);
        }
        break;
    case Change::Kind::Remove:
        changing();
        m_db.delete_document(change.idterm);
        break;
    case Change::Kind::Commit:
        if (!m_changing && m_db.get_metadata(schema::META_QUOTES_OF) == change.stamp
            && m_db.get_metadata(schema::META_QUOTES_COMMIT) == change.token) {
            return;  // nothing changed on either side
        }
        m_db.set_metadata(schema::META_QUOTES_OF, change.stamp);
        m_db.set_metadata(schema::META_QUOTES_COMMIT, change.token);
        m_db.commit();
        m_changing = false;
        break;
    }
}

void QuoteWriter::put(Xapian::docid did, const Xapian::Document& doc, bool fresh) {
    rethrow_failure();
    put(did, schema::id_term_of(doc), unplaced_quote_documents(doc, m_terms), fresh);
}

void QuoteWriter::put(
    Xapian::docid did, const std::string& idterm, std::vector<Xapian::Document> quotes, bool fresh
) {
    Change change(Change::Kind::Put);
    change.did = did;
    change.fresh = fresh;
    change.idterm = idterm;
    change.quotes = std::move(quotes);
    enqueue(std::move(change));
}

void QuoteWriter::remove(const std::string& idterm) {
    Change change(Change::Kind::Remove);
    change.idterm = idterm;
    enqueue(std::move(change));
}

void QuoteWriter::commit(
    Xapian::rev articles_revision, const std::string& articles_token, bool wait
) {
    Change change(Change::Kind::Commit);
    change.stamp = std::to_string(articles_revision);
    change.token = articles_token;
    enqueue(std::move(change));
    if (wait) {
        std::unique_lock lock(m_mutex);
        m_done.wait(lock, [&] { return m_failure || m_pending_commits == 0; });
        if (m_failure) {
            std::rethrow_exception(m_failure);
        }
    }
}

}  // namespace dossier::indexer
