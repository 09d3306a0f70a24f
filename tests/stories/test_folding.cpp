#include <algorithm>
#include <map>
#include <set>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "searcher/searcher.hpp"
#include "support/news_samples.hpp"
#include "support/paths.hpp"
#include "support/run.hpp"
#include "support/seed_dated.hpp"
#include "support/story_edits.hpp"
#include "support/story_index.hpp"
#include "support/temp_dir.hpp"

using namespace dossier;
using dossier::test::EvalArticle;

CATCH_TRANSLATE_EXCEPTION(const Xapian::Error& e) {
    return e.get_description();
}

namespace {

searcher::HitsRequest request(const std::string& query) {
    searcher::HitsRequest r;
    r.query = query;
    r.limit = 1000;
    r.facet_limit = 0;
    return r;
}

/// 25 BBC articles with generated wire copies of some (test::make_story_set), indexed.
struct BbcCopies {
    std::vector<EvalArticle> set = test::make_story_set(test::bbc_sample(25), 1, 150, false);
    test::TempDir dir;

    BbcCopies() {
        test::write_story_jsonl(dir.str("set.jsonl"), set);
        test::index_inputs(dir.str("db"), {dir.str("set.jsonl")});
    }

    std::string db() const { return dir.str("db"); }
};

}  // namespace

TEST_CASE("folding: copies of a BBC story fold into one hit with +N similar") {
    if (!test::have_shared_data()) {
        WARN("shared data absent: skipped");
        return;
    }
    const BbcCopies indexed;
    const auto& set = indexed.set;
    searcher::Searcher s(indexed.db());

    auto folded = s.hits(request(""));
    CHECK(folded.total == set.size());
    auto req = request("");
    req.folding = searcher::Folding::Articles;
    auto all = s.hits(req);
    CHECK(all.total == set.size());
    CHECK(all.hits.size() == set.size());
    CHECK(folded.stories == all.stories);
    CHECK(folded.hits.size() == folded.stories);
    CHECK(folded.stories < folded.total);
    std::size_t copies = 0;
    for (const auto& h : folded.hits) {
        copies += h.similar_count;
    }
    CHECK(copies + folded.hits.size() == folded.total);

    // A query naming one original (the first three words of its headline as a phrase): its
    // copies are folded into the hit, and --similar lists them.
    const auto& copy = *std::find_if(set.begin(), set.end(), [&](const EvalArticle& a) {
        return a.id != a.origin;
    });
    const auto& original = *std::find_if(set.begin(), set.end(), [&](const EvalArticle& a) {
        return a.id == copy.origin;
    });
    std::string phrase;
    std::size_t words = 0;
    for (char c : original.title) {
        if (c == ' ' && ++words == 3) {
            break;
        }
        phrase.push_back(c);
    }
    auto one = request("\"" + phrase + "\"");
    one.similar_ids = true;
    auto r = s.hits(one);
    INFO("query " << one.query);
    REQUIRE(!r.hits.empty());
    const auto& hit = r.hits.front();
    CHECK(hit.story_id == hit.id.substr(0, hit.id.find('~')));
    CHECK(hit.similar_count > 0);
    CHECK(hit.similar_count == hit.similar.size());
    for (const auto& id : hit.similar) {
        CHECK(id.rfind(original.origin, 0) == 0);
    }
}

TEST_CASE("folding: the figures table lists a figure of copies once, with its articles") {
    test::TempDir dir;
    test::write_seed_jsonl(dir.str("seed.jsonl"), true);
    test::index_inputs(dir.str("db"), {dir.str("seed.jsonl")});
    searcher::Searcher s(dir.str("db"));
    searcher::FiguresRequest req;
    req.limit = 1000;
    req.filters[searcher::facet_named("figure_type")] = {"casualties"};
    auto folded = s.figures(req);
    req.folding = searcher::Folding::Articles;
    auto all = s.figures(req);
    CHECK(folded.figures_total < all.figures_total);
    bool zelensky = false;
    for (const auto& row : folded.figures) {
        if (row.attributed_to == std::optional<std::string>("Volodymyr Zelensky")
            && row.id == "001-update") {
            zelensky = true;
            CHECK(row.copies == std::vector<std::string>{"001_1eb6d0dfee52ccb7"});
        }
    }
    CHECK(zelensky);
}

TEST_CASE("folding: search --timeline prints and serialises the seed articles' history") {
    test::TempDir dir;
    test::write_seed_jsonl(dir.str("seed.jsonl"), true);
    test::index_inputs(dir.str("db"), {dir.str("seed.jsonl")});
    const std::string search =
        test::sh_quote(test::search_binary()) + " --db " + test::sh_quote(dir.str("db"));
    auto text = test::run(search + " --timeline --figure casualties");
    CHECK(text.status == 0);
    CHECK(text.out.find("National Intelligence Service") != std::string::npos);
    CHECK(text.out.find("[changed from 1,100]") != std::string::npos);
    auto json = test::run(search + " --timeline --figure casualties --json");
    REQUIRE(json.status == 0);
    auto j = nlohmann::json::parse(json.out);
    CHECK(j["view"] == "timeline");
    REQUIRE(j["timeline"].is_array());
    CHECK(j["timeline"][0]["points"][0]["date"] == "2024-11-22");
    // CSV of a timeline (it used to recurse without end and crash).
    auto csv = test::run(search + " --timeline --figure casualties --csv");
    REQUIRE(csv.status == 0);
    CHECK(csv.out.rfind("source,date,date_source,type,value,", 0) == 0);
    CHECK(csv.out.find("National Intelligence Service,2024-") != std::string::npos);
    auto quotes = test::run(search + " --quotes --timeline --speaker budanov --json");
    REQUIRE(quotes.status == 0);
    auto q = nlohmann::json::parse(quotes.out);
    CHECK(q["view"] == "quote_timeline");
    REQUIRE(!q["timeline"].empty());
    for (const auto& line : q["timeline"]) {
        CHECK(line["speaker"] == "Kyrylo Budanov");
        CHECK(line["date"] == "2025-02-12");
    }
}

TEST_CASE("folding: --count stories counts a facet value once per story of its articles") {
    if (!test::have_shared_data()) {
        WARN("shared data absent: skipped");
        return;
    }
    const BbcCopies indexed;
    searcher::Searcher s(indexed.db());

    auto req = request("");
    req.facet_limit = 1000;
    auto articles = s.hits(req);
    req.counting = searcher::Counting::Stories;
    auto stories = s.hits(req);
    CHECK(stories.counting == searcher::Counting::Stories);
    CHECK(stories.total == articles.total);
    CHECK(stories.facet_documents == articles.facet_documents);
    REQUIRE(stories.facets.size() == articles.facets.size());

    // Each story count, checked another way: the distinct story ids of the articles the value's
    // own filter selects, unfolded.
    std::size_t values = 0;
    std::size_t fewer = 0;
    for (std::size_t i = 0; i < stories.facets.size(); ++i) {
        const auto facet = stories.facets[i].first;
        for (const auto& v : stories.facets[i].second.top) {
            auto one = request("");
            one.folding = searcher::Folding::Articles;
            one.filters[facet] = {v.value};
            auto selected = s.hits(one);
            std::set<std::string> ids;
            for (const auto& h : selected.hits) {
                ids.insert(h.story_id);
            }
            INFO(searcher::facet_name(facet) << " '" << v.value << "'");
            CHECK(v.count == ids.size());
            CHECK(v.count == selected.stories);
            const auto& by_article = articles.facets[i].second.top;
            auto same = std::find_if(by_article.begin(), by_article.end(), [&](const auto& a) {
                return a.value == v.value;
            });
            REQUIRE(same != by_article.end());
            CHECK(same->count == selected.total);
            fewer += v.count < same->count ? 1 : 0;
            ++values;
        }
    }
    CHECK(values > 20);
    CHECK(fewer > 0);  // copies carry their original's values: some count less as stories

    // The command line: the option, its JSON marker, and a clear error for a bad value.
    const std::string search =
        test::sh_quote(test::search_binary()) + " --db " + test::sh_quote(indexed.db());
    auto json = test::run(search + " --count stories --json ''");
    REQUIRE(json.status == 0);
    auto j = nlohmann::json::parse(json.out);
    CHECK(j["facet_counting"] == "stories");
    CHECK(!nlohmann::json::parse(test::run(search + " --json ''").out).contains("facet_counting"));
    auto text = test::run(search + " --count stories ''");
    CHECK(text.out.find("counting stories") != std::string::npos);
    auto bad = test::run(search + " --count copies ''");
    CHECK(bad.status == 2);
    CHECK(bad.err.find("--count") != std::string::npos);
}

TEST_CASE("folding: a folded page is the unfolded ranking without the later copies of each story") {
    // The searcher collapses on the shared-story slot, which articles alone in their story do
    // not carry (Xapian never collapses a document without a value): the same page as the
    // collapse on every article's story id, which this checks from the unfolded ranking.
    if (!test::have_shared_data()) {
        WARN("shared data absent: skipped");
        return;
    }
    const BbcCopies indexed;
    searcher::Searcher s(indexed.db());
    std::size_t pages = 0, folded_copies = 0;
    for (const char* q : {"", "said", "government", "the year", "minister OR music", "film"}) {
        INFO("query '" << q << "'");
        const auto folded = s.hits(request(q));
        auto unfolded_request = request(q);
        unfolded_request.folding = searcher::Folding::Articles;
        const auto unfolded = s.hits(unfolded_request);
        REQUIRE(unfolded.hits.size() == unfolded.total);  // the whole ranking (limit 1000)
        std::vector<std::string> expected;
        std::map<std::string, std::size_t> articles;  // story → its matching articles
        for (const auto& h : unfolded.hits) {
            if (articles[h.story_id]++ == 0) {
                expected.push_back(h.story_id);
            }
        }
        std::vector<std::string> got;
        for (const auto& h : folded.hits) {
            got.push_back(h.story_id);
            CHECK(h.similar_count + 1 == articles[h.story_id]);
            folded_copies += h.similar_count;
        }
        CHECK(got == expected);
        CHECK(folded.total == unfolded.total);
        CHECK(folded.stories == expected.size());
        pages += got.empty() ? 0 : 1;
    }
    CHECK(pages >= 5);
    CHECK(folded_copies > 20);
}

TEST_CASE("folding: small pages fold as Xapian's collapse does, with a story of 30 copies") {
    // fold_page() reads a window twice the page and folds it; a story of many copies at the top
    // leaves the window short of stories and makes it read a wider one. Pages of 1, 3 and 10
    // hits at several offsets must equal Xapian's collapse on the shared-story slot.
    if (!test::have_shared_data()) {
        WARN("shared data absent: skipped");
        return;
    }
    std::vector<EvalArticle> set = test::make_story_set(test::bbc_sample(25), 1, 150, false);
    const std::size_t originals = set.size();
    for (std::size_t c = 0; c < 2; ++c) {
        const EvalArticle original = set[c * 7];
        for (int i = 0; i < 30; ++i) {
            EvalArticle copy = original;
            copy.id = original.id + "~wire" + std::to_string(i);
            set.push_back(copy);
        }
    }
    test::TempDir dir;
    test::write_story_jsonl(dir.str("set.jsonl"), set);
    test::index_inputs(dir.str("db"), {dir.str("set.jsonl")});
    searcher::Searcher own(dir.str("db"));
    searcher::Searcher xapian(dir.str("db"));
    xapian.set_own_folding(false);

    std::vector<std::string> queries = {"said", "the", "government", "minister OR music"};
    for (std::size_t c = 0; c < 2; ++c) {
        // The first words of the copied originals' headlines: their 31 copies lead the ranking.
        std::string words;
        std::size_t n = 0;
        for (char ch : set[c * 7].title) {
            if (ch == ' ' && ++n == 3) {
                break;
            }
            words.push_back(ch);
        }
        queries.push_back(words);
        queries.push_back("\"" + words + "\"");
    }
    std::size_t pages = 0, folded = 0;
    for (const std::string& q : queries) {
        for (const std::size_t limit : {std::size_t{1}, std::size_t{3}, std::size_t{10}}) {
            for (const std::size_t offset : {std::size_t{0}, std::size_t{1}, std::size_t{4}}) {
                INFO("query '" << q << "', limit " << limit << ", offset " << offset);
                auto r = request(q);
                r.limit = limit;
                r.offset = offset;
                const auto a = own.hits(r);
                const auto b = xapian.hits(r);
                CHECK(a.total == b.total);
                CHECK(a.stories == b.stories);
                REQUIRE(a.hits.size() == b.hits.size());
                for (std::size_t i = 0; i < a.hits.size(); ++i) {
                    CHECK(a.hits[i].id == b.hits[i].id);
                    CHECK(a.hits[i].rank == b.hits[i].rank);
                    CHECK(a.hits[i].score == b.hits[i].score);
                    CHECK(a.hits[i].similar_count == b.hits[i].similar_count);
                    CHECK(a.hits[i].snippet == b.hits[i].snippet);
                    folded += a.hits[i].similar_count >= 30 ? 1 : 0;
                }
                pages += a.hits.empty() ? 0 : 1;
            }
        }
    }
    CHECK(set.size() == originals + 60);
    CHECK(pages >= 50);
    CHECK(folded > 10);  // the 31-copy stories were on pages
}
