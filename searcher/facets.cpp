#include "searcher/facets.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <queue>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "analyzers/aliases.hpp"
#include "analyzers/error.hpp"
#include "analyzers/hash.hpp"
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

/// The words of a display value's name without a legal form (of organization_key()): of a
/// value's spellings the one of most words is shown, so a full name wins over the surname merged
/// into it ("Ronald Reagan", not "Reagan"), while "Reuters" and "Reuters Holdings Plc" tie and the
/// spelling of most articles wins (better_spelling()).
std::uint32_t word_count(std::string_view s) {
    const std::string key = analyzers::organization_key(s);
    return static_cast<std::uint32_t>(std::count(key.begin(), key.end(), ' ')) + 1;
}

void add_unique(std::vector<std::string>& out, std::string s) {
    if (!s.empty() && std::find(out.begin(), out.end(), s) == out.end()) {
        out.push_back(std::move(s));
    }
}

}  // namespace

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

bool merges_names(Facet facet) {
    return facet == facet_named("person") || facet == facet_named("speaker");
}

std::vector<std::string> facet_filter_terms(
    const Xapian::Database& db,
    Facet facet,
    std::string_view value,
    const analyzers::AliasTable& aliases,
    const NameMerges* names
) {
    const std::string prefix = facet_prefix(facet);
    const auto& spec = facet_spec(facet);
    auto key_of = [&spec](std::string_view v) { return schema::facet_key(spec, v); };
    const std::string key = key_of(value);
    if (key.empty()) {
        return {};
    }
    // The keys the value stands for: its own, its alias group's canonical form, every variant.
    // The facet counts merge an alias group into one value (FacetSpy::top), so a value selects
    // every stored spelling of its group.
    std::vector<std::string> keys{key};
    if (const analyzers::AliasGroup* group = aliases.group_of_key(key, spec.key_kind)) {
        // The keys as the table holds them (the canonical form's first): a Cyrillic variant
        // keyed here would load ICU's transliterators into a cold search.
        for (std::size_t i = 0; i < group->keys.size(); ++i) {
            add_unique(keys, group->key(i, spec.key_kind));
        }
    }

    if (names && merges_names(facet)) {
        const std::vector<std::string> own = keys;
        for (const auto& k : own) {
            if (const std::string* full = names->full_key(k)) {
                add_unique(keys, *full);
            }
            for (auto& s : names->short_keys(k)) {
                add_unique(keys, std::move(s));
            }
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

    // NOTE: a facet with stem_match (figure types: a closed vocabulary of English plural nouns,
    // "casualties") also matches a singular or other inflection through the stemmer; names are
    // not stemmed.
    const Xapian::Stem stem = schema::stemmer();
    const bool by_stem = facet_spec(facet).stem_match;
    const std::string key_stem = by_stem ? stem(key) : std::string();
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
        const std::string term = *it;
        std::string_view stored = std::string_view(term).substr(prefix.size());
        bool match = std::any_of(keys.begin(), keys.end(), [&](const std::string& k) {
            return contains_words(stored, k);
        });
        if (!match && by_stem) {
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
    const analyzers::AliasTable& aliases,
    const NameMerges* names
) {
    std::vector<std::string> terms = facet_filter_terms(db, facet, value, aliases, names);
    if (terms.empty()) {
        return Xapian::Query(
            std::string(facet_prefix(facet)) + schema::facet_key(facet_spec(facet), value)
        );
    }
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

namespace {

Xapian::Query build_filters(
    const Xapian::Database& db,
    const Filters& filters,
    const analyzers::AliasTable& aliases,
    const Facet* skip,
    const NameMerges* names
) {
    std::vector<Xapian::Query> per_facet;
    for (Facet f : ALL_FACETS) {
        if ((skip && *skip == f) || filters[f].empty()) {
            continue;
        }
        std::vector<Xapian::Query> alternatives;
        for (const auto& v : filters[f]) {
            alternatives.push_back(facet_filter_query(db, f, v, aliases, names));
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
    const Xapian::Database& db,
    const Filters& filters,
    const analyzers::AliasTable& aliases,
    const NameMerges* names
) {
    return build_filters(db, filters, aliases, nullptr, names);
}

Xapian::Query filters_query(
    const Xapian::Database& db,
    const Filters& filters,
    const analyzers::AliasTable& aliases,
    Facet skip,
    const NameMerges* names
) {
    return build_filters(db, filters, aliases, &skip, names);
}

void FacetKeys::reset(
    Facet facet,
    const analyzers::AliasTable* aliases,
    bool memo_documents,
    const NameMerges* names,
    const Xapian::Database* db,
    std::shared_ptr<const indexer::ValueColumn> ids_column
) {
    *this = FacetKeys();
    m_aliases = aliases;
    m_names = names;
    m_memo_documents = memo_documents;
    if (db != nullptr) {
        m_db = *db;
        m_by_ids = true;
        m_ids_column = std::move(ids_column);
        m_numbers = m_ids_column ? m_ids_column->dictionary() : nullptr;
    }
    m_facet = facet;
}

namespace {

/// The hash a key that alias groups or surname merges join to is counted under: its own hash
/// ^ this, so that its own documents and those of the keys joined to it share one id, as the
/// hashes of key strings do without ids.
constexpr std::uint64_t JOINED = 0x9E3779B97F4A7C15ULL;

}  // namespace

void FacetKeys::build_targets() {
    m_targets_built = true;
    // Adds `t` for key hash `raw`: a key joined to another (t.joins) takes the place of a key
    // that is only joined to, and of an earlier join when `overwrite`; the first entry stays
    // otherwise. Returns whether `t` was stored.
    auto add = [&](std::uint64_t raw, const KeyTarget& t, bool overwrite) {
        const auto next = static_cast<std::uint32_t>(m_target_list.size());
        const std::uint32_t i = m_target_ids.find_or_add(raw, next);
        if (i == HashIds::NONE) {
            m_target_list.push_back(t);
            return true;
        }
        KeyTarget& e = m_target_list[i];
        if (t.joins && (overwrite || !e.joins)) {
            e = t;
            return true;
        }
        return false;
    };
    auto joined_to = [&](std::uint64_t hash) {
        add(hash, KeyTarget{hash ^ JOINED, nullptr, nullptr, false}, false);
    };
    if (m_aliases != nullptr) {
        // Each group's canonical key once (pointers into a vector that no longer grows).
        std::unordered_map<const analyzers::AliasGroup*, std::size_t> named;
        const auto& spec = facet_spec(m_facet);
        m_aliases->for_each_key(
            [&](const std::string&, const analyzers::AliasGroup& group) {
                if (named.emplace(&group, m_target_names.size()).second) {
                    m_target_names.push_back(group.canonical_key(spec.key_kind));
                }
            },
            spec.key_kind
        );
        m_aliases->for_each_key(
            [&](const std::string& key, const analyzers::AliasGroup& group) {
                const std::string& name = m_target_names[named.at(&group)];
                const std::uint64_t to = analyzers::fnv1a64(name);
                add(analyzers::fnv1a64(key),
                    KeyTarget{to ^ JOINED, &name, &group.canonical, true},
                    true);
                joined_to(to);
            },
            spec.key_kind
        );
    }
    if (m_names != nullptr) {
        m_names->for_each([&](const std::string& short_key, const std::string& full_key) {
            // An alias group wins over a surname merge, as display_id(string) decides.
            const std::uint64_t to = analyzers::fnv1a64(full_key);
            if (add(analyzers::fnv1a64(short_key),
                    KeyTarget{to ^ JOINED, &full_key, nullptr, true},
                    false)) {
                joined_to(to);
            }
        });
    }
}

const FacetKeys::KeyTarget* FacetKeys::target_of(std::uint64_t raw) {
    if (!m_targets_built) {
        build_targets();
    }
    const std::uint32_t i = m_target_ids.find(raw);
    return i == HashIds::NONE ? nullptr : &m_target_list[i];
}

std::uint32_t
FacetKeys::add_key(std::uint64_t hash, const std::string* name, const std::string* canonical) {
    const auto next = static_cast<std::uint32_t>(m_primary_hash.size());
    if (next >= RARE) {
        throw std::length_error("FacetKeys: more keys than key ids (2^30)");
    }
    m_key_hash.push_back(hash);
    m_key_rare.push_back(0);
    if (!m_by_ids) {
        m_key_display.push_back(NO_KEY);
    }
    if (canonical != nullptr) {
        m_canonical.emplace(next, canonical);
    }
    m_primary_hash.push_back(0);
    m_primary_number.push_back(0);
    m_primary_doc.push_back(0);
    if (name != nullptr) {
        m_key_names.emplace(next, *name);
    }
    return next;
}

std::uint32_t
FacetKeys::key_id(std::uint64_t hash, const std::string* name, const std::string* canonical) {
    const auto next = static_cast<std::uint32_t>(m_primary_hash.size());
    if (next >= RARE) {
        throw std::length_error("FacetKeys: more keys than key ids (2^30)");  // before an entry
    }
    const std::uint32_t k = m_key_ids.find_or_add(hash, next);
    if (k == HashIds::NONE) {
        return add_key(hash, name, canonical);
    }
    if (canonical != nullptr) {
        // A surname merged into a full name that is an alias group's key: the group's
        // canonical form names the value, whichever display came first.
        m_canonical.try_emplace(k, canonical);
    }
    if (name != nullptr) {
        m_key_names.try_emplace(k, *name);
    }
    return k;
}

std::uint32_t FacetKeys::add_display(std::uint64_t hash, std::uint32_t key, Xapian::docid did) {
    const auto id = static_cast<std::uint32_t>(m_display_hash.size());
    m_display_hash.push_back(hash);
    m_key_of.push_back(key);
    m_first_doc.push_back(did);
    if (!m_by_ids && key != NO_KEY && m_key_display[key] == NO_KEY) {
        m_key_display[key] = id;
    }
    return id;
}

std::uint32_t FacetKeys::display_id(std::string_view display) {
    const std::uint64_t hash = analyzers::fnv1a64(display);
    const auto next = static_cast<std::uint32_t>(m_display_hash.size());
    if (const std::uint32_t id = m_display_ids.find_or_add(hash, next); id != HashIds::NONE) {
        return id;
    }
    const auto& spec = facet_spec(m_facet);
    auto key_of = [&spec](std::string_view v) { return schema::facet_key(spec, v); };
    std::string key = key_of(display);
    const std::string* canon = nullptr;
    if (const analyzers::AliasGroup* group =
            m_aliases ? m_aliases->group_of_key(key, spec.key_kind) : nullptr) {
        canon = &group->canonical;
        key = group->canonical_key(spec.key_kind);
    } else if (m_names) {
        if (const std::string* full = m_names->full_key(key)) {
            key = *full;  // "Reagan" counts as the archive's one "Ronald Reagan"
        }
    }
    const std::uint32_t k = key.empty() ? NO_KEY : key_id(analyzers::fnv1a64(key), &key, canon);
    const std::uint32_t id = add_display(hash, k, 0);
    m_display_names.emplace(id, std::string(display));
    return id;
}

IdCounts FacetKeys::take_counts() {
    if (m_spare_counts.empty()) {
        return {};
    }
    IdCounts out = std::move(m_spare_counts.back());
    m_spare_counts.pop_back();
    return out;
}

void FacetKeys::give_back(IdCounts&& counts) {
    // A count abandoned half-way (a throw) lists every entry it touched as well.
    counts.clear();
    m_spare_counts.push_back(std::move(counts));
}

std::uint32_t& FacetKeys::known_number(
    HugeVector<std::uint32_t>& dense,
    std::unordered_map<std::uint32_t, std::uint32_t>& sparse,
    std::uint32_t index,
    std::uint32_t size
) {
    if (m_sparse_numbers) {
        // One query by NumberCounts: a few thousand numbers at most get ids; zeroing an array
        // of every number of the archive (a million people's names) would cost more.
        return sparse[index];
    }
    if (dense.empty()) {
        dense.resize(size);
    }
    return dense[index];
}

std::uint32_t FacetKeys::number_key_id(std::uint32_t index) {
    std::uint32_t& known =
        known_number(m_number_key, m_sparse_number_key, index, m_numbers->facet(m_facet).keys);
    if (known != 0) {
        return known - 1;
    }
    // First sight of this key. A key of its own (nearly all: the dictionary numbers apart those
    // alias groups and surname merges name) takes the next id, with no hash table entry: its
    // index finds it from now on. A named one goes where they send it. A shard of a stub asks
    // for every key: its dictionary named the keys of the shard's own surname merges.
    const std::uint64_t hash = m_numbers->key_hash(m_facet, index);
    const KeyTarget* t =
        m_part_of_stub || m_numbers->joined(m_facet, index) ? target_of(hash) : nullptr;
    const std::uint32_t k =
        t == nullptr ? add_key(hash, nullptr, nullptr) : key_id(t->key, t->name, t->canonical);
    known = k + 1;
    // A key of its own has one number: its articles in the archive bound its count in a match.
    if (t == nullptr && flags_rare() && m_numbers->key_docs(m_facet, index) < m_rare_below) {
        m_key_rare[k] = 1;
    }
    return k;
}

std::uint32_t FacetKeys::raw_key_id(std::uint64_t raw) {
    if (m_numbers != nullptr) {
        // A document read from its slot beside the column: the key of the same number.
        if (const auto index = m_numbers->key_index_of(m_facet, raw)) {
            return number_key_id(*index);
        }
    }
    if (const std::uint32_t k = m_key_ids.find(raw); k != HashIds::NONE) {
        return k;
    }
    // First sight of this key: where alias groups and surname merges send it (a key they join
    // others to is entered under its hash ^ JOINED, build_targets()).
    const KeyTarget* t = target_of(raw);
    if (t == nullptr) {
        return key_id(raw, nullptr, nullptr);
    }
    const std::uint32_t k = key_id(t->key, t->name, t->canonical);
    m_key_ids.find_or_add(raw, k);
    return k;
}

std::uint32_t FacetKeys::display_id(std::uint64_t hash, std::uint32_t key, Xapian::docid did) {
    const auto next = static_cast<std::uint32_t>(m_display_hash.size());
    if (const std::uint32_t id = m_display_ids.find_or_add(hash, next); id != HashIds::NONE) {
        return id;
    }
    return add_display(hash, key, did);
}

std::uint64_t FacetKeys::primary_hash(std::uint32_t key) const {
    if (m_primary_hash[key] == 0 && m_primary_number[key] != 0) {
        m_primary_hash[key] = m_numbers->display_hash(m_facet, m_primary_number[key] - 1);
    }
    return m_primary_hash[key];
}

std::unordered_map<std::uint32_t, std::string>& FacetKeys::names_of(std::uint32_t spelling) const {
    return (spelling & PRIMARY) != 0 ? m_primary_names : m_display_names;
}

std::uint64_t FacetKeys::hash_of(std::uint32_t spelling) const {
    return (spelling & PRIMARY) != 0 ? primary_hash(spelling & ~PRIMARY) : m_display_hash[spelling];
}

Xapian::docid FacetKeys::first_doc_of(std::uint32_t spelling) const {
    return (spelling & PRIMARY) != 0 ? m_primary_doc[spelling & ~PRIMARY] : m_first_doc[spelling];
}

const std::string& FacetKeys::spelling(std::uint32_t id) const {
    auto& names = names_of(id);
    const std::uint32_t at = id & ~PRIMARY;
    if (auto it = names.find(at); it != names.end()) {
        return it->second;
    }
    resolve({id});
    return names.at(at);
}

void FacetKeys::resolve(const std::vector<std::uint32_t>& ids) const {
    // The spellings to find, by the document each was first seen in.
    std::vector<std::pair<Xapian::docid, std::uint32_t>> wanted;
    for (const std::uint32_t id : ids) {
        if (names_of(id).count(id & ~PRIMARY) == 0) {
            wanted.emplace_back(first_doc_of(id), id);
        }
    }
    if (wanted.empty()) {
        return;
    }
    std::sort(wanted.begin(), wanted.end());
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
    const Xapian::valueno slot = facet_spec(m_facet).slot;
    for (std::size_t i = 0; i < wanted.size();) {
        const Xapian::docid did = wanted[i].first;
        std::size_t end = i;
        while (end < wanted.size() && wanted[end].first == did) {
            ++end;
        }
        if (!m_by_ids || did == 0) {
            throw SchemaError("facet value without a document to read its display from");
        }
        std::string packed;
        try {
            packed = m_db.get_document(did).get_value(slot);
        } catch (const Xapian::DocNotFoundError&) {
            // A document number from a column's dictionary damaged under a valid stamp.
            throw SchemaError(
                fmt::format("facet value read from document {}, not in the index", did)
            );
        }
        schema::for_each_packed(packed, [&](std::string_view display) {
            const std::uint64_t hash = analyzers::fnv1a64(display);
            for (std::size_t j = i; j < end; ++j) {
                const std::uint32_t id = wanted[j].second;
                if (hash_of(id) == hash) {
                    names_of(id).emplace(id & ~PRIMARY, std::string(display));
                }
            }
        });
        for (std::size_t j = i; j < end; ++j) {
            const std::uint32_t id = wanted[j].second;
            if (names_of(id).count(id & ~PRIMARY) == 0) {
                throw SchemaError(fmt::format(
                    "document {} has a {} id without its display value (slot {})",
                    did,
                    facet_name(m_facet),
                    slot
                ));
            }
        }
        i = end;
    }
}

std::uint32_t FacetKeys::words(std::uint32_t spelling_id) const {
    return word_count(spelling(spelling_id));
}

const std::string& FacetKeys::key(std::uint32_t key) const {
    if (auto it = m_key_names.find(key); it != m_key_names.end()) {
        return it->second;
    }
    // A key reached by no alias group or merge: the key of its displays.
    const std::uint32_t shown =
        !m_by_ids && m_key_display[key] != NO_KEY ? m_key_display[key] : key | PRIMARY;
    return m_key_names.emplace(key, schema::facet_key(facet_spec(m_facet), spelling(shown)))
        .first->second;
}

FacetKeys::DocEntry FacetKeys::add_keys(std::uint32_t begin, HugeVector<std::uint32_t>& ids) const {
    const auto displays = static_cast<std::uint32_t>(ids.size() - begin);
    // The document's distinct keys (spellings of one entity count once per document).
    for (std::uint32_t i = begin; i < begin + displays; ++i) {
        if (const std::uint32_t k = m_key_of[ids[i]]; k != NO_KEY) {
            ids.push_back(k);
        }
    }
    const auto keys_begin = ids.begin() + begin + displays;
    std::sort(keys_begin, ids.end());
    ids.erase(std::unique(keys_begin, ids.end()), ids.end());
    return {begin, displays, static_cast<std::uint32_t>(ids.size() - begin - displays)};
}

FacetKeys::DocEntry FacetKeys::decode(std::string_view packed, HugeVector<std::uint32_t>& ids) {
    const auto begin = static_cast<std::uint32_t>(ids.size());
    schema::for_each_packed(packed, [&](std::string_view display) {
        ids.push_back(display_id(display));
    });
    return add_keys(begin, ids);
}

std::uint32_t
FacetKeys::number_spelling(std::uint32_t k, std::uint32_t display, Xapian::docid did) {
    if (m_primary_doc[k] == 0) {
        // Its hash is read when needed: primary_hash().
        m_primary_doc[k] = did;
        m_primary_number[k] = display + 1;
    }
    bool primary = m_primary_number[k] == display + 1;
    if (!primary && m_primary_number[k] == 0) {
        // The primary spelling was first seen in a slot: compare hashes, once.
        primary = m_numbers->display_hash(m_facet, display) == m_primary_hash[k];
        m_primary_number[k] = primary ? display + 1 : 0;
    }
    if (primary) {
        return k | PRIMARY;
    }
    std::uint32_t& known = known_number(
        m_number_display, m_sparse_number_display, display, m_numbers->facet(m_facet).displays
    );
    if (known == 0) {
        known = display_id(m_numbers->display_hash(m_facet, display), k, did) + 1;
    }
    return known - 1;
}

FacetKeys::DocEntry FacetKeys::decode_document(
    Xapian::docid did, Bytes packed, HugeVector<std::uint32_t>& ids, bool joined_only
) {
    if (!by_ids()) {
        return decode(packed.bytes, ids);
    }
    // The display ids of spellings other than their key's primary one, then the keys, each
    // flagged when the document has its primary spelling.
    const auto begin = static_cast<std::uint32_t>(ids.size());
    m_doc_keys.clear();
    if (packed.numbers) {
        // The column's numbers (checked by FacetSpy::DocumentIds::of()): arrays indexed by
        // number instead of hash table probes.
        indexer::for_each_facet_number(
            packed.bytes,
            *m_numbers,
            m_facet,
            [&](std::uint32_t key_number, std::uint32_t display_number) {
                const std::uint32_t index = m_numbers->key_index(m_facet, key_number);
                if (joined_only && !m_numbers->joined(m_facet, index)) {
                    return;
                }
                const std::uint32_t k = number_key_id(index);
                const std::uint32_t spelling =
                    number_spelling(k, m_numbers->display_index(m_facet, display_number), did);
                if ((spelling & PRIMARY) != 0) {
                    m_doc_keys.push_back(k << 1 | 1);
                    return;
                }
                ids.push_back(spelling);
                m_doc_keys.push_back(k << 1);
            }
        );
    } else {
        schema::for_each_facet_id(packed.bytes, [&](const schema::FacetId& value) {
            const std::uint32_t k = raw_key_id(value.key);
            if (m_primary_doc[k] == 0) {
                m_primary_doc[k] = did;
                m_primary_hash[k] = value.display;
            }
            if (value.display == primary_hash(k)) {
                m_doc_keys.push_back(k << 1 | 1);
            } else {
                ids.push_back(display_id(value.display, k, did));
                m_doc_keys.push_back(k << 1);
            }
        });
    }
    const auto displays = static_cast<std::uint32_t>(ids.size() - begin);
    std::sort(m_doc_keys.begin(), m_doc_keys.end());
    std::uint32_t keys = 0;
    for (std::size_t i = 0; i < m_doc_keys.size(); ++keys) {
        const std::uint32_t k = m_doc_keys[i] >> 1;
        bool primary = false;
        for (; i < m_doc_keys.size() && m_doc_keys[i] >> 1 == k; ++i) {
            primary = primary || (m_doc_keys[i] & 1) != 0;
        }
        ids.push_back(primary ? k | PRIMARY : k);
    }
    return {begin, displays, keys};
}

void FacetKeys::remember(Xapian::docid did, Bytes packed) {
    if (did >= m_docs.size()) {
        m_docs.resize(std::max<std::size_t>(did + 1, m_docs.size() * 2));
    }
    const DocEntry e = decode_document(did, packed, m_doc_ids);
    m_docs[did] = e;
    if (!packed.numbers) {
        ++m_slot_documents;
    } else if (flags_rare()) {
        std::uint32_t* keys = m_doc_ids.data() + e.begin + e.displays;
        for (std::uint32_t i = 0; i < e.keys; ++i) {
            if (m_key_rare[keys[i] & ~PRIMARY] != 0) {
                keys[i] |= RARE;
            }
        }
    }
}

FacetKeys::DocumentValues FacetKeys::combination(std::string_view packed) {
    auto it = m_combinations.find(packed);
    if (it == m_combinations.end()) {
        it = m_combinations.emplace(std::string(packed), decode(packed, m_combination_ids)).first;
    }
    const DocEntry& e = it->second;
    const std::uint32_t* at = m_combination_ids.data() + e.begin;
    return {at, e.displays, at + e.displays, e.keys};
}

void FacetTally::add_key(
    const std::string& key, std::size_t documents, const std::string& canonical
) {
    Entry& e = m_keys[key];
    e.documents += documents;
    if (e.canonical.empty()) {
        e.canonical = canonical;
    }
}

void FacetTally::add_spelling(
    const std::string& key, const std::string& display, std::size_t documents
) {
    m_keys[key].spellings[display] += documents;
}

void FacetTally::merge(const FacetTally& other) {
    for (const auto& [key, e] : other.m_keys) {
        add_key(key, e.documents, e.canonical);
        Entry& mine = m_keys[key];
        for (const auto& [display, n] : e.spellings) {
            mine.spellings[display] += n;
        }
    }
}

namespace {

/// A value of a facet's top list: its display form and count.
struct TopRow {
    const std::string* display;
    std::size_t count;
};

/// The `limit` rows of most count (descending), then display value.
FacetCounts top_rows(std::vector<TopRow>& rows, std::size_t limit) {
    FacetCounts out;
    out.distinct = rows.size();
    const std::size_t n = std::min(limit, rows.size());
    std::partial_sort(
        rows.begin(),
        rows.begin() + static_cast<std::ptrdiff_t>(n),
        rows.end(),
        [](const TopRow& a, const TopRow& b) {
            return a.count != b.count ? a.count > b.count : *a.display < *b.display;
        }
    );
    for (std::size_t i = 0; i < n; ++i) {
        out.top.push_back({*rows[i].display, rows[i].count});
    }
    return out;
}

/// True when spelling `a` (of `a_words` words, in `a_docs` documents) is shown before `b`: more
/// words, then more documents, then the smaller string.
bool better_spelling(
    const std::string& a,
    std::size_t a_words,
    std::size_t a_docs,
    const std::string& b,
    std::size_t b_words,
    std::size_t b_docs
) {
    if (a_words != b_words) {
        return a_words > b_words;
    }
    if (a_docs != b_docs) {
        return a_docs > b_docs;
    }
    return a < b;
}

}  // namespace

FacetCounts FacetTally::top(std::size_t limit) const {
    std::vector<TopRow> rows;
    rows.reserve(m_keys.size());
    for (const auto& [key, e] : m_keys) {
        // The display of a key: the alias group's canonical form, else its best spelling.
        const std::string* display = &e.canonical;
        if (e.canonical.empty()) {
            std::size_t best = 0, best_words = 0;
            bool chosen = false;
            for (const auto& [spelling, n] : e.spellings) {
                const std::size_t words = word_count(spelling);
                if (!chosen || better_spelling(spelling, words, n, *display, best_words, best)) {
                    chosen = true;
                    best = n;
                    best_words = words;
                    display = &spelling;
                }
            }
        }
        rows.push_back({display, e.documents});
    }
    return top_rows(rows, limit);
}

namespace {

/// Calls `f(spelling, articles)` for each spelling of facet key `key` in `db`: from its spelling
/// terms, or, when one was too long for a term (schema::long_spelling_term), from the slots of
/// the key's articles.
template <class F>
void for_each_spelling(const Xapian::Database& db, Facet facet, const std::string& key, F&& f) {
    const char* prefix = facet_prefix(facet);
    if (!db.term_exists(schema::long_spelling_term(prefix, key))) {
        const std::string head = schema::spelling_prefix(prefix) + key + '\t';
        for (auto t = db.allterms_begin(head); t != db.allterms_end(head); ++t) {
            f((*t).substr(head.size()), std::size_t{t.get_termfreq()});
        }
        return;
    }
    std::map<std::string, std::size_t> articles;
    const std::string term = prefix + key;
    for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
        std::set<std::string_view> seen;
        const std::string packed = db.get_document(*p).get_value(facet_slot(facet));
        schema::for_each_packed(packed, [&](std::string_view display) {
            if (schema::facet_key(facet_spec(facet), display) == key
                && seen.insert(display).second) {
                ++articles[std::string(display)];
            }
        });
    }
    for (const auto& [spelling, n] : articles) {
        f(spelling, n);
    }
}

}  // namespace

namespace {

/// The `limit` largest of the counts offered so far, in a min-heap: its least is the count a
/// value needs to be shown once every count has been offered.
class LargestCounts {
public:
    LargestCounts(std::size_t limit, std::size_t offered) : m_limit(limit) {
        m_heap.reserve(std::min(limit, offered) + 1);
    }

    /// Offers a count; true when it reached the heap's least (a superset, in the end, of the
    /// counts at least least()).
    bool offer(std::uint32_t docs) {
        if (m_limit == 0) {
            return false;
        }
        if (m_heap.size() < m_limit) {
            m_heap.push_back(docs);
            std::push_heap(m_heap.begin(), m_heap.end(), std::greater<>());
            return true;
        }
        if (docs < m_heap.front()) {
            return false;
        }
        if (docs > m_heap.front()) {
            std::pop_heap(m_heap.begin(), m_heap.end(), std::greater<>());
            m_heap.back() = docs;
            std::push_heap(m_heap.begin(), m_heap.end(), std::greater<>());
        }
        return true;
    }

    /// The limit-th largest count offered; 0 when fewer were offered.
    std::uint32_t least() const { return m_heap.size() < m_limit ? 0 : m_heap.front(); }

private:
    std::size_t m_limit;
    std::vector<std::uint32_t> m_heap;  // least on top
};

/// Adds key `key` of `facet` (one `named` lists), of `tf` articles, to the value it is joined
/// to: its alias group's canonical form or the full name its surname stands for. False when
/// neither joins it (a value of its own after all).
bool add_named_key(
    BrowseScan& scan,
    Facet facet,
    const analyzers::AliasTable& aliases,
    const NameMerges* names,
    std::string key,
    Xapian::doccount tf
) {
    const analyzers::AliasGroup* group = aliases.group_of_key(key, facet_spec(facet).key_kind);
    const std::string* full = group == nullptr && names != nullptr ? names->full_key(key) : nullptr;
    if (group == nullptr && full == nullptr && (names == nullptr || !names->has_short_keys(key))) {
        return false;
    }
    std::string value_key = group != nullptr ? group->canonical_key(facet_spec(facet).key_kind)
        : full != nullptr                    ? *full
                                             : key;
    auto [at, added] = scan.joined.emplace(std::move(value_key), scan.values.size());
    if (added) {
        scan.values.push_back({{}, {}, 0, 0});
    }
    BrowseScan::Value& v = scan.values[at->second];
    if (v.canonical.empty() && group != nullptr) {
        v.canonical = group->canonical;  // as FacetKeys::display_id()
    }
    v.keys.push_back(std::move(key));
    v.lower = std::max(v.lower, tf);
    v.upper += tf;
    return true;
}

/// The most keys browse_scan_numbers() names from their first articles (an article read each);
/// beyond, as for a whole facet's values (the server's facet lookup asks for up to 1,000,000),
/// the term scan reads them faster.
constexpr std::size_t MAX_NAMED_FROM_ARTICLES = 4096;

}  // namespace

std::optional<BrowseScan> browse_scan_numbers(
    const Xapian::Database& db,
    const indexer::FacetDictionary& dictionary,
    Facet facet,
    const analyzers::AliasTable& aliases,
    const NameMerges* names,
    std::size_t limit
) {
    if (!dictionary.has_frequencies()) {
        return std::nullopt;
    }
    const schema::FacetSpec& spec = facet_spec(facet);
    const std::uint32_t keys = dictionary.facet(facet).keys;
    // The keys the search may join, by hash, as named_keys() lists them. The dictionary numbers
    // every one of them apart (its writer's list is a superset, from the same revision's alias
    // table and surname merges: the contract FacetSpy's counts by number rely on too), so the
    // keys it numbers alone are values of their own.
    std::unordered_map<std::uint64_t, std::string> named;
    indexer::for_each_named_key(aliases, names, spec, [&](const std::string& key) {
        named.emplace(analyzers::fnv1a64(key), key);
    });
    // A key's string, from the spellings of the first article that has it; nullopt when the
    // column does not describe that article (a damaged file under a valid stamp).
    const Xapian::docid last = db.get_lastdocid();
    auto key_of = [&](std::uint32_t n) -> std::optional<std::string> {
        const Xapian::docid first = dictionary.key_first(facet, n);
        if (first == 0 || first > last) {
            return std::nullopt;
        }
        const std::uint64_t hash = dictionary.key_hash(facet, n);
        std::optional<std::string> key;
        try {
            schema::for_each_packed(
                db.get_document(first).get_value(spec.slot),
                [&](std::string_view display) {
                    if (!key) {
                        std::string k = schema::facet_key(spec, display);
                        if (analyzers::fnv1a64(k) == hash) {
                            key = std::move(k);
                        }
                    }
                }
            );
        } catch (const Xapian::DocNotFoundError&) {
            return std::nullopt;
        } catch (const SchemaError&) {
            return std::nullopt;
        }
        return key;
    };
    // Keys the term scan never meets: the empty key (browse_scan skips the bare prefix), and a
    // key too long for its key term (dropped from the index), which always has a spelling too
    // long for a term too, marked by long_spelling_term() with the key's hash (rare: one person
    // key at 285k). The other hashes are read only for the keys numbered apart and for those
    // that may reach the top.
    std::vector<std::uint32_t> unseen;
    if (const auto empty = dictionary.key_index_of(facet, analyzers::fnv1a64(""))) {
        unseen.push_back(*empty);
    }
    const std::string marks = schema::spelling_prefix(spec.prefix) + "#";
    for (auto t = db.allterms_begin(marks); t != db.allterms_end(marks); ++t) {
        const std::string hex = (*t).substr(marks.size());
        std::uint64_t hash = 0;
        if (hex.size() != 16
            || std::from_chars(hex.data(), hex.data() + hex.size(), hash, 16).ptr
                != hex.data() + hex.size()) {
            return std::nullopt;
        }
        const auto n = dictionary.key_index_of(facet, hash);
        if (!n) {
            continue;  // a key of no live article
        }
        const std::optional<std::string> key = key_of(*n);
        if (!key) {
            return std::nullopt;
        }
        if (std::string_view(spec.prefix).size() + key->size() > schema::MAX_TERM_BYTES) {
            unseen.push_back(*n);
        }
    }
    std::sort(unseen.begin(), unseen.end());
    auto next_unseen = unseen.begin();
    const Xapian::doccount articles = db.get_doccount();
    BrowseScan scan;
    bool damaged = false;  // a count larger than the archive
    // Values of their own: every key the dictionary numbers alone, and the ones it numbers
    // apart that this search does not join. Their count is the key's frequency; only those
    // that can reach the top `limit` are named, from the first article that has them.
    std::vector<std::uint32_t> alone;  // a superset of those reaching the top, in the end
    LargestCounts largest(limit, keys);
    auto own = [&](std::uint32_t n) {
        const std::uint32_t docs = dictionary.key_docs(facet, n);
        damaged = damaged || docs > articles;
        ++scan.alone;
        if (largest.offer(docs)) {
            alone.push_back(n);
        }
    };
    std::vector<std::pair<std::string_view, std::uint32_t>> joined;  // (key, index)
    for (std::uint32_t n = 0; n < keys; ++n) {
        if (next_unseen != unseen.end() && *next_unseen == n) {
            while (next_unseen != unseen.end() && *next_unseen == n) {
                ++next_unseen;  // a key marked twice is skipped once
            }
            continue;
        }
        if (!dictionary.joined(facet, n)) {
            own(n);
            continue;
        }
        const auto at = named.find(dictionary.key_hash(facet, n));
        if (at == named.end()) {
            own(n);
        } else {
            joined.emplace_back(at->second, n);
        }
    }
    // In key order, as the term scan meets them: when two alias groups' canonical forms share a
    // key, the value shows the first group's.
    std::sort(joined.begin(), joined.end());
    for (const auto& [key, n] : joined) {
        const std::uint32_t docs = dictionary.key_docs(facet, n);
        damaged = damaged || docs > articles;
        if (!add_named_key(scan, facet, aliases, names, std::string(key), docs)) {
            own(n);
        }
    }
    if (damaged) {
        return std::nullopt;
    }
    if (limit == 0) {
        return scan;
    }
    const Xapian::doccount least = largest.least();
    const auto reaching =
        static_cast<std::size_t>(std::count_if(alone.begin(), alone.end(), [&](std::uint32_t n) {
            return dictionary.key_docs(facet, n) >= least;
        }));
    if (reaching > MAX_NAMED_FROM_ARTICLES) {
        return std::nullopt;  // one article read each: the term scan is cheaper
    }
    for (const std::uint32_t n : alone) {
        const Xapian::doccount tf = dictionary.key_docs(facet, n);
        if (tf < least) {
            continue;
        }
        std::optional<std::string> key = key_of(n);
        if (!key) {
            return std::nullopt;
        }
        scan.values.push_back({{}, {std::move(*key)}, tf, tf});
    }
    return scan;
}

BrowseScan browse_scan(
    const Xapian::Database& db,
    Facet facet,
    const analyzers::AliasTable& aliases,
    const NameMerges* names,
    const HashIds& named,
    std::size_t limit,
    std::string_view from,
    std::string_view to
) {
    // The values counted: a key term, its alias group (keys of the canonical form), or the full
    // name a surname stands for, as FacetKeys::display_id() decides for a display value. A key
    // in no alias group and no surname merge (nearly all of them: a million person keys on the
    // 285k benchmark archive) is a value of its own, kept only while its frequency can reach the
    // top `limit` of such keys (the top of all values is no lower).
    BrowseScan scan;
    auto& values = scan.values;
    std::priority_queue<Xapian::doccount, std::vector<Xapian::doccount>, std::greater<>> alone_top;
    auto add_alone = [&](std::string_view key, Xapian::doccount tf) {
        ++scan.alone;
        if (limit > 0 && (alone_top.size() < limit || tf >= alone_top.top())) {
            alone_top.push(tf);
            if (alone_top.size() > limit) {
                alone_top.pop();
            }
            values.push_back({{}, {std::string(key)}, tf, tf});
        }
    };
    const std::string prefix = facet_prefix(facet);
    const std::string end = prefix + std::string(to);
    auto t = db.allterms_begin(prefix);
    if (!from.empty()) {
        t.skip_to(prefix + std::string(from));
    }
    for (; t != db.allterms_end(prefix); ++t) {
        const std::string term = *t;
        if (!to.empty() && term >= end) {
            break;
        }
        const std::string_view term_key = std::string_view(term).substr(prefix.size());
        if (term_key.empty()) {
            continue;
        }
        const Xapian::doccount tf = t.get_termfreq();
        // A key that no alias group or surname merge names is a value of its own, known with
        // one probe of a flat table instead of three string lookups (a browse of the 285k
        // benchmark archive meets a million facet keys).
        if (named.find(analyzers::fnv1a64(term_key)) == HashIds::NONE
            || !add_named_key(scan, facet, aliases, names, std::string(term_key), tf)) {
            add_alone(term_key, tf);
        }
    }
    return scan;
}

void BrowseScan::merge(BrowseScan&& other) {
    // Values of their own are each in one range: append them (both ranges' candidates include
    // the top of their union). A joined value may have keys in both: join them.
    std::vector<bool> joined_other(other.values.size(), false);
    for (auto& [value_key, i] : other.joined) {
        joined_other[i] = true;
        Value& from = other.values[i];
        auto [at, added] = joined.emplace(value_key, values.size());
        if (added) {
            values.push_back(std::move(from));
            continue;
        }
        Value& v = values[at->second];
        if (v.canonical.empty()) {
            v.canonical = std::move(from.canonical);
        }
        for (auto& key : from.keys) {
            v.keys.push_back(std::move(key));
        }
        v.lower = std::max(v.lower, from.lower);
        v.upper += from.upper;
    }
    for (std::size_t i = 0; i < other.values.size(); ++i) {
        if (!joined_other[i]) {
            values.push_back(std::move(other.values[i]));
        }
    }
    alone += other.alone;
}

FacetCounts browse_counts(
    const Xapian::Database& db,
    Facet facet,
    const analyzers::AliasTable& aliases,
    const NameMerges* names,
    std::size_t limit
) {
    const HashIds named = indexer::named_keys(aliases, names, facet_spec(facet));
    return browse_top(db, facet, browse_scan(db, facet, aliases, names, named, limit), limit);
}

FacetCounts
browse_top(const Xapian::Database& db, Facet facet, BrowseScan scan, std::size_t limit) {
    using Value = BrowseScan::Value;
    const std::vector<Value>& values = scan.values;
    const std::size_t alone = scan.alone;
    const auto& joined = scan.joined;
    const std::string prefix = facet_prefix(facet);
    FacetCounts out;
    out.distinct = alone + joined.size();
    if (limit == 0 || values.empty()) {
        return out;
    }
    // Exact counts in order of their upper bound, until no value left can reach the top `limit`
    // (ties included: a value of the limit's count may still sort before it by name).
    std::vector<std::size_t> order(values.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return values[a].upper > values[b].upper;
    });
    const Xapian::doccount all = db.get_doccount();
    std::vector<std::pair<Xapian::doccount, std::size_t>> counted;  // (count, value)
    std::priority_queue<Xapian::doccount, std::vector<Xapian::doccount>, std::greater<>> best;
    for (const std::size_t i : order) {
        const Value& v = values[i];
        if (best.size() == limit && v.upper < best.top()) {
            break;
        }
        Xapian::doccount count = v.lower;
        if (v.keys.size() > 1) {
            std::vector<Xapian::Query> terms;
            for (const auto& key : v.keys) {
                terms.emplace_back(prefix + key);
            }
            Xapian::Enquire enquire(db);
            enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
            enquire.set_weighting_scheme(Xapian::BoolWeight());
            count = enquire.get_mset(0, 0, all).get_matches_estimated();
        }
        counted.emplace_back(count, i);
        best.push(count);
        if (best.size() > limit) {
            best.pop();
        }
    }
    const Xapian::doccount least = best.size() == limit ? best.top() : 0;

    // The name of each value that can be shown: its canonical form, else its best spelling.
    std::vector<std::string> names_shown;
    std::vector<std::pair<Xapian::doccount, std::size_t>> shown;  // (count, index in names_shown)
    for (const auto& [count, i] : counted) {
        if (count < least) {
            continue;
        }
        const Value& v = values[i];
        std::string name = v.canonical;
        if (name.empty()) {
            std::size_t best_docs = 0, best_words = 0;
            bool chosen = false;
            for (const auto& key : v.keys) {
                for_each_spelling(db, facet, key, [&](std::string spelling, std::size_t docs) {
                    const std::size_t words = word_count(spelling);
                    if (!chosen
                        || better_spelling(spelling, words, docs, name, best_words, best_docs)) {
                        chosen = true;
                        best_docs = docs;
                        best_words = words;
                        name = std::move(spelling);
                    }
                });
            }
        }
        shown.emplace_back(count, names_shown.size());
        names_shown.push_back(std::move(name));
    }
    std::vector<TopRow> rows;
    rows.reserve(shown.size());
    for (const auto& [count, n] : shown) {
        rows.push_back({&names_shown[n], count});
    }
    out.top = top_rows(rows, limit).top;
    return out;
}

namespace {

/// Sets entries of a scratch array (FacetKeys::key_scratch()) back to NO_KEY however the scope
/// ends: an entry left behind (a throw in resolve()) would be taken for a value of a later query.
class ScratchRestore {
public:
    ScratchRestore(std::vector<std::uint32_t>& scratch, const std::vector<std::uint32_t>& set)
        : m_scratch(scratch), m_set(set) {}

    ~ScratchRestore() {
        for (const std::uint32_t k : m_set) {
            m_scratch[k] = FacetKeys::NO_KEY;
        }
    }

    ScratchRestore(const ScratchRestore&) = delete;
    ScratchRestore& operator=(const ScratchRestore&) = delete;

private:
    std::vector<std::uint32_t>& m_scratch;
    const std::vector<std::uint32_t>& m_set;  // the indexes set
};

}  // namespace

FacetCounts top_of(const FacetKeys& keys, const IdCounts& counts, std::size_t limit) {
    FacetCounts out;
    out.distinct = counts.keys.size();
    if (limit == 0 || counts.keys.empty()) {
        return out;
    }
    // The count a value needs to be shown: the limit-th largest. Only the values that have it
    // are named (ties at it included: they sort by name), so only their display strings are
    // read: a broad query meets hundreds of thousands of values and shows ten. One pass over
    // the keys counted: a min-heap of the `limit` largest counts so far, and every key that
    // reached the heap's least when seen (a superset of the keys shown, filtered below).
    LargestCounts largest(limit, counts.keys.size());
    std::vector<std::uint32_t> reached;
    for (const std::uint32_t k : counts.keys) {
        if (largest.offer(counts.key_docs(k))) {
            reached.push_back(k);
        }
    }
    const std::uint32_t least = largest.least();
    // The best spelling of each value shown (keys of an alias group show its canonical form).
    static constexpr std::uint32_t CANDIDATE = FacetKeys::NO_KEY - 1;
    std::vector<std::uint32_t>& best = keys.key_scratch();
    std::vector<std::uint32_t> shown;
    shown.reserve(reached.size());  // no throw between setting an entry and listing it
    const ScratchRestore restore(best, shown);
    for (const std::uint32_t k : reached) {
        if (counts.key_docs(k) >= least) {
            best[k] = CANDIDATE;
            shown.push_back(k);
        }
    }
    std::vector<std::uint32_t> spellings;  // display ids, and PRIMARY | key ids
    for (const std::uint32_t k : shown) {
        if (counts.primary_docs(k) > 0 && keys.canonical(k).empty()) {
            spellings.push_back(k | FacetKeys::PRIMARY);
        }
    }
    for (const std::uint32_t d : counts.displays) {
        const std::uint32_t k = keys.key_of(d);
        if (k != FacetKeys::NO_KEY && best[k] != FacetKeys::NO_KEY && keys.canonical(k).empty()) {
            spellings.push_back(d);
        }
    }
    keys.resolve(spellings);
    for (const std::uint32_t d : spellings) {
        const std::uint32_t k = keys.key_of(d);
        const std::uint32_t b = best[k];
        if (b == CANDIDATE
            || better_spelling(
                keys.spelling(d),
                keys.words(d),
                counts.spelling_docs(d),
                keys.spelling(b),
                keys.words(b),
                counts.spelling_docs(b)
            )) {
            best[k] = d;
        }
    }
    static const std::string none;
    std::vector<TopRow> rows;
    for (const std::uint32_t k : shown) {
        const std::string& canonical = keys.canonical(k);
        const std::string* display = !canonical.empty() ? &canonical
            : best[k] != CANDIDATE                      ? &keys.spelling(best[k])
                                                        : &none;
        rows.push_back({display, counts.key_docs(k)});
    }
    out.top = top_rows(rows, limit).top;
    return out;
}

std::optional<FacetCounts> top_of_parts(
    const std::vector<CountedPart>& parts,
    std::size_t limit,
    MergedKeys& merged,
    const std::vector<RareMarks>& rare
) {
    // Each part's keys numbered in one space (the same value has the same number in every part)
    // and their counts added up there, listing each number once.
    // A throw half-way (std::bad_alloc in of()) may leave a number without its count entry, or
    // a key numbered twice: the numbering is started afresh then (declared first, so that it
    // runs after `zero` below).
    struct Renumber {
        MergedKeys& merged;
        const int uncaught = std::uncaught_exceptions();

        ~Renumber() {
            if (std::uncaught_exceptions() > uncaught) {
                merged.clear();
            }
        }
    } renumber{merged};

    std::vector<std::uint32_t>& docs = merged.docs_scratch();
    std::vector<std::uint32_t> touched;

    // The scratch back to zeros however this returns (guarded before anything is added: counts
    // left behind would be added to a later query's).
    struct Zero {
        std::vector<std::uint32_t>& docs;
        const std::vector<std::uint32_t>& touched;

        ~Zero() {
            for (const std::uint32_t m : touched) {
                docs[m] = 0;
            }
        }
    } zero{docs, touched};

    for (std::size_t p = 0; p < parts.size(); ++p) {
        const auto& [keys, counts] = parts[p];
        for (const std::uint32_t k : counts->keys) {
            const std::uint32_t m = merged.of(p, *keys, k);
            if (docs[m] == 0) {
                touched.push_back(m);  // listed before counted: a throw here leaves no count
            }
            docs[m] += counts->key_docs(k);
        }
    }
    FacetCounts out;
    out.distinct = touched.size();

    // The rare keys marked: numbered for the distinct count (those no part counted, once), and
    // bounded: a value's count is at most what the parts counted of it plus, for each part that
    // marked keys, fewer than that part's bound. Two bitsets by merged number (the values
    // counted, the values only marked) instead of reading each marked key's count: a broad
    // query marks hundreds of thousands of keys, nearly all counted by no part.
    bool marked = false;
    std::uint64_t marked_bound = 0;     // the sum of the bounds of the parts that marked keys
    std::vector<std::uint32_t> partly;  // values some part counted and some part marked
    for (std::size_t p = 0; p < rare.size(); ++p) {
        if (rare[p].seen == nullptr) {
            continue;
        }
        if (!rare[p].holds || rare[p].below == 0) {
            return std::nullopt;
        }
        marked_bound += rare[p].below - 1;
        if (!marked) {
            marked = true;
            Bitset& counted = merged.counted_scratch();
            counted.assign(merged.size());
            for (const std::uint32_t m : touched) {
                counted.insert(m);
            }
            merged.marked_scratch().assign(merged.size());
        }
        const Bitset& counted = merged.counted_scratch();
        Bitset& only_marked = merged.marked_scratch();
        rare[p].seen->for_each([&](std::size_t k) {
            const std::uint32_t m = merged.of(p, *parts[p].first, static_cast<std::uint32_t>(k));
            if (counted.test(m)) {
                partly.push_back(m);
            } else if (only_marked.insert(m, merged.size())) {
                ++out.distinct;
            }
        });
    }
    std::uint64_t marked_most = 0;  // the most the parts counted of a value some part marked
    for (const std::uint32_t m : partly) {
        marked_most = std::max<std::uint64_t>(marked_most, docs[m]);
    }

    if (limit == 0) {
        return out;
    }
    if (touched.empty()) {
        return marked ? std::nullopt : std::optional<FacetCounts>(out);
    }
    LargestCounts largest(limit, touched.size());
    for (const std::uint32_t m : touched) {
        largest.offer(docs[m]);
    }
    const std::uint32_t least = largest.least();
    // Shown values are those of at least `least` (ties included): a value a part marked must
    // stay below it, else its count is not known.
    if (marked && (least == 0 || marked_most + marked_bound >= least)) {
        return std::nullopt;
    }

    // The values that can be shown (ties at the least included: they sort by name), each with
    // its canonical form or, from every part, its spellings merged by display hash.
    struct Spelling {
        const std::string* text = nullptr;
        std::size_t words = 0;
        std::size_t docs = 0;
    };

    struct Shown {
        const std::string* canonical = nullptr;
        std::unordered_map<std::uint64_t, Spelling> spellings;
    };

    std::unordered_map<std::uint32_t, Shown> shown;  // merged number → value
    for (const std::uint32_t m : touched) {
        if (docs[m] >= least) {
            shown.try_emplace(m);
        }
    }
    for (std::size_t p = 0; p < parts.size(); ++p) {
        const auto& [keys, counts] = parts[p];
        std::vector<std::uint32_t>& part_key = keys->key_scratch();  // key id → merged number
        std::vector<std::uint32_t> keyed;
        keyed.reserve(counts->keys.size());  // no throw between setting an entry and listing it
        const ScratchRestore restore(part_key, keyed);
        std::vector<std::uint32_t> spellings;  // display ids, and PRIMARY | key ids
        for (const std::uint32_t k : counts->keys) {
            const std::uint32_t m = merged.of(p, *keys, k);
            if (docs[m] < least) {
                continue;
            }
            Shown& value = shown.at(m);
            if (const std::string& canonical = keys->canonical(k); !canonical.empty()) {
                value.canonical = &canonical;
                continue;
            }
            part_key[k] = m;
            keyed.push_back(k);
            if (counts->primary_docs(k) > 0) {
                spellings.push_back(k | FacetKeys::PRIMARY);
            }
        }
        for (const std::uint32_t d : counts->displays) {
            const std::uint32_t k = keys->key_of(d);
            if (k != FacetKeys::NO_KEY && part_key[k] != FacetKeys::NO_KEY) {
                spellings.push_back(d);
            }
        }
        keys->resolve(spellings);
        for (const std::uint32_t sp : spellings) {
            Spelling& to = shown.at(part_key[keys->key_of(sp)]).spellings[keys->spelling_hash(sp)];
            if (to.text == nullptr) {
                to.text = &keys->spelling(sp);
                to.words = keys->words(sp);
            }
            to.docs += counts->spelling_docs(sp);
        }
    }
    static const std::string none;
    std::vector<TopRow> rows;
    for (const auto& [m, value] : shown) {
        const std::string* display = value.canonical;
        if (display == nullptr) {
            const Spelling* best = nullptr;
            for (const auto& [hash, sp] : value.spellings) {
                if (best == nullptr
                    || better_spelling(
                        *sp.text, sp.words, sp.docs, *best->text, best->words, best->docs
                    )) {
                    best = &sp;
                }
            }
            display = best != nullptr ? best->text : &none;
        }
        rows.push_back({display, docs[m]});
    }
    out.top = top_rows(rows, limit).top;
    return out;
}

bool FacetSpy::Counter::first_in_story(std::uint32_t story, std::uint32_t id, Kind kind) {
    // Key ids and display ids are numbered apart: the low bits tell the kinds apart in one set
    // (ids stay below 2^30: a billion distinct values of one facet in one process).
    const std::uint64_t pair =
        (std::uint64_t{story} << 32) | (std::uint64_t{id} << 2) | std::uint64_t{kind};
    return story == NO_STORY || seen.insert(pair).second;
}

FacetKeys::Bytes FacetSpy::DocumentIds::of(Facet facet) {
    if (!read) {
        read = true;
        if (column != nullptr) {
            try {
                sections = indexer::facet_number_sections(column->value(doc->get_docid()));
                // Every number inside the dictionary, so that decoding cannot fail half-way.
                const indexer::FacetDictionary& numbers = *column->dictionary();
                for (std::size_t f = 0; f < FACET_COUNT; ++f) {
                    indexer::for_each_facet_number(
                        sections[f],
                        numbers,
                        f,
                        [&](std::uint32_t key, std::uint32_t display) {
                            if (!numbers.has_key(f, key) || !numbers.has_display(f, display)) {
                                indexer::throw_bad_facet_numbers();
                            }
                        }
                    );
                }
                from_column = true;
            } catch (const SchemaError&) {
                // Bytes the column should not hold (a disk error under a valid stamp, or a slot
                // the writer could not decode): the slot has the truth. The column is written
                // afresh after the next commit, or by the next run once it is deleted.
            }
        }
        if (!from_column) {
            value = doc->get_value(schema::SLOT_FACET_IDS);
            sections = schema::facet_ids_sections(value);
        }
    }
    return {sections[facet], from_column};
}

void FacetSpy::Counter::count(const Xapian::Document& doc, std::uint32_t story, DocumentIds& ids) {
    if (numbers) {
        const FacetKeys::Bytes bytes = ids.of(facet);
        if (bytes.numbers) {
            add_numbers(doc.get_docid(), bytes.bytes, false);  // checked by DocumentIds::of()
            return;
        }
        numbers_mixed = true;
        add(keys->document(doc.get_docid(), [&] { return bytes; }), story, doc.get_docid());
        return;
    }
    std::string packed;  // the display slot, when the memo does not count by ids
    add(keys->document(
            doc.get_docid(),
            [&]() -> FacetKeys::Bytes {
                if (keys->by_ids()) {
                    return ids.of(facet);
                }
                packed = doc.get_value(facet_slot(facet));
                return FacetKeys::Bytes(packed);
            }
        ),
        story,
        doc.get_docid());
}

FacetSpy::NumberCounts::NumberCounts(const indexer::FacetDictionary& numbers, Facet f)
    : dictionary(numbers),
      facet(f),
      key_docs(static_cast<std::uint8_t*>(
          std::calloc(std::max<std::size_t>(numbers.facet(f).alone_keys, 1), 1)
      )) {
    if (!key_docs) {
        throw std::bad_alloc();
    }
}

bool FacetSpy::NumberCounts::add(Xapian::docid did, std::string_view section, bool check) {
    // Checked and split first, so that a section that does not decode counts nothing. The column
    // gives each value of a document once, by key number then display code (for_each_facet_code()
    // checks the order): a key is counted once by comparing it with the one before, and a value
    // in its key's default display (code 0, most values) needs no count of its spelling, which
    // settle() derives from the key's.
    pairs.clear();
    bool joined = false;
    std::uint32_t previous = 0;  // the key number before, + 1
    indexer::for_each_facet_code(section, [&](std::uint32_t key, std::uint32_t code) {
        if (check
            && (!dictionary.has_key(facet, key)
                || (code != 0 && !dictionary.has_display(facet, code - 1)))) {
            indexer::throw_bad_facet_numbers();
        }
        const bool first = key + 1 != previous;
        previous = key + 1;
        const std::uint32_t k = dictionary.key_index(facet, key);
        if (dictionary.joined(facet, k)) {
            // Counted by ids afterwards (joined_document()), which reads its default display
            // number: checked here with the rest, so that reading it cannot fail half-way.
            if (check && code == 0
                && !dictionary.has_display(facet, dictionary.key_default(facet, k))) {
                indexer::throw_bad_facet_numbers();
            }
            joined = true;
            return;
        }
        const std::uint32_t d = code == 0 ? DEFAULT : dictionary.display_index(facet, code - 1);
        // The counts are read at random (a million keys of a facet at 285k): asked for now, the
        // misses of a document's values overlap instead of each waiting for the one before.
        if (first) {
            __builtin_prefetch(&key_docs[k], 1);
        }
        pairs.emplace_back(first ? k | FIRST : k, d);
    });
    for (const auto& [flagged, d] : pairs) {
        const std::uint32_t k = flagged & ~FIRST;
        if (flagged != k) {
            if (key_docs[k] == 0) {
                touched_keys.push_back(k);
            }
            ByteCount::increment(key_docs[k], k, key_carries);
            if (d != DEFAULT) {
                ++lacking[k];  // its values sort the default first: the document lacks it
            }
        }
        if (d != DEFAULT) {
            const auto [at, added] = display_docs.try_emplace(d, 0);
            if (added) {
                touched_displays.push_back({d, k, did});
            }
            ++at->second;
        }
    }
    return joined;
}

std::uint32_t FacetSpy::NumberCounts::default_display(std::uint32_t k) const {
    const std::uint32_t number = dictionary.key_default(facet, k);
    if (!dictionary.has_display(facet, number) || dictionary.key_first(facet, k) == 0) {
        indexer::throw_bad_facet_numbers();  // a dictionary damaged under a valid stamp
    }
    return dictionary.display_index(facet, number);
}

void FacetSpy::Counter::add_numbers(Xapian::docid did, std::string_view section, bool check) {
    if (numbers->add(did, section, check)) {
        add(keys->joined_document(did, section), NO_STORY, did);
    }
}

std::size_t FacetSpy::Counter::settle(std::uint32_t least) const {
    if (!numbers) {
        return counts.keys.size();
    }
    NumberCounts& n = *numbers;
    if (least < n.settled_least) {
        // The keys that may reach `least`: those least_shown() saw reach it, else all.
        const bool reached = least > 0 && least == n.reached_least;
        for (const std::uint32_t index : reached ? n.reached : n.touched_keys) {
            if (n.key_docs[index] == 0) {
                continue;  // settled
            }
            const std::uint32_t docs = n.key_count(index);
            if (docs >= least) {
                // Its default display: in every document counted that does not lack it. Its
                // first document in the archive has it, to read its string from. (Read first:
                // a damaged dictionary throws before anything is counted.)
                const auto lacking = n.lacking.find(index);
                const std::uint32_t with_default =
                    docs - (lacking == n.lacking.end() ? 0 : lacking->second);
                const std::uint32_t display =
                    with_default > 0 ? n.default_display(index) : UINT32_MAX;  // unused
                const std::uint32_t k = keys->number_key_id(index);
                n.ids.emplace(index, k);
                counts.add_key(k, docs);
                if (with_default > 0) {
                    const std::uint32_t spelling =
                        keys->number_spelling(k, display, n.dictionary.key_first(facet, index));
                    if ((spelling & FacetKeys::PRIMARY) != 0) {
                        counts.add_primary(k, with_default);
                    } else {
                        counts.add_display(spelling, with_default);
                    }
                }
                n.key_docs[index] = 0;  // settled: counting is over, its count is in `counts`
                ++n.settled;
            }
        }
        for (NumberCounts::Touched& t : n.touched_displays) {
            if (t.key == UINT32_MAX || n.key_docs[t.key] != 0) {
                continue;  // given an id before, or of a key that is not shown
            }
            const std::uint32_t k = n.ids.at(t.key);
            const std::uint32_t docs = n.display_count(t.display);
            const std::uint32_t spelling = keys->number_spelling(k, t.display, t.first);
            if ((spelling & FacetKeys::PRIMARY) != 0) {
                counts.add_primary(k, docs);
            } else {
                counts.add_display(spelling, docs);
            }
            t.key = UINT32_MAX;
        }
        n.settled_least = least;
    }
    return counts.keys.size() + (n.touched_keys.size() - n.settled);
}

std::uint32_t FacetSpy::Counter::least_shown(std::size_t limit) const {
    if (limit == 0) {
        return 0;
    }
    // A min-heap of the `limit` largest counts, by ids and by numbers, in one pass; the number
    // keys that reached its least when seen are all settle() needs to look at.
    LargestCounts largest(limit, counts.keys.size() + (numbers ? numbers->touched_keys.size() : 0));
    for (const std::uint32_t k : counts.keys) {
        largest.offer(counts.key_docs(k));
    }
    if (numbers) {
        NumberCounts& n = *numbers;
        n.reached.clear();
        for (const std::uint32_t index : n.touched_keys) {
            if (n.key_docs[index] != 0 && largest.offer(n.key_count(index))) {
                n.reached.push_back(index);
            }
        }
    }
    const std::uint32_t least = largest.least();
    if (numbers) {
        numbers->reached_least = least;
    }
    return least;
}

bool FacetSpy::Counter::count_numbers(
    Xapian::docid did, const indexer::ValueColumn& column, Xapian::docid& read_to
) {
    if (numbers) {
        std::string_view section;
        bool joined = false;
        read_to = did;
        try {
            section = indexer::facet_number_sections(column.value(did))[facet];
            joined = numbers->add(did, section, true);
        } catch (const SchemaError&) {
            return false;  // its slot has the truth: FacetSpy::finish() reads it
        }
        if (joined) {
            add(keys->joined_document(did, section), NO_STORY, did);
        }
        return true;
    }
    std::string_view section;
    if (!keys->remembers(did)) {
        read_to = did;
        try {
            section = indexer::facet_number_sections(column.value(did))[facet];
            // Every number inside the dictionary, so that decoding cannot fail half-way.
            const indexer::FacetDictionary& dictionary = *column.dictionary();
            indexer::for_each_facet_number(
                section,
                dictionary,
                facet,
                [&](std::uint32_t key, std::uint32_t display) {
                    if (!dictionary.has_key(facet, key)
                        || !dictionary.has_display(facet, display)) {
                        indexer::throw_bad_facet_numbers();
                    }
                }
            );
        } catch (const SchemaError&) {
            return false;  // its slot has the truth: FacetSpy::finish() reads it
        }
    }
    add(keys->document(did, [&] { return FacetKeys::Bytes(section, true); }), NO_STORY, did);
    return true;
}

void FacetSpy::Counter::add(
    const FacetKeys::DocumentValues& v, std::uint32_t story, Xapian::docid did
) {
    counts.make_room(keys->display_count(), keys->key_count());
    for (std::size_t i = 0; i < v.display_count; ++i) {
        if (first_in_story(story, v.displays[i], DISPLAY)) {
            counts.count_display(v.displays[i]);
        }
    }
    bool deferred = false;
    for (std::size_t i = 0; i < v.key_count; ++i) {
        const std::uint32_t k = FacetKeys::key_of_entry(v.keys[i]);
        if (defers_rare && (v.keys[i] & FacetKeys::RARE) != 0) {
            // Marked; counted by count_rare() if it could be shown (its spellings other than the
            // primary one are counted above: a few in a hundred values).
            rare_seen.insert(k, keys->key_count());
            deferred = true;
            continue;
        }
        if (first_in_story(story, k, KEY)) {
            counts.count_key(k);
        }
        if ((v.keys[i] & FacetKeys::PRIMARY) != 0 && first_in_story(story, k, PRIMARY_SPELLING)) {
            counts.count_primary(k);
        }
    }
    if (deferred) {
        rare_docs.push_back(did);
    }
}

void FacetSpy::Counter::count_rare() const {
    if (rare_docs.empty()) {
        return;
    }
    counts.make_room(keys->display_count(), keys->key_count());
    for (const Xapian::docid did : rare_docs) {
        const FacetKeys::DocumentValues v = keys->document(did, []() -> FacetKeys::Bytes {
            throw std::logic_error("FacetSpy: a document with rare keys not remembered");
        });
        for (std::size_t i = 0; i < v.key_count; ++i) {
            if ((v.keys[i] & FacetKeys::RARE) != 0) {
                const std::uint32_t k = FacetKeys::key_of_entry(v.keys[i]);
                counts.count_key(k);
                if ((v.keys[i] & FacetKeys::PRIMARY) != 0) {
                    counts.count_primary(k);
                }
            }
        }
    }
    rare_docs.clear();
    rare_seen.clear();
}

std::size_t FacetSpy::Counter::rare_distinct() const {
    return rare_seen.count();
}

/// The batches of document ids a FacetSpy hands over, and the threads that count them. A thread
/// takes a facet nobody is counting, counts every batch of it not counted yet, and gives it back;
/// the facets wait their turn, each counted in document order.
struct FacetSpy::Beside {
    Beside(FacetSpy& s, std::size_t helpers) : spy(s) {
        const std::size_t n = s.m_counters.size();
        next.assign(n, 0);
        busy.assign(n, false);
        last.assign(n, 0);
        unread.resize(n);
        threads.reserve(helpers);
        wanted = helpers;
    }

    ~Beside() {
        {
            const std::lock_guard<std::mutex> lock(mutex);
            stop = true;
        }
        changed.notify_all();
        for (auto& t : threads) {
            t.join();
        }
    }

    Beside(const Beside&) = delete;
    Beside& operator=(const Beside&) = delete;

    void post(std::vector<Xapian::docid> batch) {
        posted += batch.size();
        {
            const std::lock_guard<std::mutex> lock(mutex);
            batches.push_back(std::move(batch));
        }
        if (threads.empty() && posted >= START_AFTER) {
            // Started once the match has this many documents: a smaller one is counted by
            // finish() alone, cheaper than starting a thread (warm counts from the memo take
            // microseconds).
            try {
                for (std::size_t i = 0; i < wanted; ++i) {
                    threads.emplace_back([this] { count(false); });
                }
            } catch (...) {
                // No more threads to be had (a busy server, or no memory for one): those
                // started count, and finish() counts the rest on the caller's thread.
            }
            wanted = threads.size();
        } else if (!threads.empty()) {
            changed.notify_all();
        }
    }

    /// Counts until nothing is left to take; `caller`: until every facet is counted and input
    /// is closed (finish()).
    void count(bool caller) {
        const indexer::ValueColumn& column = *spy.m_counters.front().keys->ids_column();
        std::unique_lock<std::mutex> lock(mutex);
        for (;;) {
            if (spy.m_cancel != nullptr && spy.m_cancel->cancelled() && !stop) {
                // The search's time budget ran out: every thread stops, finish() throws.
                stop = true;
                changed.notify_all();
            }
            if (stop || error) {
                return;
            }
            // The facet with the most batches waiting, up to WINDOW batches past the facet
            // furthest behind: the column's pages between them stay mapped (every facet of a
            // document is in one value), so a facet running ahead would hold the whole column.
            const std::size_t behind = *std::min_element(next.begin(), next.end());
            const std::size_t end = std::min(batches.size(), behind + WINDOW);
            std::size_t take = busy.size();
            for (std::size_t c = 0; c < busy.size(); ++c) {
                if (!busy[c] && next[c] < end && (take == busy.size() || next[c] < next[take])) {
                    take = c;
                }
            }
            if (take == busy.size()) {
                // Nothing to take: every batch is taken, or the facets in the window are being
                // counted. The caller returns once every facet is counted.
                const bool counting = std::find(busy.begin(), busy.end(), true) != busy.end();
                if (closed && behind == batches.size() && !(caller && counting)) {
                    return;
                }
                changed.wait(lock);
                continue;
            }
            busy[take] = true;
            // No allocation here: an exception out of a helper's thread is std::terminate.
            std::array<const std::vector<Xapian::docid>*, WINDOW> todo{};
            std::size_t todo_count = 0;
            for (std::size_t b = next[take]; b < end; ++b) {
                todo[todo_count++] = &batches[b];  // a deque: the batches stay where they are
            }
            lock.unlock();
            std::exception_ptr failed;
            Xapian::docid read_to = 0;  // the last document of the column read by this take
            try {
                Counter& counter = spy.m_counters[take];
                for (std::size_t i = 0; i < todo_count; ++i) {
                    const auto* batch = todo[i];
                    for (const Xapian::docid did : *batch) {
                        if (!counter.count_numbers(did, column, read_to)) {
                            unread[take].push_back(did);
                        }
                    }
                }
            } catch (...) {
                failed = std::current_exception();
            }
            lock.lock();
            busy[take] = false;
            next[take] += todo_count;
            last[take] = todo[todo_count - 1]->back();
            if (failed) {
                error = failed;
            } else {
                // Every facet is counted below `done`: let go of the column's pages behind it,
                // as the match does when it counts.
                const Xapian::docid done = *std::min_element(last.begin(), last.end());
                cursor.read(read_to);
                column.passing(done, cursor);
            }
            changed.notify_all();
        }
    }

    /// Batches a facet may be counted ahead of the one furthest behind: RELEASE_STEP document
    /// ids at most, the steps in which the column's pages are let go.
    static constexpr std::size_t WINDOW = indexer::ValueColumn::RELEASE_STEP / BATCH_SPAN;

    /// Documents handed over before the helpers start.
    static constexpr std::size_t START_AFTER = 1024;

    FacetSpy& spy;
    std::size_t posted = 0;  // documents handed over (the match's thread only)
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<std::vector<Xapian::docid>> batches;
    std::vector<std::size_t> next;                   // by counter: its first batch not counted
    std::vector<bool> busy;                          // by counter: a thread is counting it
    std::vector<Xapian::docid> last;                 // by counter: the last document counted
    std::vector<std::vector<Xapian::docid>> unread;  // by counter: to read from the slot
    std::vector<std::thread> threads;
    std::size_t wanted = 0;
    bool closed = false;
    bool stop = false;
    std::exception_ptr error;
    indexer::ColumnCursor cursor;  // the helpers' place in the column, together
};

FacetSpy::FacetSpy(
    std::vector<Facet> facets, FacetMemo& keys, Counting counting, std::size_t helpers
)
    : m_facets(std::move(facets)), m_keys(&keys), m_counting(counting) {
    for (Facet f : m_facets) {
        m_counters.push_back({f, &keys[f], keys[f].take_counts(), {}, false, {}});
        m_counters.back().defers_rare = counting == Counting::Articles && keys[f].flags_rare();
        const bool by_numbers = counting == Counting::Articles && keys[f].counts_numbers();
        keys[f].set_sparse_numbers(by_numbers);
        if (by_numbers) {
            m_counters.back().numbers = std::make_unique<NumberCounts>(*keys[f].numbers(), f);
        }
    }
    // Every facet counted by ids from one column with numbers (one local database).
    const indexer::ValueColumn* column =
        m_counters.empty() ? nullptr : m_counters.front().keys->ids_column();
    const bool numbers = column != nullptr && column->dictionary() != nullptr
        && std::all_of(m_counters.begin(), m_counters.end(), [column](const Counter& c) {
                             return c.keys->by_ids() && c.keys->ids_column() == column;
                         });
    if (helpers > 0 && counting == Counting::Articles && numbers) {
        m_beside = std::make_unique<Beside>(*this, helpers);
    }
}

FacetSpy::~FacetSpy() {
    m_beside.reset();  // joins the helpers, which may still count (no finish() after a throw)
    for (Counter& c : m_counters) {
        try {
            c.keys->give_back(std::move(c.counts));
        } catch (const std::bad_alloc&) {
            // not kept for the next query: it allocates its own
        }
    }
}

void FacetSpy::flush() {
    if (m_beside && !m_batch.empty()) {
        m_beside->post(std::move(m_batch));
        m_batch.clear();
        m_batch.reserve(BATCH);
    }
}

void FacetSpy::finish() {
    if (!m_beside) {
        return;
    }
    flush();
    {
        const std::lock_guard<std::mutex> lock(m_beside->mutex);
        m_beside->closed = true;
    }
    m_beside->changed.notify_all();
    m_beside->count(true);
    std::unique_ptr<Beside> done = std::move(m_beside);  // joins the threads
    const std::exception_ptr error = done->error;
    auto unread = std::move(done->unread);
    done.reset();
    if (error) {
        std::rethrow_exception(error);
    }
    if (m_cancel != nullptr) {
        m_cancel->check();
    }
    // The documents whose column bytes did not decode, from their slots, on this thread (the one
    // that uses Xapian).
    std::vector<Xapian::docid> from_slots;
    for (std::size_t c = 0; c < m_counters.size(); ++c) {
        Counter& counter = m_counters[c];
        counter.numbers_mixed = counter.numbers_mixed || !unread[c].empty();
        for (const Xapian::docid did : unread[c]) {
            const std::string value =
                counter.keys->database().get_document(did).get_value(schema::SLOT_FACET_IDS);
            const auto sections = schema::facet_ids_sections(value);
            counter.add(
                counter.keys->document(
                    did, [&] { return FacetKeys::Bytes(sections[counter.facet]); }
                ),
                NO_STORY,
                did
            );
        }
        from_slots.insert(from_slots.end(), unread[c].begin(), unread[c].end());
    }
    std::sort(from_slots.begin(), from_slots.end());
    m_column_documents = m_documents
        - static_cast<std::size_t>(
                             std::unique(from_slots.begin(), from_slots.end()) - from_slots.begin()
        );
}

void FacetSpy::operator()(const Xapian::Document& doc, double) {
    ++m_documents;
    if (m_beside) {
        // Counted beside the match, from the column alone. A batch spans BATCH_SPAN document
        // ids at most, so that the column's pages are let go in steps when matches are sparse.
        const Xapian::docid did = doc.get_docid();
        if (!m_batch.empty() && did - m_batch.front() >= BATCH_SPAN) {
            flush();
        }
        m_batch.push_back(did);
        if (m_batch.size() == BATCH) {
            flush();
        }
        return;
    }
    std::uint32_t story = NO_STORY;
    if (m_counting == Counting::Stories) {
        // An article stored without a story (an index older than stories) is a story of its own.
        std::string id = doc.get_value(schema::SLOT_STORY);
        if (id.empty()) {
            id = std::string(1, '\0') + std::to_string(doc.get_docid());
        }
        story = m_stories.try_emplace(std::move(id), static_cast<std::uint32_t>(m_stories.size()))
                    .first->second;
    }
    // Every facet's ids are in one slot, read at most once per document (and not at all when
    // every memo already knows the document).
    const indexer::ValueColumn* column =
        m_counters.empty() ? nullptr : m_counters.front().keys->ids_column();
    DocumentIds ids(doc, column);
    for (auto& counter : m_counters) {
        counter.count(doc, story, ids);
    }
    m_column_documents += ids.from_column ? 1 : 0;
    // Matches come in ascending document order: let go of the column's pages behind them now
    // and then, so a broad search's resident memory does not grow with it.
    if (column != nullptr) {
        if (ids.read) {  // read tries the column first
            m_column_cursor.read(doc.get_docid());
        }
        column->passing(doc.get_docid(), m_column_cursor);
    }
}

Xapian::MatchSpy* FacetSpy::clone() const {
    return new FacetSpy(m_facets, *m_keys, m_counting);
}

std::string FacetSpy::name() const {
    return "dossier::searcher::FacetSpy";
}

bool FacetSpy::counts(Facet facet) const {
    return std::find(m_facets.begin(), m_facets.end(), facet) != m_facets.end();
}

const FacetSpy::Counter* FacetSpy::counter(Facet facet) const {
    auto pos = std::find(m_facets.begin(), m_facets.end(), facet);
    return pos == m_facets.end() ? nullptr
                                 : &m_counters[static_cast<std::size_t>(pos - m_facets.begin())];
}

std::size_t FacetSpy::rare_pending(Facet facet) const {
    require_finished();
    const Counter* c = counter(facet);
    return c == nullptr ? 0 : c->rare_docs.size();
}

void FacetSpy::require_finished() const {
    if (m_beside) {
        throw std::logic_error("FacetSpy: counts read before finish()");
    }
}

FacetTally FacetSpy::tally(Facet facet) const {
    require_finished();
    const Counter* c = counter(facet);
    if (c == nullptr) {
        return FacetTally();
    }
    c->settle(0);
    c->count_rare();
    return tally_of(*c->keys, c->counts);
}

FacetTally tally_of(const FacetKeys& keys, const IdCounts& counts) {
    std::vector<std::uint32_t> spellings = counts.displays;
    for (const std::uint32_t k : counts.keys) {
        if (counts.primary_docs(k) > 0) {
            spellings.push_back(k | FacetKeys::PRIMARY);
        }
    }
    keys.resolve(spellings);
    FacetTally out;
    for (const std::uint32_t k : counts.keys) {
        out.add_key(keys.key(k), counts.key_docs(k), keys.canonical(k));
    }
    for (const std::uint32_t s : spellings) {
        const std::uint32_t k = keys.key_of(s);
        if (k != FacetKeys::NO_KEY && keys.canonical(k).empty()) {
            out.add_spelling(keys.key(k), keys.spelling(s), counts.spelling_docs(s));
        }
    }
    return out;
}

std::optional<CountedPart> FacetSpy::counted(Facet facet, bool rare) const {
    require_finished();
    const Counter* c = counter(facet);
    if (c == nullptr) {
        return std::nullopt;
    }
    c->settle(0);
    if (rare) {
        c->count_rare();
    }
    return CountedPart{c->keys, &c->counts};
}

RareMarks FacetSpy::rare_marks(Facet facet) const {
    require_finished();
    const Counter* c = counter(facet);
    if (c == nullptr || c->rare_docs.empty()) {
        return {};
    }
    return {&c->rare_seen, c->keys->rare_below(), c->keys->rare_bound_holds()};
}

FacetCounts FacetSpy::top(Facet facet, std::size_t limit) const {
    require_finished();
    const Counter* c = counter(facet);
    if (c == nullptr) {
        return FacetCounts();
    }
    if (!c->rare_docs.empty()) {
        // Rare keys deferred (counting by ids: no NumberCounts). None can be shown when the
        // limit-th value counted has at least as many documents as a rare key has articles in
        // the whole archive (ties included: a rare key's count is below that); else they are
        // counted. The bound and the distinct count of the marks hold while no document was
        // read from its slot (its keys, never flagged, may be counted and marked both).
        if (c->keys->rare_bound_holds()) {
            FacetCounts out = top_of(*c->keys, c->counts, limit);
            if (limit == 0
                || (out.top.size() == limit && out.top.back().count >= c->keys->rare_below())) {
                out.distinct = c->counts.keys.size() + c->rare_distinct();
                return out;
            }
        }
        c->count_rare();
    }
    // Keys counted by numbers get ids only when they can be shown (all of them when a document
    // was read from its slot: its keys' counts are split between the two).
    const std::size_t distinct = !c->numbers ? c->counts.keys.size()
                                             : c->settle(
                                                 c->numbers_mixed ? 0
                                                     : limit == 0 ? UINT32_MAX
                                                                  : c->least_shown(limit)
                                             );
    FacetCounts out = top_of(*c->keys, c->counts, limit);
    out.distinct = distinct;
    return out;
}

std::vector<std::string> facet_values(const Xapian::Document& doc, Facet facet) {
    return schema::unpack_values(doc.get_value(facet_slot(facet)));
}

}  // namespace dossier::searcher
