// classify(): one mapping from exceptions to a status, an exit code and a one-line message.
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "analyzers/error.hpp"
#include "searcher/cancel.hpp"
#include "searcher/errors.hpp"
#include "searcher/searcher.hpp"
#include "support/index_fixture.hpp"
#include "support/temp_dir.hpp"

using dossier::searcher::classify;
using dossier::searcher::ErrorInfo;

namespace {

template <class F>
ErrorInfo failure(F&& f) {
    try {
        f();
    } catch (...) {
        return classify(std::current_exception());
    }
    FAIL("no exception");
    return {};
}

}  // namespace

TEST_CASE("a malformed query is a 400 naming the query", "[searcher][errors]") {
    auto fixture = dossier::test::IndexFixture::of({{"a1", "Budanov spoke about casualties."}});
    dossier::searcher::Searcher s(fixture.db());
    dossier::searcher::HitsRequest r;
    r.query = "budanov AND";
    const ErrorInfo e = failure([&] { s.hits(r); });
    CHECK(e.status == 400);
    CHECK(e.exit_code == 2);
    CHECK(e.kind == "query");
    CHECK(e.message.find("budanov AND") != std::string::npos);
    CHECK(e.message.find('\n') == std::string::npos);
    CHECK(e.to_json() == nlohmann::json{{"error", e.message}, {"kind", "query"}, {"status", 400}});
}

TEST_CASE("a missing or foreign database is a 503 naming it", "[searcher][errors]") {
    dossier::test::TempDir dir;
    const ErrorInfo missing = failure([&] { dossier::searcher::Searcher s(dir.str("nope")); });
    CHECK(missing.status == 503);
    CHECK(missing.kind == "index");
    CHECK(missing.message.find(dir.str("nope")) != std::string::npos);
    const ErrorInfo not_db = failure([&] { dossier::searcher::Searcher s(dir.str()); });
    CHECK(not_db.status == 503);
    CHECK(not_db.message.find(dir.str()) != std::string::npos);
    const ErrorInfo schema = failure([] { throw dossier::SchemaError("database 'x': version 9"); });
    CHECK(schema.status == 503);
}

TEST_CASE("other errors: bad input 400, everything else 500", "[searcher][errors]") {
    CHECK(failure([] { throw dossier::Error("cannot read batch file 'q.txt'"); }).status == 400);
    CHECK(failure([] { throw dossier::Error("x"); }).kind == "input");
    CHECK(failure([] { throw Xapian::DatabaseModifiedError("changed"); }).status == 503);
    CHECK(failure([] { throw Xapian::InvalidArgumentError("bad"); }).status == 500);
    const ErrorInfo other = failure([] { throw std::runtime_error("boom"); });
    CHECK(other.status == 500);
    CHECK(other.kind == "internal");
    CHECK(other.message == "boom");
    CHECK(failure([] { throw 42; }).message == "unknown error");
}

TEST_CASE("a cancelled search is a 503 and leaves the Searcher usable", "[searcher][errors]") {
    std::vector<std::pair<std::string, std::string>> articles;
    for (int i = 0; i < 200; ++i) {
        articles.emplace_back(
            "a" + std::to_string(i),
            "Troops moved " + std::to_string(i) + " km, the ministry said: \"We hold the line.\""
        );
    }
    auto fixture = dossier::test::IndexFixture::of(articles);
    dossier::searcher::Searcher s(fixture.db());
    dossier::searcher::HitsRequest hits;
    hits.query = "troops";
    dossier::searcher::QuotesRequest quotes;
    quotes.query = "line";
    const auto want_hits = s.hits(hits).total;
    const auto want_quotes = s.quotes(quotes).quotes_total;
    REQUIRE(want_hits == 200);

    dossier::searcher::Cancellation live;  // set, not cancelled: the same answers
    s.set_cancellation(&live);
    CHECK(s.hits(hits).total == want_hits);
    CHECK(s.quotes(quotes).quotes_total == want_quotes);

    dossier::searcher::Cancellation cancelled;
    cancelled.cancel();
    s.set_cancellation(&cancelled);
    for (const ErrorInfo& e :
         {failure([&] { s.hits(hits); }), failure([&] { s.quotes(quotes); })}) {
        CHECK(e.status == 503);
        CHECK(e.kind == "budget");
        CHECK(e.message.find('\n') == std::string::npos);
    }
    s.set_cancellation(nullptr);
    CHECK(s.hits(hits).total == want_hits);
    CHECK(s.quotes(quotes).quotes_total == want_quotes);
}

TEST_CASE("the cancel spy stops a Xapian match in the middle", "[searcher][errors]") {
    std::vector<std::pair<std::string, std::string>> articles;
    for (int i = 0; i < 200; ++i) {
        articles.emplace_back("a" + std::to_string(i), "Troops moved again.");
    }
    auto fixture = dossier::test::IndexFixture::of(articles);
    Xapian::Database db(fixture.db());
    Xapian::Enquire enquire(db);
    enquire.set_query(
        Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("troops"), Xapian::Query("Ztroop"))
    );
    dossier::searcher::Cancellation cancel;
    cancel.cancel();
    dossier::searcher::CancelSpy spy(cancel);
    enquire.add_matchspy(&spy);
    CHECK_THROWS_AS(enquire.get_mset(0, 10, db.get_doccount()), dossier::searcher::SearchCancelled);
    enquire.clear_matchspies();
    CHECK(enquire.get_mset(0, 10, db.get_doccount()).size() == 10);  // the Enquire still works
}
