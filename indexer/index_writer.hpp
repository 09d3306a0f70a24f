/// The single writer of a Dossier database: opens (or creates) it, replaces articles by id,
/// commits.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "indexer/article.hpp"
#include "indexer/document_builder.hpp"
#include "indexer/quotes.hpp"
#include "indexer/spelling.hpp"
#include "indexer/stories.hpp"

namespace dossier::indexer {

enum class PutOutcome { Added, Updated, Unchanged };

/// An article's quotation documents analysed beside it (unplaced_quote_documents()), or none:
/// then the writer analyses them itself.
using QuoteDocuments = std::optional<std::vector<Xapian::Document>>;

/// Whether commits wait for the disk (fsync). Scratch databases that a crash throws away anyway
/// (the blocks of a rebuild, compacted into the real database at the end) need not.
enum class Durability { Synced, Scratch };

/// Owns the Xapian::WritableDatabase. Xapian allows one writer per database: a second one
/// fails at once. A Synced writer also keeps the quotations database beside it in step
/// (QuoteWriter): every change of an article goes there too, and each commit stamps it with the
/// articles' revision. Not thread-safe.
class IndexWriter {
public:
    /// Opens or creates the database at `path` and stamps/checks the schema version.
    /// @throws dossier::Error "database 'X' is locked by another indexer" when another writer holds
    /// it,
    ///         dossier::SchemaError when it was built by an incompatible version.
    /// Articles given to put() are analysed with `analysis`, whose alias table is stored in the
    /// database (schema::META_ALIASES) for the searcher.
    IndexWriter(
        const std::string& path,
        const analyzers::AnalysisConfig& analysis,
        Durability durability = Durability::Synced
    );

    /// The same, for one shard of a sharded index: the story changes are noted in `shared`
    /// (which outlives this writer) and left to the caller, who refreshes them over all shards
    /// together (StoryTracker::refresh of several databases); commits do not refresh them.
    IndexWriter(
        const std::string& path, const analyzers::AnalysisConfig& analysis, StoryTracker& shared
    );

    /// Outside a batch, commits what is pending (as Xapian would on destruction) with the
    /// quotations; inside one, Xapian cancels the batch.
    ~IndexWriter();

    IndexWriter(const IndexWriter&) = delete;
    IndexWriter& operator=(const IndexWriter&) = delete;

    /// Adds the article, or replaces the one with the same id; leaves it alone when its content
    /// hash is unchanged.
    PutOutcome put(const Article& article);

    /// Adds an already built document for `id` (for parallel analysis), with its quotations when
    /// they were analysed too; same outcomes as put().
    PutOutcome
    put_document(const std::string& id, Xapian::Document doc, QuoteDocuments quotes = {});

    /// Adds a document whose id the caller knows is not in the database (a run into a database
    /// that was empty, ids deduplicated): put_document() without the id lookup.
    void add_new_document(Xapian::Document doc, QuoteDocuments quotes = {});

    /// Deletes the article with this id; false when there was none.
    bool remove(const std::string& id);

    /// Brings the stories of the changed articles up to date, then makes every change so far
    /// durable and visible to readers, atomically; returns once the quotations are committed too.
    void commit();

    /// Starts an atomic batch (a flushed Xapian transaction).
    void begin_batch();

    /// Ends the batch begun by begin_batch(): its documents and spelling changes become durable
    /// and visible together. The quotations' commit follows on their own thread (commit() waits
    /// for it).
    void commit_batch();

    /// Deletes the article holding this id term ("Q" + id); false when there was none.
    bool remove_id_term(const std::string& idterm);

    /// For the blocks of a rebuild: adds a document without looking up its id, and without
    /// re-evaluating stories (assign_stories() does that across all blocks before their merge).
    Xapian::docid add_block_document(Xapian::Document doc);

    /// For the blocks of a rebuild: deletes a document added by add_block_document().
    void delete_block_document(Xapian::docid did);

    /// For reading, and for writes that change no term (story slots). Every change of a
    /// document's terms goes through the methods above: they keep the spelling table equal to
    /// the index's words (and the stories up to date), which a direct write would not.
    Xapian::WritableDatabase& database() { return m_db; }

    const std::string& path() const { return m_path; }

private:
    /// Brings the stories up to date before a commit, unless a sharded run does it.
    void refresh_stories();

    /// Stamps the quotations with the articles' committed revision and commits them (`wait`: and
    /// returns once they are).
    void commit_quotes(bool wait);

    /// Repeats an article's new document in the quotations database.
    void
    put_quotes(Xapian::docid did, const Xapian::Document& doc, QuoteDocuments& quotes, bool fresh);

    std::string m_path;
    Xapian::WritableDatabase m_db;
    DocumentBuilder m_builder;
    SpellingChanges m_spellings;  ///< of the documents written since the last commit
    StoryTracker m_stories;       ///< bands touched since the last commit
    StoryTracker* m_tracker;      ///< &m_stories, or a sharded run's tracker (refreshed there)
    std::unique_ptr<QuoteWriter> m_quotes;  ///< null for scratch databases (rebuild blocks)
    bool m_in_batch = false;
};

}  // namespace dossier::indexer
