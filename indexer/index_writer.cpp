#include "indexer/index_writer.hpp"

#include <cstdint>
#include <random>

#include <fmt/format.h>

#include "analyzers/aliases.hpp"
#include "analyzers/error.hpp"
#include "indexer/columns.hpp"
#include "indexer/db_layout.hpp"
#include "indexer/name_merges.hpp"
#include "indexer/schema.hpp"
#include "indexer/spelling.hpp"

namespace dossier::indexer {

namespace {

Xapian::WritableDatabase open_writable(const std::string& path, Durability durability) {
    // DB_NO_SYNC: commits are atomic but not fsynced (a crash may lose the database, which for a
    // scratch database is thrown away anyway).
    const int flags =
        Xapian::DB_CREATE_OR_OPEN | (durability == Durability::Scratch ? Xapian::DB_NO_SYNC : 0);
    return layout::open_writable(path, flags);
}

/// A fresh schema::META_COMMIT token: 128 random bits as 32 hex digits.
std::string fresh_commit_token() {
    std::random_device random;
    std::uint64_t half[2];
    for (auto& h : half) {
        h = (static_cast<std::uint64_t>(random()) << 32) ^ random();
    }
    return fmt::format("{:016x}{:016x}", half[0], half[1]);
}

}  // namespace

IndexWriter::IndexWriter(
    const std::string& path, const analyzers::AnalysisConfig& analysis, StoryTracker& shared
)
    : IndexWriter(path, analysis) {
    m_tracker = &shared;
}

IndexWriter::IndexWriter(
    const std::string& path, const analyzers::AnalysisConfig& analysis, Durability durability
)
    : m_path(path),
      m_db(open_writable(path, durability)),
      m_builder(analysis),
      m_tracker(&m_stories) {
    const std::string version = m_db.get_metadata(schema::META_SCHEMA);
    if (version.empty()) {
        if (m_db.get_doccount() != 0) {
            throw SchemaError("database '" + path + "' is not a Dossier index (no schema version)");
        }
        m_db.set_metadata(schema::META_SCHEMA, std::to_string(schema::SCHEMA_VERSION));
    } else if (version != std::to_string(schema::SCHEMA_VERSION)) {
        throw SchemaError(
            "database '" + path + "' has schema version " + version
            + ", this indexer writes version " + std::to_string(schema::SCHEMA_VERSION)
            + ": rebuild it with scripts/rebuild-index"
        );
    }
    m_stories.start_recording(m_db);
    // Written only when they change: a pending change would be committed on destruction, and
    // every commit must reach the quotations too.
    const std::string aliases = analysis.aliases->to_tsv();
    if (m_db.get_metadata(schema::META_ALIASES) != aliases) {
        m_db.set_metadata(schema::META_ALIASES, aliases);
    }
    const std::string folded = analysis.aliases->to_folded_tsv();
    if (m_db.get_metadata(schema::META_ALIASES_FOLDED) != folded) {
        m_db.set_metadata(schema::META_ALIASES_FOLDED, folded);
    }
    if (durability == Durability::Synced) {
        m_quotes = std::make_unique<QuoteWriter>(path, m_db, *analysis.aliases);
    }
}

PutOutcome IndexWriter::put(const Article& article) {
    Xapian::Document doc = m_builder.build(article);
    drop_overlong_terms(doc);
    return put_document(article.id, std::move(doc));
}

void IndexWriter::put_quotes(
    Xapian::docid did, const Xapian::Document& doc, QuoteDocuments& quotes, bool fresh
) {
    if (!m_quotes) {
        return;
    }
    if (quotes) {
        m_quotes->put(did, schema::id_term_of(doc), std::move(*quotes), fresh);
    } else {
        m_quotes->put(did, doc, fresh);
    }
}

PutOutcome
IndexWriter::put_document(const std::string& id, Xapian::Document doc, QuoteDocuments quotes) {
    const std::string idterm = schema::id_term(id);
    auto postings = m_db.postlist_begin(idterm);
    if (postings == m_db.postlist_end(idterm)) {
        add_new_document(std::move(doc), std::move(quotes));
        return PutOutcome::Added;
    }
    Xapian::Document old = m_db.get_document(*postings);
    if (old.get_value(schema::SLOT_CONTENT_HASH) == doc.get_value(schema::SLOT_CONTENT_HASH)) {
        return PutOutcome::Unchanged;
    }
    m_spellings.remove(old);
    m_spellings.add(doc);
    m_tracker->touch_removed(old);
    m_tracker->touch(doc);
    const Xapian::docid did = *postings;
    m_db.replace_document(idterm, doc);  // the first document with the term keeps its id
    m_changed = true;
    put_quotes(did, doc, quotes, false);
    return PutOutcome::Updated;
}

void IndexWriter::add_new_document(Xapian::Document doc, QuoteDocuments quotes) {
    m_spellings.add(doc);
    m_tracker->touch(doc);
    const Xapian::docid did = m_db.add_document(doc);
    m_changed = true;
    put_quotes(did, doc, quotes, true);
}

bool IndexWriter::remove(const std::string& id) {
    return remove_id_term(schema::id_term(id));
}

bool IndexWriter::remove_id_term(const std::string& idterm) {
    auto postings = m_db.postlist_begin(idterm);
    if (postings == m_db.postlist_end(idterm)) {
        return false;
    }
    Xapian::Document old = m_db.get_document(*postings);
    m_spellings.remove(old);
    m_tracker->touch_removed(old);
    m_db.delete_document(idterm);
    m_changed = true;
    if (m_quotes) {
        m_quotes->remove(idterm);
    }
    return true;
}

Xapian::docid IndexWriter::add_block_document(Xapian::Document doc) {
    m_stories.stop_recording();  // its bands are not touched
    m_spellings.add(doc);        // the compaction of the blocks adds their tables up
    m_changed = true;
    return m_db.add_document(doc);
}

void IndexWriter::delete_block_document(Xapian::docid did) {
    m_spellings.remove(m_db.get_document(did));
    m_db.delete_document(did);
    m_changed = true;
}

void IndexWriter::refresh_stories() {
    if (m_tracker == &m_stories) {
        m_stories.refresh(m_db);
    }
}

void IndexWriter::begin_batch() {
    m_db.begin_transaction(true);
    m_in_batch = true;
}

void IndexWriter::commit_batch() {
    refresh_stories();
    m_spellings.apply(m_db);
    stamp_commit();
    m_db.commit_transaction();
    m_in_batch = false;
    commit_quotes(false);
}

void IndexWriter::commit() {
    refresh_stories();
    m_spellings.apply(m_db);
    stamp_commit();
    if (m_quotes && m_tracker == &m_stories) {
        // A database readers open (not a rebuild's block, not one shard: readers of a sharded
        // index compute the merges of all shards): the end of a run keeps its surname merges,
        // so a reader need not compute them from every person and speaker term.
        NameMerges::store(m_db);
    }
    m_db.commit();
    commit_quotes(true);
    if (m_quotes && m_tracker == &m_stories) {
        // After the commit, stamped with its revision: a crash in between leaves a column that
        // no longer mirrors the articles, which readers do not use and the next run rewrites.
        write_columns(m_path, m_db);
    }
}

void IndexWriter::stamp_commit() {
    if (m_changed || m_db.get_metadata(schema::META_COMMIT).empty()) {
        m_db.set_metadata(schema::META_COMMIT, fresh_commit_token());
        m_changed = false;
    }
}

void IndexWriter::commit_quotes(bool wait) {
    if (m_quotes) {
        // After the articles: a crash in between leaves quotations stamped with an older
        // revision and token, which readers do not use and the next writer rebuilds.
        m_quotes->commit(m_db.get_revision(), m_db.get_metadata(schema::META_COMMIT), wait);
    }
}

IndexWriter::~IndexWriter() {
    if (m_in_batch) {
        return;  // Xapian cancels the transaction; the quotations' changes are not committed
    }
    // What Xapian would commit on destruction, with the spellings and the quotations.
    try {
        commit();
    } catch (...) {
        // NOTE: a destructor must not throw (Xapian::Error is no std::exception: it ended the
        // process); the quotations then no longer mirror the articles and are rebuilt by the
        // next writer.
    }
}

}  // namespace dossier::indexer
