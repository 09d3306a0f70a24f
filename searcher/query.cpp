#include "searcher/query.hpp"

#include <algorithm>

#include "analyzers/aliases.hpp"
#include "analyzers/error.hpp"
#include "analyzers/normalizer.hpp"
#include "indexer/schema.hpp"

namespace dossier::searcher {

namespace schema = dossier::indexer::schema;

namespace {

/// speaker:, org: and figure: values: matched on fold_key(), through the alias table, and on
/// whole words of the stored names, so "budanov" selects "Kyrylo Budanov".
class FacetFieldProcessor : public Xapian::FieldProcessor {
public:
    FacetFieldProcessor(Xapian::Database db, std::string prefix) : m_db(std::move(db)), m_prefix(std::move(prefix)) {}

    Xapian::Query operator()(const std::string& value) override {
        std::string key = analyzers::fold_key(value);
        if (auto canonical = analyzers::AliasTable::builtin().canonical(value)) {
            key = analyzers::fold_key(*canonical);
        }
        std::vector<Xapian::Query> terms;
        const std::string exact = m_prefix + key;
        for (auto it = m_db.allterms_begin(m_prefix); it != m_db.allterms_end(m_prefix); ++it) {
            const std::string term = *it;  // NOTE: *it is a temporary; a view of it would dangle
            std::string_view stored = std::string_view(term).substr(m_prefix.size());
            if (term == exact || contains_words(stored, key)) {
                terms.emplace_back(*it);
            }
        }
        if (terms.empty()) {
            return Xapian::Query(exact);  // matches nothing, but says what was asked for
        }
        return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
    }

private:
    static bool contains_words(std::string_view stored, std::string_view key) {
        if (key.empty()) {
            return false;
        }
        for (std::size_t pos = stored.find(key); pos != std::string_view::npos; pos = stored.find(key, pos + 1)) {
            bool left = pos == 0 || stored[pos - 1] == ' ';
            bool right = pos + key.size() == stored.size() || stored[pos + key.size()] == ' ';
            if (left && right) {
                return true;
            }
        }
        return false;
    }

    Xapian::Database m_db;
    std::string m_prefix;
};

bool is_operator(std::string_view word) {
    return word == "AND" || word == "OR" || word == "NOT" || word == "XOR" || word == "NEAR" || word == "ADJ";
}

/// Lower-cases every ASCII word except the boolean operators, which QueryParser only takes in
/// capitals (so a pasted sentence's "and", "or" and "not" stay plain words).
std::string lower_case_words(const std::string& text) {
    std::string out = text;
    std::size_t i = 0;
    while (i < out.size()) {
        if (!std::isalpha(static_cast<unsigned char>(out[i]))) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < out.size() && std::isalpha(static_cast<unsigned char>(out[j]))) {
            ++j;
        }
        if (!is_operator(std::string_view(out).substr(i, j - i))) {
            for (std::size_t k = i; k < j; ++k) {
                out[k] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[k])));
            }
        }
        i = j;
    }
    return out;
}

bool blank(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

}  // namespace

QueryCompiler::QueryCompiler(const Xapian::Database& db) : m_db(db), m_stemmer("english") {
    m_parser.set_database(m_db);
    m_parser.set_stemmer(m_stemmer);
    // STEM_SOME: words outside phrases match by stem ("Z" terms), phrases by the exact
    // positional terms. STEM_SOME leaves capitalised words unstemmed; lower_case_words() below
    // lower-cases them first so "Russia" finds "Russia's". (STEM_ALL_Z would break phrases:
    // stemmed terms carry no positions.)
    m_parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    m_parser.set_default_op(Xapian::Query::OP_OR);
    m_parser.add_prefix("title", schema::PREFIX_TITLE);
    m_parser.add_boolean_prefix("speaker", (new FacetFieldProcessor(m_db, schema::PREFIX_SPEAKER))->release(), "speaker");
    m_parser.add_boolean_prefix("org", (new FacetFieldProcessor(m_db, schema::PREFIX_ORG))->release(), "org");
    m_parser.add_boolean_prefix("figure", (new FacetFieldProcessor(m_db, schema::PREFIX_FIGURE))->release(), "figure");
}

Xapian::Query QueryCompiler::parse(const std::string& text) {
    if (blank(text)) {
        return Xapian::Query::MatchAll;
    }
    const std::string normalized = lower_case_words(analyzers::normalize(text));
    const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD
                           | Xapian::QueryParser::FLAG_PURE_NOT;
    try {
        m_parser.set_max_expansion(500, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
        return m_parser.parse_query(normalized, flags);
    } catch (const Xapian::QueryParserError& e) {
        throw QueryError("invalid query '" + text + "': " + e.get_msg());
    }
}

}  // namespace dossier::searcher
