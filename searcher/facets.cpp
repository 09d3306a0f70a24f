#include "searcher/facets.hpp"

#include <algorithm>

#include "analyzers/aliases.hpp"
#include "analyzers/normalizer.hpp"
#include "indexer/schema.hpp"

namespace dossier::searcher {

namespace schema = dossier::indexer::schema;

namespace {

/// True when `key` occurs in `stored` as a run of whole words (both are fold_key()s).
bool contains_words(std::string_view stored, std::string_view key) {
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

void add_unique(std::vector<std::string>& out, std::string s) {
    if (!s.empty() && std::find(out.begin(), out.end(), s) == out.end()) {
        out.push_back(std::move(s));
    }
}

}  // namespace

const char* facet_name(Facet facet) {
    switch (facet) {
    case Facet::Speaker:
        return "speaker";
    case Facet::Organization:
        return "organization";
    case Facet::FigureType:
        return "figure_type";
    }
    return "";
}

const char* facet_field(Facet facet) {
    switch (facet) {
    case Facet::Speaker:
        return "speaker";
    case Facet::Organization:
        return "org";
    case Facet::FigureType:
        return "figure";
    }
    return "";
}

const char* facet_prefix(Facet facet) {
    switch (facet) {
    case Facet::Speaker:
        return schema::PREFIX_SPEAKER;
    case Facet::Organization:
        return schema::PREFIX_ORG;
    case Facet::FigureType:
        return schema::PREFIX_FIGURE;
    }
    return "";
}

Xapian::valueno facet_slot(Facet facet) {
    switch (facet) {
    case Facet::Speaker:
        return schema::SLOT_SPEAKERS;
    case Facet::Organization:
        return schema::SLOT_ORGS;
    case Facet::FigureType:
        return schema::SLOT_FIGURE_TYPES;
    }
    return Xapian::BAD_VALUENO;
}

bool Filters::empty() const {
    return std::all_of(values.begin(), values.end(), [](const auto& v) { return v.empty(); });
}

namespace {

struct Token {
    std::size_t begin = 0, end = 0;
    int depth = 0;  // parenthesis depth where the token starts
};

/// Splits a query at white space outside "phrases", tracking parentheses.
std::vector<Token> query_tokens(std::string_view q) {
    std::vector<Token> out;
    int depth = 0;
    std::size_t i = 0;
    while (i < q.size()) {
        if (std::isspace(static_cast<unsigned char>(q[i]))) {
            ++i;
            continue;
        }
        Token t{i, i, depth};
        bool quoted = false;
        while (i < q.size() && (quoted || !std::isspace(static_cast<unsigned char>(q[i])))) {
            if (q[i] == '"') {
                quoted = !quoted;
            } else if (!quoted && q[i] == '(') {
                ++depth;
            } else if (!quoted && q[i] == ')' && depth > 0) {
                --depth;
            }
            ++i;
        }
        t.end = i;
        out.push_back(t);
    }
    return out;
}

bool is_query_operator(std::string_view w) {
    return w == "AND" || w == "OR" || w == "NOT" || w == "XOR" || w == "NEAR" || w == "ADJ" || w.starts_with("NEAR/")
           || w.starts_with("ADJ/");
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

/// `field:value` → the facet and the value (unquoted); false for anything else.
bool field_filter(std::string_view token, Facet& facet, std::string& value) {
    std::size_t colon = token.find(':');
    if (colon == std::string_view::npos || colon + 1 == token.size()) {
        return false;
    }
    std::string_view field = token.substr(0, colon);
    auto found = std::find_if(ALL_FACETS.begin(), ALL_FACETS.end(), [&](Facet f) { return iequals(field, facet_field(f)); });
    if (found == ALL_FACETS.end()) {
        return false;
    }
    std::string_view v = token.substr(colon + 1);
    if (v.front() == '"') {
        if (v.size() < 2 || v.back() != '"' || v.substr(1, v.size() - 2).find('"') != std::string_view::npos) {
            return false;
        }
        v = v.substr(1, v.size() - 2);
    } else if (v.find_first_of("\"()") != std::string_view::npos) {
        return false;
    }
    if (v.find_first_not_of(" \t") == std::string_view::npos) {
        return false;
    }
    facet = *found;
    value = std::string(v);
    return true;
}

}  // namespace

LiftedQuery lift_filters(std::string_view query) {
    LiftedQuery out;
    out.text = std::string(query);
    const std::vector<Token> tokens = query_tokens(query);
    auto word = [&](std::size_t k) { return query.substr(tokens[k].begin, tokens[k].end - tokens[k].begin); };
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        if (tokens[k].depth == 0 && (word(k) == "OR" || word(k) == "XOR")) {
            return out;  // a filter may belong to one branch only: leave them all to QueryParser
        }
    }
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        Facet facet;
        std::string value;
        if (tokens[k].depth != 0 || !field_filter(word(k), facet, value)) {
            continue;
        }
        if ((k > 0 && is_query_operator(word(k - 1))) || (k + 1 < tokens.size() && is_query_operator(word(k + 1)))) {
            continue;
        }
        out.filters[facet].push_back(std::move(value));
        std::fill(out.text.begin() + static_cast<std::ptrdiff_t>(tokens[k].begin),
                  out.text.begin() + static_cast<std::ptrdiff_t>(tokens[k].end),
                  ' ');
    }
    return out;
}

std::vector<std::string> facet_filter_terms(const Xapian::Database& db, Facet facet, std::string_view value) {
    const std::string prefix = facet_prefix(facet);
    const std::string key = analyzers::fold_key(value);
    if (key.empty()) {
        return {};
    }
    // The keys the value stands for: its own, its alias group's canonical form, every variant.
    // The facet counts merge an alias group into one value (FacetSpy::top), so a value selects
    // every stored spelling of its group.
    std::vector<std::string> keys{key};
    if (const analyzers::AliasGroup* group = analyzers::AliasTable::builtin().group_of(value)) {
        add_unique(keys, analyzers::fold_key(group->canonical));
        for (const auto& v : group->variants) {
            add_unique(keys, analyzers::fold_key(v));
        }
    }

    std::vector<std::string> terms;
    for (const auto& k : keys) {
        if (db.term_exists(prefix + k)) {
            add_unique(terms, prefix + k);
        }
    }
    if (!terms.empty()) {
        return terms;
    }

    // NOTE: figure types are a closed vocabulary of English plural nouns ("casualties"), so a
    // singular or other inflection is matched through the stemmer; names are not stemmed.
    const Xapian::Stem stem("english");
    const std::string key_stem = facet == Facet::FigureType ? stem(key) : std::string();
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
        const std::string term = *it;
        std::string_view stored = std::string_view(term).substr(prefix.size());
        bool match = std::any_of(keys.begin(), keys.end(), [&](const std::string& k) {
            return contains_words(stored, k);
        });
        if (!match && facet == Facet::FigureType) {
            match = stem(std::string(stored)) == key_stem;
        }
        if (match) {
            terms.push_back(term);
        }
    }
    return terms;
}

Xapian::Query facet_filter_query(const Xapian::Database& db, Facet facet, std::string_view value) {
    std::vector<std::string> terms = facet_filter_terms(db, facet, value);
    if (terms.empty()) {
        return Xapian::Query(std::string(facet_prefix(facet)) + analyzers::fold_key(value));
    }
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

namespace {

Xapian::Query build_filters(const Xapian::Database& db, const Filters& filters, const Facet* skip) {
    std::vector<Xapian::Query> per_facet;
    for (Facet f : ALL_FACETS) {
        if ((skip && *skip == f) || filters[f].empty()) {
            continue;
        }
        std::vector<Xapian::Query> alternatives;
        for (const auto& v : filters[f]) {
            alternatives.push_back(facet_filter_query(db, f, v));
        }
        per_facet.emplace_back(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
    }
    if (per_facet.empty()) {
        return Xapian::Query();
    }
    return Xapian::Query(Xapian::Query::OP_AND, per_facet.begin(), per_facet.end());
}

}  // namespace

Xapian::Query filters_query(const Xapian::Database& db, const Filters& filters) {
    return build_filters(db, filters, nullptr);
}

Xapian::Query filters_query(const Xapian::Database& db, const Filters& filters, Facet skip) {
    return build_filters(db, filters, &skip);
}

FacetSpy::FacetSpy(std::vector<Facet> facets) : m_facets(std::move(facets)), m_packed(m_facets.size()) {}

void FacetSpy::operator()(const Xapian::Document& doc, double) {
    ++m_documents;
    for (std::size_t i = 0; i < m_facets.size(); ++i) {
        std::string packed = doc.get_value(facet_slot(m_facets[i]));
        if (!packed.empty()) {
            ++m_packed[i][std::move(packed)];
        }
    }
}

Xapian::MatchSpy* FacetSpy::clone() const {
    return new FacetSpy(m_facets);
}

std::string FacetSpy::name() const {
    return "dossier::searcher::FacetSpy";
}

bool FacetSpy::counts(Facet facet) const {
    return std::find(m_facets.begin(), m_facets.end(), facet) != m_facets.end();
}

FacetCounts FacetSpy::top(Facet facet, std::size_t limit) const {
    FacetCounts out;
    auto pos = std::find(m_facets.begin(), m_facets.end(), facet);
    if (pos == m_facets.end()) {
        return out;
    }
    struct Acc {
        std::size_t count = 0;
        std::unordered_map<std::string, std::size_t> displays;
    };
    std::unordered_map<std::string, Acc> by_key;
    struct Key {
        std::string key;        // fold_key of the alias group's canonical form, or of the value
        std::string canonical;  // the alias group's display form, empty when not in a group
    };
    std::unordered_map<std::string, Key> key_cache;
    const auto& aliases = analyzers::AliasTable::builtin();
    std::vector<const std::string*> seen;
    for (const auto& [packed, docs] : m_packed[static_cast<std::size_t>(pos - m_facets.begin())]) {
        seen.clear();
        for (auto& display : schema::unpack_values(packed)) {
            auto cached = key_cache.find(display);
            if (cached == key_cache.end()) {
                Key k;
                if (const analyzers::AliasGroup* group = aliases.group_of(display)) {
                    k = {analyzers::fold_key(group->canonical), group->canonical};
                } else {
                    k = {analyzers::fold_key(display), {}};
                }
                cached = key_cache.emplace(display, std::move(k)).first;
            }
            const std::string& key = cached->second.key;
            if (key.empty()) {
                continue;
            }
            Acc& acc = by_key[key];
            acc.displays[cached->second.canonical.empty() ? display : cached->second.canonical] += docs;
            // Two spellings of one key in one document count that document once.
            if (std::none_of(seen.begin(), seen.end(), [&](const std::string* s) { return *s == key; })) {
                acc.count += docs;
                seen.push_back(&key);
            }
        }
    }
    out.distinct = by_key.size();
    std::vector<FacetValue> all;
    all.reserve(by_key.size());
    for (const auto& [key, acc] : by_key) {
        auto best = std::min_element(acc.displays.begin(), acc.displays.end(), [](const auto& a, const auto& b) {
            return a.second != b.second ? a.second > b.second : a.first < b.first;
        });
        all.push_back({best->first, acc.count});
    }
    auto order = [](const FacetValue& a, const FacetValue& b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
    };
    const std::size_t n = std::min(limit, all.size());
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(), order);
    all.resize(n);
    out.top = std::move(all);
    return out;
}

std::vector<std::string> facet_values(const Xapian::Document& doc, Facet facet) {
    return schema::unpack_values(doc.get_value(facet_slot(facet)));
}

}  // namespace dossier::searcher
