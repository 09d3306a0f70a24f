#include <algorithm>

#include <catch2/catch.hpp>

#include "analyzers/error.hpp"
#include "searcher/searcher.hpp"
#include "support/index_fixture.hpp"

using dossier::searcher::HitsRequest;
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
