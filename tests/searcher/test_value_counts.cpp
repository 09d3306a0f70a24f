// ValueCounts: the story and date counts of a match, from the Searcher's slot memo, against
// Xapian's own ValueCountMatchSpy on the same matches.
#include <cctype>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "indexer/index_writer.hpp"
#include "indexer/indexer.hpp"
#include "indexer/schema.hpp"
#include "searcher/facets.hpp"
#include "searcher/remote_facets.hpp"
#include "searcher/render.hpp"
#include "searcher/searcher.hpp"
#include "searcher/value_counts.hpp"
#include "support/analysis.hpp"
#include "support/index_fixture.hpp"
#include "support/news_samples.hpp"
#include "support/paths.hpp"
#include "support/temp_dir.hpp"

using namespace dossier::searcher;
namespace schema = dossier::indexer::schema;

namespace {

std::map<std::string, std::size_t> counts_of(const Xapian::ValueCountMatchSpy& spy) {
    std::map<std::string, std::size_t> out;
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
        out[*it] = it.get_termfreq();
    }
    return out;
}

/// Indexes every `step`-th BBC sample article into `path`, most with a date field (some days
/// shared, some articles without one).
void index_bbc(const std::string& path, std::size_t step) {
    dossier::indexer::IndexWriter writer(path, dossier::test::analysis());
    std::size_t n = 0;
    for (const auto& s : dossier::test::bbc_sample(step)) {
        dossier::indexer::Article a = dossier::test::article_of(s);
        if (++n % 7 != 0) {
            a.extra["date"] = fmt::format("2005-{:02}-{:02}", 1 + n % 12, 1 + n % 28);
        }
        writer.put(a);
    }
    writer.commit();
}

}  // namespace

TEST_CASE(
    "story and date counts from the slot memo equal Xapian's ValueCountMatchSpy",
    "[searcher][facets]"
) {
    if (!dossier::test::have_shared_data()) {
        WARN("shared data absent: skipped");
        return;
    }
    dossier::test::TempDir dir;
    const std::string path = dir.str("db");
    index_bbc(path, 5);
    const Xapian::Database db(path);
    REQUIRE(db.get_doccount() > 300);
    // Over one database the memo keeps each document's value id; over a stub of several it
    // keeps the values only. Both must count the same.
    for (const bool memo_documents : {true, false}) {
        SlotValues stories, dates;
        stories.reset(memo_documents);
        dates.reset(memo_documents);
        std::size_t values = 0, days = 0;
        // Twice: the second pass reads the ids from the memo.
        for (int pass = 0; pass < 2; ++pass) {
            for (const char* q : {"", "said", "government", "film", "bank"}) {
                CAPTURE(memo_documents, pass, q);
                Xapian::Enquire enquire(db);
                enquire.set_query(
                    *q ? Xapian::Query(q) : Xapian::Query(std::string())  // "" matches all
                );
                ValueCounts story(schema::SLOT_STORY, stories, false);
                ValueCounts date(schema::SLOT_DATE, dates, false);
                Xapian::ValueCountMatchSpy story_ref(schema::SLOT_STORY);
                Xapian::ValueCountMatchSpy date_ref(schema::SLOT_DATE);
                story.attach(enquire);
                date.attach(enquire);
                enquire.add_matchspy(&story_ref);
                enquire.add_matchspy(&date_ref);
                enquire.get_mset(0, 10, db.get_doccount());
                REQUIRE(story_ref.get_total() > 0);
                CHECK(story.total() == story_ref.get_total());
                CHECK(date.total() == date_ref.get_total());
                const auto story_counts = counts_of(story_ref);
                const auto date_counts = counts_of(date_ref);
                CHECK(story.distinct() == story_counts.size());
                CHECK(date.distinct() == date_counts.size());
                std::map<std::string, std::size_t> listed;
                story.for_each([&](const std::string& v, std::size_t n) { listed[v] = n; });
                CHECK(listed == story_counts);
                listed.clear();
                date.for_each([&](const std::string& v, std::size_t n) { listed[v] = n; });
                CHECK(listed == date_counts);
                for (const auto& [value, n] : story_counts) {
                    CHECK(story.count(value) == n);
                }
                CHECK(story.count("no such story") == 0);
                values += story_counts.size();
                days += date_counts.size();
            }
        }
        CHECK(values > 1000);
        CHECK(days > 50);
    }
}

namespace {

/// A stock ValueCountMatchSpy's counts of `slot` over `query`, serialised as a remote shard sends
/// them (ValueCountMatchSpy::serialise_results()), with the spy for reference.
std::string shard_results(
    const Xapian::Database& db,
    const Xapian::Query& query,
    Xapian::valueno slot,
    std::map<std::string, std::size_t>& counts,
    std::size_t& total
) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    Xapian::ValueCountMatchSpy spy(slot);
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, db.get_doccount());
    counts = counts_of(spy);
    total = spy.get_total();
    return spy.serialise_results();
}

}  // namespace

TEST_CASE(
    "a remote shard's ValueCountMatchSpy results parse to Xapian's own counts", "[searcher][shards]"
) {
    // Lengths and counts of 255 and more take Xapian's long form (0xff, then 7-bit groups).
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    const std::string long_value(300, 'x');
    for (int i = 0; i < 700; ++i) {
        Xapian::Document doc;
        doc.add_term("all");
        doc.add_value(
            0, i < 600 ? long_value : (i % 3 == 0 ? std::string() : "v" + std::to_string(i % 7))
        );
        db.add_document(doc);
    }
    std::map<std::string, std::size_t> expected;
    std::size_t expected_total = 0;
    const std::string wire = shard_results(db, Xapian::Query("all"), 0, expected, expected_total);
    REQUIRE(expected.at(long_value) == 600);
    std::map<std::string, std::size_t> parsed;
    std::size_t total = 0;
    parse_value_counts(wire, total, [&](std::string_view v, std::size_t n) {
        parsed[std::string(v)] += n;
    });
    CHECK(total == 700);
    CHECK(parsed == expected);

    // Two shards' results add up.
    WireValueCounts spy(0, [&](std::string_view v, std::size_t n) { parsed[std::string(v)] += n; });
    parsed.clear();
    spy.merge_results(wire);
    spy.merge_results(wire);
    CHECK(spy.total() == 1400);
    CHECK(parsed.at(long_value) == 1200);
    CHECK(parsed.size() == expected.size());

    // Malformed results are a NetworkError (as Xapian's own merge), never a read past the end.
    for (const std::size_t cut :
         {std::size_t{1}, std::size_t{3}, wire.size() / 2, wire.size() - 1}) {
        CAPTURE(cut);
        std::size_t t = 0;
        CHECK_THROWS_AS(
            parse_value_counts(wire.substr(0, cut), t, [](std::string_view, std::size_t) {}),
            Xapian::NetworkError
        );
    }
    std::size_t t = 0;
    CHECK_THROWS_AS(
        parse_value_counts(wire + "x", t, [](std::string_view, std::size_t) {}),
        Xapian::NetworkError
    );
}

TEST_CASE(
    "facet and story counts from a remote database's ValueCountMatchSpy equal the local spies",
    "[searcher][shards]"
) {
    if (!dossier::test::have_shared_data()) {
        WARN("shared data absent: skipped");
        return;
    }
    dossier::test::TempDir dir;
    const std::string path = dir.str("db");
    index_bbc(path, 4);
    const Xapian::Database db(path);
    REQUIRE(db.get_doccount() > 350);
    // The same database through Xapian's remote backend (xapian-progsrv over a pipe: the stock
    // server code of xapian-tcpsrv, without a port), so the counts come back serialised and go
    // through WireValueCounts::merge_results().
    const Xapian::Database remote = Xapian::Remote::open("xapian-progsrv", path);
    const auto aliases = schema::stored_alias_table(db);
    FacetMemo local_keys, remote_keys;
    for (Facet f : ALL_FACETS) {
        local_keys[f].reset(f, &aliases, true);
        remote_keys[f].reset(f, &aliases, false);
    }
    SlotValues local_stories, remote_stories;
    local_stories.reset(true);
    remote_stories.reset(false);
    const std::vector<Facet> facets(ALL_FACETS.begin(), ALL_FACETS.end());
    std::size_t values = 0;
    // Twice: the second pass reads the combinations and stories from the memos.
    for (int pass = 0; pass < 2; ++pass) {
        for (const char* q : {"", "said", "government", "film"}) {
            CAPTURE(pass, q);
            const Xapian::Query query = *q ? Xapian::Query(q) : Xapian::Query(std::string());
            Xapian::Enquire here(db);
            here.set_query(query);
            FacetSpy local(facets, local_keys);
            ValueCounts local_story(schema::SLOT_STORY, local_stories, false);
            here.add_matchspy(&local);
            local_story.attach(here);
            here.get_mset(0, 0, db.get_doccount());

            Xapian::Enquire there(remote);
            there.set_query(query);
            CombinationFacets combined(facets, remote_keys);
            ValueCounts remote_story(schema::SLOT_STORY, remote_stories, true);
            combined.attach(there);
            remote_story.attach(there);
            there.get_mset(0, 0, remote.get_doccount());

            REQUIRE(local.documents() > 0);
            CHECK(combined.documents() == local.documents());
            for (Facet f : facets) {
                CAPTURE(facet_name(f));
                CHECK(combined.tally(f) == local.tally(f));
                const FacetCounts a = combined.top(f, 20), b = local.top(f, 20);
                CHECK(a.distinct == b.distinct);
                REQUIRE(a.top.size() == b.top.size());
                for (std::size_t i = 0; i < a.top.size(); ++i) {
                    CHECK(a.top[i].value == b.top[i].value);
                    CHECK(a.top[i].count == b.top[i].count);
                }
                values += a.distinct;
            }
            CHECK(remote_story.total() == local_story.total());
            CHECK(remote_story.distinct() == local_story.distinct());
            std::map<std::string, std::size_t> x, y;
            remote_story.for_each([&](const std::string& v, std::size_t n) { x[v] = n; });
            local_story.for_each([&](const std::string& v, std::size_t n) { y[v] = n; });
            CHECK(x == y);
            for (const auto& [story, n] : y) {
                CHECK(remote_story.count(story) == n);
            }
        }
    }
    CHECK(values > 1000);
}

TEST_CASE(
    "a searcher without the per-document memo answers as one with it, on BBC",
    "[searcher][facets][shared]"
) {
    // The one-query CLI turns the memo off (Searcher::set_document_memo): the same counts must
    // come from decoding each document's slots every time.
    REQUIRE(dossier::test::have_shared_data());
    dossier::test::TempDir dir;
    const std::string db = dir.str("db");
    dossier::indexer::IndexOptions opts;
    opts.db = db;
    opts.inputs = {dossier::test::shared_data_dir() + "/bbc-news/bbc/politics"};
    opts.analysis = dossier::test::analysis();
    dossier::indexer::run(opts, [](const std::string&) {});

    dossier::searcher::Searcher memo(db);
    dossier::searcher::Searcher plain(db);
    plain.set_document_memo(false);
    std::size_t compared = 0;
    for (int pass = 0; pass < 2; ++pass) {  // the second pass reads the memo
        for (const char* q : {"", "Blair", "election tax", "speaker:\"Tony Blair\"", "said"}) {
            for (const auto counting : {Counting::Articles, Counting::Stories}) {
                dossier::searcher::HitsRequest r;
                r.query = q;
                r.facet_limit = 30;
                r.counting = counting;
                INFO(q);
                const auto a = memo.hits(r);
                const auto b = plain.hits(r);
                CHECK(a.total == b.total);
                CHECK(a.stories == b.stories);
                CHECK(dossier::searcher::to_json(a) == dossier::searcher::to_json(b));
                CHECK(a.facets.size() == FACET_COUNT);
                ++compared;
            }
        }
    }
    CHECK(compared == 20);
}

TEST_CASE(
    "one query without the memo counts by the dictionary's numbers as the memo counts by ids, "
    "on BBC and Reuters",
    "[searcher][facets][columns][shared]"
) {
    // Without the memo (the CLI), facet values that no alias group or surname merge joins are
    // counted in the column dictionary's number space and given ids only when they can be shown
    // (FacetSpy::NumberCounts). Every top list (ties at its end included), every distinct
    // count and every value shown must equal the memo's, for small and large limits.
    REQUIRE(dossier::test::have_shared_data());
    dossier::test::TempDir dir;
    const std::string db = dir.str("db");
    std::vector<dossier::test::SampleArticle> news = dossier::test::bbc_sample(2);
    for (auto& s : dossier::test::reuters_sample(1, 1)) {
        news.push_back(std::move(s));
    }
    dossier::test::index_samples(db, news);
    {
        // The alias table and surname merges name some keys: the joined path is taken too.
        const Xapian::Database xdb(db);
        const auto column = dossier::indexer::ValueColumn::open(db, xdb, schema::SLOT_FACET_IDS);
        REQUIRE(column);
        REQUIRE(column->dictionary() != nullptr);
        std::size_t joined = 0;
        for (Facet f : ALL_FACETS) {
            const auto& sizes = column->dictionary()->facet(f);
            joined += sizes.keys - sizes.alone_keys;
        }
        CHECK(joined > 0);
    }
    Searcher memo(db);
    Searcher plain(db);
    plain.set_document_memo(false);
    REQUIRE(plain.reads_facet_column());
    std::vector<std::string> queries = {
        "said",
        "government",
        "oil OR gold",
        "minister -labour",
        "the",
        "market",
        "year",
        "said org:reuters",
        "government speaker:blair"};
    for (std::size_t i = 0; i < news.size(); i += 97) {
        std::istringstream words(news[i].title);
        std::string w;
        while (words >> w) {
            if (w.size() > 3 && std::isalpha(static_cast<unsigned char>(w[0]))) {
                queries.push_back(w);
            }
        }
    }
    std::size_t compared = 0, shown = 0, cut = 0;
    for (const std::size_t helpers : {std::size_t{0}, std::size_t{2}}) {
        memo.set_facet_threads(helpers);
        plain.set_facet_threads(helpers);
        for (const std::string& q : queries) {
            for (const std::size_t limit : {0, 1, 2, 3, 10, 100000}) {
                HitsRequest r;
                r.query = q;
                r.limit = 3;
                r.facet_limit = limit;
                INFO(q << " / facet limit " << limit << " / helpers " << helpers);
                nlohmann::json a = to_json(memo.hits(r));
                nlohmann::json b = to_json(plain.hits(r));
                a.erase("took_ms");
                b.erase("took_ms");
                CHECK(a == b);
                ++compared;
                for (const auto& [facet, counts] : a["facets"].items()) {
                    shown += counts.size();
                    // A list cut by the limit, where ties at its end decide what is shown.
                    cut += limit > 0 && counts.size() == limit ? 1 : 0;
                }
            }
        }
    }
    CHECK(compared > 100);
    CHECK(shown > 1000);
    CHECK(cut > 50);
}
