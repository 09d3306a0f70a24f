/// eval_stories: measures the near-duplicate folding (stories).
///   eval_stories edits [--hard] [--db DIR]   pair precision/recall on generated wire copies of
///                                            BBC + Reuters-21578 articles
///                                            (tests/support/story_edits.hpp)
///   eval_stories list --db DIR [--pairs N]   how many stories an index folds into, with N pairs
///                                            of articles of one story to read
///   eval_stories reuters-jsonl FILE          writes the 19,043 Reuters-21578 stories with a body
///                                            as JSONL (id reuters_NEWID, title, text)
#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "analyzers/similarity.hpp"
#include "indexer/schema.hpp"
#include "indexer/stories.hpp"
#include "support/story_edits.hpp"
#include "support/story_index.hpp"
#include "support/temp_dir.hpp"

using namespace dossier;
using dossier::test::EvalArticle;

namespace {

void print_score(const char* label, const test::PairScore& s) {
    fmt::print(
        "{:<34} true pairs {:>6}  predicted {:>6}  correct {:>6}  P {:.4f}  R {:.4f}\n",
        label,
        s.true_pairs,
        s.predicted_pairs,
        s.correct_pairs,
        s.precision(),
        s.recall()
    );
}

int edits(bool hard, std::string db) {
    auto originals = test::bbc_sample(1);
    for (int f = 0; f < 22; f += 4) {
        auto r = test::reuters_sample(f, 1);
        originals.insert(originals.end(), r.begin(), r.end());
    }
    const std::size_t dropped = test::drop_source_duplicates(originals, 0.3);
    auto set = test::make_story_set(originals, 3, 120, hard);
    std::size_t copies = 0;
    for (const auto& a : set) {
        copies += a.origin != a.id;
    }
    fmt::print(
        "set: {} originals (BBC all, Reuters-21578 files 0,4,8,12,16,20; {} dropped as "
        "near-duplicates of another original, exact shingle Jaccard >= 0.3), {} edited copies\n",
        originals.size(),
        dropped,
        copies
    );
    test::TempDir tmp;
    if (db.empty()) {
        db = tmp.str("db");
    }
    test::write_story_jsonl(tmp.str("set.jsonl"), set);
    auto t0 = std::chrono::steady_clock::now();
    test::index_inputs(db, {tmp.str("set.jsonl")});
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    fmt::print("indexed {} articles in {:.1f} s\n", set.size(), secs);
    auto story = test::stories_of(db, test::ids_of(set));

    print_score("copies keeping >= 70%", test::score_pairs(set, story, [](const EvalArticle& a) {
                    return a.kept >= 0.7 - 1e-9;
                }));
    for (const char* kind : {"headline", "drop", "reorder", "correction", "boilerplate"}) {
        std::string label = fmt::format("  originals + copies with {}", kind);
        print_score(label.c_str(), test::score_pairs(set, story, [&](const EvalArticle& a) {
                        return a.kept >= 0.7 - 1e-9
                            && (a.origin == a.id || a.edits.find(kind) != std::string::npos);
                    }));
    }
    if (hard) {
        print_score("all, copies keeping ~55% too", test::score_pairs(set, story, [](auto&) {
                        return true;
                    }));
    }
    // The false pairs, to read: stories that hold more than one origin.
    std::map<std::string, std::vector<const EvalArticle*>> by_story;
    for (const auto& a : set) {
        by_story[story[a.id]].push_back(&a);
    }
    std::size_t shown = 0;
    for (const auto& [s, members] : by_story) {
        std::set<std::string> origins;
        for (auto* m : members) {
            origins.insert(m->origin);
        }
        if (origins.size() < 2 || shown++ >= 30) {
            continue;
        }
        fmt::print("mixed story {}:\n", s);
        for (auto* m : members) {
            fmt::print("    {} [{}] {}\n", m->id, m->edits, m->title.substr(0, 70));
        }
    }
    std::size_t missed = 0;
    for (const auto& a : set) {
        if (a.origin != a.id && a.kept >= 0.7 - 1e-9 && story[a.id] != story[a.origin]
            && missed++ < 15) {
            fmt::print(
                "missed copy: {} kept {:.2f} [{}] (story {} vs {})\n",
                a.id,
                a.kept,
                a.edits,
                story[a.id],
                story[a.origin]
            );
        }
    }
    return 0;
}

int list(const std::string& path, std::size_t pairs) {
    Xapian::Database db(path);
    std::map<std::string, std::vector<Xapian::docid>> stories;
    for (auto v = db.valuestream_begin(indexer::schema::SLOT_STORY);
         v != db.valuestream_end(indexer::schema::SLOT_STORY);
         ++v) {
        stories[*v].push_back(v.get_docid());
    }
    std::size_t multi = 0, in_multi = 0, largest = 0;
    std::map<std::size_t, std::size_t> sizes;
    for (const auto& [id, m] : stories) {
        ++sizes[m.size()];
        if (m.size() > 1) {
            ++multi;
            in_multi += m.size();
        }
        largest = std::max(largest, m.size());
    }
    fmt::print(
        "{} articles fold into {} stories; {} stories of 2 or more articles hold {} articles; the "
        "largest has {}\n",
        db.get_doccount(),
        stories.size(),
        multi,
        in_multi,
        largest
    );
    std::string dist;
    for (const auto& [size, n] : sizes) {
        dist += fmt::format("{}{}×{}", dist.empty() ? "" : ", ", n, size);
    }
    fmt::print("story sizes (stories×articles): {}\n", dist);
    if (pairs == 0 || multi == 0) {
        return 0;
    }
    auto title = [&](Xapian::docid d) {
        auto j = nlohmann::json::parse(db.get_document(d).get_data());
        return std::make_pair(j.value("id", std::string()), j.value("title", std::string()));
    };
    const std::size_t step = std::max<std::size_t>(1, multi / pairs);
    std::size_t k = 0, shown = 0;
    for (const auto& [id, m] : stories) {
        if (m.size() < 2 || k++ % step != 0 || shown >= pairs) {
            continue;
        }
        ++shown;
        const auto a = title(m[0]);
        const auto b = title(m[1]);
        const double sim = analyzers::estimate_similarity(
            db.get_document(m[0]).get_value(indexer::schema::SLOT_SIGNATURE),
            db.get_document(m[1]).get_value(indexer::schema::SLOT_SIGNATURE)
        );
        fmt::print(
            "{:>2}. story of {} · similarity {:.2f}\n    {}  {}\n    {}  {}\n",
            shown,
            m.size(),
            sim,
            a.first,
            a.second,
            b.first,
            b.second
        );
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    auto value = [&](const std::string& flag, const std::string& fallback) {
        for (std::size_t i = 0; i + 1 < args.size(); ++i) {
            if (args[i] == flag) {
                return args[i + 1];
            }
        }
        return fallback;
    };
    auto has = [&](const std::string& flag) {
        return std::find(args.begin(), args.end(), flag) != args.end();
    };
    try {
        if (!args.empty() && args[0] == "edits") {
            return edits(has("--hard"), value("--db", ""));
        }
        if (args.size() == 2 && args[0] == "reuters-jsonl") {
            std::vector<EvalArticle> all;
            for (int f = 0; f < 22; ++f) {
                for (auto& a : test::reuters_sample(f, 1)) {
                    all.push_back({a.id, a.title, a.text, a.id, "original", 1.0});
                }
            }
            test::write_story_jsonl(args[1], all);
            fmt::print("{} stories written to {}\n", all.size(), args[1]);
            return 0;
        }
        if (!args.empty() && args[0] == "list" && !value("--db", "").empty()) {
            return list(value("--db", ""), std::stoul(value("--pairs", "20")));
        }
    } catch (const Xapian::Error& e) {
        fmt::print(stderr, "eval_stories: error: {}\n", e.get_description());
        return 1;
    } catch (const std::exception& e) {
        fmt::print(stderr, "eval_stories: error: {}\n", e.what());
        return 1;
    }
    fmt::print(
        stderr,
        "usage: eval_stories edits [--hard] [--db DIR] | list --db DIR [--pairs N] | "
        "reuters-jsonl FILE\n"
    );
    return 2;
}
