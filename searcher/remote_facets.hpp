/// Exact multi-valued facet counts that remote shards can compute: Xapian's built-in
/// ValueCountMatchSpy, the only spy the stock `xapian-tcpsrv` runs (xapian-notes.md B2).
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include <xapian.h>

#include "searcher/facets.hpp"
#include "searcher/value_counts.hpp"

namespace dossier::searcher {

/// One ValueCountMatchSpy per facet over its packed slot (schema::pack_values: every value of the
/// article, sorted and de-duplicated, in one slot). Each shard counts the articles of each distinct
/// *combination* of values and sends them back; the client splits them exactly as they arrive
/// (WireValueCounts: no std::map of the shards' strings is built): a value's count is the sum of
/// the counts of the combinations that hold it (an article holds one combination per slot, and
/// each value once in it). Spellings of one entity are merged as FacetSpy merges them
/// (FacetKeys), once per combination, and each combination is decoded once per Searcher
/// (FacetKeys::combination()). The cost is the number of distinct combinations in the match set
/// (docs/shards.md, measured). Not thread-safe: one per query.
class CombinationFacets {
public:
    /// `keys`: the Searcher's memo; its value → key and combination parts are used (never the
    /// per-document part, which is keyed by document id).
    CombinationFacets(std::vector<Facet> facets, FacetMemo& keys);
    ~CombinationFacets();

    /// Adds the spies to `enquire` (they must outlive its get_mset()).
    void attach(Xapian::Enquire& enquire);

    /// Articles the spies saw (with checkatleast = doccount and relevance order: every match).
    std::size_t documents() const;

    /// The counts of `facet` keyed by value, as FacetSpy::tally() gives them.
    FacetTally tally(Facet facet) const;

    /// tally(facet).top(limit), without building the tally (top_of()).
    FacetCounts top(Facet facet, std::size_t limit) const;

private:
    /// Documents per display id and per key id of the facet's FacetKeys; nullptr when the
    /// facet is not counted.
    const IdCounts* counts(Facet facet) const;

    std::vector<Facet> m_facets;
    FacetMemo& m_keys;
    std::vector<IdCounts> m_counts;  // by position in m_facets
    std::vector<std::unique_ptr<WireValueCounts>> m_spies;
};

/// The facet counting of one match: FacetSpy over local databases, CombinationFacets when some
/// shard is remote (a custom spy fails there: "MatchSpy not suitable for use with remote
/// searches"). Not thread-safe: one per query.
class MatchFacets {
public:
    /// @throws dossier::QueryError for Counting::Stories when `remote`: Xapian's built-in spy
    /// counts articles, and no built-in spy counts stories.
    /// `helpers`: FacetSpy's threads counting beside the match (local only), which poll
    /// `cancel` (FacetSpy::set_cancellation) when it is not null.
    MatchFacets(
        std::vector<Facet> facets,
        FacetMemo& keys,
        bool remote,
        Counting counting,
        std::size_t helpers = 0,
        const Cancellation* cancel = nullptr
    );
    ~MatchFacets();

    void attach(Xapian::Enquire& enquire);
    /// After the match: FacetSpy::flush(), then FacetSpy::finish() before documents(), tally()
    /// and top() (no-ops for remote shards, counted by the match).
    void flush();
    void finish();
    std::size_t documents() const;
    FacetTally tally(Facet facet) const;
    FacetCounts top(Facet facet, std::size_t limit) const;

private:
    std::unique_ptr<FacetSpy> m_local;
    std::unique_ptr<CombinationFacets> m_remote;
};

}  // namespace dossier::searcher
