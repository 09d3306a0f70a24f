/// The quotes view on the quotations database written at index time (indexer/quotes.hpp), and
/// on the per-query analysis it falls back to: the same quotations either way, one database or
/// local shards.
#include <filesystem>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "indexer/indexer.hpp"
#include "indexer/quotes.hpp"
#include "searcher/searcher.hpp"
#include "support/analysis.hpp"
#include "support/paths.hpp"
#include "support/temp_dir.hpp"

using dossier::searcher::QuotesRequest;
using dossier::searcher::QuotesResult;
using dossier::searcher::Searcher;

namespace {

void index_corpus(const std::string& db, std::size_t shards = 0) {
    dossier::indexer::IndexOptions opts;
    opts.db = db;
    opts.analysis = dossier::test::analysis();
    opts.inputs = {dossier::test::corpus_dir()};
    opts.shards = shards;
    opts.in_place = true;  // a plain database: its quotations in quotes_directory(db)
    dossier::indexer::run(opts, [](const std::string&) {});
}

QuotesResult quotes(Searcher& s, const std::string& query) {
    QuotesRequest r;
    r.query = query;
    r.limit = 1000;
    return s.quotes(r);
}

/// What a quotes answer lists, order aside: (article, text) pairs and the totals.
using Listing = std::tuple<std::size_t, std::size_t, std::multiset<std::string>>;

Listing listing(const QuotesResult& r) {
    std::multiset<std::string> rows;
    for (const auto& q : r.quotes) {
        rows.insert(q.id + " " + q.text);
    }
    return {r.total, r.quotes_total, rows};
}

const std::vector<std::string> QUERIES = {
    "",
    "casualties",
    "\"cannon fodder\"",
    "korea NOT troops",
    "troops -russia",
    "speaker:budanov",
    "putin*",
    "north NEAR/3 korean",
    "budanov OR zelensky",
    "org:nis soldiers",
    "figure:casualties killed",
    "title:korea",
    "troops date:2024-01-01..2024-12-31",
    "xylophone",
};

}  // namespace

TEST_CASE(
    "the quotes view reads the quotations database and lists what per-query analysis lists",
    "[searcher][quotes]"
) {
    dossier::test::TempDir dir;
    index_corpus(dir.str("db"));
    std::filesystem::copy(dir.str("db"), dir.str("old"), std::filesystem::copy_options::recursive);
    std::filesystem::remove_all(dossier::indexer::quotes_directory(dir.str("old")));

    Searcher indexed(dir.str("db"));
    Searcher per_query(dir.str("old"));
    REQUIRE(indexed.quotes_indexed());
    REQUIRE_FALSE(per_query.quotes_indexed());
    std::size_t listed = 0;
    for (const auto& q : QUERIES) {
        INFO(q);
        const QuotesResult a = quotes(indexed, q);
        CHECK(listing(a) == listing(quotes(per_query, q)));
        listed += a.quotes.size();
        for (std::size_t k = 1; k < a.quotes.size(); ++k) {
            CHECK(a.quotes[k - 1].score >= a.quotes[k].score);  // best first
            CHECK(a.quotes[k].rank == k + 1);
        }
    }
    CHECK(listed > 60);  // the queries list quotations, not only nothing
}

TEST_CASE(
    "a quotation is listed only when its article matches the query too", "[searcher][quotes]"
) {
    dossier::test::TempDir dir;
    index_corpus(dir.str("db"));
    Searcher s(dir.str("db"));
    REQUIRE(s.quotes_indexed());
    const QuotesResult wrong = quotes(s, "\"media are wrong\"");
    REQUIRE(wrong.quotes.size() == 1);
    // The quotation does not name Korea, its article does: the article fails `NOT korea`.
    std::string text = wrong.quotes[0].text;
    for (auto& c : text) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    REQUIRE(text.find("korea") == std::string::npos);
    CHECK(quotes(s, "\"media are wrong\" NOT korea").quotes_total == 0);
    CHECK(quotes(s, "\"media are wrong\" NOT xylophone").quotes_total == 1);
}

TEST_CASE(
    "a quotation's score does not depend on which other articles match", "[searcher][quotes]"
) {
    dossier::test::TempDir dir;
    index_corpus(dir.str("db"));
    Searcher s(dir.str("db"));
    REQUIRE(s.quotes_indexed());
    // Collection statistics, as for articles: narrowing the articles by a filter leaves the
    // score of each quotation still listed unchanged.
    const QuotesResult all = quotes(s, "casualties");
    const QuotesResult narrowed = quotes(s, "casualties org:nis");
    REQUIRE(!narrowed.quotes.empty());
    REQUIRE(narrowed.total < all.total);
    for (const auto& n : narrowed.quotes) {
        bool found = false;
        for (const auto& a : all.quotes) {
            if (a.id == n.id && a.text == n.text) {
                CHECK(a.score == Approx(n.score));
                found = true;
            }
        }
        CHECK(found);
    }
}

TEST_CASE(
    "a searcher whose quotations lag the articles indexes them per query, with the same answers",
    "[searcher][quotes]"
) {
    dossier::test::TempDir dir;
    index_corpus(dir.str("db"));
    Searcher before(dir.str("db"));
    REQUIRE(before.quotes_indexed());
    const Listing expected = listing(quotes(before, "casualties"));
    {
        // An articles commit the quotations have not seen (an indexer between its two commits).
        Xapian::WritableDatabase raw(dir.str("db"), Xapian::DB_OPEN);
        raw.set_metadata("test.touch", "1");
        raw.commit();
    }
    Searcher lagging(dir.str("db"));
    CHECK_FALSE(lagging.quotes_indexed());
    CHECK(listing(quotes(lagging, "casualties")) == expected);
}

TEST_CASE(
    "local shards: each shard's quotations together list what one database lists",
    "[searcher][quotes]"
) {
    dossier::test::TempDir dir;
    index_corpus(dir.str("one"));
    index_corpus(dir.str("sharded"), 2);
    Searcher one(dir.str("one"));
    Searcher sharded(dir.str("sharded"));
    REQUIRE(one.quotes_indexed());
    REQUIRE(sharded.quotes_indexed());
    for (const auto& q : QUERIES) {
        INFO(q);
        CHECK(listing(quotes(sharded, q)) == listing(quotes(one, q)));
    }
}
