/// Facets (speaker, organization, figure type): filters on their boolean terms and exact
/// multi-valued counts over a whole match set.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "analyzers/aliases.hpp"

namespace dossier::searcher {

/// The facets of the schema. The order is the order of output.
enum class Facet { Speaker, Organization, FigureType };

inline constexpr std::array<Facet, 3> ALL_FACETS = {
    Facet::Speaker, Facet::Organization, Facet::FigureType};

/// "speaker", "organization", "figure_type": the keys of the JSON "facets" object.
const char* facet_name(Facet facet);

/// The query field of a facet: "speaker", "org", "figure".
const char* facet_field(Facet facet);

/// The boolean term prefix (schema PREFIX_SPEAKER, ...) and value slot (schema SLOT_SPEAKERS, ...).
const char* facet_prefix(Facet facet);
Xapian::valueno facet_slot(Facet facet);

/// Values selected per facet: OR within one facet, AND across facets. Values are as the user typed
/// them ("zelenskyy", "Kyrylo Budanov", "casualty"); facet_filter_terms() resolves them.
struct Filters {
    std::array<std::vector<std::string>, 3> values;

    std::vector<std::string>& operator[](Facet f) { return values[static_cast<std::size_t>(f)]; }

    const std::vector<std::string>& operator[](Facet f) const {
        return values[static_cast<std::size_t>(f)];
    }

    bool empty() const;
};

/// A query with its top-level facet filters taken out.
struct LiftedQuery {
    std::string text;  ///< the rest of the query
    Filters filters;   ///< the speaker:, org: and figure: values taken out, in order
};

/// Takes `speaker:X`, `org:X` and `figure:X` (X a word or a "quoted value"; field names in any
/// case) out of `query` when they are plain filters of the whole query: outside parentheses and
/// phrases, without +/- or a NOT before them, not next to NEAR or ADJ, in a query without a
/// top-level OR or XOR. They then mean exactly what Xapian's boolean prefixes mean there (OR
/// within a field, AND across fields, filtering the rest) and become structured filters, which
/// facet counting can lift again for the disjunctive counts. Other occurrences stay in the text
/// and are parsed by QueryCompiler's field processors (the same facet_filter_query()).
LiftedQuery lift_filters(std::string_view query);

/// The boolean terms of `db` that a user's facet value selects, ignoring case, accents and
/// aliases (`aliases`: the index's own table, QueryCompiler::aliases()):
/// 1. the terms of the value's own key and of every spelling in its alias group, when the index
///    has them ("zelenskyy" → "XSPKvolodymyr zelensky", "XSPKzelenskyy"); a displayed facet value
///    thus selects exactly the articles it was counted in (FacetSpy::top merges alias groups);
/// 2. otherwise every stored value containing the key, or a variant of its alias group, as whole
///    words ("budanov" → "XSPKkyrylo budanov"); for figure types, also the same English stem
///    ("casualty" → "XFIGcasualties").
/// Empty when nothing matches. Reads the term list of the prefix (a few thousand terms at most).
std::vector<std::string> facet_filter_terms(
    const Xapian::Database& db,
    Facet facet,
    std::string_view value,
    const analyzers::AliasTable& aliases
);

/// OR of facet_filter_terms(), or a query for the literal key term (matching nothing) when there
/// are none, so the query still says what was asked.
Xapian::Query facet_filter_query(
    const Xapian::Database& db,
    Facet facet,
    std::string_view value,
    const analyzers::AliasTable& aliases
);

/// The filter of every facet except `skip` (pass no skip to include all): AND across facets of the
/// OR of each facet's values. Xapian::Query() (empty) when there is no filter.
Xapian::Query filters_query(
    const Xapian::Database& db, const Filters& filters, const analyzers::AliasTable& aliases
);
Xapian::Query filters_query(
    const Xapian::Database& db,
    const Filters& filters,
    const analyzers::AliasTable& aliases,
    Facet skip
);

/// One facet value and the number of matching articles that have it.
struct FacetValue {
    std::string value;  ///< display form (the most frequent spelling among equal keys)
    std::size_t count = 0;
};

/// The counts of one facet over a match set.
struct FacetCounts {
    std::vector<FacetValue>
        top;                   ///< by count (descending), then value; at most the requested number
    std::size_t distinct = 0;  ///< distinct values in the whole match set
};

/// A memo for one facet: its display values and their keys (fold_key, merged by alias group), and
/// the values of each document seen. A value's key is a pure function of the value, so that part
/// never goes stale; the per-document part holds for one database revision and is dropped by
/// forget_documents() when the database is reopened. One memo serves every query of a Searcher:
/// a warm search neither normalizes nor hashes, it adds up small arrays. Not thread-safe.
class FacetKeys {
public:
    static constexpr std::uint32_t NO_KEY = UINT32_MAX;

    /// Empties the memo and resolves aliases through `aliases` from now on (the index's own
    /// table; it must outlive the memo's use). Without a call: AliasTable::builtin().
    void reset(const analyzers::AliasTable* aliases);

    /// The id of a display value, adding it (and finding its key) on first sight.
    std::uint32_t display_id(std::string_view display);

    /// What the memo holds for one document: its display ids, and its distinct keys (sorted).
    struct DocumentValues {
        const std::uint32_t* displays;
        std::size_t display_count;
        const std::uint32_t* keys;
        std::size_t key_count;
    };

    /// The values of document `did`: decoded from the slot value `read()` returns on first
    /// sight, from the memo afterwards (the keys already folded, merged and deduplicated, so a
    /// warm count is two runs of array increments). Valid until the next call.
    template <class Read>
    DocumentValues document(Xapian::docid did, Read&& read) {
        if (did >= m_docs.size() || m_docs[did].begin == NO_KEY) {
            remember(did, read());
        }
        const DocEntry& e = m_docs[did];
        const std::uint32_t* at = m_doc_ids.data() + e.begin;
        return {at, e.displays, at + e.displays, e.keys};
    }

    /// Appends to `out` the display ids of the values packed in `packed` (a slot value), then
    /// their distinct keys, sorted; returns how many display ids it appended.
    std::size_t decode(std::string_view packed, std::vector<std::uint32_t>& out);

    /// Drops the per-document memo (call when the database is reopened: docids may change meaning).
    void forget_documents();

    std::size_t display_count() const { return m_displays.size(); }

    std::size_t key_count() const { return m_canonical.size(); }

    const std::string& display(std::uint32_t id) const { return m_displays[id]; }

    std::uint32_t key_of(std::uint32_t display_id) const {
        return m_key_of[display_id];
    }  ///< NO_KEY: empty key

    /// The alias group's canonical display form of a key, or "" when it is not in a group.
    const std::string& canonical(std::uint32_t key) const { return m_canonical[key]; }

private:
    void remember(Xapian::docid did, const std::string& packed);

    struct Hash {
        using is_transparent = void;

        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };

    const analyzers::AliasTable* m_aliases = nullptr;
    std::unordered_map<std::string, std::string>
        m_canonical_by_key;  // fold_key(variant) → canonical
    bool m_aliases_loaded = false;
    std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> m_ids;
    std::vector<std::string> m_displays;
    std::vector<std::uint32_t> m_key_of;
    std::unordered_map<std::string, std::uint32_t> m_key_ids;
    std::vector<std::string> m_canonical;

    struct DocEntry {
        std::uint32_t begin = NO_KEY;  // first index in m_doc_ids, NO_KEY = unseen
        std::uint32_t displays = 0;    // display ids from `begin`
        std::uint32_t keys = 0;        // then this many distinct key ids, sorted
    };

    std::vector<DocEntry> m_docs;          // by docid: one cache line holds five documents
    std::vector<std::uint32_t> m_doc_ids;  // per document seen: display ids, then key ids
};

/// The `limit` most frequent keys of `keys` by count (descending), then display value, from the
/// number of documents of each display id and of each key id: what FacetSpy::top() returns.
FacetCounts top_counts(
    const FacetKeys& keys,
    const std::vector<std::uint32_t>& display_docs,
    const std::vector<std::uint32_t>& key_docs,
    std::size_t limit
);

/// Counts the packed multi-valued slots (schema::pack_values) of every document it sees: each
/// value once per document. A custom spy because Xapian 1.4's ValueCountMatchSpy counts one
/// value per slot (xapian-notes.md B1, option A). Per document and facet it decodes the slot in
/// place and does one hash lookup per value; spellings of one entity (same fold_key, or one alias
/// group) are one value, counted once per document.
/// Local only: it is not registered for remote databases. Not thread-safe.
class FacetSpy : public Xapian::MatchSpy {
public:
    /// `keys`, when given, holds one FacetKeys per facet of ALL_FACETS order, shared between spies
    /// (and must outlive this one); else the spy has its own.
    explicit FacetSpy(std::vector<Facet> facets, std::array<FacetKeys, 3>* keys = nullptr);
    ~FacetSpy() override;

    void operator()(const Xapian::Document& doc, double weight) override;

    Xapian::MatchSpy* clone() const override;

    std::string name() const override;

    /// Documents seen (with checkatleast = doccount: every match).
    std::size_t documents() const { return m_documents; }

    bool counts(Facet facet) const;

    /// The `limit` most frequent values of `facet`, by count (descending), then value. Merged
    /// values are shown as the alias group's canonical form, else as the most frequent spelling.
    FacetCounts top(Facet facet, std::size_t limit) const;

private:
    struct Counter {
        Facet facet;
        FacetKeys* keys;
        std::vector<std::uint32_t> display_docs;  // by display id
        std::vector<std::uint32_t> key_docs;      // by key id
        void count(const Xapian::Document& doc);
    };

    std::vector<Facet> m_facets;
    std::unique_ptr<std::array<FacetKeys, 3>> m_own_keys;
    std::array<FacetKeys, 3>* m_keys;
    std::vector<Counter> m_counters;
    std::size_t m_documents = 0;
};

/// The display values packed in slot `facet_slot(facet)` of `doc`; empty when there are none.
std::vector<std::string> facet_values(const Xapian::Document& doc, Facet facet);

}  // namespace dossier::searcher
