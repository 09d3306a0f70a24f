#include "indexer/stories.hpp"

#include <algorithm>
#include <deque>
#include <iterator>
#include <map>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "analyzers/hash.hpp"
#include "analyzers/similarity.hpp"
#include "indexer/schema.hpp"

namespace dossier::indexer {

namespace {

/// Reads what the linking rule needs from a database, caching signatures.
class StoryGraph {
public:
    explicit StoryGraph(const Xapian::Database& db) : m_db(db) {}

    const std::string& signature(Xapian::docid did) {
        auto it = m_signatures.find(did);
        if (it == m_signatures.end()) {
            it = m_signatures.emplace(did, m_db.get_document(did).get_value(schema::SLOT_SIGNATURE))
                     .first;
        }
        return it->second;
    }

    bool linked(Xapian::docid a, Xapian::docid b) {
        return analyzers::estimate_similarity(signature(a), signature(b))
            >= analyzers::SAME_STORY_THRESHOLD;
    }

    /// The id-term text (without "Q") of a document: what story ids are made of.
    std::string key(Xapian::docid did) const {
        Xapian::Document doc = m_db.get_document(did);
        auto t = doc.termlist_begin();
        t.skip_to(schema::PREFIX_ID);
        if (t != doc.termlist_end() && (*t).rfind(schema::PREFIX_ID, 0) == 0) {
            return (*t).substr(1);
        }
        return std::to_string(did);
    }

    /// Documents linked to `did`.
    std::vector<Xapian::docid> neighbours(Xapian::docid did) {
        std::vector<std::string> bands;
        Xapian::Document doc = m_db.get_document(did);
        const std::string prefix = schema::PREFIX_BAND;
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            t.skip_to(prefix);
            if (t == doc.termlist_end() || (*t).rfind(prefix, 0) != 0) {
                break;
            }
            bands.push_back(*t);
        }
        std::vector<Xapian::docid> candidates;
        for (const auto& band : bands) {
            for (auto p = m_db.postlist_begin(band); p != m_db.postlist_end(band); ++p) {
                if (*p != did) {
                    candidates.push_back(*p);
                }
            }
        }
        std::sort(candidates.begin(), candidates.end());
        candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
        std::vector<Xapian::docid> out;
        for (auto c : candidates) {
            if (linked(did, c)) {
                out.push_back(c);
            }
        }
        return out;
    }

private:
    const Xapian::Database& m_db;
    std::unordered_map<Xapian::docid, std::string> m_signatures;
};

/// The databases `dbs` as one (Xapian's multi-database: a document's number there is
/// (d - 1) * n + k + 1 for docid d of database k, 0-based, of n). A WritableDatabase added to it
/// shares its internals, so its uncommitted changes are seen.
Xapian::Database joined(const std::vector<Xapian::WritableDatabase*>& dbs) {
    Xapian::Database all;
    for (auto* db : dbs) {
        all.add_database(*db);
    }
    return all;
}

/// Sets SLOT_STORY of `doc` to `story` and SLOT_STORY_SHARED to it too when the story has two
/// or more articles (`shared`), else removes it; true when either changed.
bool set_story(Xapian::Document& doc, const std::string& story, bool shared) {
    const std::string shared_value = shared ? story : std::string();
    if (doc.get_value(schema::SLOT_STORY) == story
        && doc.get_value(schema::SLOT_STORY_SHARED) == shared_value) {
        return false;
    }
    doc.add_value(schema::SLOT_STORY, story);
    if (shared) {
        doc.add_value(schema::SLOT_STORY_SHARED, story);
    } else {
        doc.remove_value(schema::SLOT_STORY_SHARED);
    }
    return true;
}

/// Writes `story` into SLOT_STORY (and SLOT_STORY_SHARED, set_story()) of document `did`
/// (numbered as in joined()) where it differs; true when it did.
bool write_story(
    const std::vector<Xapian::WritableDatabase*>& dbs,
    Xapian::docid did,
    const std::string& story,
    bool shared
) {
    const std::size_t n = dbs.size();
    Xapian::WritableDatabase& db = *dbs[(did - 1) % n];
    const Xapian::docid local = static_cast<Xapian::docid>((did - 1) / n + 1);
    Xapian::Document doc = db.get_document(local);
    if (!set_story(doc, story, shared)) {
        return false;
    }
    db.replace_document(local, doc);
    return true;
}

/// The smallest key among `members`: the story's id.
std::string story_id(StoryGraph& graph, const std::vector<Xapian::docid>& members) {
    std::string story;
    for (auto m : members) {
        std::string k = graph.key(m);
        if (story.empty() || k < story) {
            story = std::move(k);
        }
    }
    return story;
}

/// Every story of two or more articles in `all`, from nothing: the pairs of articles sharing a
/// band term that pass the similarity check, joined (union-find); members in ascending order.
std::vector<std::vector<Xapian::docid>>
linked_groups(const Xapian::Database& all, StoryGraph& graph) {
    std::unordered_map<Xapian::docid, Xapian::docid> parent;
    auto find = [&](Xapian::docid d) {
        auto it = parent.find(d);
        if (it == parent.end()) {
            parent.emplace(d, d);
            return d;
        }
        Xapian::docid root = d;
        while (parent[root] != root) {
            root = parent[root];
        }
        while (parent[d] != root) {
            Xapian::docid next = parent[d];
            parent[d] = root;
            d = next;
        }
        return root;
    };
    const std::string prefix = schema::PREFIX_BAND;
    for (auto t = all.allterms_begin(prefix); t != all.allterms_end(prefix); ++t) {
        if (t.get_termfreq() < 2) {
            continue;
        }
        std::vector<Xapian::docid> docs;
        for (auto p = all.postlist_begin(*t); p != all.postlist_end(*t); ++p) {
            docs.push_back(*p);
        }
        for (std::size_t i = 0; i < docs.size(); ++i) {
            for (std::size_t j = i + 1; j < docs.size(); ++j) {
                Xapian::docid a = find(docs[i]);
                Xapian::docid b = find(docs[j]);
                if (a != b && graph.linked(docs[i], docs[j])) {
                    parent[std::max(a, b)] = std::min(a, b);
                }
            }
        }
    }
    std::map<Xapian::docid, std::vector<Xapian::docid>> by_root;
    for (const auto& [d, unused] : parent) {
        by_root[find(d)].push_back(d);
    }
    std::vector<std::vector<Xapian::docid>> out;
    for (auto& [root, members] : by_root) {
        if (members.size() >= 2) {
            std::sort(members.begin(), members.end());
            out.push_back(std::move(members));
        }
    }
    return out;
}

void add_bands(const Xapian::Document& doc, std::vector<std::string>& bands) {
    const std::string prefix = schema::PREFIX_BAND;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        t.skip_to(prefix);
        if (t == doc.termlist_end() || (*t).rfind(prefix, 0) != 0) {
            break;
        }
        bands.push_back(*t);
    }
}

/// Sorts `v` and drops repeats; returns the values that were repeated (sorted).
std::vector<std::string> sort_unique(std::vector<std::string>& v) {
    std::sort(v.begin(), v.end());
    std::vector<std::string> repeated;
    for (std::size_t i = 1; i < v.size(); ++i) {
        if (v[i] == v[i - 1] && (repeated.empty() || repeated.back() != v[i])) {
            repeated.push_back(v[i]);
        }
    }
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return repeated;
}

}  // namespace

void StoryTracker::remember(const Xapian::Document& doc, std::vector<std::string>& into) {
    if (m_everything) {
        return;
    }
    add_bands(doc, into);
    if (m_bands.size() + m_removed_bands.size() > MAX_TRACKED_BANDS) {
        m_everything = true;
        m_bands.clear();
        m_removed_bands.clear();
        stop_recording();  // the bands of this batch will not be recorded
    }
}

void StoryTracker::touch(const Xapian::Document& doc) {
    remember(doc, m_bands);
}

void StoryTracker::touch_removed(const Xapian::Document& doc) {
    remember(doc, m_removed_bands);
}

std::size_t StoryTracker::refresh(Xapian::WritableDatabase& db) {
    return refresh(std::vector<Xapian::WritableDatabase*>{&db});
}

std::size_t StoryTracker::refresh(const std::vector<Xapian::WritableDatabase*>& dbs) {
    if (empty() || dbs.empty()) {
        return 0;
    }
    if (m_everything) {
        m_everything = false;
        return reassign_stories(dbs);
    }
    const Xapian::Database all = joined(dbs);
    // Seeds: everything that shared a band with a document that left (its story may shrink to
    // nothing but itself), and documents that share a band with a newcomer. A newcomer alone in
    // all its bands keeps the story the builder gave it, its own: most articles, most cheaply.
    const std::vector<std::string> repeated = sort_unique(m_bands);
    sort_unique(m_removed_bands);
    // Recording: a band none of the earlier batches had and only one newcomer of this batch has
    // is in no other document; no need to ask the database.
    const bool recording = m_recording && dbs.size() == 1;
    std::vector<std::uint64_t> fresh;
    if (recording) {
        fresh.reserve(m_bands.size());
        for (const auto& band : m_bands) {
            fresh.push_back(analyzers::fnv1a64(band));
        }
        std::sort(fresh.begin(), fresh.end());
    }
    auto alone = [&](const std::string& band) {
        return recording && !std::binary_search(repeated.begin(), repeated.end(), band)
            && !std::binary_search(m_seen.begin(), m_seen.end(), analyzers::fnv1a64(band));
    };
    std::vector<Xapian::docid> seeds;
    for (const auto& band : m_removed_bands) {
        for (auto p = all.postlist_begin(band); p != all.postlist_end(band); ++p) {
            seeds.push_back(*p);
        }
    }
    for (const auto& band : m_bands) {
        if (std::binary_search(m_removed_bands.begin(), m_removed_bands.end(), band) || alone(band)
            || all.get_termfreq(band) < 2) {
            continue;
        }
        for (auto p = all.postlist_begin(band); p != all.postlist_end(band); ++p) {
            seeds.push_back(*p);
        }
    }
    m_bands.clear();
    m_removed_bands.clear();
    if (recording) {
        std::vector<std::uint64_t> seen;
        seen.reserve(m_seen.size() + fresh.size());
        std::set_union(
            m_seen.begin(), m_seen.end(), fresh.begin(), fresh.end(), std::back_inserter(seen)
        );
        m_seen = std::move(seen);
    } else {
        stop_recording();  // refreshed over other databases: m_seen no longer covers them
    }
    std::sort(seeds.begin(), seeds.end());
    seeds.erase(std::unique(seeds.begin(), seeds.end()), seeds.end());

    StoryGraph graph(all);
    std::unordered_set<Xapian::docid> done;
    std::size_t changed = 0;
    for (auto seed : seeds) {
        if (done.count(seed)) {
            continue;
        }
        // Breadth-first over links: the whole connected story, however far it reaches.
        std::vector<Xapian::docid> members{seed};
        done.insert(seed);
        for (std::size_t i = 0; i < members.size(); ++i) {
            for (auto n : graph.neighbours(members[i])) {
                if (done.insert(n).second) {
                    members.push_back(n);
                }
            }
        }
        const std::string story = story_id(graph, members);
        for (auto m : members) {
            changed += write_story(dbs, m, story, members.size() > 1);
        }
    }
    return changed;
}

void StoryTracker::start_recording(const Xapian::Database& db) {
    const std::string prefix = schema::PREFIX_BAND;
    m_recording = db.allterms_begin(prefix) == db.allterms_end(prefix);
    m_seen.clear();
}

void StoryTracker::stop_recording() {
    m_recording = false;
    m_seen.clear();
    m_seen.shrink_to_fit();
}

std::size_t reassign_stories(const std::vector<Xapian::WritableDatabase*>& dbs) {
    if (dbs.empty()) {
        return 0;
    }
    const Xapian::Database all = joined(dbs);
    StoryGraph graph(all);
    std::size_t changed = 0;
    std::unordered_set<Xapian::docid> grouped;
    for (const auto& members : linked_groups(all, graph)) {
        const std::string story = story_id(graph, members);
        for (auto m : members) {
            grouped.insert(m);
            changed += write_story(dbs, m, story, true);
        }
    }
    // An article in no group must carry its own id: its stored story is right when the id term
    // it names is the article's own.
    std::vector<Xapian::docid> alone;
    for (auto v = all.valuestream_begin(schema::SLOT_STORY);
         v != all.valuestream_end(schema::SLOT_STORY);
         ++v) {
        if (grouped.count(v.get_docid()) == 0) {
            const std::string term = std::string(schema::PREFIX_ID) + *v;
            auto p = all.postlist_begin(term);
            if (p == all.postlist_end(term) || *p != v.get_docid()) {
                alone.push_back(v.get_docid());
            }
        }
    }
    // And no shared story.
    for (auto v = all.valuestream_begin(schema::SLOT_STORY_SHARED);
         v != all.valuestream_end(schema::SLOT_STORY_SHARED);
         ++v) {
        if (grouped.count(v.get_docid()) == 0) {
            alone.push_back(v.get_docid());
        }
    }
    std::sort(alone.begin(), alone.end());
    alone.erase(std::unique(alone.begin(), alone.end()), alone.end());
    for (auto d : alone) {
        changed += write_story(dbs, d, graph.key(d), false);
    }
    return changed;
}

std::size_t assign_stories(const std::vector<std::string>& parts) {
    if (parts.empty()) {
        return 0;
    }
    std::vector<std::vector<Xapian::docid>> groups;
    std::vector<std::vector<std::pair<Xapian::docid, std::string>>> updates(parts.size());
    std::size_t grouped = 0;
    {
        Xapian::Database all;
        for (const auto& p : parts) {
            all.add_database(Xapian::Database(p));
        }
        StoryGraph graph(all);
        const std::size_t n = parts.size();
        for (const auto& members : linked_groups(all, graph)) {
            grouped += members.size();
            const std::string story = story_id(graph, members);
            for (auto m : members) {
                updates[(m - 1) % n].emplace_back((m - 1) / n + 1, story);
            }
        }
    }
    for (std::size_t k = 0; k < parts.size(); ++k) {
        if (updates[k].empty()) {
            continue;
        }
        Xapian::WritableDatabase db(parts[k], Xapian::DB_OPEN);
        for (const auto& [did, story] : updates[k]) {
            Xapian::Document doc = db.get_document(did);
            if (set_story(doc, story, true)) {
                db.replace_document(did, doc);
            }
        }
        db.commit();
    }
    return grouped;
}

std::vector<StoryGroup> list_stories(const Xapian::Database& db) {
    std::map<std::string, std::vector<Xapian::docid>> by_story;
    for (auto v = db.valuestream_begin(schema::SLOT_STORY);
         v != db.valuestream_end(schema::SLOT_STORY);
         ++v) {
        by_story[*v].push_back(v.get_docid());
    }
    std::vector<StoryGroup> out;
    for (auto& [id, members] : by_story) {
        if (members.size() >= 2) {
            out.push_back({id, std::move(members)});
        }
    }
    return out;
}

}  // namespace dossier::indexer
