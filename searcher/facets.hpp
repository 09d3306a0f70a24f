/// Facets (speaker, organization, figure type): filters on their boolean terms and exact
/// multi-valued counts over a whole match set.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "analyzers/aliases.hpp"
#include "indexer/columns.hpp"
#include "indexer/hash_ids.hpp"
#include "indexer/huge_pages.hpp"
#include "indexer/name_merges.hpp"
#include "indexer/schema.hpp"
#include "searcher/bitset.hpp"
#include "searcher/cancel.hpp"
#include "searcher/value_counts.hpp"

namespace dossier::searcher {

using indexer::HashIds;
using indexer::HugePageAllocator;
using indexer::HugeVector;

/// A facet: its index in indexer::schema::FACETS, which also gives the order of output. Every
/// name of a facet (JSON key, query field, CLI option, prefix, slot) comes from its row.
using Facet = std::size_t;

inline constexpr std::size_t FACET_COUNT = indexer::schema::FACET_COUNT;

/// Every facet, in table order.
inline constexpr std::array<Facet, FACET_COUNT> ALL_FACETS = [] {
    std::array<Facet, FACET_COUNT> out{};
    for (std::size_t i = 0; i < FACET_COUNT; ++i) {
        out[i] = i;
    }
    return out;
}();

/// The row of a facet.
constexpr const indexer::schema::FacetSpec& facet_spec(Facet facet) {
    return indexer::schema::FACETS[facet];
}

/// The facet whose FacetSpec::name is `name`; FACET_COUNT when there is none. Usable at compile
/// time: `constexpr Facet SPEAKER = facet_named("speaker");`.
constexpr Facet facet_named(std::string_view name) {
    for (std::size_t i = 0; i < FACET_COUNT; ++i) {
        if (name == indexer::schema::FACETS[i].name) {
            return i;
        }
    }
    return FACET_COUNT;
}

/// "speaker", "organization", "figure_type": the keys of the JSON "facets" object.
inline const char* facet_name(Facet facet) {
    return facet_spec(facet).name;
}

/// The query field of a facet: "speaker", "org", "figure".
inline const char* facet_field(Facet facet) {
    return facet_spec(facet).field;
}

/// The boolean term prefix (schema PREFIX_SPEAKER, ...) and value slot (schema SLOT_SPEAKERS, ...).
inline const char* facet_prefix(Facet facet) {
    return facet_spec(facet).prefix;
}

inline Xapian::valueno facet_slot(Facet facet) {
    return facet_spec(facet).slot;
}

/// Values selected per facet: OR within one facet, AND across facets. Values are as the user typed
/// them ("zelenskyy", "Kyrylo Budanov", "casualty"); facet_filter_terms() resolves them.
struct Filters {
    std::array<std::vector<std::string>, FACET_COUNT> values;

    std::vector<std::string>& operator[](Facet f) { return values[f]; }

    const std::vector<std::string>& operator[](Facet f) const { return values[f]; }

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

/// One name, one value across the archive (indexer/name_merges.hpp): kept in the index at the
/// end of each indexer run, computed from the person and speaker terms when stale.
using NameMerges = indexer::NameMerges;

/// The facets whose values are people's names, where NameMerges applies (person, speaker).
bool merges_names(Facet facet);

/// The boolean terms of `db` that a user's facet value selects, ignoring case, accents and
/// aliases (`aliases`: the index's own table, QueryCompiler::aliases()):
/// 1. the terms of the value's own key and of every spelling in its alias group, when the index
///    has them ("zelenskyy" → "XSPKvolodymyr zelensky", "XSPKzelenskyy"); a displayed facet value
///    thus selects exactly the articles it was counted in (FacetSpy::top merges alias groups);
/// 2. otherwise every stored value containing the key, or a variant of its alias group, as whole
///    words ("budanov" → "XSPKkyrylo budanov"); for figure types, also the same English stem
///    ("casualty" → "XFIGcasualties").
/// 3. for a person or speaker value, given `names`: also the terms of the surname or full name
///    it is merged with across the archive ("reagan" <-> "ronald reagan"; NameMerges).
/// Empty when nothing matches. Step 2 reads the whole term list of the prefix: ~900k person terms
/// on the 285k benchmark archive, 0.15–0.4 s for a cold search (step 1 answers for a value shown
/// in the facets).
std::vector<std::string> facet_filter_terms(
    const Xapian::Database& db,
    Facet facet,
    std::string_view value,
    const analyzers::AliasTable& aliases,
    const NameMerges* names = nullptr
);

/// OR of facet_filter_terms(), or a query for the literal key term (matching nothing) when there
/// are none, so the query still says what was asked.
Xapian::Query facet_filter_query(
    const Xapian::Database& db,
    Facet facet,
    std::string_view value,
    const analyzers::AliasTable& aliases,
    const NameMerges* names = nullptr
);

/// The filter of every facet except `skip` (pass no skip to include all): AND across facets of the
/// OR of each facet's values. Xapian::Query() (empty) when there is no filter.
Xapian::Query filters_query(
    const Xapian::Database& db,
    const Filters& filters,
    const analyzers::AliasTable& aliases,
    const NameMerges* names = nullptr
);
Xapian::Query filters_query(
    const Xapian::Database& db,
    const Filters& filters,
    const analyzers::AliasTable& aliases,
    Facet skip,
    const NameMerges* names = nullptr
);

/// One facet value and the number of matching articles that have it.
struct FacetValue {
    std::string value;  ///< display form (the most frequent spelling among equal keys)
    std::size_t count = 0;

    bool operator==(const FacetValue& other) const = default;
};

/// The counts of one facet over a match set.
struct FacetCounts {
    std::vector<FacetValue>
        top;                   ///< by count (descending), then value; at most the requested number
    std::size_t distinct = 0;  ///< distinct values in the whole match set

    bool operator==(const FacetCounts& other) const = default;
};

/// Exact counts of one facet over a set of documents, keyed by value: by the value's key
/// (FacetSpec::key of its alias group's canonical form, else of the value), with the documents of
/// each spelling. Nothing in it depends on document ids, so tallies taken over different databases,
/// shards or threads merge exactly: merge() then top() gives the counts of the union of the
/// document sets (when the sets are disjoint). A plain value: not synchronised, copy or move it
/// between threads.
class FacetTally {
public:
    /// Adds `documents` documents having `key` (each counted once per document, whatever its
    /// spellings); `canonical` is the alias group's display form, "" when not in a group.
    void add_key(const std::string& key, std::size_t documents, const std::string& canonical);

    /// Adds `documents` documents spelling `key` as `display`.
    void add_spelling(const std::string& key, const std::string& display, std::size_t documents);

    /// Adds every count of `other`.
    void merge(const FacetTally& other);

    /// The `limit` most frequent values, by count (descending), then value. A value is shown as
    /// its alias group's canonical form, else as its most frequent spelling of the most words
    /// (a surname merged with a full name shows the full name; ties: the smallest).
    FacetCounts top(std::size_t limit) const;

    /// Distinct values (keys) counted.
    std::size_t distinct() const { return m_keys.size(); }

    bool operator==(const FacetTally& other) const = default;

private:
    struct Entry {
        std::size_t documents = 0;
        std::string canonical;
        std::map<std::string, std::size_t> spellings;  // display → documents
        bool operator==(const Entry& other) const = default;
    };

    std::map<std::string, Entry> m_keys;
};

/// Counts of one byte each, for the facet counters' arrays indexed by key or display (up to a
/// million entries at 285k articles, read and incremented at random): a quarter of the cache
/// lines to miss and pages to zero that four bytes would (issue 13; a cold query's facet time was
/// mostly that). The low seven bits count 1–127 documents; past 127 a count carries 127 into a
/// hash map (once every 127 documents) and its high bit says so. 0: not counted.
struct ByteCount {
    using Carries = std::unordered_map<std::uint32_t, std::uint32_t>;
    static constexpr std::uint8_t CARRIED = 0x80;
    static constexpr std::uint8_t LOW = 0x7F;

    /// One more document in count `c` of index `index`.
    static void increment(std::uint8_t& c, std::uint32_t index, Carries& carries) {
        if ((c & LOW) == LOW) {
            carries[index] += LOW;
            c = CARRIED | 1;
        } else {
            ++c;
        }
    }

    /// `n` more documents in count `c` of index `index`.
    static void add(std::uint8_t& c, std::uint32_t index, Carries& carries, std::uint32_t n) {
        if ((c & CARRIED) == 0 && n <= std::uint32_t{LOW} - c) {
            c = static_cast<std::uint8_t>(c + n);
            return;
        }
        carries[index] = value(c, index, carries) + n - 1;
        c = CARRIED | 1;
    }

    /// The documents of count `c` of index `index`.
    static std::uint32_t value(std::uint8_t c, std::uint32_t index, const Carries& carries) {
        const std::uint32_t low = c & LOW;
        return (c & CARRIED) != 0 ? low + carries.at(index) : low;
    }
};

struct IdCounts;

/// A memo for one facet: its display values and their keys (FacetSpec::key, merged by alias group
/// and surname merge), and the values of each document seen. Values are known by their 64-bit ids
/// (schema::FacetId: FNV-1a 64 of the display and of its key), read from each document's id
/// slot when the memo was given a database of one sub-database (reset()); the display string of
/// an id is then read only when asked for (spelling(), resolve()), from the packed display slot
/// of the first document it was seen in, so a query pays for the strings of the values it shows,
/// not of every value of every match. Without a database (a stub of several databases, whose
/// document ids repeat; remote shards' combinations) values come from the packed display slot
/// and are hashed and folded here. A value's key is a pure function of the value, so that part
/// never goes stale; the per-document part (by document id) and the documents named for
/// display strings hold for one revision of a database, and are dropped by reset() when it is
/// reopened. One memo serves every query of a Searcher: a warm search neither reads a slot nor
/// hashes, it adds up small arrays. Not thread-safe: one per Searcher (per thread).
///
/// Counting by ids, a key's first display seen is its *primary* spelling, which needs no display
/// id: a document that has it flags the key (PRIMARY), and only the other spellings of a key get
/// display ids. Most keys have one spelling, so a broad query interns each key once instead of
/// each key and each display (issue 13: a third less memory and a tenth to a fifth less CPU for
/// a cold broad query; docs/facets.md).
class FacetKeys {
public:
    static constexpr std::uint32_t NO_KEY = UINT32_MAX;

    /// On a key id of DocumentValues::keys: the document has the key's primary spelling. On a
    /// spelling id (spelling()): the primary spelling of the key id below it. Key ids and
    /// display ids stay below it.
    static constexpr std::uint32_t PRIMARY = std::uint32_t{1} << 31;

    /// On a key id of a remembered document's DocumentValues::keys: a *rare* key, one of its own
    /// (no alias group or surname merge joins it) with fewer than rare_below() articles in the
    /// whole archive by the column's dictionary (indexer::FacetDictionary::key_docs), which bounds
    /// its count in any match. FacetSpy marks such keys in a bitset and counts them only when one
    /// could be shown (docs/facets.md, "Rare keys counted last"). Key ids stay below it.
    static constexpr std::uint32_t RARE = std::uint32_t{1} << 30;

    /// The key id of an entry of DocumentValues::keys, without its PRIMARY and RARE flags.
    static constexpr std::uint32_t key_of_entry(std::uint32_t entry) {
        return entry & ~(PRIMARY | RARE);
    }

    /// The default of rare_below(). The 100 slowest benchmark queries at 285k, warm: 8, 16 and
    /// 32 all take a quarter off their mean; 64 leaves the top 10 of too many facets below the
    /// bound, whose rare keys are then counted after all (docs/facets.md, stop 32).
    static constexpr std::uint32_t RARE_BELOW = 16;

    /// Empties the memo and resolves aliases through `aliases` from now on (the index's own
    /// table, which must outlive the memo's use; nullptr: no aliases). `memo_documents`: keep
    /// the values of each document by id (only for a database of one sub-database).
    /// `names`: the archive's surname merges, for a person-name facet (nullptr: none; must
    /// outlive the memo's use, like `aliases`). `db`: a database of one sub-database whose
    /// documents have facet ids (schema::SLOT_FACET_IDS), which document() then reads, and whose
    /// documents spelling() reads display strings from (the memo keeps its own handle).
    /// nullptr: document() is given the packed display slot. `facet`: the memo's facet (its
    /// values are keyed as the facet's FacetSpec::key_kind says). `ids_column`: the column of
    /// schema::SLOT_FACET_IDS that mirrors `db` (indexer::ValueColumn::open()), which FacetSpy
    /// then reads instead of the slot; nullptr: none.
    void reset(
        Facet facet,
        const analyzers::AliasTable* aliases,
        bool memo_documents,
        const NameMerges* names = nullptr,
        const Xapian::Database* db = nullptr,
        std::shared_ptr<const indexer::ValueColumn> ids_column = nullptr
    );

    /// True when document() reads documents' facet ids (reset() was given a database).
    bool by_ids() const { return m_by_ids; }

    /// Keys with fewer articles than this in the whole archive are flagged RARE (0: none).
    std::uint32_t rare_below() const { return m_rare_below; }

    /// Sets rare_below() (tests): decided before the first key; no effect afterwards (a key's
    /// flag never changes).
    void set_rare_below(std::uint32_t below) {
        if (m_primary_hash.empty()) {
            m_rare_below = below;
        }
    }

    /// Whether remembered documents may flag keys RARE: a memo of documents with the column's
    /// dictionary and its frequencies (of one database, or of a shard of a stub: then a key
    /// the stub's alias groups and surname merges do not join is one of its own there too, and
    /// the shard's frequencies bound its count in the shard's part of a match).
    bool flags_rare() const {
        return m_memo_documents && m_numbers != nullptr && m_numbers->has_frequencies()
            && m_rare_below > 0;
    }

    /// Whether a RARE key's articles in the archive still bound its count in a match: no
    /// document was remembered from its slot (whose keys the column's frequencies may not
    /// count: a column that did not decode, or a document it does not hold).
    bool rare_bound_holds() const { return m_slot_documents == 0; }

    /// Makes this memo (by ids, just reset()) count one shard of a stub of local shards, whose
    /// counts top_of_parts() merges with the other shards' by key hash: every key is joined as
    /// the aliases and surname merges given to reset() say (those of the whole stub), not as the
    /// column's dictionary numbers them (the shard's own, which may join less), and no count is
    /// by the dictionary's numbers (FacetSpy's NumberCounts trusts that numbering).
    void set_part_of_stub() { m_part_of_stub = true; }

    /// The hash key id `key` is counted under: its key's (schema::FacetId::key), or, for a key
    /// alias groups or surname merges join others to, its hash ^ a constant. The same for one
    /// value in every memo given the same aliases and merges (by ids).
    std::uint64_t key_hash(std::uint32_t key) const { return m_key_hash[key]; }

    /// The hash of a spelling's display (a display id, or PRIMARY | a key id), as
    /// schema::FacetId::display: the same for one string in every memo.
    std::uint64_t spelling_hash(std::uint32_t spelling) const { return hash_of(spelling); }

    /// The database reset() was given (by ids only).
    const Xapian::Database& database() const { return m_db; }

    /// True when document() answers `did` from the memo, without reading it.
    bool remembers(Xapian::docid did) const {
        return m_memo_documents && did < m_docs.size() && m_docs[did].begin != NO_KEY;
    }

    /// The column of the facet ids reset() was given (by ids only), or nullptr.
    const indexer::ValueColumn* ids_column() const { return m_ids_column.get(); }

    /// The id of a display value, adding it (and finding its key) on first sight.
    std::uint32_t display_id(std::string_view display);

    /// What document() is given to decode: the bytes of a document's facet values, and whether
    /// they are the facet's section of the facet ids' column (indexer::FacetDictionary numbers,
    /// for a memo whose ids_column() has a dictionary) rather than of a slot.
    struct Bytes {
        Bytes(std::string_view b, bool n = false) : bytes(b), numbers(n) {}

        std::string_view bytes;
        bool numbers = false;
    };

    /// What the memo holds for one document: its display ids (by ids: those of spellings other
    /// than their key's primary one), and its distinct keys (in key id order; by ids, each |
    /// PRIMARY when the document has the key's primary spelling).
    struct DocumentValues {
        const std::uint32_t* displays;
        std::size_t display_count;
        const std::uint32_t* keys;
        std::size_t key_count;
    };

    /// The values of document `did`: decoded from the value `read()` returns (the facet's section
    /// of schema::SLOT_FACET_IDS when by_ids(), else its packed display slot)
    /// on first sight (or every time without the document memo), from the memo afterwards (the
    /// keys already merged and deduplicated, so a warm count is two runs of array increments).
    /// Valid until the next call.
    template <class Read>
    DocumentValues document(Xapian::docid did, Read&& read) {
        if (!m_memo_documents) {
            m_doc_ids.clear();
            const DocEntry e = decode_document(did, Bytes(read()), m_doc_ids);
            return {m_doc_ids.data(), e.displays, m_doc_ids.data() + e.displays, e.keys};
        }
        if (did >= m_docs.size() || m_docs[did].begin == NO_KEY) {
            remember(did, Bytes(read()));
        }
        const DocEntry& e = m_docs[did];
        const std::uint32_t* at = m_doc_ids.data() + e.begin;
        return {at, e.displays, at + e.displays, e.keys};
    }

    /// Counts by id with every count zero, for one FacetSpy: one given back before (reused:
    /// clearing what a count touched costs what the match touched, where zeroing arrays for
    /// every id of the archive cost each query a few megabytes of page faults at 285k).
    IdCounts take_counts();

    /// Keeps `counts` for take_counts(), zeroing the entries it counted.
    void give_back(IdCounts&& counts);

    /// Whether a count should tally this facet's alone keys in the dictionary's number space
    /// (FacetSpy's NumberCounts): one query without the document memo, counting by the column's
    /// numbers. Each document is then read once and forgotten, so mapping every number to a key
    /// id (number_key_id()) would cost more than the count itself.
    bool counts_numbers() const {
        return !m_memo_documents && m_numbers != nullptr && !m_part_of_stub;
    }

    /// The column's dictionary (by ids, with a column that has one), or nullptr.
    const indexer::FacetDictionary* numbers() const { return m_numbers; }

    /// The values of a document's section of the column's numbers, as document() without the
    /// memo, but of its joined keys only (FacetDictionary::joined(): those alias groups and
    /// surname merges name); NumberCounts counts the others. Valid until the next call.
    DocumentValues joined_document(Xapian::docid did, std::string_view section) {
        m_doc_ids.clear();
        const DocEntry e = decode_document(did, Bytes(section, true), m_doc_ids, true);
        return {m_doc_ids.data(), e.displays, m_doc_ids.data() + e.displays, e.keys};
    }

    /// The key id of key index `index` of the column's dictionary (by ids, with a column),
    /// joined as alias groups and surname merges say, adding it on first sight.
    std::uint32_t number_key_id(std::uint32_t index);

    /// Keeps the column's number → id entries in hash maps instead of arrays of every number of
    /// the archive: for a count that gives ids to few numbers (NumberCounts). Decided before the
    /// first entry; no effect afterwards (ids must not move).
    void set_sparse_numbers(bool on) {
        if (m_number_key.empty() && m_number_display.empty() && m_sparse_number_key.empty()
            && m_sparse_number_display.empty()) {
            m_sparse_numbers = on;
        }
    }

    /// The spelling (PRIMARY | `key`, or a display id) of display index `display` of the
    /// column's dictionary, a spelling of key id `key` seen in document `did`: the key's primary
    /// spelling when it is the first the key is seen with, or is that one.
    std::uint32_t number_spelling(std::uint32_t key, std::uint32_t display, Xapian::docid did);

    /// The values of a packed combination (a slot value, as remote shards' ValueCountMatchSpy
    /// returns them): decoded on first sight, then from a memo keyed by the packed string, kept
    /// across queries (a value's key is a pure function of the value, so it never goes stale;
    /// reset() drops it with the rest). Valid until the next call.
    DocumentValues combination(std::string_view packed);

    std::size_t display_count() const { return m_display_hash.size(); }

    std::size_t key_count() const { return m_primary_hash.size(); }

    /// Spellings whose string is known (all of them without a database; with one, those
    /// spelling() or resolve() read).
    std::size_t displays_named() const { return m_display_names.size() + m_primary_names.size(); }

    /// The string of a spelling: a display id, or PRIMARY | a key id (its primary spelling).
    /// Read from a document of the database on first request when the id came from the facet
    /// ids (resolve() reads several at once).
    /// @throws dossier::SchemaError when that document holds no display of the id.
    const std::string& spelling(std::uint32_t id) const;

    /// Finds the strings of the spellings `ids` (as spelling()) that are not known yet, reading
    /// each document they were first seen in once.
    void resolve(const std::vector<std::uint32_t>& ids) const;

    /// The key of a spelling (a display id, or PRIMARY | a key id); NO_KEY: empty key.
    std::uint32_t key_of(std::uint32_t spelling) const {
        return (spelling & PRIMARY) != 0 ? spelling & ~PRIMARY : m_key_of[spelling];
    }

    /// The number of words of a spelling (FacetTally::top prefers the spelling of most words).
    std::uint32_t words(std::uint32_t spelling) const;

    /// A scratch array with one entry per key id, every entry NO_KEY; whoever changes entries
    /// sets them back before the next use (top_of()). Not thread-safe, as the memo.
    std::vector<std::uint32_t>& key_scratch() const {
        m_key_scratch.resize(m_primary_hash.size(), NO_KEY);
        return m_key_scratch;
    }

    /// The key (FacetSpec::key of the canonical form or of the value) of a key id.
    const std::string& key(std::uint32_t key) const;

    /// The alias group's canonical display form of a key, or "" when it is not in a group.
    const std::string& canonical(std::uint32_t key) const {
        static const std::string none;
        const auto it = m_canonical.find(key);
        return it != m_canonical.end() ? *it->second : none;
    }

private:
    struct DocEntry {
        std::uint32_t begin = NO_KEY;  // first index in m_doc_ids, NO_KEY = unseen
        std::uint32_t displays = 0;    // display ids from `begin`
        std::uint32_t keys = 0;        // then this many distinct key ids, sorted
    };

    /// Where a key goes when alias groups or surname merges join it to another (an alias
    /// group's canonical key, the full name of a surname), or join others to it.
    struct KeyTarget {
        std::uint64_t key = 0;                   // the hash it is counted under (^ JOINED)
        const std::string* name = nullptr;       // that key, when joined to another
        const std::string* canonical = nullptr;  // the alias group's display form, or nullptr
        bool joins = false;  // joined to another key (else: other keys are joined to it)
    };

    /// Decodes `packed` (as document() reads it) of document `did` into `ids`: its display ids,
    /// then its distinct key ids (sorted). `joined_only`: of the column's numbers, only those of
    /// joined keys (joined_document()).
    DocEntry decode_document(
        Xapian::docid did, Bytes packed, HugeVector<std::uint32_t>& ids, bool joined_only = false
    );
    /// Decodes packed display values into `ids`, as decode_document().
    DocEntry decode(std::string_view packed, HugeVector<std::uint32_t>& ids);
    /// The key id of a document's key hash `raw` (schema::FacetId::key), joined as alias groups
    /// and surname merges say, adding it on first sight (by ids).
    std::uint32_t raw_key_id(std::uint64_t raw);
    /// Sorts and deduplicates the key ids of the display ids from `begin` of `ids`.
    DocEntry add_keys(std::uint32_t begin, HugeVector<std::uint32_t>& ids) const;
    void remember(Xapian::docid did, Bytes packed);
    /// Adds a key id counted under `hash` (no hash table entry), named `name` and in an alias
    /// group of `canonical` when not null.
    std::uint32_t
    add_key(std::uint64_t hash, const std::string* name, const std::string* canonical);
    /// The entry of dictionary number `index` (of `size`) in `dense`, or in `sparse` without
    /// the document memo: 0, or an id + 1.
    std::uint32_t& known_number(
        HugeVector<std::uint32_t>& dense,
        std::unordered_map<std::uint32_t, std::uint32_t>& sparse,
        std::uint32_t index,
        std::uint32_t size
    );
    /// The key id of key hash `hash` (named `name`, in an alias group of `canonical`: either
    /// may be null), adding it on first sight.
    std::uint32_t key_id(std::uint64_t hash, const std::string* name, const std::string* canonical);
    /// Adds a display of hash `hash` and key id `key`.
    std::uint32_t add_display(std::uint64_t hash, std::uint32_t key, Xapian::docid did);
    /// The display id of `hash`, a spelling of key id `key` seen in document `did` (by ids).
    std::uint32_t display_id(std::uint64_t hash, std::uint32_t key, Xapian::docid did);
    // A spelling id (display id, or PRIMARY | key id, as spelling()): the table of its known
    // strings, its display hash and the first document seen with it (by ids).
    std::unordered_map<std::uint32_t, std::string>& names_of(std::uint32_t spelling) const;
    std::uint64_t hash_of(std::uint32_t spelling) const;
    /// The hash of the primary spelling of key id `key` (0: none seen yet).
    std::uint64_t primary_hash(std::uint32_t key) const;
    Xapian::docid first_doc_of(std::uint32_t spelling) const;
    /// Where alias groups and surname merges send key hash `raw`; nullptr when they do not
    /// touch it. Builds the table on first use.
    const KeyTarget* target_of(std::uint64_t raw);
    void build_targets();

    const analyzers::AliasTable* m_aliases = nullptr;
    const NameMerges* m_names = nullptr;
    Xapian::Database m_db;  // a handle: a Searcher moved keeps its memos valid
    std::shared_ptr<const indexer::ValueColumn> m_ids_column;  // of m_db, or null
    bool m_by_ids = false;
    Facet m_facet = 0;
    bool m_memo_documents = true;
    bool m_part_of_stub = false;  // set_part_of_stub()
    std::uint32_t m_rare_below = RARE_BELOW;
    std::size_t m_slot_documents = 0;     // documents remembered from their slot (by ids)
    HugeVector<std::uint8_t> m_key_rare;  // by key id: 1 when RARE (flags_rare())
    bool m_targets_built = false;
    // Key hash → its entry in m_target_list: one probe of a flat table per key first seen
    // (std::unordered_map and _set cost a cache miss or two each, and a node per entry to
    // build: a surname merge per entry, tens of thousands on a large archive).
    HashIds m_target_ids;
    std::vector<KeyTarget> m_target_list;
    std::vector<std::string> m_target_names;  // keys of alias groups' canonicals

    HashIds m_display_ids;                     // display hash → display id
    HugeVector<std::uint64_t> m_display_hash;  // by display id
    HugeVector<std::uint32_t> m_key_of;        // by display id
    HugeVector<Xapian::docid> m_first_doc;     // by display id: a document that has it, 0: none
    mutable std::unordered_map<std::uint32_t, std::string> m_display_names;  // display id → string
    mutable std::vector<std::uint32_t> m_key_scratch;

    // Key hash → key id. By ids the hashes are the documents' own keys, and the keys they are
    // joined to (build_targets()) are entered under their hash ^ JOINED.
    HashIds m_key_ids;
    HugeVector<std::uint32_t> m_key_display;  // by key id: a display of it, for key() (strings)
    HugeVector<std::uint64_t> m_key_hash;     // by key id: key_hash()
    mutable std::unordered_map<std::uint32_t, std::string> m_key_names;  // key id → key, once known
    std::unordered_map<std::uint32_t, const std::string*> m_canonical;  // key id → alias group's
    // By key id: its primary spelling's hash (by ids); 0 until primary_hash() reads it from the
    // column's dictionary, for a key first seen there.
    mutable HugeVector<std::uint64_t> m_primary_hash;
    HugeVector<std::uint32_t> m_primary_number;  // by key id: that spelling's display index + 1
    // With the column's dictionary (m_numbers): by key index, its key id + 1 (0: not seen); by
    // display index, the display id + 1 of a spelling that is not its key's primary one.
    const indexer::FacetDictionary* m_numbers = nullptr;
    HugeVector<std::uint32_t> m_number_key;
    HugeVector<std::uint32_t> m_number_display;
    // The same for set_sparse_numbers() (known_number()).
    bool m_sparse_numbers = false;
    std::unordered_map<std::uint32_t, std::uint32_t> m_sparse_number_key;
    std::unordered_map<std::uint32_t, std::uint32_t> m_sparse_number_display;
    HugeVector<Xapian::docid> m_primary_doc;  // by key id: a document of it, 0: none yet
    mutable std::unordered_map<std::uint32_t, std::string> m_primary_names;  // key id → primary

    std::vector<IdCounts> m_spare_counts;   // take_counts(), give_back()
    HugeVector<DocEntry> m_docs;            // by docid: one cache line holds five documents
    HugeVector<std::uint32_t> m_doc_ids;    // per document seen: display ids, then key ids
    std::vector<std::uint32_t> m_doc_keys;  // decode_document()'s scratch: key ids × 2 + primary
    std::unordered_map<std::string, DocEntry, StringHash, std::equal_to<>>
        m_combinations;  // packed combination → its ids in m_combination_ids
    HugeVector<std::uint32_t> m_combination_ids;  // per combination: display ids, then key ids
};

/// One FacetKeys per facet, in table order.
using FacetMemo = std::array<FacetKeys, FACET_COUNT>;

/// The documents of each display id and of each key id of one facet's FacetKeys over one match,
/// with the ids counted, so reading the counts costs what the match touched.
struct IdCounts {
    /// The documents of a key id, and of its primary spelling (FacetKeys::PRIMARY): side by
    /// side, one cache line for both; ByteCount's.
    struct KeyDocs {
        std::uint8_t documents = 0;
        std::uint8_t primary = 0;
    };

    HugeVector<std::uint8_t> display_docs;  ///< by display id (ByteCount)
    HugeVector<KeyDocs> key_counts;         ///< by key id
    ByteCount::Carries display_carries, key_carries, primary_carries;
    std::vector<std::uint32_t> displays;  ///< display ids with a count, in first-count order
    std::vector<std::uint32_t> keys;      ///< key ids with a count, in first-count order

    /// Every count back to zero, at the cost of the ids counted (the arrays keep their size).
    void clear() {
        for (const std::uint32_t d : displays) {
            display_docs[d] = 0;
        }
        for (const std::uint32_t k : keys) {
            key_counts[k] = {};
        }
        displays.clear();
        keys.clear();
        display_carries.clear();
        key_carries.clear();
        primary_carries.clear();
    }

    /// Room for display ids below `display_bound` and key ids below `key_bound`: then count_*()
    /// need no check.
    void make_room(std::size_t display_bound, std::size_t key_bound) {
        grow(display_docs, display_bound);
        grow(key_counts, key_bound);
    }

    /// The documents of key id `id` (below the bound of make_room() or add_key()).
    std::uint32_t key_docs(std::uint32_t id) const {
        return ByteCount::value(key_counts[id].documents, id, key_carries);
    }

    /// The documents of the primary spelling of key id `id`.
    std::uint32_t primary_docs(std::uint32_t id) const {
        return ByteCount::value(key_counts[id].primary, id, primary_carries);
    }

    /// The documents of a spelling (FacetKeys::spelling()): a display id, or PRIMARY | key id.
    std::uint32_t spelling_docs(std::uint32_t spelling) const {
        return (spelling & FacetKeys::PRIMARY) != 0
            ? primary_docs(spelling & ~FacetKeys::PRIMARY)
            : ByteCount::value(display_docs[spelling], spelling, display_carries);
    }

    /// One more document of the primary spelling of key id `id` (below make_room()'s bound; the
    /// key is counted by count_key()).
    void count_primary(std::uint32_t id) {
        ByteCount::increment(key_counts[id].primary, id, primary_carries);
    }

    /// One more document of display id `id` (below make_room()'s bound).
    void count_display(std::uint32_t id) {
        if (display_docs[id] == 0) {
            displays.push_back(id);  // first: a throw leaves no count unlisted (clear())
        }
        ByteCount::increment(display_docs[id], id, display_carries);
    }

    /// One more document of key id `id` (below make_room()'s bound).
    void count_key(std::uint32_t id) {
        if (key_counts[id].documents == 0) {
            keys.push_back(id);  // first: a throw leaves no count unlisted (clear())
        }
        ByteCount::increment(key_counts[id].documents, id, key_carries);
    }

    /// `documents` more documents of display id `id` (any id).
    void add_display(std::uint32_t id, std::uint32_t documents) {
        if (documents == 0) {
            return;  // listed only once counted: the next count would list it again
        }
        grow(display_docs, id + 1);
        if (display_docs[id] == 0) {
            displays.push_back(id);
        }
        ByteCount::add(display_docs[id], id, display_carries, documents);
    }

    /// `documents` more documents of the primary spelling of key id `id` (any id).
    void add_primary(std::uint32_t id, std::uint32_t documents) {
        if (documents == 0) {
            return;
        }
        grow(key_counts, id + 1);
        ByteCount::add(key_counts[id].primary, id, primary_carries, documents);
    }

    /// `documents` more documents of key id `id` (any id).
    void add_key(std::uint32_t id, std::uint32_t documents) {
        if (documents == 0) {
            return;  // listed only once counted: the next count would list it again
        }
        grow(key_counts, id + 1);
        if (key_counts[id].documents == 0) {
            keys.push_back(id);
        }
        ByteCount::add(key_counts[id].documents, id, key_carries, documents);
    }

private:
    template <class T>
    static void grow(HugeVector<T>& v, std::size_t n) {
        if (v.size() < n) {
            v.resize(std::max<std::size_t>(n + 1024, v.size() * 2));
        }
    }
};

/// The tally of one facet from its counts by id (what FacetSpy::tally() returns).
FacetTally tally_of(const FacetKeys& keys, const IdCounts& counts);

/// tally_of(keys, counts).top(limit), straight from the counts: no string is copied and no map
/// built, so its cost is a pass over the ids the match touched. A broad query meets thousands of
/// distinct values per facet; building their tally cost four fifths of its time (bench,
/// docs/facets.md).
FacetCounts top_of(const FacetKeys& keys, const IdCounts& counts, std::size_t limit);

/// One shard's counts of a facet: its memo (FacetKeys::set_part_of_stub()) and counts by id.
using CountedPart = std::pair<const FacetKeys*, const IdCounts*>;

/// A part's rare keys (FacetKeys::RARE) marked and not counted (FacetSpy::rare_marks()).
struct RareMarks {
    const Bitset* seen = nullptr;  ///< key ids; null: none
    std::uint32_t below = 0;       ///< each has fewer articles than this in the part's archive
    bool holds = true;             ///< that bound holds (FacetKeys::rare_bound_holds())
};

/// The key ids of several memos (the shards of a stub, in a fixed order) numbered in one space,
/// by FacetKeys::key_hash(): a key's number is found by hashing once, then by indexing an array
/// with its part and key id, so a warm merge of a broad query's hundreds of thousands of keys
/// costs array reads, not hash probes. Valid while the memos keep their key ids (until they are
/// reset(): clear() it then). Not thread-safe.
class MergedKeys {
public:
    void clear() { *this = MergedKeys(); }

    /// The number of key id `k` of part `part`, whose memo is `keys`, numbering it on first
    /// sight.
    std::uint32_t of(std::size_t part, const FacetKeys& keys, std::uint32_t k) {
        if (part >= m_of_part.size()) {
            m_of_part.resize(part + 1);
        }
        HugeVector<std::uint32_t>& of = m_of_part[part];
        if (k >= of.size()) {
            of.resize(std::max<std::size_t>(k + 1024, of.size() * 2));
        }
        std::uint32_t& known = of[k];
        if (known == 0) {
            std::uint32_t found = m_ids.find_or_add(keys.key_hash(k), m_size);
            if (found == HashIds::NONE) {
                found = m_size++;
                m_docs.push_back(0);
            }
            known = found + 1;
        }
        return known - 1;
    }

    /// Keys numbered.
    std::uint32_t size() const { return m_size; }

    /// A scratch array of one count per number (growing as of() numbers keys), every entry 0;
    /// whoever changes entries sets them back before the next use (top_of_parts()).
    std::vector<std::uint32_t>& docs_scratch() { return m_docs; }

    /// Scratch sets of numbers for top_of_parts()'s rare keys (any content: it assigns them).
    Bitset& counted_scratch() { return m_counted; }

    Bitset& marked_scratch() { return m_marked; }

private:
    HashIds m_ids;
    std::vector<HugeVector<std::uint32_t>> m_of_part;  // by part and key id: number + 1, 0: none
    std::uint32_t m_size = 0;
    std::vector<std::uint32_t> m_docs;
    Bitset m_counted, m_marked;
};

/// top_of() of the union of disjoint document sets, each counted by its own memo (`parts`: the
/// shards of a stub of local shards in `merged`'s order, each read from its own facet ids'
/// column): keys merged by FacetKeys::key_hash() (numbered in `merged`), a value's spellings by
/// their display hashes, so the counts and the values shown are those one memo over every
/// document would give.
///
/// `rare`, when not empty (one per part): the parts' rare keys marked and not counted. They are
/// numbered in `merged` for the distinct count, and nullopt is returned (nothing shown) when one
/// of them could be shown or could add to a value shown: the caller then counts them
/// (FacetSpy::counted()) and asks again without marks. Without marks the answer is never nullopt.
std::optional<FacetCounts> top_of_parts(
    const std::vector<CountedPart>& parts,
    std::size_t limit,
    MergedKeys& merged,
    const std::vector<RareMarks>& rare = {}
);

/// Exact counts of `facet` over every article of `db` (a browse: no query, no filter), from term
/// frequencies instead of a walk over the articles: a value's count is its key term's frequency
/// (schema::facet_term), or the size of the union of its keys' posting lists when an alias group
/// or a surname merge (`names`, for person-name facets) joins several keys, computed only for
/// values that can reach the top `limit`; its name is chosen from the frequencies of its spelling
/// terms (schema::spelling_term) by the rule of FacetTally::top. Equal to what FacetSpy counts over
/// Xapian::Query::MatchAll, at the cost of reading the facet's terms instead of every article's
/// slot. Works over stubs and remote shards (term frequencies are summed over sub-databases).
FacetCounts browse_counts(
    const Xapian::Database& db,
    Facet facet,
    const analyzers::AliasTable& aliases,
    const NameMerges* names,
    std::size_t limit
);

/// browse_counts() in parts: the facet's key terms scanned by ranges (browse_scan(), one per
/// thread if need be, each with its own Database of the same revision), merged, then the top
/// values counted and named (browse_top()). A plain value: move it between threads.
struct BrowseScan {
    struct Value {
        std::string canonical;          ///< the alias group's display form, "" when none
        std::vector<std::string> keys;  ///< its key terms' keys
        Xapian::doccount lower = 0;     ///< the largest key term frequency
        Xapian::doccount upper = 0;     ///< their sum
    };

    std::vector<Value> values;  ///< joined values, and the values of their own that may be shown
    std::unordered_map<std::string, std::size_t> joined;  ///< value key → index, joined values
    std::size_t alone = 0;                                ///< keys that are values of their own

    /// Adds the scan of another range of keys.
    void merge(BrowseScan&& other);
};

/// Scans the key terms of `facet` whose keys are in [`from`, `to`) ("": from the first, to the
/// last). `named`: indexer::named_keys() of `aliases` and `names` for the facet.
BrowseScan browse_scan(
    const Xapian::Database& db,
    Facet facet,
    const analyzers::AliasTable& aliases,
    const NameMerges* names,
    const HashIds& named,
    std::size_t limit,
    std::string_view from = {},
    std::string_view to = {}
);

/// browse_scan() of every key of `facet`, from the key frequencies of the facet ids' column's
/// dictionary (indexer::FacetDictionary::has_frequencies()) instead of the key terms: a pass over
/// two arrays instead of a million B-tree entries on the 285k benchmark archive. The keys that
/// may reach the top `limit` are named from the first article that has them. nullopt when the
/// dictionary cannot answer (no frequencies, or a first article without the key): browse_scan()
/// then answers. `db`: the database the column mirrors.
std::optional<BrowseScan> browse_scan_numbers(
    const Xapian::Database& db,
    const indexer::FacetDictionary& dictionary,
    Facet facet,
    const analyzers::AliasTable& aliases,
    const NameMerges* names,
    std::size_t limit
);

/// The top `limit` values of a facet's whole scan (browse_scan() of every range, merged).
FacetCounts browse_top(const Xapian::Database& db, Facet facet, BrowseScan scan, std::size_t limit);

/// What a facet count counts: matching articles, or matching stories (schema::SLOT_STORY).
enum class Counting { Articles, Stories };

/// Counts the packed multi-valued slots (schema::pack_values) of every document it sees: each
/// value once per document. A custom spy because Xapian 1.4's ValueCountMatchSpy counts one
/// value per slot (xapian-notes.md B1, option A). Per document and facet it decodes the slot in
/// place and does one hash lookup per value; spellings of one entity (same key, or one alias
/// group) are one value, counted once per document. Its result, tally(), is keyed by value.
/// Local only: it is not registered for remote databases. Not thread-safe: one per query.
///
/// Counting beside the match (`helpers` > 0): when every counted facet reads the facet ids'
/// column (FacetKeys::ids_column() with a dictionary) and the spy counts articles, the match only
/// hands document ids over, in batches, and `helpers` threads count them from the column while
/// Xapian goes on matching and the caller renders its hits; finish() counts with them until every
/// batch is counted (alone when the match is too small to be worth a thread). Each thread counts a
/// facet at a time (a FacetKeys is touched by one thread at a time), so the counts and the values
/// shown are those of the single-threaded count. The rare document whose column bytes do not decode
/// is read from its slot by finish(), on the caller's thread, which alone uses Xapian.
///
/// Counting stories (`Counting::Stories`, `search --count stories`): a value is counted once per
/// story (schema::SLOT_STORY) among the matching articles that have it, so forty copies of one wire
/// story count once. The spy then remembers each (value, story) pair it has counted.
class FacetSpy : public Xapian::MatchSpy {
public:
    /// `keys` holds one FacetKeys per facet (shared between the spies of one Searcher, and must
    /// outlive this one).
    /// `helpers`: threads that count beside the match (see above); 0: the match counts.
    FacetSpy(
        std::vector<Facet> facets,
        FacetMemo& keys,
        Counting counting = Counting::Articles,
        std::size_t helpers = 0
    );
    ~FacetSpy() override;

    FacetSpy(const FacetSpy&) = delete;
    FacetSpy& operator=(const FacetSpy&) = delete;

    void operator()(const Xapian::Document& doc, double weight) override;

    /// Hands the last batch to the helpers, which count while the caller goes on; a no-op when
    /// the match counts. Called after the match (Enquire::get_mset()), before finish().
    void flush();

    /// Counts with the helpers until every document is counted, then reads from their slots the
    /// documents whose column bytes did not decode. Needed before counts(), tally() and top()
    /// when the spy has helpers (a no-op otherwise).
    /// @throws what counting threw in a helper (std::bad_alloc, dossier::SchemaError);
    ///         SearchCancelled once the cancellation of set_cancellation() is set.
    void finish();

    /// A cancellation the counting beside the match polls between batches (the match itself
    /// is stopped by the Searcher's CancelSpy): once set, the helpers stop and finish() throws
    /// SearchCancelled. Null (the default): none.
    void set_cancellation(const Cancellation* cancel) { m_cancel = cancel; }

    Xapian::MatchSpy* clone() const override;

    std::string name() const override;

    /// Documents seen (with checkatleast = doccount: every match).
    std::size_t documents() const { return m_documents; }

    /// Documents whose facet ids it read from the ids' column (FacetKeys::ids_column()) rather
    /// than from their slot (the memo knew the others, or the column could not be decoded).
    /// Beside the match: documents of which no facet was read from its slot.
    std::size_t column_documents() const { return m_column_documents; }

    /// Whether the helper threads count (the conditions above hold and `helpers` > 0).
    bool beside_match() const { return m_beside != nullptr; }

    /// Documents of `facet` whose rare keys (FacetKeys::RARE) are marked and not counted yet:
    /// top() counts them only when one could be shown, tally() and counted() always.
    std::size_t rare_pending(Facet facet) const;

    bool counts(Facet facet) const;

    /// The counts of `facet` keyed by value (empty when the spy does not count it).
    FacetTally tally(Facet facet) const;

    /// tally(facet).top(limit), without building the tally (top_of()).
    FacetCounts top(Facet facet, std::size_t limit) const;

    /// The memo and the counts by id of `facet`, every key counted having an id, for
    /// top_of_parts(); nullopt when the spy does not count it. `rare`: the rare keys counted
    /// too; else those marked stay so (rare_marks()).
    std::optional<CountedPart> counted(Facet facet, bool rare = true) const;

    /// The rare keys of `facet` marked and not counted (RareMarks::seen null when none).
    RareMarks rare_marks(Facet facet) const;

private:
    /// A story number of this spy, or NO_STORY when counting articles.
    static constexpr std::uint32_t NO_STORY = UINT32_MAX;
    /// Document ids handed over at once beside the match, at most, and the span of ids of one
    /// batch, at most.
    static constexpr std::size_t BATCH = 2048;
    static constexpr Xapian::docid BATCH_SPAN = 4096;

    /// One document's facet ids, read and split on first use: from the column's numbers, or
    /// from schema::SLOT_FACET_IDS.
    struct DocumentIds {
        DocumentIds(const Xapian::Document& d, const indexer::ValueColumn* c)
            : doc(&d), column(c) {}

        const Xapian::Document* doc;
        const indexer::ValueColumn* column;  ///< read instead of the slot when not null
        std::string value;
        indexer::schema::FacetIdSections sections{};
        bool read = false;
        bool from_column = false;  ///< the ids were read from the column (numbers)
        /// The ids of `facet`: its numbers from the column, else its section of the slot
        /// (pack_facet_ids() form, a view into `value`).
        FacetKeys::Bytes of(Facet facet);
    };

    /// Counts of one facet's alone keys (not joined by alias groups or surname merges) and of
    /// their spellings by the column dictionary's numbers, for a count without the document memo
    /// (FacetKeys::counts_numbers(): one query per process, the CLI). Each key of each document
    /// is an increment in an array indexed by number, and a value in a spelling other than its
    /// key's default (a few in a hundred) one more, in a hash map; only the keys that can be shown
    /// are given key ids and display ids afterwards (settle()), where a broad query meets hundreds
    /// of thousands and shows ten. Joined keys, rare, are counted by ids as before.
    struct NumberCounts {
        struct Free {
            void operator()(void* p) const { std::free(p); }
        };

        /// A display counted, in first-count order.
        struct Touched {
            std::uint32_t display;  // its index
            std::uint32_t key;      // its key's index; UINT32_MAX once it has an id in IdCounts
            Xapian::docid first;    // the first document with it (read for its string)
        };

        /// Arrays for the facet `facet` of `numbers` (zeroed lazily: calloc).
        NumberCounts(const indexer::FacetDictionary& numbers, Facet facet);

        /// Counts the alone keys of a document's section; true when it has a joined key too.
        /// @throws dossier::SchemaError (nothing counted) when `check` and a number is not in
        ///         the dictionary, or when the section is out of order.
        bool add(Xapian::docid did, std::string_view section, bool check);

        /// The display index of key index `k`'s default display (display code 0).
        /// @throws dossier::SchemaError when the dictionary's number is not a display.
        std::uint32_t default_display(std::uint32_t k) const;

        /// add()'s scratch: the key index flagged FIRST on a key's first value in the
        /// document, and the display index or DEFAULT.
        static constexpr std::uint32_t FIRST = 0x80000000U;
        static constexpr std::uint32_t DEFAULT = UINT32_MAX;

        const indexer::FacetDictionary& dictionary;
        Facet facet;
        /// Documents by alone key index (ByteCount). 0: not counted, or, once counting is done,
        /// a key settle() gave an id.
        std::unique_ptr<std::uint8_t[], Free> key_docs;
        ByteCount::Carries key_carries;
        /// Documents by display index, of the displays other than their key's default: 0.1-2.4%
        /// of the values at 285k, so a hash map rather than an array the size of the dictionary's
        /// displays, whose pages a query would fault in (zeroing huge pages) for a few counts.
        std::unordered_map<std::uint32_t, std::uint32_t> display_docs;
        std::vector<std::uint32_t> touched_keys;  // key indices counted, first-count order
        std::vector<Touched> touched_displays;    // displays other than their key's default
        /// By key index: the documents counted with the key but not its default display (the
        /// default's count is the key's less these).
        std::unordered_map<std::uint32_t, std::uint32_t> lacking;
        std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;  // add()'s scratch

        /// The documents of key index `k` (not settled).
        std::uint32_t key_count(std::uint32_t k) const {
            return ByteCount::value(key_docs[k], k, key_carries);
        }

        /// The documents of display index `d`.
        std::uint32_t display_count(std::uint32_t d) const { return display_docs.at(d); }

        /// Keys with at least this many documents are settled.
        std::uint32_t settled_least = UINT32_MAX;
        std::size_t settled = 0;  // keys settled
        /// The keys that reached the least count of least_shown()'s heap (`reached_least`).
        std::vector<std::uint32_t> reached;
        std::uint32_t reached_least = 0;
        std::unordered_map<std::uint32_t, std::uint32_t> ids;  // key index → key id (settled)
    };

    struct Counter {
        Facet facet;
        FacetKeys* keys;
        /// The counts by id; settle() adds those of NumberCounts as top() and tally() need them.
        mutable IdCounts counts;
        mutable std::unique_ptr<NumberCounts> numbers;  // counts_numbers(); else nullptr
        bool numbers_mixed = false;  // a document was read from its slot: settle every key
        std::unordered_set<std::uint64_t> seen;  // (story, display or key id) counted, by story
        /// Rare keys (FacetKeys::RARE) are marked in `rare_seen` (by key id) and their
        /// documents listed in `rare_docs`, not counted, until count_rare(): articles counted,
        /// from the memo. A set of 1-bit marks instead of counts spread over every key of the
        /// archive: a broad query touches hundreds of thousands of keys in a few articles each.
        bool defers_rare = false;
        mutable Bitset rare_seen{};
        mutable std::vector<Xapian::docid> rare_docs{};
        /// Counts the rare keys of `rare_docs` into `counts` (once). A throw (std::bad_alloc)
        /// leaves them counted in part: the spy is then given up, as after any throw.
        void count_rare() const;
        /// The distinct rare keys not counted yet.
        std::size_t rare_distinct() const;
        /// Counts `doc`, whose facet ids `ids` reads (once for all counters).
        void count(const Xapian::Document& doc, std::uint32_t story, DocumentIds& ids);
        /// Counts document `did` from the column's numbers (beside the match: no Xapian call);
        /// false when its bytes of this facet do not decode (nothing counted). Sets `read_to` to
        /// `did` when it reads the column (the memo does not know the document).
        bool count_numbers(
            Xapian::docid did, const indexer::ValueColumn& column, Xapian::docid& read_to
        );
        /// Counts the values of document `did`, of story `story`.
        void add(const FacetKeys::DocumentValues& v, std::uint32_t story, Xapian::docid did);
        /// Counts a document's section of the column's numbers with `numbers`.
        /// @throws dossier::SchemaError (nothing counted) when `check` and it does not decode.
        void add_numbers(Xapian::docid did, std::string_view section, bool check);
        /// Gives the keys of `numbers` with at least `least` documents (and their spellings)
        /// ids in `counts`; returns the distinct keys counted in all.
        std::size_t settle(std::uint32_t least) const;
        /// The documents of the limit-th most frequent key (0: fewer keys), by ids and numbers.
        std::uint32_t least_shown(std::size_t limit) const;

        /// What a story has been counted for: a key, a display, a key's primary spelling.
        enum Kind : std::uint32_t { KEY, DISPLAY, PRIMARY_SPELLING };

        bool first_in_story(std::uint32_t story, std::uint32_t id, Kind kind);
    };

    /// The counter of `facet`, nullptr when the spy does not count it.
    const Counter* counter(Facet facet) const;
    /// @throws std::logic_error when helpers still count (finish() not called).
    void require_finished() const;

    std::vector<Facet> m_facets;
    FacetMemo* m_keys;
    Counting m_counting;
    std::vector<Counter> m_counters;
    std::unordered_map<std::string, std::uint32_t> m_stories;  // story id → number
    std::size_t m_documents = 0;
    indexer::ColumnCursor m_column_cursor;  // the match's place in the ids' column
    std::size_t m_column_documents = 0;
    struct Beside;  // the batches and threads that count beside the match (facets.cpp)
    std::unique_ptr<Beside> m_beside;
    const Cancellation* m_cancel = nullptr;  ///< set_cancellation()
    std::vector<Xapian::docid> m_batch;      // beside the match: ids not handed over yet
};

/// The display values packed in slot `facet_slot(facet)` of `doc`; empty when there are none.
std::vector<std::string> facet_values(const Xapian::Document& doc, Facet facet);

}  // namespace dossier::searcher
