/// Query parsing: Xapian's QueryParser set up from the schema, fed ICU-normalized text, with
/// alias expansion, operator checking and spelling correction from the index's own vocabulary.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include <xapian.h>

#include "analyzers/aliases.hpp"
#include "indexer/name_merges.hpp"

namespace dossier::searcher {

using NameMerges = indexer::NameMerges;

/// The longest query parsed, in bytes (some 300 words): longer ones fail with a QueryError at
/// once, so no query costs seconds of parsing, alias matching and spelling correction.
inline constexpr std::size_t MAX_QUERY_BYTES = 2048;

/// The deepest nesting of (groups) parsed: deeper ones fail with a QueryError at once (Xapian 1.4
/// needs seconds to match some 50 levels deep of mixed operators).
inline constexpr std::size_t MAX_QUERY_DEPTH = 20;

/// The most index terms the wildcards of one query expand to, all wildcards together: a query
/// with n wildcards gives each the MAX_WILDCARD_TERMS / n most frequent terms it matches (one
/// wildcard: 500). Per wildcard, "c* f* s* e* de* p*" was an OR of 3,000 terms.
inline constexpr std::size_t MAX_WILDCARD_TERMS = 500;

/// The most wildcards one query may hold (each then expands to at least MAX_WILDCARD_TERMS /
/// MAX_QUERY_WILDCARDS = 25 terms); more fail with a QueryError at once. Each wildcard reads the
/// index's whole vocabulary under its prefix, however few terms it keeps.
inline constexpr std::size_t MAX_QUERY_WILDCARDS = 20;

/// Whether `query` holds a wildcard (Xapian::Query::OP_WILDCARD): it expands when matched, to
/// the most frequent terms of the database it runs on (MAX_WILDCARD_TERMS), so a shard alone
/// may expand it to other terms than the stub of all shards.
bool has_wildcard(const Xapian::Query& query);

/// Parses user queries against one database. Not thread-safe (owns a QueryParser).
///
/// Syntax (see docs/query.md): words (OR, BM25), AND / OR / NOT / XOR in capitals, ( ),
/// "phrases", NEAR and ADJ (also NEAR/n), right-truncation wildcards (budan*), +must / -mustnot,
/// and the fields title:, speaker:, org:, figure:. Everything else is searched as words, however
/// it is punctuated: stray quotes and brackets, hyphens, a pasted sentence.
class QueryCompiler {
public:
    /// Uses the alias table stored in the database (schema::META_ALIASES), so queries expand
    /// aliases exactly as the indexer did.
    explicit QueryCompiler(const Xapian::Database& db);
    /// The same, with spelling suggestions from `spelling`: over a stub of local shards, the
    /// sharded index's metadata database (the shards' summed table, one database), because
    /// Xapian's suggestion over several spelling tables differs from one table's.
    /// `names`: the surname merges of `db` when the caller has them (a stub's, stored by a
    /// sharded run: NameMerges::stored_for_stub()); nullopt: NameMerges::of_database(db).
    QueryCompiler(
        const Xapian::Database& db,
        const Xapian::Database& spelling,
        std::optional<NameMerges> names = std::nullopt
    );

    /// Parses `text`. It goes through analyzers::normalize() first, as indexed text did, and
    /// the same alias matching. An empty or blank query matches every article.
    /// @throws dossier::QueryError with a one-line reason when the operators in the query cannot
    ///         be parsed (e.g. "budanov AND", "NEAR (a b)"), or it is longer than
    ///         MAX_QUERY_BYTES, or its brackets nest deeper than MAX_QUERY_DEPTH, or it holds
    ///         more than MAX_QUERY_WILDCARDS wildcards; never for other punctuation.
    Xapian::Query parse(const std::string& text);

    /// The query with each word that is not in the index replaced by the index's closest word
    /// (Xapian's spelling table, filled by the indexer), or nullopt when nothing needs
    /// correcting (also for a query longer than MAX_QUERY_BYTES). Words in capitals, numbers,
    /// operators, field values and known aliases are left alone. The result is normalized text
    /// ("Casualtes Budanov" → "casualties Budanov").
    std::optional<std::string> correct(const std::string& text) const;

    /// The stemmer used for both parsing and snippets.
    const Xapian::Stem& stemmer() const { return m_stemmer; }

    /// The alias table the index was built with (empty for an index without one).
    const analyzers::AliasTable& aliases() const { return *m_aliases; }

    /// The archive's surname merges of the person and speaker facets (NameMerges), as of this
    /// compiler's revision of the database.
    const NameMerges& names() const { return *m_names; }

private:
    Xapian::Database m_db;
    Xapian::Database m_spelling;  ///< spelling suggestions: m_db, or a sharded index's meta
    Xapian::Stem m_stemmer;
    Xapian::QueryParser m_parser;
    std::shared_ptr<const analyzers::AliasTable> m_aliases;
    std::shared_ptr<const NameMerges> m_names;
};

}  // namespace dossier::searcher
