#include <algorithm>
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "analyzers/article_date.hpp"
#include "analyzers/normalizer.hpp"
#include "analyzers/similarity.hpp"
#include "indexer/dating.hpp"
#include "indexer/schema.hpp"
#include "support/news_samples.hpp"
#include "support/paths.hpp"
#include "support/story_edits.hpp"
#include "support/story_index.hpp"
#include "support/temp_dir.hpp"

using namespace dossier;
using dossier::test::EvalArticle;

CATCH_TRANSLATE_EXCEPTION(const Xapian::Error& e) {
    return e.get_description();
}

namespace {

double similarity(const std::string& a, const std::string& b) {
    return analyzers::estimate_similarity(
        analyzers::minhash(analyzers::normalize(a)).serialise(),
        analyzers::minhash(analyzers::normalize(b)).serialise()
    );
}

/// A long BBC article cut into three overlapping pieces: A = the first 70% of its paragraphs,
/// B = all of it, C = the last 70%. A and C are each the same story as B, not as each other.
struct Chain {
    EvalArticle a, b, c;
};

Chain make_chain() {
    auto sample = test::bbc_sample(1);
    auto longest = std::max_element(sample.begin(), sample.end(), [](auto& x, auto& y) {
        return test::paragraphs_of(x.text).size() < test::paragraphs_of(y.text).size();
    });
    auto paras = test::paragraphs_of(longest->text);
    auto join = [&](std::size_t from, std::size_t to) {
        std::string t;
        for (std::size_t i = from; i < to; ++i) {
            t += (t.empty() ? "" : "\n\n") + paras[i];
        }
        return t;
    };
    const std::size_t n = paras.size();
    const std::size_t cut = n * 7 / 10;
    Chain ch;
    // Ids chosen so that the middle article has the smallest id.
    ch.b = {"chain-1-full", longest->title, join(0, n), "chain", "", 1.0};
    ch.a = {"chain-2-head", longest->title, join(0, cut), "chain", "", 0.7};
    ch.c = {"chain-3-tail", longest->title, join(n - cut, n), "chain", "", 0.7};
    return ch;
}

}  // namespace

TEST_CASE("stories: an edited wire copy is similar and a different report on the subject is not") {
    if (!test::have_shared_data()) {
        WARN("shared data absent: skipped");
        return;
    }
    auto bbc = test::bbc_sample(20);
    REQUIRE(bbc.size() > 20);
    test::EditRng rng(7);
    std::size_t checked = 0;
    for (std::size_t i = 0; i + 1 < bbc.size(); ++i) {
        if (test::count_words(bbc[i].text) < 150) {
            continue;
        }
        EvalArticle copy = test::edit_copy(bbc[i], 0.7, rng, 1);
        CHECK(similarity(bbc[i].text, copy.text) >= analyzers::SAME_STORY_THRESHOLD);
        CHECK(similarity(bbc[i].text, bbc[i + 1].text) < analyzers::SAME_STORY_THRESHOLD);
        ++checked;
    }
    CHECK(checked > 10);
    CHECK(analyzers::minhash("Qtly div 10 cts vs 10 cts prior Pay April 1 Record March 15").empty()
    );
}

TEST_CASE("stories: the article date comes from the field, the dateline, a published line or the "
          "file time") {
    using analyzers::find_stated_date;
    auto d =
        find_stated_date("KYIV, Nov. 4, 2024 — Ukraine's military intelligence said on Monday");
    REQUIRE(d);
    CHECK(d->iso == "2024-11-04");
    CHECK(d->kind == analyzers::StatedDateKind::Dateline);
    d = find_stated_date("Monday 4 November 2024\nNorth Korean troops have entered combat.");
    REQUIRE(d);
    CHECK(d->iso == "2024-11-04");
    d = find_stated_date("By Jane Doe. Published: 12 March 2024 10:02 GMT. The ministry said...");
    REQUIRE(d);
    CHECK(d->iso == "2024-03-12");
    CHECK(d->kind == analyzers::StatedDateKind::Text);
    // A date inside the story is not the article's date.
    CHECK_FALSE(find_stated_date(
        "Recent developments concerning North Korean troops. On December 14, 2023 the first units "
        "arrived."
    ));

    test::TempDir dir;
    indexer::Article a;
    a.id = "x";
    a.text = "Casualties among North Korean troops have become a troubling reality.";
    a.source = dir.str("x.txt");
    std::ofstream(a.source) << a.text;
    auto date = indexer::resolve_date(a);
    CHECK(date.source == "mtime");
    CHECK(date.iso.size() == 10);
    a.text = "SEOUL, December 19, 2024 - " + a.text;
    CHECK(indexer::resolve_date(a).source == "dateline");
    a.extra["date"] = "2024-11-03T10:00:00Z";
    date = indexer::resolve_date(a);
    CHECK(date.iso == "2024-11-03");
    CHECK(date.source == "field");
}

TEST_CASE("stories: pair precision and recall on generated wire copies of BBC and Reuters articles"
) {
    if (!test::have_shared_data()) {
        WARN("shared data absent: skipped");
        return;
    }
    auto originals = test::bbc_sample(8);
    auto reuters = test::reuters_sample(3, 4);
    originals.insert(originals.end(), reuters.begin(), reuters.end());
    test::drop_source_duplicates(originals, 0.3);  // the sources' own repeats and updates
    auto set = test::make_story_set(originals, 4, 120, false);
    test::TempDir dir;
    test::write_story_jsonl(dir.str("set.jsonl"), set);
    test::index_inputs(dir.str("db"), {dir.str("set.jsonl")});
    auto story = test::stories_of(dir.str("db"), test::ids_of(set));
    REQUIRE(story.size() == set.size());
    auto score = test::score_pairs(set, story, [](const EvalArticle& a) { return a.kept >= 0.7; });
    INFO(
        "pairs: true " << score.true_pairs << ", predicted " << score.predicted_pairs
                       << ", correct " << score.correct_pairs
    );
    CHECK(score.true_pairs > 300);
    CHECK(score.precision() >= 0.98);
    CHECK(score.recall() >= 0.95);
}

TEST_CASE("stories: story ids do not depend on the input order nor on rebuild") {
    if (!test::have_shared_data()) {
        WARN("shared data absent: skipped");
        return;
    }
    auto set = test::make_story_set(test::bbc_sample(15), 2, 120, true);
    auto reversed = set;
    std::reverse(reversed.begin(), reversed.end());
    test::TempDir dir;
    test::write_story_jsonl(dir.str("forward.jsonl"), set);
    test::write_story_jsonl(dir.str("reversed.jsonl"), reversed);
    test::index_inputs(dir.str("forward"), {dir.str("forward.jsonl")});
    test::index_inputs(dir.str("reversed"), {dir.str("reversed.jsonl")});
    test::index_inputs(dir.str("rebuilt"), {dir.str("reversed.jsonl")}, true);
    // Half first, the other half in a second run: stories link across runs.
    std::vector<EvalArticle> odd, even;
    for (std::size_t i = 0; i < set.size(); ++i) {
        (i % 2 ? odd : even).push_back(set[i]);
    }
    test::write_story_jsonl(dir.str("odd.jsonl"), odd);
    test::write_story_jsonl(dir.str("even.jsonl"), even);
    test::index_inputs(dir.str("twice"), {dir.str("odd.jsonl")});
    test::index_inputs(dir.str("twice"), {dir.str("odd.jsonl"), dir.str("even.jsonl")});

    const auto ids = test::ids_of(set);
    auto forward = test::stories_of(dir.str("forward"), ids);
    REQUIRE(forward.size() == set.size());
    std::size_t folded = 0;
    for (const auto& [id, s] : forward) {
        folded += s != dossier::indexer::schema::id_term(id).substr(1);
    }
    CHECK(folded > 20);
    CHECK(test::stories_of(dir.str("reversed"), ids) == forward);
    CHECK(test::stories_of(dir.str("rebuilt"), ids) == forward);
    CHECK(test::stories_of(dir.str("twice"), ids) == forward);
    for (const char* db : {"forward", "reversed", "rebuilt", "twice"}) {
        CAPTURE(db);
        CHECK(test::wrong_shared_stories(dir.str(db)) == 0);
    }
}

TEST_CASE("stories: deleting the article that links two others splits their story") {
    if (!test::have_shared_data()) {
        WARN("shared data absent: skipped");
        return;
    }
    Chain ch = make_chain();
    REQUIRE(similarity(ch.a.text, ch.b.text) >= analyzers::SAME_STORY_THRESHOLD);
    REQUIRE(similarity(ch.c.text, ch.b.text) >= analyzers::SAME_STORY_THRESHOLD);
    REQUIRE(similarity(ch.a.text, ch.c.text) < analyzers::SAME_STORY_THRESHOLD);
    test::TempDir dir;
    const std::vector<std::string> ids = {ch.a.id, ch.b.id, ch.c.id};
    std::filesystem::create_directory(dir.str("in"));
    test::write_story_jsonl(dir.str("in/a.jsonl"), {ch.a});
    test::write_story_jsonl(dir.str("in/b.jsonl"), {ch.b});
    test::write_story_jsonl(dir.str("in/c.jsonl"), {ch.c});
    test::index_inputs(dir.str("db"), {dir.str("in")});
    auto s = test::stories_of(dir.str("db"), ids);
    CHECK(s[ch.a.id] == ch.b.id);
    CHECK(s[ch.c.id] == ch.b.id);

    std::filesystem::remove(dir.str("in/b.jsonl"));
    auto stats = test::index_inputs(dir.str("db"), {dir.str("in")}, false, true);
    CHECK(stats.deleted == 1);
    s = test::stories_of(dir.str("db"), ids);
    CHECK(s.size() == 2);
    CHECK(s[ch.a.id] == ch.a.id);
    CHECK(s[ch.c.id] == ch.c.id);
    CHECK(test::wrong_shared_stories(dir.str("db")) == 0);  // a and c alone: no shared story

    // Back again: the three are one story once more; replaced by other text: split again.
    test::write_story_jsonl(dir.str("in/b.jsonl"), {ch.b});
    test::index_inputs(dir.str("db"), {dir.str("in")});
    s = test::stories_of(dir.str("db"), ids);
    CHECK(s[ch.a.id] == ch.b.id);
    CHECK(s[ch.c.id] == ch.b.id);
    CHECK(test::wrong_shared_stories(dir.str("db")) == 0);
    auto other = test::bbc_sample(50).front();
    EvalArticle b2 = ch.b;
    b2.text = other.text;
    test::write_story_jsonl(dir.str("in/b.jsonl"), {b2});
    stats = test::index_inputs(dir.str("db"), {dir.str("in")});
    CHECK(stats.updated == 1);
    s = test::stories_of(dir.str("db"), ids);
    CHECK(s[ch.a.id] == ch.a.id);
    CHECK(s[ch.b.id] == ch.b.id);
    CHECK(s[ch.c.id] == ch.c.id);
    CHECK(test::wrong_shared_stories(dir.str("db")) == 0);
}

TEST_CASE("stories: deleting a copy keeps the others together under the next smallest id") {
    if (!test::have_shared_data()) {
        WARN("shared data absent: skipped");
        return;
    }
    auto bbc = test::bbc_sample(40);
    auto original = *std::find_if(bbc.begin(), bbc.end(), [](auto& a) {
        return test::count_words(a.text) > 300;
    });
    test::EditRng rng(3);
    std::vector<EvalArticle> copies;
    for (const char* id : {"copy-a", "copy-b", "copy-c"}) {
        EvalArticle e = test::edit_copy(original, 0.85, rng, 1);
        e.id = id;
        copies.push_back(e);
    }
    test::TempDir dir;
    std::filesystem::create_directory(dir.str("in"));
    for (const auto& c : copies) {
        test::write_story_jsonl(dir.str("in/" + c.id + ".jsonl"), {c});
    }
    test::index_inputs(dir.str("db"), {dir.str("in")});
    const std::vector<std::string> ids = {"copy-a", "copy-b", "copy-c"};
    auto s = test::stories_of(dir.str("db"), ids);
    CHECK(
        s
        == std::map<
            std::string,
            std::string>{{"copy-a", "copy-a"}, {"copy-b", "copy-a"}, {"copy-c", "copy-a"}}
    );
    std::filesystem::remove(dir.str("in/copy-a.jsonl"));
    test::index_inputs(dir.str("db"), {dir.str("in")}, false, true);
    s = test::stories_of(dir.str("db"), ids);
    CHECK(s == std::map<std::string, std::string>{{"copy-b", "copy-b"}, {"copy-c", "copy-b"}});
    CHECK(test::wrong_shared_stories(dir.str("db")) == 0);
}
