#include "indexer/index_writer.hpp"

#include <filesystem>

#include "analyzers/aliases.hpp"
#include "analyzers/error.hpp"
#include "indexer/schema.hpp"
#include "indexer/spelling.hpp"

namespace dossier::indexer {

namespace {

/// A process killed while Xapian created a database can leave table files without "iamglass":
/// no revision was ever committed, so nothing is lost by starting afresh.
bool remove_unfinished_creation(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(path, ec) || fs::exists(fs::path(path) / "iamglass", ec)
        || fs::exists(fs::path(path) / "XAPIANDB", ec)) {
        return false;
    }
    bool removed = false;
    for (const auto& entry : fs::directory_iterator(path, ec)) {
        if (entry.path().extension() == ".glass" || entry.path().filename() == "flintlock") {
            removed |= fs::remove(entry.path(), ec);
        }
    }
    return removed;
}

Xapian::WritableDatabase open_writable(const std::string& path, Durability durability) {
    // DB_NO_SYNC: commits are atomic but not fsynced (a crash may lose the database, which for a
    // scratch database is thrown away anyway).
    const int flags =
        Xapian::DB_CREATE_OR_OPEN | (durability == Durability::Scratch ? Xapian::DB_NO_SYNC : 0);
    try {
        try {
            return Xapian::WritableDatabase(path, flags);
        } catch (const Xapian::DatabaseOpeningError&) {
            if (!remove_unfinished_creation(path)) {
                throw;
            }
            return Xapian::WritableDatabase(path, flags);
        }
    } catch (const Xapian::DatabaseLockError&) {
        throw Error("database '" + path + "' is locked: another indexer is writing to it");
    } catch (const Xapian::Error& e) {
        throw Error("cannot open database '" + path + "' for writing: " + e.get_description());
    }
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
    m_db.set_metadata(schema::META_ALIASES, analysis.aliases->to_tsv());
    m_db.set_metadata(schema::META_ALIASES_FOLDED, analysis.aliases->to_folded_tsv());
}

PutOutcome IndexWriter::put(const Article& article) {
    Xapian::Document doc = m_builder.build(article);
    drop_overlong_terms(doc);
    return put_document(article.id, std::move(doc));
}

PutOutcome IndexWriter::put_document(const std::string& id, Xapian::Document doc) {
    const std::string idterm = schema::id_term(id);
    auto postings = m_db.postlist_begin(idterm);
    if (postings == m_db.postlist_end(idterm)) {
        m_spellings.add(doc);
        m_tracker->touch(doc);
        m_db.add_document(doc);
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
    m_db.replace_document(idterm, doc);
    return PutOutcome::Updated;
}

void IndexWriter::add_new_document(Xapian::Document doc) {
    m_spellings.add(doc);
    m_tracker->touch(doc);
    m_db.add_document(doc);
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
    return true;
}

Xapian::docid IndexWriter::add_block_document(Xapian::Document doc) {
    m_spellings.add(doc);  // the compaction of the blocks adds their tables up
    return m_db.add_document(doc);
}

void IndexWriter::delete_block_document(Xapian::docid did) {
    m_spellings.remove(m_db.get_document(did));
    m_db.delete_document(did);
}

void IndexWriter::refresh_stories() {
    if (m_tracker == &m_stories) {
        m_stories.refresh(m_db);
    }
}

void IndexWriter::begin_batch() {
    m_db.begin_transaction(true);
}

void IndexWriter::commit_batch() {
    refresh_stories();
    m_spellings.apply(m_db);
    m_db.commit_transaction();
}

void IndexWriter::commit() {
    refresh_stories();
    m_spellings.apply(m_db);
    m_db.commit();
}

IndexWriter::~IndexWriter() {
    // Xapian commits on destruction (outside a transaction): the spellings go with the documents.
    try {
        refresh_stories();
        m_spellings.apply(m_db);
    } catch (const Xapian::Error&) {
        // NOTE: a destructor must not throw; the documents' own commit fails the same way.
    }
}

}  // namespace dossier::indexer
