/// Query parsing: Xapian's QueryParser set up from the schema, fed ICU-normalized text.
#pragma once

#include <string>

#include <xapian.h>

namespace dossier::searcher {

/// Parses user queries against one database. Not thread-safe (owns a QueryParser).
class QueryCompiler {
public:
    explicit QueryCompiler(const Xapian::Database& db);

    /// Parses `text`: words (OR, BM25), AND / OR / NOT / XOR, ( ), "phrases", NEAR, ADJ,
    /// wildcards (budan*), +must / -mustnot, and the fields title:, speaker:, org:, figure:.
    /// The text goes through analyzers::normalize() first, as indexed text did.
    /// An empty or blank query matches every article.
    /// @throws dossier::QueryError with a one-line reason when the query cannot be parsed.
    Xapian::Query parse(const std::string& text);

    /// The stemmer used for both parsing and snippets.
    const Xapian::Stem& stemmer() const { return m_stemmer; }

private:
    Xapian::Database m_db;
    Xapian::Stem m_stemmer;
    Xapian::QueryParser m_parser;
};

}  // namespace dossier::searcher
