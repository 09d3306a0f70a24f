#include "searcher/facets.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>

#include "analyzers/aliases.hpp"
#include "analyzers/error.hpp"
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
    for (std::size_t pos = stored.find(key); pos != std::string_view::npos;
         pos = stored.find(key, pos + 1)) {
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
    return w == "AND" || w == "OR" || w == "NOT" || w == "XOR" || w == "NEAR" || w == "ADJ"
        || w.starts_with("NEAR/") || w.starts_with("ADJ/");
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x))
                   == std::tolower(static_cast<unsigned char>(y));
           });
}

/// `field:value` → the facet and the value (unquoted); false for anything else.
bool field_filter(std::string_view token, Facet& facet, std::string& value) {
    std::size_t colon = token.find(':');
    if (colon == std::string_view::npos || colon + 1 == token.size()) {
        return false;
    }
    std::string_view field = token.substr(0, colon);
    auto found = std::find_if(ALL_FACETS.begin(), ALL_FACETS.end(), [&](Facet f) {
        return iequals(field, facet_field(f));
    });
    if (found == ALL_FACETS.end()) {
        return false;
    }
    std::string_view v = token.substr(colon + 1);
    if (v.front() == '"') {
        if (v.size() < 2 || v.back() != '"'
            || v.substr(1, v.size() - 2).find('"') != std::string_view::npos) {
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
    auto word = [&](std::size_t k) {
        return query.substr(tokens[k].begin, tokens[k].end - tokens[k].begin);
    };
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
        if ((k > 0 && is_query_operator(word(k - 1)))
            || (k + 1 < tokens.size() && is_query_operator(word(k + 1)))) {
            continue;
        }
        out.filters[facet].push_back(std::move(value));
        std::fill(
            out.text.begin() + static_cast<std::ptrdiff_t>(tokens[k].begin),
            out.text.begin() + static_cast<std::ptrdiff_t>(tokens[k].end),
            ' '
        );
    }
    return out;
}

std::vector<std::string> facet_filter_terms(
    const Xapian::Database& db,
    Facet facet,
    std::string_view value,
    const analyzers::AliasTable& aliases
) {
    const std::string prefix = facet_prefix(facet);
    const std::string key = analyzers::fold_key(value);
    if (key.empty()) {
        return {};
    }
    // The keys the value stands for: its own, its alias group's canonical form, every variant.
    // The facet counts merge an alias group into one value (FacetSpy::top), so a value selects
    // every stored spelling of its group.
    std::vector<std::string> keys{key};
    if (const analyzers::AliasGroup* group = aliases.group_of(value)) {
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

Xapian::Query facet_filter_query(
    const Xapian::Database& db,
    Facet facet,
    std::string_view value,
    const analyzers::AliasTable& aliases
) {
    std::vector<std::string> terms = facet_filter_terms(db, facet, value, aliases);
    if (terms.empty()) {
        return Xapian::Query(std::string(facet_prefix(facet)) + analyzers::fold_key(value));
    }
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

namespace {

Xapian::Query build_filters(
    const Xapian::Database& db,
    const Filters& filters,
    const analyzers::AliasTable& aliases,
    const Facet* skip
) {
    std::vector<Xapian::Query> per_facet;
    for (Facet f : ALL_FACETS) {
        if ((skip && *skip == f) || filters[f].empty()) {
            continue;
        }
        std::vector<Xapian::Query> alternatives;
        for (const auto& v : filters[f]) {
            alternatives.push_back(facet_filter_query(db, f, v, aliases));
        }
        per_facet.emplace_back(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
    }
    if (per_facet.empty()) {
        return Xapian::Query();
    }
    return Xapian::Query(Xapian::Query::OP_AND, per_facet.begin(), per_facet.end());
}

}  // namespace

Xapian::Query filters_query(
    const Xapian::Database& db, const Filters& filters, const analyzers::AliasTable& aliases
) {
    return build_filters(db, filters, aliases, nullptr);
}

Xapian::Query filters_query(
    const Xapian::Database& db,
    const Filters& filters,
    const analyzers::AliasTable& aliases,
    Facet skip
) {
    return build_filters(db, filters, aliases, &skip);
}

namespace {

/// Calls `f(value)` for each value of a schema::pack_values() string, without copying.
/// NOTE: mirrors schema::unpack_values() (varint length, bytes), which allocates a vector of
/// strings; this runs once per matching document and facet, so it must not.
template <class F>
void for_each_packed(std::string_view packed, F&& f) {
    std::size_t i = 0;
    while (i < packed.size()) {
        std::size_t n = 0;
        for (int shift = 0;; shift += 7) {
            if (i >= packed.size() || shift > 56) {
                throw SchemaError("truncated packed value list in a facet slot");
            }
            auto byte = static_cast<unsigned char>(packed[i++]);
            n |= static_cast<std::size_t>(byte & 0x7F) << shift;
            if (!(byte & 0x80)) {
                break;
            }
        }
        if (n > packed.size() - i) {
            throw SchemaError("truncated packed value list in a facet slot");
        }
        f(packed.substr(i, n));
        i += n;
    }
}

}  // namespace

void FacetKeys::reset(const analyzers::AliasTable* aliases) {
    *this = FacetKeys();
    m_aliases = aliases;
}

std::uint32_t FacetKeys::display_id(std::string_view display) {
    if (auto it = m_ids.find(display); it != m_ids.end()) {
        return it->second;
    }
    if (!m_aliases_loaded) {
        // fold_key(variant) → canonical: the lookup of AliasTable::group_of() from a key already
        // folded (one fold_key per value, not two).
        const analyzers::AliasTable& table =
            m_aliases ? *m_aliases : analyzers::AliasTable::builtin();
        for (const auto& group : table.groups()) {
            for (const auto& v : group.variants) {
                m_canonical_by_key.emplace(analyzers::fold_key(v), group.canonical);
            }
        }
        m_aliases_loaded = true;
    }
    std::string key = analyzers::fold_key(display);
    std::string canon;
    if (auto g = m_canonical_by_key.find(key); g != m_canonical_by_key.end()) {
        canon = g->second;
        key = analyzers::fold_key(canon);
    }
    std::uint32_t key_id = NO_KEY;
    if (!key.empty()) {
        auto [kit, added] =
            m_key_ids.emplace(std::move(key), static_cast<std::uint32_t>(m_canonical.size()));
        if (added) {
            m_canonical.push_back(std::move(canon));
        }
        key_id = kit->second;
    }
    const auto id = static_cast<std::uint32_t>(m_displays.size());
    m_displays.emplace_back(display);
    m_key_of.push_back(key_id);
    m_ids.emplace(m_displays.back(), id);
    return id;
}

std::size_t FacetKeys::decode(std::string_view packed, std::vector<std::uint32_t>& out) {
    const std::size_t begin = out.size();
    for_each_packed(packed, [&](std::string_view display) { out.push_back(display_id(display)); });
    const std::size_t displays = out.size() - begin;
    // The distinct keys (spellings of one entity count once per document).
    for (std::size_t i = begin; i < begin + displays; ++i) {
        if (const std::uint32_t k = m_key_of[out[i]]; k != NO_KEY) {
            out.push_back(k);
        }
    }
    const auto keys_begin = out.begin() + static_cast<std::ptrdiff_t>(begin + displays);
    std::sort(keys_begin, out.end());
    out.erase(std::unique(keys_begin, out.end()), out.end());
    return displays;
}

void FacetKeys::remember(Xapian::docid did, const std::string& packed) {
    if (did >= m_docs.size()) {
        m_docs.resize(std::max<std::size_t>(did + 1, m_docs.size() * 2));
    }
    const auto begin = static_cast<std::uint32_t>(m_doc_ids.size());
    const auto displays = static_cast<std::uint32_t>(decode(packed, m_doc_ids));
    m_docs[did] = {
        begin, displays, static_cast<std::uint32_t>(m_doc_ids.size() - begin - displays)};
}

void FacetKeys::forget_documents() {
    m_docs.clear();
    m_doc_ids.clear();
}

void FacetSpy::Counter::count(const Xapian::Document& doc) {
    const auto v =
        keys->document(doc.get_docid(), [&] { return doc.get_value(facet_slot(facet)); });
    if (v.display_count > 0 && display_docs.size() < keys->display_count()) {
        display_docs.resize(keys->display_count() + 1024);
    }
    for (std::size_t i = 0; i < v.display_count; ++i) {
        ++display_docs[v.displays[i]];
    }
    if (v.key_count > 0 && key_docs.size() < keys->key_count()) {
        key_docs.resize(keys->key_count() + 1024);
    }
    for (std::size_t i = 0; i < v.key_count; ++i) {
        ++key_docs[v.keys[i]];
    }
}

FacetSpy::FacetSpy(std::vector<Facet> facets, std::array<FacetKeys, 3>* keys)
    : m_facets(std::move(facets)), m_keys(keys) {
    if (!m_keys) {
        m_own_keys = std::make_unique<std::array<FacetKeys, 3>>();
        m_keys = m_own_keys.get();
    }
    for (Facet f : m_facets) {
        m_counters.push_back({f, &(*m_keys)[static_cast<std::size_t>(f)], {}, {}});
    }
}

FacetSpy::~FacetSpy() = default;

void FacetSpy::operator()(const Xapian::Document& doc, double) {
    ++m_documents;
    for (auto& counter : m_counters) {
        counter.count(doc);
    }
}

Xapian::MatchSpy* FacetSpy::clone() const {
    return new FacetSpy(m_facets, m_own_keys ? nullptr : m_keys);
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
    const Counter& c = m_counters[static_cast<std::size_t>(pos - m_facets.begin())];
    return top_counts(*c.keys, c.display_docs, c.key_docs, limit);
}

FacetCounts top_counts(
    const FacetKeys& keys,
    const std::vector<std::uint32_t>& display_docs,
    const std::vector<std::uint32_t>& key_docs,
    std::size_t limit
) {
    FacetCounts out;
    // The display of each key: the alias group's canonical form, else the most frequent spelling.
    std::vector<std::uint32_t> best(key_docs.size(), FacetKeys::NO_KEY);
    for (std::uint32_t d = 0; d < display_docs.size(); ++d) {
        if (display_docs[d] == 0) {
            continue;
        }
        const std::uint32_t k = keys.key_of(d);
        if (k == FacetKeys::NO_KEY) {
            continue;
        }
        std::uint32_t& b = best[k];
        if (b == FacetKeys::NO_KEY || display_docs[d] > display_docs[b]
            || (display_docs[d] == display_docs[b] && keys.display(d) < keys.display(b))) {
            b = d;
        }
    }
    std::vector<std::uint32_t> counted;
    for (std::uint32_t k = 0; k < key_docs.size(); ++k) {
        if (key_docs[k] > 0) {
            counted.push_back(k);
        }
    }
    out.distinct = counted.size();
    auto display = [&](std::uint32_t k) -> const std::string& {
        return keys.canonical(k).empty() ? keys.display(best[k]) : keys.canonical(k);
    };
    auto order = [&](std::uint32_t a, std::uint32_t b) {
        return key_docs[a] != key_docs[b] ? key_docs[a] > key_docs[b] : display(a) < display(b);
    };
    const std::size_t n = std::min(limit, counted.size());
    std::partial_sort(
        counted.begin(), counted.begin() + static_cast<std::ptrdiff_t>(n), counted.end(), order
    );
    for (std::size_t i = 0; i < n; ++i) {
        out.top.push_back({display(counted[i]), key_docs[counted[i]]});
    }
    return out;
}

std::vector<std::string> facet_values(const Xapian::Document& doc, Facet facet) {
    return schema::unpack_values(doc.get_value(facet_slot(facet)));
}

}  // namespace dossier::searcher
