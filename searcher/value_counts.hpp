/// Exact counts of a single-valued slot (the story, the date) over a whole match set, kept cheap
/// for the broad queries that match most of an archive.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

namespace dossier::searcher {

/// Hashes std::string keys and looks them up by std::string_view without a copy (with
/// std::equal_to<> as the key equality).
struct StringHash {
    using is_transparent = void;

    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

/// A memo of one single-valued slot: each distinct value gets a small id, and the id of each
/// document seen is kept by document id, so a warm query reads no value and hashes no string.
/// As FacetKeys: the per-document part holds for one revision of a database of one
/// sub-database, and reset() drops it when the database is reopened; over a stub of several
/// databases (document ids repeat) it keeps only the values. Not thread-safe: one per Searcher.
class SlotValues {
public:
    static constexpr std::uint32_t UNSEEN = UINT32_MAX;

    /// Empties the memo; `memo_documents`: keep each document's id (one sub-database only).
    void reset(bool memo_documents);

    /// The id of document `did`'s value: read with `read()` on first sight (or every time
    /// without the document memo).
    template <class Read>
    std::uint32_t id(Xapian::docid did, Read&& read) {
        if (!m_memo_documents) {
            return intern(read());
        }
        if (did >= m_docs.size()) {
            m_docs.resize(std::max<std::size_t>(did + 1, m_docs.size() * 2), UNSEEN);
        }
        std::uint32_t& at = m_docs[did];
        if (at == UNSEEN) {
            at = intern(read());
        }
        return at;
    }

    /// The id of `value`, adding it on first sight.
    std::uint32_t intern(std::string_view value);

    /// The id of `value` when it has been seen.
    std::optional<std::uint32_t> find(std::string_view value) const;

    const std::string& value(std::uint32_t id) const { return m_values[id]; }

    std::size_t size() const { return m_values.size(); }

private:
    bool m_memo_documents = true;
    std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>> m_ids;
    std::vector<std::string> m_values;
    std::vector<std::uint32_t> m_docs;  // by document id: value id, UNSEEN
};

/// Matching documents per value of one slot, seen by a spy before any collapsing: the exact
/// total, the number of distinct values and the documents of each value. Over remote shards
/// this is Xapian's ValueCountMatchSpy, the only spy the stock server runs. Locally a spy over
/// a SlotValues memo does the same with array increments: the built-in spy inserts every
/// document's value into a std::map of strings, which on a broad query (19k matches, about as
/// many stories, ids sharing long prefixes) cost a fifth of the query (perf, docs/facets.md).
/// Not thread-safe: one per query.
class ValueCounts {
public:
    /// `memo`: the Searcher's memo of `slot` (unused when `remote`; must outlive this).
    ValueCounts(Xapian::valueno slot, SlotValues& memo, bool remote);
    ~ValueCounts();

    /// Adds the spy to `enquire` (this must outlive its get_mset()).
    void attach(Xapian::Enquire& enquire);

    /// Documents seen.
    std::size_t total() const;

    /// Distinct values among them (documents without the value are not counted, as in Xapian's
    /// ValueCountMatchSpy).
    std::size_t distinct() const;

    /// The documents seen with `value`.
    std::size_t count(const std::string& value);

    /// Calls `f(value, documents)` for every value seen.
    void for_each(const std::function<void(const std::string&, std::size_t)>& f) const;

private:
    struct Spy : Xapian::MatchSpy {
        Xapian::valueno slot = 0;
        SlotValues* memo = nullptr;
        std::vector<std::uint32_t> counts;  // by value id
        std::size_t total = 0;
        std::size_t distinct = 0;

        void operator()(const Xapian::Document& doc, double weight) override;
    };

    std::optional<Xapian::ValueCountMatchSpy> m_remote;
    Spy m_local;
    std::unordered_map<std::string, std::size_t> m_remote_counts;  // filled on first count()
};

}  // namespace dossier::searcher
