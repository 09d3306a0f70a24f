/// The quotations database beside an articles database (schema::QUOTES_DIRECTORY): one document
/// per quotation, with its terms written at index time, so the quotes view matches a query
/// against quotations without analysing them per query. It is derived data: built from the
/// articles' stored extraction, kept in step by IndexWriter, rebuilt whenever it does not mirror
/// the articles' revision (schema::META_QUOTES_OF), and never the only copy of anything.
#pragma once

#include <string>
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

/// Whether `quotes` mirrors the articles database `articles` (each of one database, not a stub of
/// several; local or remote): its META_QUOTES_COMMIT is the articles' META_COMMIT, and where the
/// revision can be read (not over Xapian's remote protocol) its META_QUOTES_OF is the revision
/// `articles` has open. Without a token (an index from before them) only a local pair can tell.
bool mirrors(const Xapian::Database& quotes, const Xapian::Database& articles);

/// Builds the quotations database of the articles database in directory `live` afresh from every
/// article, beside the old one, and renames it into place: a reader sees the old one, none (and
/// then analyses quotations per query) or the new one. For a rebuild's new version before its
/// switch, and for IndexWriter when the quotations do not mirror the articles.
/// `aliases`: the alias table the articles were analysed with.
void build_quotes(
    const std::string& live, const Xapian::Database& articles, const analyzers::AliasTable& aliases
);

/// build_quotes() with the alias table stored in `articles` (schema::stored_alias_table()).
void build_quotes(const std::string& live, const Xapian::Database& articles);

/// The writer of one articles database's quotations, used by IndexWriter: every change of an
/// article's document is repeated here, and commit() stamps the articles' new revision and token.
/// Between the two databases' commits (or after a crash there) the stamp does not match, readers
/// analyse quotations per query, and the next writer rebuilds them. Not thread-safe.
class QuoteWriter {
public:
    /// Opens the quotations of the articles database `articles` in directory `live`, first
    /// rebuilding them (build_quotes()) unless they mirror its committed revision.
    QuoteWriter(
        const std::string& live,
        const Xapian::Database& articles,
        const analyzers::AliasTable& aliases
    );

    /// The article `doc`, numbered `did` in the articles database, was added (`fresh`: its id
    /// cannot have quotations yet) or replaced.
    void put(Xapian::docid did, const Xapian::Document& doc, bool fresh);

    /// The article with id term `idterm` was deleted.
    void remove(const std::string& idterm);

    /// Ties the changes since the last commit to the articles' committed revision and
    /// META_COMMIT token (`articles`: the articles database, just committed) and commits.
    void commit(const Xapian::Database& articles);

private:
    void changing();

    TermWriter m_terms;
    Xapian::WritableDatabase m_db;
    bool m_changing = false;  ///< the stamps cleared since the last commit
};

}  // namespace dossier::indexer
