#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "analyzers/error.hpp"
#include "searcher/query.hpp"
#include "searcher/searcher.hpp"
#include "support/index_fixture.hpp"

using dossier::searcher::HitsRequest;
using dossier::searcher::QueryCompiler;
using dossier::searcher::Searcher;
using dossier::test::IndexFixture;

namespace {

std::vector<std::string> ids(Searcher& s, const std::string& q) {
    HitsRequest r;
    r.query = q;
    r.limit = 100;
    std::vector<std::string> out;
    for (const auto& h : s.hits(r).hits) {
        out.push_back(h.id);
    }
    std::sort(out.begin(), out.end());
    return out;
}

const std::vector<std::pair<std::string, std::string>> ARTICLES = {
    {"apostrophe", "Russia\u2019s firepower grew. Kim Jong-un watched. Cho Tae-yong spoke."},
    {"numbers", "Reports indicated up to 12,000 troops and $5.6 billion in aid."},
    {"stems", "Ukrainian officials confirmed heavy casualties and a withdrawal."},
    {"other", "Nothing relevant here at all."},
};

}  // namespace

TEST_CASE("curly and straight apostrophes find the same article", "[searcher][query]") {
    auto f = IndexFixture::of(ARTICLES);
    Searcher s(f.db());
    CHECK(ids(s, "Russia's") == std::vector<std::string>{"apostrophe"});
    CHECK(ids(s, "Russia\u2019s") == std::vector<std::string>{"apostrophe"});
    CHECK(
        ids(s, "Russia") == std::vector<std::string>{"apostrophe"}
    );  // possessive stems to the noun
}

TEST_CASE(
    "a number with a thousands separator is found by 12,000 and by 12000", "[searcher][query]"
) {
    auto f = IndexFixture::of(ARTICLES);
    Searcher s(f.db());
    CHECK(ids(s, "12,000") == std::vector<std::string>{"numbers"});
    CHECK(ids(s, "12000") == std::vector<std::string>{"numbers"});
    CHECK(ids(s, "\"12000 troops\"") == std::vector<std::string>{"numbers"});
}

TEST_CASE("hyphenated names are found with and without the hyphen", "[searcher][query]") {
    auto f = IndexFixture::of(ARTICLES);
    Searcher s(f.db());
    CHECK(ids(s, "Jong-un") == std::vector<std::string>{"apostrophe"});
    CHECK(ids(s, "\"Kim Jong Un\"") == std::vector<std::string>{"apostrophe"});
    CHECK(ids(s, "Tae-yong") == std::vector<std::string>{"apostrophe"});
    CHECK(ids(s, "\"tae yong\"") == std::vector<std::string>{"apostrophe"});
}

TEST_CASE(
    "stemming: casualty finds casualties, withdrawing finds withdrawal", "[searcher][query]"
) {
    auto f = IndexFixture::of(ARTICLES);
    Searcher s(f.db());
    CHECK(ids(s, "casualty") == std::vector<std::string>{"stems"});
    CHECK(ids(s, "confirming") == std::vector<std::string>{"stems"});
    CHECK(ids(s, "official") == std::vector<std::string>{"stems"});
}

TEST_CASE("an empty query browses every article", "[searcher][query]") {
    auto f = IndexFixture::of(ARTICLES);
    Searcher s(f.db());
    CHECK(ids(s, "").size() == ARTICLES.size());
}

// Xapian 1.4 counts references to a Query without atomics, so its static Query::MatchAll must never
// be copied by two threads at once: the server's searches of "" did, and a lost count freed it
// under a later search (a crash in Enquire::set_query after a few thousand concurrent browses).
TEST_CASE(
    "the empty query is a Query of its own, never Xapian's shared MatchAll", "[searcher][query]"
) {
    auto f = IndexFixture::of(ARTICLES);
    const Xapian::Query::Internal* shared = Xapian::Query::MatchAll.internal.get();
    const unsigned before = shared->_refs;
    {
        QueryCompiler qc{Xapian::Database(f.db())};
        const Xapian::Query q = qc.parse("");
        CHECK(q.get_type() == Xapian::Query::LEAF_MATCH_ALL);
        CHECK(q.internal.get() != shared);
        CHECK(qc.parse(" \t ").internal.get() != shared);
    }
    // Several threads, each with its own compiler, as the server's searchers run.
    std::atomic<int> match_all{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            QueryCompiler qc{Xapian::Database(f.db())};
            int mine = 0;
            for (int i = 0; i < 50000; ++i) {
                const Xapian::Query q = qc.parse(i % 2 ? "" : "  ");
                const Xapian::Query copy = q;
                mine += copy.get_type() == Xapian::Query::LEAF_MATCH_ALL;
            }
            match_all += mine;
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    CHECK(match_all == 4 * 50000);
    CHECK(shared->_refs == before);
}
