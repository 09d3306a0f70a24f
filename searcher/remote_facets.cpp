#include "searcher/remote_facets.hpp"

#include <algorithm>
#include <cstdint>
#include <string_view>

#include "analyzers/error.hpp"
#include "indexer/schema.hpp"

namespace dossier::searcher {

CombinationFacets::CombinationFacets(std::vector<Facet> facets, FacetMemo& keys)
    : m_facets(std::move(facets)), m_keys(keys), m_counts(m_facets.size()) {
    for (std::size_t i = 0; i < m_facets.size(); ++i) {
        FacetKeys& facet_keys = m_keys[m_facets[i]];
        IdCounts& tallied = m_counts[i];
        m_spies.push_back(std::make_unique<WireValueCounts>(
            facet_slot(m_facets[i]),
            [&facet_keys, &tallied](std::string_view packed, std::size_t documents) {
                const auto n = static_cast<std::uint32_t>(documents);
                const FacetKeys::DocumentValues v = facet_keys.combination(packed);
                for (std::size_t d = 0; d < v.display_count; ++d) {
                    tallied.add_display(v.displays[d], n);
                }
                // Spellings of one entity in one combination count once for its articles.
                for (std::size_t k = 0; k < v.key_count; ++k) {
                    tallied.add_key(v.keys[k], n);
                }
            }
        ));
    }
}

CombinationFacets::~CombinationFacets() = default;

void CombinationFacets::attach(Xapian::Enquire& enquire) {
    for (auto& spy : m_spies) {
        enquire.add_matchspy(spy.get());
    }
}

std::size_t CombinationFacets::documents() const {
    return m_spies.empty() ? 0 : m_spies.front()->total();
}

const IdCounts* CombinationFacets::counts(Facet facet) const {
    auto pos = std::find(m_facets.begin(), m_facets.end(), facet);
    return pos == m_facets.end() ? nullptr
                                 : &m_counts[static_cast<std::size_t>(pos - m_facets.begin())];
}

FacetTally CombinationFacets::tally(Facet facet) const {
    const IdCounts* c = counts(facet);
    return c ? tally_of(m_keys[facet], *c) : FacetTally();
}

FacetCounts CombinationFacets::top(Facet facet, std::size_t limit) const {
    const IdCounts* c = counts(facet);
    return c ? top_of(m_keys[facet], *c, limit) : FacetCounts();
}

MatchFacets::MatchFacets(
    std::vector<Facet> facets,
    FacetMemo& keys,
    bool remote,
    Counting counting,
    std::size_t helpers,
    const Cancellation* cancel
) {
    if (remote && counting == Counting::Stories) {
        throw QueryError("facets cannot count stories when a shard is remote: count articles");
    }
    if (remote) {
        m_remote = std::make_unique<CombinationFacets>(std::move(facets), keys);
    } else {
        m_local = std::make_unique<FacetSpy>(std::move(facets), keys, counting, helpers);
        m_local->set_cancellation(cancel);
    }
}

MatchFacets::~MatchFacets() = default;

void MatchFacets::attach(Xapian::Enquire& enquire) {
    if (m_remote) {
        m_remote->attach(enquire);
    } else {
        enquire.add_matchspy(m_local.get());
    }
}

void MatchFacets::flush() {
    if (m_local) {
        m_local->flush();
    }
}

void MatchFacets::finish() {
    if (m_local) {
        m_local->finish();
    }
}

std::size_t MatchFacets::documents() const {
    return m_remote ? m_remote->documents() : m_local->documents();
}

FacetTally MatchFacets::tally(Facet facet) const {
    return m_remote ? m_remote->tally(facet) : m_local->tally(facet);
}

FacetCounts MatchFacets::top(Facet facet, std::size_t limit) const {
    return m_remote ? m_remote->top(facet, limit) : m_local->top(facet, limit);
}

}  // namespace dossier::searcher
