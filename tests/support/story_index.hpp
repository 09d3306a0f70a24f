/// Indexes story evaluation sets through the real indexer and reads back each article's story.
#pragma once

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "indexer/indexer.hpp"
#include "indexer/schema.hpp"
#include "support/analysis.hpp"
#include "support/story_edits.hpp"

namespace dossier::test {

/// Writes `set` (in that order) as JSONL to `path`.
inline void write_story_jsonl(const std::string& path, const std::vector<EvalArticle>& set) {
    std::ofstream out(path);
    for (const auto& a : set) {
        out << nlohmann::json{{"id", a.id}, {"title", a.title}, {"text", a.text}}.dump() << "\n";
    }
}

/// Runs the indexer (`rebuild` or an incremental run) over `inputs` into `db`.
inline indexer::IndexStats index_inputs(
    const std::string& db,
    const std::vector<std::string>& inputs,
    bool rebuild = false,
    bool prune = false
) {
    indexer::IndexOptions opts;
    opts.db = db;
    opts.inputs = inputs;
    opts.rebuild = rebuild;
    opts.prune = prune;
    opts.batch_size = 50;  // several batches: stories must link across them
    opts.analysis = analysis();
    return indexer::run(opts, [](const std::string&) {});
}

/// Article id → story id, for the given ids (absent ids are left out).
inline std::map<std::string, std::string>
stories_of(const std::string& db_path, const std::vector<std::string>& ids) {
    Xapian::Database db(db_path);
    std::map<std::string, std::string> out;
    for (const auto& id : ids) {
        const std::string q = indexer::schema::id_term(id);
        auto p = db.postlist_begin(q);
        if (p != db.postlist_end(q)) {
            out[id] = db.get_document(*p).get_value(indexer::schema::SLOT_STORY);
        }
    }
    return out;
}

/// Documents of `db_path` whose SLOT_STORY_SHARED is not what it must be: their SLOT_STORY when
/// that story has two or more articles in the database, else absent (0 when all are right).
inline std::size_t wrong_shared_stories(const std::string& db_path) {
    Xapian::Database db(db_path);
    std::map<std::string, std::size_t> members;  // story → articles
    for (auto v = db.valuestream_begin(indexer::schema::SLOT_STORY);
         v != db.valuestream_end(indexer::schema::SLOT_STORY);
         ++v) {
        ++members[*v];
    }
    std::size_t wrong = 0;
    for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
        const Xapian::Document doc = db.get_document(*d);
        const std::string story = doc.get_value(indexer::schema::SLOT_STORY);
        const std::string shared = members[story] > 1 ? story : std::string();
        wrong += doc.get_value(indexer::schema::SLOT_STORY_SHARED) != shared;
    }
    return wrong;
}

inline std::vector<std::string> ids_of(const std::vector<EvalArticle>& set) {
    std::vector<std::string> ids;
    for (const auto& a : set) {
        ids.push_back(a.id);
    }
    return ids;
}

}  // namespace dossier::test
