/// One name, one value: the archive's surname merges of the person and speaker facets, computed
/// from the index's own key terms and kept in the index beside the commit they describe.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "analyzers/aliases.hpp"
#include "indexer/hash_ids.hpp"
#include "indexer/schema.hpp"

namespace dossier::indexer {

/// One name, one value, across the archive: a lone surname ("Reagan") stands for the one full
/// name of the archive that ends in it ("Ronald Reagan"), in the person and speaker facets.
/// Built from the index's own person and speaker key terms (schema::PREFIX_PERSON,
/// PREFIX_SPEAKER), so it describes the archive as it is: an article added later that names a
/// second full name with that surname ("Nancy Reagan") makes "Reagan" ambiguous, and the values
/// come apart (two Bushes stay apart). Applied by the searcher to counts (the surname's articles
/// count under the full name, which is shown) and to filters (either form selects both).
///
/// Kept in the index (schema::META_NAME_MERGES): IndexWriter's final commit of a run, and a
/// rebuild before its switch, store the merges of the database they commit together with the
/// commit token (schema::META_COMMIT) they were computed at; of_database() uses them only while
/// that token is the database's, so an article changed by any later commit (a batch, another
/// writer, --prune) makes a reader compute them from the terms again until the next run's end.
/// Immutable after construction.
class NameMerges {
public:
    NameMerges() = default;

    /// From the keys (fold_key()s) of the person and speaker facets with their article counts:
    /// a one-word key merges into the only key of two to four words whose last word it is; none
    /// when there are several. A full name of one article beside one of three articles or more
    /// is taken as extraction noise ("Athough Reagan" beside "Ronald Reagan").
    /// `veto(one-word key, full key)`, when given and true, leaves that merge out.
    static NameMerges from_keys(
        const std::map<std::string, std::size_t>& keys,
        const std::function<bool(const std::string&, const std::string&)>& veto = {}
    );

    /// from_keys() of the person and speaker key terms of `db` (each key with the larger of its
    /// two facets' article counts). A one-word key with at least as many articles as an
    /// organization (schema::PREFIX_ORG) as a person is a company's name: it merges only into a
    /// full key that is an organization of at least as many articles ("Sachs" → "Goldman Sachs";
    /// "Apple" never → "Big Apple", a person by extraction noise). Reads every such term: seconds
    /// on a 285k-article archive.
    static NameMerges from_database(const Xapian::Database& db);

    /// The merges stored in `db` when they describe its current commit (a database of one
    /// sub-database, whose META_NAME_MERGES carries its META_COMMIT token), else nullopt.
    static std::optional<NameMerges> stored(const Xapian::Database& db);

    /// stored(db), else from_database(db). A stub of several databases always computes: each
    /// shard's stored merges describe that shard only (see stored_for_stub()).
    static NameMerges of_database(const Xapian::Database& db);

    /// The token a stub's merges are stamped with: the META_COMMIT of each of `parts` (a stub's
    /// sub-databases, each opened alone) that has articles, sorted and joined by ','; "" when
    /// one of those has none (a database no Dossier writer committed: nothing tells its changes).
    static std::string stub_token(const std::vector<Xapian::Database>& parts);

    /// The merges of a stub over `parts` stored in `meta` (schema::META_STUB_NAME_MERGES) when
    /// they are stamped with stub_token(parts), else nullopt.
    static std::optional<NameMerges>
    stored_for_stub(const Xapian::Database& meta, const std::vector<Xapian::Database>& parts);

    /// Computes the merges of `stub` (a database over every one of `parts`, in order) and sets
    /// them in `meta`, stamped with stub_token(parts), for its next commit; nothing when they
    /// are stamped so already or the token is "".
    static void store_for_stub(
        Xapian::WritableDatabase& meta,
        const Xapian::Database& stub,
        const std::vector<Xapian::Database>& parts
    );

    /// Computes the merges of `db` (its terms as they will be committed) and sets them, stamped
    /// with its current META_COMMIT, as metadata of the next commit.
    static void store(Xapian::WritableDatabase& db);

    /// The full-name key a one-word key stands for, or nullptr.
    const std::string* full_key(std::string_view key) const;

    /// The one-word keys that stand for `full_key`.
    std::vector<std::string> short_keys(std::string_view full_key) const;

    /// True when some one-word key stands for `key` (short_keys() is not empty).
    bool has_short_keys(std::string_view key) const { return m_short.find(key) != m_short.end(); }

    std::size_t size() const { return m_full.size(); }

    /// Calls `f(surname key, full name key)` for every merge, in no particular order (the
    /// searcher builds a hash map of them; serialise() sorts).
    template <class F>
    void for_each(F&& f) const {
        for (const auto& [short_key, full_key] : m_full) {
            f(short_key, full_key);
        }
    }

    bool operator==(const NameMerges& other) const { return m_full == other.m_full; }

    /// The stored form: "surname key TAB full name key" lines, in key order.
    std::string serialise() const;

    /// serialise()'s output back; nullopt when it is malformed.
    static std::optional<NameMerges> parse(std::string_view text);

private:
    /// Hashes std::string and std::string_view alike (lookups by view, no copy).
    struct KeyHash {
        using is_transparent = void;

        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };

    using Full = std::unordered_map<std::string, std::string, KeyHash, std::equal_to<>>;

    void add(std::string short_key, std::string full_key);
    std::vector<const Full::value_type*> in_key_order() const;

    // Hashed, not ordered: a browse looks up each of a million keys in both (an ordered map's
    // string comparisons were a third of a cold browse at 285k articles).
    Full m_full;  // surname key → full name key
    std::unordered_multimap<std::string, std::string, KeyHash, std::equal_to<>>
        m_short;  // full name key → surname key
};

/// Calls `f(key)` for every key of facet `spec` that an alias group of `aliases` names (its
/// variants' keys and its canonical form's key) or a surname merge of `names` names (its short
/// and its full key; nullptr: none), some of them more than once. A key not among them is a value
/// of its own; one among them may be joined to others, or others to it. The one definition of
/// that set for the facet ids' column's writer (which numbers those keys apart) and for a browse
/// (which looks only those up in the tables).
template <class F>
void for_each_named_key(
    const analyzers::AliasTable& aliases,
    const NameMerges* names,
    const schema::FacetSpec& spec,
    F&& f
) {
    aliases.for_each_key(
        [&](const std::string& key, const analyzers::AliasGroup& group) {
            f(key);
            f(schema::facet_key(spec, group.canonical));
        },
        spec.key_kind
    );
    if (names != nullptr) {
        names->for_each([&](const std::string& short_key, const std::string& full_key) {
            f(short_key);
            f(full_key);
        });
    }
}

/// The hashes (analyzers::fnv1a64) of the keys for_each_named_key() lists.
HashIds named_keys(
    const analyzers::AliasTable& aliases, const NameMerges* names, const schema::FacetSpec& spec
);

}  // namespace dossier::indexer
