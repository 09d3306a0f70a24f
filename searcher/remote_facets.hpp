/// Exact multi-valued facet counts that remote shards can compute: Xapian's built-in
/// ValueCountMatchSpy, the only spy the stock `xapian-tcpsrv` runs (xapian-notes.md B2).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include <xapian.h>

#include "searcher/facets.hpp"

namespace dossier::searcher {

/// One ValueCountMatchSpy per facet over its packed slot (schema::pack_values: every value of the
/// article, sorted and de-duplicated, in one slot). Each shard counts the articles of each distinct
/// *combination* of values; Xapian merges those counts across shards (a sum per combination), and
/// top() splits them exactly: a value's count is the sum of the counts of the combinations that
/// hold it (an article holds one combination per slot, and each value once in it). Spellings of
/// one entity are merged as FacetSpy merges them (FacetKeys), once per combination.
/// The cost is the number of distinct combinations in the match set, which for speakers and
/// organizations is close to the number of matching articles with any (docs/shards.md, measured).
/// Not thread-safe.
class CombinationFacets {
public:
    /// `keys`: one FacetKeys per facet in ALL_FACETS order (the Searcher's value memo; only its
    /// value → key part is used, never the per-document part, which is keyed by docid).
    CombinationFacets(std::vector<Facet> facets, std::array<FacetKeys, 3>& keys);
    ~CombinationFacets();

    /// Adds the spies to `enquire` (they must outlive its get_mset()).
    void attach(Xapian::Enquire& enquire);

    /// Articles the spies saw (with checkatleast = doccount and relevance order: every match).
    std::size_t documents() const;

    /// The `limit` most frequent values of `facet` over the match set (as FacetSpy::top()).
    FacetCounts top(Facet facet, std::size_t limit);

private:
    std::vector<Facet> m_facets;
    std::array<FacetKeys, 3>& m_keys;
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> m_spies;
};

}  // namespace dossier::searcher
