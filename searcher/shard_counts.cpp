#include "searcher/shard_counts.hpp"

#include <stdexcept>
#include <utility>

#include "indexer/schema.hpp"

namespace dossier::searcher {

namespace schema = indexer::schema;

std::unique_ptr<ShardPart>
ShardPart::open(const std::string& dir, const Xapian::Database& part, bool retry) {
    if (dir.empty() || part.size() != 1) {
        return nullptr;
    }
    auto out = std::make_unique<ShardPart>();
    try {
        // A handle of its own: a helper thread matches on it while the stub's handle matches
        // on the caller's (a Xapian object serves one thread).
        out->db = Xapian::Database(dir);
    } catch (const Xapian::Error&) {
        return nullptr;
    }
    if (out->db.size() != 1 || out->db.get_uuid() != part.get_uuid()) {
        return nullptr;  // not the same database (a shard swapped): the stub's spies count
    }
    if (out->db.get_revision() != part.get_revision()) {
        // A commit between the two opens.
        if (retry) {
            throw Changed("shard " + dir + " changed while it was opened");
        }
        return nullptr;  // the stub's spies count
    }
    out->ids = indexer::ValueColumn::open(dir, out->db, schema::SLOT_FACET_IDS);
    out->dates = indexer::ValueColumn::open(dir, out->db, schema::SLOT_DATE);
    out->stories = indexer::ValueColumn::open(dir, out->db, schema::SLOT_STORY_SHARED);
    if (!out->ids || out->ids->dictionary() == nullptr || !out->dates || !out->stories) {
        return nullptr;
    }
    return out;
}

void ShardPart::reset(
    const analyzers::AliasTable& aliases, const NameMerges& names, bool memo_documents
) {
    for (Facet f : ALL_FACETS) {
        facet_keys[f].reset(
            f, &aliases, memo_documents, merges_names(f) ? &names : nullptr, &db, ids
        );
        facet_keys[f].set_part_of_stub();
    }
    story_memo.reset(memo_documents, stories);
    date_memo.reset(memo_documents, dates);
}

ShardCounting::ShardCounting(
    std::vector<ShardPart*> parts,
    const Xapian::Query& query,
    Asked asked,
    const Cancellation* cancel,
    std::size_t helpers
)
    : m_parts(std::move(parts)),
      m_query(query.serialise()),
      m_asked(std::move(asked)),
      m_cancel(cancel),
      m_counted(m_parts.size()),
      m_failed(m_parts.size()) {
    // The caller takes parts too once its own match is done.
    const std::size_t threads = std::min(helpers, m_parts.size());
    m_helpers.reserve(threads);  // no reallocation (a throw) once a thread runs
    for (std::size_t i = 0; i < threads; ++i) {
        try {
            m_helpers.emplace_back([this] { take(); });
        } catch (...) {
            // No thread to be had (std::system_error on a busy server, std::bad_alloc): the
            // caller counts the rest; the threads started are joined by finish() or the
            // destructor.
            break;
        }
    }
}

ShardCounting::~ShardCounting() {
    // Abandoned (the caller's match threw): the helpers stop at their next part.
    m_next.store(m_parts.size());
    for (auto& t : m_helpers) {
        if (t.joinable()) {
            t.join();
        }
    }
}

void ShardCounting::take() {
    for (std::size_t i; (i = m_next++) < m_parts.size();) {
        try {
            count(i);
        } catch (...) {
            m_failed[i] = std::current_exception();
        }
    }
}

void ShardCounting::count(std::size_t i) {
    ShardPart& part = *m_parts[i];
    Counted& out = m_counted[i];
    Xapian::Enquire enquire(part.db);
    enquire.set_query(Xapian::Query::unserialise(m_query));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    if (m_cancel != nullptr) {
        m_cancel->check();
        enquire.add_matchspy((new CancelSpy(*m_cancel))->release());  // the Enquire owns it
    }
    if (!m_asked.facets.empty()) {
        out.facets = std::make_unique<FacetSpy>(m_asked.facets, part.facet_keys);
        enquire.add_matchspy(out.facets.get());
    }
    if (m_asked.dates) {
        out.dates = std::make_unique<ValueCounts>(schema::SLOT_DATE, part.date_memo, false);
        out.dates->attach(enquire);
    }
    if (m_asked.stories) {
        out.stories = std::make_unique<StoryCounts>(part.story_memo, false);
        out.stories->attach(enquire);
    }
    const Xapian::doccount all = part.db.get_doccount();
    const Xapian::MSet mset = enquire.get_mset(0, 0, all);
    // Exact: every match was asked for (checkatleast = the shard's size).
    out.total = mset.get_matches_estimated();
    if (out.facets) {
        out.facets->finish();
    }
}

void ShardCounting::finish() {
    if (m_finished) {
        return;
    }
    take();
    for (auto& t : m_helpers) {
        t.join();
    }
    m_helpers.clear();
    for (const auto& failed : m_failed) {
        if (failed) {
            std::rethrow_exception(failed);
        }
    }
    std::size_t alone = 0;  // articles that are stories of their own
    for (const Counted& c : m_counted) {
        m_total += c.total;
        if (c.stories) {
            alone += c.stories->total() - c.stories->sharing();
            c.stories->for_each([&](const std::string& story, std::size_t n) {
                m_shared[story] += n;
            });
        }
    }
    m_stories = alone + m_shared.size();
    m_finished = true;
}

std::size_t ShardCounting::articles(const std::string& story) const {
    const auto it = m_shared.find(story);
    return it == m_shared.end() ? 1 : it->second;
}

std::map<std::string, std::size_t> ShardCounting::by_day() const {
    std::map<std::string, std::size_t> out;
    for (const Counted& c : m_counted) {
        if (c.dates) {
            c.dates->for_each([&](const std::string& day, std::size_t n) { out[day] += n; });
        }
    }
    return out;
}

std::size_t ShardCounting::facet_documents() const {
    std::size_t out = 0;
    for (const Counted& c : m_counted) {
        out += c.facets ? c.facets->documents() : 0;
    }
    return out;
}

FacetCounts ShardCounting::top(Facet facet, std::size_t limit, MergedKeys& merged) const {
    std::vector<CountedPart> parts;  // in the parts' order, which numbers them in `merged`
    std::vector<RareMarks> rare;
    for (const Counted& c : m_counted) {
        const auto counted = c.facets ? c.facets->counted(facet, false) : std::nullopt;
        if (!counted) {
            throw std::logic_error("ShardCounting::top: a facet not counted");
        }
        parts.push_back(*counted);
        rare.push_back(c.facets->rare_marks(facet));
    }
    if (auto out = top_of_parts(parts, limit, merged, rare)) {
        return *std::move(out);
    }
    // A rare key could be shown or add to a value shown: every part counts them.
    for (const Counted& c : m_counted) {
        c.facets->counted(facet);
    }
    return *top_of_parts(parts, limit, merged);
}

FacetTally ShardCounting::tally(Facet facet) const {
    FacetTally out;
    for (const Counted& c : m_counted) {
        if (c.facets) {
            out.merge(c.facets->tally(facet));
        }
    }
    return out;
}

}  // namespace dossier::searcher
