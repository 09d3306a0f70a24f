/// The quotations database beside an articles database (schema::QUOTES_DIRECTORY): one document
/// per quotation, with its terms written at index time, so the quotes view matches a query
/// against quotations without analysing them per query. It is derived data: built from the
/// articles' stored extraction, kept in step by IndexWriter, rebuilt whenever it does not mirror
/// the articles' revision (schema::META_QUOTES_OF), and never the only copy of anything.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <xapian.h>

#include "analyzers/aliases.hpp"
#include "indexer/document_builder.hpp"

namespace dossier::indexer {

/// The quotations database of the articles database in directory `live` (a plain database, the
/// live version of a rebuilt layout, or a local shard's): live/quotes.
std::string quotes_directory(const std::string& live);

/// The quotation documents of one article document (as DocumentBuilder builds it or as it is
/// stored), whose document id in its database is `did`: one per quotation with text, in the
/// article's order, following schema.hpp ("The quotations database"). An article whose stored
/// extraction cannot be read has none.
/// @throws dossier::SchemaError when the article's data is not a JSON object.
std::vector<Xapian::Document>
quote_documents(const Xapian::Document& article, Xapian::docid did, TermWriter& terms);

/// quote_documents() before the article has a document id (in an analysis thread): every
/// quotation document but its SLOT_QUOTE_ARTICLE, which set_quoted_article() adds once it has.
std::vector<Xapian::Document>
unplaced_quote_documents(const Xapian::Document& article, TermWriter& terms);

/// Names the article (document id `did` in its database) of a quotation document.
void set_quoted_article(Xapian::Document& quote, Xapian::docid did);

/// Whether `quotes` mirrors the articles database `articles` (each of one database, not a stub of
/// several; local or remote): its META_QUOTES_COMMIT is the articles' META_COMMIT, and where the
/// revision can be read (not over Xapian's remote protocol) its META_QUOTES_OF is the revision
/// `articles` has open. Without a token (an index from before them) only a local pair can tell.
/// Quotations stamped with another schema version never mirror.
bool mirrors(const Xapian::Database& quotes, const Xapian::Database& articles);

/// Quotations a builder writes between two commits (build_quotes()). Xapian keeps every change of
/// a writable database in memory until a commit, or until XAPIAN_FLUSH_THRESHOLD documents
/// (10,000 by default): 10,000 quotation documents held about 100 MB per building thread, and the
/// quotations build of the 285k-article benchmark archive peaked at 298 MB, against 112 MB with
/// 2,000 (docs/indexer.md). The commits go to scratch databases nobody reads yet.
inline constexpr std::size_t QUOTES_PER_COMMIT = 2000;

/// Builds the quotations database of the articles database in directory `live` afresh from every
/// committed article, beside the old one, and renames it into place: a reader sees the old one,
/// none (and then analyses quotations per query) or the new one. For a rebuild's new version
/// before its switch, and for IndexWriter when the quotations do not mirror the articles.
/// `threads` (0: every core, from 2,000 articles a thread) take runs of document ids in turn (four
/// a thread), each analysed and written into a database of its own, then compacted into one in
/// document order: the same documents in the same order as one thread writes. `articles` is
/// the committed state of `live` (its revision is the stamp); each thread opens `live` itself.
/// `aliases`: the alias table the articles were analysed with. Each thread commits its database
/// after the article that brings it to `quotes_per_commit` quotations since its last commit
/// (QUOTES_PER_COMMIT; 0 counts as 1).
void build_quotes(
    const std::string& live,
    const Xapian::Database& articles,
    const analyzers::AliasTable& aliases,
    std::size_t threads = 0,
    std::size_t quotes_per_commit = QUOTES_PER_COMMIT
);

/// build_quotes() with the alias table stored in `articles` (schema::stored_alias_table()).
void build_quotes(const std::string& live, const Xapian::Database& articles);

/// The writer of one articles database's quotations, used by IndexWriter: every change of an
/// article's document is repeated here, and commit() stamps the articles' new revision and
/// commit token (schema::META_COMMIT). Between
/// the two databases' commits (or after a crash there) the stamp does not match, readers analyse
/// quotations per query, and the next writer rebuilds them.
///
/// The quotations are written on a thread of their own, in the order the calls were made, so the
/// articles' writer does not wait for them (Xapian's writes of a news article's 2–4 quotations
/// cost about half of what the article's own do). A failure there is rethrown by the next call.
/// Calls from one thread at a time.
class QuoteWriter {
public:
    /// Opens the quotations of the articles database `articles` in directory `live`, first
    /// rebuilding them (build_quotes()) unless they mirror its committed revision.
    QuoteWriter(
        const std::string& live,
        const Xapian::Database& articles,
        const analyzers::AliasTable& aliases
    );

    /// Waits for what is queued; what was not committed is left to Xapian (which commits it
    /// unstamped: the next writer rebuilds the quotations).
    ~QuoteWriter();

    QuoteWriter(const QuoteWriter&) = delete;
    QuoteWriter& operator=(const QuoteWriter&) = delete;

    /// The article `doc`, numbered `did` in the articles database, was added (`fresh`: its id
    /// cannot have quotations yet) or replaced. Its quotations are analysed on the calling thread.
    void put(Xapian::docid did, const Xapian::Document& doc, bool fresh);

    /// The same with its quotations already analysed (unplaced_quote_documents() of `doc`, whose
    /// id term is `idterm`), e.g. by an analysis thread.
    void
    put(Xapian::docid did,
        const std::string& idterm,
        std::vector<Xapian::Document> quotes,
        bool fresh);

    /// The article with id term `idterm` was deleted.
    void remove(const std::string& idterm);

    /// Ties the changes since the last commit to the articles' committed revision and
    /// META_COMMIT token and commits; `wait`: returns once that commit is done (else it follows
    /// the changes queued before it).
    void commit(Xapian::rev articles_revision, const std::string& articles_token, bool wait = true);

private:
    struct Change {
        enum class Kind { Put, Remove, Commit };

        explicit Change(Kind k) : kind(k) {}

        Kind kind;
        Xapian::docid did = 0;
        bool fresh = false;
        std::string idterm;  ///< Put, Remove
        std::vector<Xapian::Document> quotes;
        std::string stamp;  ///< Commit: the articles' revision
        std::string token;  ///< Commit: the articles' META_COMMIT
    };

    void enqueue(Change change);
    void apply(Change& change);
    void run();
    void rethrow_failure();
    void changing();

    TermWriter m_terms;             ///< for put() of a document (the caller's thread)
    Xapian::WritableDatabase m_db;  ///< used by m_thread only once it runs
    bool m_changing = false;        ///< META_QUOTES_OF cleared since the last commit (m_thread)

    std::mutex m_mutex;
    std::condition_variable m_queued, m_done;
    std::deque<Change> m_queue;
    std::size_t m_pending_commits = 0;
    bool m_stop = false;
    std::exception_ptr m_failure;
    std::thread m_thread;
};

}  // namespace dossier::indexer
