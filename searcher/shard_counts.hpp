/// Counting a query's matches shard by shard over a stub of local shards (`search --db DIR` of
/// `indexer --shards N`), each shard read from its own columns, on several cores.
///
/// Why: over a stub, Xapian hands a MatchSpy each matching document with its shard's own
/// document id and no word of which shard it came from (Xapian 1.4's multi-database match), so
/// a spy on the stub's match cannot use a shard's columns (indexer/columns.hpp), which are
/// indexed by that id: it read every match's facet, date and story slots through Xapian's value
/// B-trees and hashed the strings, five to ten times one database's cost (docs/shards.md). Here
/// each shard is matched on its own handle with the same query (no ranking: BoolWeight, no
/// hits), with the spies a single database uses, and the counts are merged: a shard holds each
/// article once, so counts add up, and values merge by key hash (top_of_parts()). The stub's
/// own match ranks the page meanwhile, with the collection-wide statistics.
#pragma once

#include <atomic>
#include <cstddef>
#include <exception>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "indexer/columns.hpp"
#include "searcher/cancel.hpp"
#include "searcher/facets.hpp"
#include "searcher/value_counts.hpp"

namespace dossier::searcher {

/// One shard of a stub of local shards as ShardCounting counts it: its own handle on the shard
/// (at the revision the stub opened), the columns that mirror it, and the memos kept across
/// queries. Not thread-safe: one thread at a time (ShardCounting hands each part to one).
struct ShardPart {
    Xapian::Database db;
    std::shared_ptr<const indexer::ValueColumn> ids, dates, stories;
    FacetMemo facet_keys;
    SlotValues story_memo, date_memo;

    /// The part for `part` (one sub-database of an opened stub, with documents) in its live
    /// directory `dir`, or nullptr when it cannot be counted on its own: a column that is
    /// missing or stale, or (unless `retry`) a handle of another revision.
    /// @throws ShardPart::Changed when `retry` and the shard's own handle opened another
    ///         revision than the stub's (a commit between the two opens): opening the stub
    ///         again gives both the same one.
    static std::unique_ptr<ShardPart>
    open(const std::string& dir, const Xapian::Database& part, bool retry);

    /// ShardPart::open()'s "open the stub again".
    struct Changed : std::runtime_error {
        using std::runtime_error::runtime_error;
    };

    /// Empties the memos (FacetKeys::reset(), set_part_of_stub()), as Searcher::reset_memos().
    void reset(const analyzers::AliasTable& aliases, const NameMerges& names, bool memo_documents);
};

/// The counts of one query over every part, as the spies of one database give them: started
/// before the stub's match, which it runs beside (on `helpers` threads), finished after it.
class ShardCounting {
public:
    /// What each part counts besides its matches.
    struct Asked {
        std::vector<Facet> facets;  ///< the facets counted (articles, not stories)
        bool dates = false;         ///< the articles per day (SLOT_DATE)
        bool stories = true;        ///< the stories (stories(), articles(story))
    };

    /// Starts `helpers` threads (at most one per part; fewer when threads cannot be had)
    /// counting `query` in `parts` (which must outlive this), each part once. `cancel`: polled
    /// during each part's match (nullptr: none).
    ShardCounting(
        std::vector<ShardPart*> parts,
        const Xapian::Query& query,
        Asked asked,
        const Cancellation* cancel,
        std::size_t helpers
    );
    ~ShardCounting();

    ShardCounting(const ShardCounting&) = delete;
    ShardCounting& operator=(const ShardCounting&) = delete;

    /// Counts the parts no helper took, on this thread, then waits for the helpers. Needed
    /// before anything below.
    /// @throws the first failure of a part's count (Xapian::DatabaseModifiedError,
    ///         SearchCancelled, std::bad_alloc...).
    void finish();

    /// Matching articles.
    std::size_t total() const { return m_total; }

    /// Distinct stories among them (StoryCounts::stories() of their union; asked.stories).
    std::size_t stories() const { return m_stories; }

    /// The matching articles of `story` (an article's SLOT_STORY; asked.stories): at least 1.
    std::size_t articles(const std::string& story) const;

    /// Matching articles per date value (asked.dates).
    std::map<std::string, std::size_t> by_day() const;

    /// Documents the facet spies saw (FacetSpy::documents() summed).
    std::size_t facet_documents() const;

    /// The merged counts of `facet` (one of asked.facets), numbering keys in `merged`, which
    /// may be kept across queries over the same parts until their memos are reset().
    FacetCounts top(Facet facet, std::size_t limit, MergedKeys& merged) const;
    FacetTally tally(Facet facet) const;

private:
    struct Counted {
        std::unique_ptr<FacetSpy> facets;
        std::unique_ptr<ValueCounts> dates;
        std::unique_ptr<StoryCounts> stories;
        std::size_t total = 0;
    };

    /// Takes parts until none is left.
    void take();
    void count(std::size_t i);

    std::vector<ShardPart*> m_parts;
    /// The query, serialised: each part matches its own copy (Xapian's reference counts are not
    /// atomic, so threads must not share a Query, even one they only read).
    std::string m_query;
    Asked m_asked;
    const Cancellation* m_cancel;
    std::vector<Counted> m_counted;            // by part
    std::vector<std::exception_ptr> m_failed;  // by part
    std::atomic<std::size_t> m_next{0};
    std::vector<std::thread> m_helpers;
    bool m_finished = false;
    std::size_t m_total = 0;
    std::size_t m_stories = 0;
    std::unordered_map<std::string, std::size_t> m_shared;  // articles per shared story
};

}  // namespace dossier::searcher
