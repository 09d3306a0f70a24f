/// Stories: articles whose texts are near-duplicates (wire copy republished, re-headlined,
/// trimmed, corrected) share a story id in SLOT_STORY, so searches can fold them with
/// Xapian's Enquire::set_collapse_key.
///
/// The rule, independent of input order: two articles are linked when they share an LSH band key
/// (PREFIX_BAND terms) and their MinHash signatures (SLOT_SIGNATURE) estimate a similarity at or
/// above analyzers::SAME_STORY_THRESHOLD; a story is a connected group of linked articles; its
/// id is the smallest id-term text among its members. Adding, replacing or deleting an article
/// re-evaluates the groups of every article that shares a band with its old or new form, so a
/// deletion that cuts a chain splits the story and an addition that bridges two joins them.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>

namespace dossier::indexer {

/// Records which bands changed and brings SLOT_STORY up to date for them. Not thread-safe.
///
/// One tracker may serve several databases taken together (the shards of a sharded index,
/// indexer/shards.hpp): documents are touched while each shard is written, and refresh() over
/// all shards then links near-duplicates wherever they are, so story ids are those of one
/// database holding every article.
class StoryTracker {
public:
    /// Beyond this many remembered band terms (a large first run: 32 per article) the tracker
    /// stops remembering and refresh() re-evaluates every story instead (reassign_stories()),
    /// which costs about what a rebuild's assignment does, in bounded memory.
    static constexpr std::size_t MAX_TRACKED_BANDS = std::size_t{1} << 20;

    /// Notes the band terms of a document that is being added, or of the new form of a
    /// replaced one.
    void touch(const Xapian::Document& doc);

    /// Notes the band terms of a document that leaves: the old form of a replaced one, or one
    /// about to be deleted. Its former neighbours are re-evaluated even when they are now alone.
    void touch_removed(const Xapian::Document& doc);

    /// Re-evaluates the stories reachable from the touched bands in `db` (its uncommitted
    /// changes included) and writes SLOT_STORY where it changed; forgets the touched bands.
    /// Returns how many documents got a new story id.
    std::size_t refresh(Xapian::WritableDatabase& db);

    /// The same over the databases `dbs` taken together (shards: each document lives in one of
    /// them and its SLOT_STORY is written there). The caller commits each database.
    std::size_t refresh(const std::vector<Xapian::WritableDatabase*>& dbs);

    /// True when nothing was touched since the last refresh().
    bool empty() const { return !m_everything && m_bands.empty() && m_removed_bands.empty(); }

private:
    void remember(const Xapian::Document& doc, std::set<std::string>& into);

    std::set<std::string> m_bands;          ///< of documents that came
    std::set<std::string> m_removed_bands;  ///< of documents that left
    bool m_everything = false;              ///< too many bands: re-evaluate every story
};

/// Re-evaluates every story of the databases `dbs` taken together, from nothing: links every
/// pair of articles that share a band term and pass the similarity check, and writes SLOT_STORY
/// wherever it differs from the rule's id (an article alone gets its own id back). The caller
/// commits each database. This is how a sharded run whose story update was cut short (a crash
/// between two shards' commits) is healed. Returns how many documents got a new story id.
std::size_t reassign_stories(const std::vector<Xapian::WritableDatabase*>& dbs);

/// Assigns the stories of the databases `parts` taken together (a rebuild's blocks before their
/// merge), writing SLOT_STORY into each part and committing it. Returns how many documents
/// belong to a story of two or more articles.
std::size_t assign_stories(const std::vector<std::string>& parts);

/// One story of a database: its id and its members' docids (ascending).
struct StoryGroup {
    std::string id;
    std::vector<Xapian::docid> members;
};

/// Every story of two or more articles in `db` as stored in SLOT_STORY, by id (for tools and
/// tests).
std::vector<StoryGroup> list_stories(const Xapian::Database& db);

}  // namespace dossier::indexer
