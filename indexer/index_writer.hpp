/// The single writer of a Dossier database: opens (or creates) it, replaces articles by id, commits.
#pragma once

#include <memory>
#include <string>

#include <xapian.h>

#include "indexer/article.hpp"
#include "indexer/document_builder.hpp"

namespace dossier::indexer {

enum class PutOutcome { Added, Updated, Unchanged };

/// Owns the Xapian::WritableDatabase. Xapian allows one writer per database: a second one
/// fails at once. Not thread-safe.
class IndexWriter {
public:
    /// Opens or creates the database at `path` and stamps/checks the schema version.
    /// @throws dossier::Error "database 'X' is locked by another indexer" when another writer holds it,
    ///         dossier::SchemaError when it was built by an incompatible version.
    explicit IndexWriter(const std::string& path);

    /// Adds the article, or replaces the one with the same id; leaves it alone when its content
    /// hash is unchanged.
    PutOutcome put(const Article& article);

    /// Adds an already built document for `id` (for parallel analysis); same outcomes as put().
    PutOutcome put_document(const std::string& id, Xapian::Document doc);

    /// Deletes the article with this id; false when there was none.
    bool remove(const std::string& id);

    /// Makes every change so far durable and visible to readers, atomically.
    void commit();

    Xapian::WritableDatabase& database() { return m_db; }

    const std::string& path() const { return m_path; }

private:
    std::string m_path;
    Xapian::WritableDatabase m_db;
    DocumentBuilder m_builder;
};

}  // namespace dossier::indexer
