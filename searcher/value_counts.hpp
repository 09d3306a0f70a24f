/// Exact counts of a single-valued slot (the story, the date) over a whole match set, kept cheap
/// for the broad queries that match most of an archive.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "indexer/columns.hpp"

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
    /// `column`: the column of the slot that mirrors the database (indexer::ValueColumn::open()),
    /// which a spy then reads instead of the slot; nullptr: none.
    void reset(bool memo_documents, std::shared_ptr<const indexer::ValueColumn> column = nullptr);

    /// The column reset() was given, or nullptr.
    const indexer::ValueColumn* column() const { return m_column.get(); }

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
    std::shared_ptr<const indexer::ValueColumn> m_column;
    std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>> m_ids;
    std::vector<std::string> m_values;
    std::vector<std::uint32_t> m_docs;  // by document id: value id, UNSEEN
    std::uint32_t m_empty = UNSEEN;     // the id of "" once seen
};

/// Xapian's ValueCountMatchSpy, the one spy the stock `xapian-tcpsrv` runs (xapian-notes.md B2),
/// with the client's half replaced. A remote shard runs the stock spy (name() and serialise()
/// are ValueCountMatchSpy's, so the server builds its own) and sends back its counts
/// (ValueCountMatchSpy::serialise_results(): the documents it saw, then every distinct value
/// with its documents); the stock merge_results() inserts each into a std::map of strings, which
/// on a broad query over 2 shards was the largest part of the client's time (docs/shards.md,
/// "Broad queries"). Here each (value, documents) goes straight to `add`, which counts it into
/// the Searcher's memos by id. A local sub-database's documents are handed over one at a time.
/// Not thread-safe: one per query.
class WireValueCounts : public Xapian::ValueCountMatchSpy {
public:
    /// Called with every non-empty value seen and its documents (a value may come once per
    /// shard: the caller adds them up).
    using Add = std::function<void(std::string_view value, std::size_t documents)>;

    WireValueCounts(Xapian::valueno slot, Add add);

    void operator()(const Xapian::Document& doc, double weight) override;

    void merge_results(const std::string& serialised) override;

    /// Documents seen, local and remote (with or without a value).
    std::size_t total() const { return m_total; }

private:
    Xapian::valueno m_slot;
    Add m_add;
    std::size_t m_total = 0;
};

/// Parses ValueCountMatchSpy::serialise_results() of Xapian 1.4 (lengths and counts in its
/// net/length encoding): adds the documents seen to `total` and calls `add(value, documents)`
/// for each value. @throws Xapian::NetworkError when `serialised` is malformed.
void parse_value_counts(
    std::string_view serialised, std::size_t& total, const WireValueCounts::Add& add
);

/// Matching documents per value of one slot, seen by a spy before any collapsing: the exact
/// total, the number of distinct values and the documents of each value. Locally a spy over a
/// SlotValues memo counts with array increments: the built-in spy inserts every document's value
/// into a std::map of strings, which on a broad query (19k matches, about as many stories, ids
/// sharing long prefixes) cost a fifth of the query (perf, docs/facets.md). Over remote shards
/// the shards run Xapian's ValueCountMatchSpy, the only spy the stock server runs, and their
/// counts go into the same memo and array (WireValueCounts). Not thread-safe: one per query.
class ValueCounts {
public:
    /// `memo`: the Searcher's memo of `slot` (must outlive this).
    ValueCounts(Xapian::valueno slot, SlotValues& memo, bool remote);
    ~ValueCounts();

    /// Adds the spy to `enquire` (this must outlive its get_mset()).
    void attach(Xapian::Enquire& enquire);

    /// Documents seen.
    std::size_t total() const;

    /// Distinct values among them (documents without the value are not counted, as in Xapian's
    /// ValueCountMatchSpy).
    std::size_t distinct() const { return m_counts.distinct; }

    /// Documents seen with a value (the sum of the counts of every value).
    std::size_t valued() const { return m_counts.valued; }

    /// The documents seen with `value`.
    std::size_t count(const std::string& value);

    /// Calls `f(value, documents)` for every value seen.
    void for_each(const std::function<void(const std::string&, std::size_t)>& f) const;

private:
    /// Documents per value id of the memo.
    struct Counts {
        std::vector<std::uint32_t> by_id;
        std::size_t distinct = 0;
        std::size_t valued = 0;

        void add(std::uint32_t id, std::size_t memo_size, std::size_t documents) {
            if (id >= by_id.size()) {
                by_id.resize(std::max<std::size_t>(memo_size, id + 1) + 1024);
            }
            if (by_id[id] == 0) {
                ++distinct;
            }
            by_id[id] += static_cast<std::uint32_t>(documents);
            valued += documents;
        }
    };

    struct Spy : Xapian::MatchSpy {
        Xapian::valueno slot = 0;
        SlotValues* memo = nullptr;
        Counts* counts = nullptr;
        std::size_t total = 0;
        indexer::ColumnCursor cursor;  // the match's place in the memo's column

        void operator()(const Xapian::Document& doc, double weight) override;
    };

    SlotValues& m_memo;
    Counts m_counts;
    Spy m_local;
    std::optional<WireValueCounts> m_remote;
};

/// The stories of a match: its articles, its distinct stories (schema::SLOT_STORY) and the
/// matching articles of one story, exact before any collapsing. ValueCounts over
/// SLOT_STORY_SHARED, which only articles of stories of two or more carry: an article without
/// the value is a story of its own. Remote shards then send back those few stories rather than
/// every story id of the match (on a broad query about as many as matches), and a local count
/// interns only them (a browse of 285k articles hashed 285k story ids). Not thread-safe: one
/// per query.
class StoryCounts {
public:
    /// `memo`: the Searcher's story memo (must outlive this).
    StoryCounts(SlotValues& memo, bool remote);

    /// Adds the spy to `enquire` (this must outlive its get_mset()).
    void attach(Xapian::Enquire& enquire) { m_counts.attach(enquire); }

    /// Articles seen.
    std::size_t total() const { return m_counts.total(); }

    /// Distinct stories among them.
    std::size_t stories() const;

    /// The articles seen of `story`, the story of an article seen (so at least 1).
    std::size_t articles(const std::string& story);

    /// Articles seen that share their story with others (SLOT_STORY_SHARED).
    std::size_t sharing() const { return m_counts.valued(); }

    /// Calls `f(story, articles)` for every shared story seen.
    void for_each(const std::function<void(const std::string&, std::size_t)>& f) const {
        m_counts.for_each(f);
    }

private:
    ValueCounts m_counts;
};

/// What a browse (every article: no query, no filter) shows besides its facet counts, read
/// from the database's value streams instead of from a match over every article: the stories
/// (SLOT_STORY_SHARED, which only articles of stories of two or more carry, so the stream is a
/// tenth of the archive) and the articles per day (SLOT_DATE). With these the browse's match
/// needs no spy and stops at its page (a cold browse of 285k articles spent most of its time
/// walking every article for them). Local databases only (one, or a stub of several): Xapian's
/// remote backend has no value streams.
struct WholeArchive {
    std::size_t articles = 0;
    std::size_t stories = 0;
    std::unordered_map<std::string, std::size_t> shared;  ///< articles per story of two or more
    std::map<std::string, std::size_t> by_day;            ///< articles per date value

    static WholeArchive read(const Xapian::Database& db);

    /// The articles of the story `story` (an article's SLOT_STORY): at least 1.
    std::size_t articles_of(const std::string& story) const {
        auto it = shared.find(story);
        return it == shared.end() ? 1 : it->second;
    }
};

}  // namespace dossier::searcher
