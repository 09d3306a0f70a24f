#include "searcher/remote_facets.hpp"

#include <algorithm>

namespace dossier::searcher {

CombinationFacets::CombinationFacets(std::vector<Facet> facets, std::array<FacetKeys, 3>& keys)
    : m_facets(std::move(facets)), m_keys(keys) {
    for (Facet f : m_facets) {
        m_spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(facet_slot(f)));
    }
}

CombinationFacets::~CombinationFacets() = default;

void CombinationFacets::attach(Xapian::Enquire& enquire) {
    for (auto& spy : m_spies) {
        enquire.add_matchspy(spy.get());
    }
}

std::size_t CombinationFacets::documents() const {
    return m_spies.empty() ? 0 : m_spies.front()->get_total();
}

FacetCounts CombinationFacets::top(Facet facet, std::size_t limit) {
    auto pos = std::find(m_facets.begin(), m_facets.end(), facet);
    if (pos == m_facets.end()) {
        return {};
    }
    const Xapian::ValueCountMatchSpy& spy =
        *m_spies[static_cast<std::size_t>(pos - m_facets.begin())];
    FacetKeys& keys = m_keys[static_cast<std::size_t>(facet)];
    std::vector<std::uint32_t> display_docs, key_docs, ids;
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
        const auto count = static_cast<std::uint32_t>(it.get_termfreq());
        ids.clear();
        const std::size_t displays = keys.decode(*it, ids);
        display_docs.resize(keys.display_count());
        key_docs.resize(keys.key_count());
        for (std::size_t i = 0; i < ids.size(); ++i) {
            (i < displays ? display_docs : key_docs)[ids[i]] += count;
        }
    }
    return top_counts(keys, display_docs, key_docs, limit);
}

}  // namespace dossier::searcher
