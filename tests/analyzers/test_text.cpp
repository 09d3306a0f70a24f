#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "analyzers/text.hpp"
#include "support/paths.hpp"

using namespace dossier::analyzers;

namespace {

using dossier::test::slurp;

}  // namespace

TEST_CASE("sentence splitting keeps abbreviations inside sentences", "[analyzers][text]") {
    std::string text = "Recently, Lt. Gen. Kyrylo Budanov asserted it. U.S. and Ukrainian "
                       "officials agreed.\nNew paragraph";
    auto s = sentences(text);
    REQUIRE(s.size() == 3);
    CHECK(s[0].in(text) == "Recently, Lt. Gen. Kyrylo Budanov asserted it.");
    CHECK(s[1].in(text) == "U.S. and Ukrainian officials agreed.");
    CHECK(s[2].in(text) == "New paragraph");
}

TEST_CASE("the first line of article 003 is its headline", "[analyzers][text]") {
    auto t = split_title(slurp(dossier::test::corpus_dir() + "/003_b153a9dce5a7b7c6.txt"));
    CHECK(t.has_headline);
    CHECK(
        t.title
        == "North Korean Soldiers in Russia: A Troubling Deployment Amidst Casualties and Secrecy"
    );
    CHECK(t.body.rfind("Last week, a significant", 0) == 0);
}

TEST_CASE("articles without a headline get a title from the lead sentence", "[analyzers][text]") {
    for (const char* id :
         {"000_2b5076e200270314",
          "001_1eb6d0dfee52ccb7",
          "002_59abcb7cce7c1883",
          "004_0da5bea54c4e428b"}) {
        CAPTURE(id);
        std::string text = slurp(dossier::test::corpus_dir() + "/" + id + ".txt");
        auto t = split_title(text);
        CHECK_FALSE(t.has_headline);
        CHECK(t.body == text);
        CHECK(t.title.size() <= 120 + 3);
        std::string stem = t.title.substr(0, t.title.size() - 3);  // without "…"
        CHECK(text.rfind(stem, 0) == 0);
    }
    auto t = split_title("Short lead sentence here. Then more text follows.");
    CHECK(t.title == "Short lead sentence here.");
}
