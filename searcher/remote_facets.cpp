#include "searcher/remote_facets.hpp"

#include <algorithm>
#include <string_view>

#include "analyzers/error.hpp"
#include "indexer/schema.hpp"

namespace dossier::searcher {

CombinationFacets::CombinationFacets(std::vector<Facet> facets, FacetMemo& keys)
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

CombinationFacets::Counts CombinationFacets::counts(Facet facet) const {
    Counts out;
    auto pos = std::find(m_facets.begin(), m_facets.end(), facet);
    if (pos == m_facets.end()) {
        return out;
    }
    const Xapian::ValueCountMatchSpy& spy =
        *m_spies[static_cast<std::size_t>(pos - m_facets.begin())];
    FacetKeys& keys = m_keys[static_cast<std::size_t>(facet)];
    std::vector<std::uint32_t>& display_docs = out.display_docs;
    std::vector<std::uint32_t>& key_docs = out.key_docs;
    std::vector<std::uint32_t> ids;
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
        const auto count = static_cast<std::uint32_t>(it.get_termfreq());
        ids.clear();
        indexer::schema::for_each_packed(*it, [&](std::string_view display) {
            const std::uint32_t d = keys.display_id(display);
            display_docs.resize(std::max<std::size_t>(display_docs.size(), d + 1));
            display_docs[d] += count;
            if (const std::uint32_t k = keys.key_of(d); k != FacetKeys::NO_KEY) {
                ids.push_back(k);
            }
        });
        // Spellings of one entity in one combination count once for its articles.
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        for (const std::uint32_t k : ids) {
            key_docs.resize(std::max<std::size_t>(key_docs.size(), k + 1));
            key_docs[k] += count;
        }
    }
    return out;
}

FacetTally CombinationFacets::tally(Facet facet) const {
    const Counts c = counts(facet);
    return tally_of(m_keys[facet], c.display_docs, c.key_docs);
}

FacetCounts CombinationFacets::top(Facet facet, std::size_t limit) const {
    const Counts c = counts(facet);
    return top_of(m_keys[facet], c.display_docs, c.key_docs, limit);
}

MatchFacets::MatchFacets(
    std::vector<Facet> facets, FacetMemo& keys, bool remote, Counting counting
) {
    if (remote && counting == Counting::Stories) {
        throw QueryError("facets cannot count stories when a shard is remote: count articles");
    }
    if (remote) {
        m_remote = std::make_unique<CombinationFacets>(std::move(facets), keys);
    } else {
        m_local = std::make_unique<FacetSpy>(std::move(facets), keys, counting);
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
