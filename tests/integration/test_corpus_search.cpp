#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/paths.hpp"
#include "support/run.hpp"
#include "support/temp_dir.hpp"

using dossier::test::run;
using dossier::test::sh_quote;
using nlohmann::json;

namespace {

/// corpus/ indexed once into a fresh temporary database with the real indexer binary.
struct CorpusIndex {
    dossier::test::TempDir dir;
    std::string db = dir.str("index");

    CorpusIndex() {
        auto r =
            run(sh_quote(dossier::test::indexer_binary()) + " --db " + sh_quote(db) + " "
                + sh_quote(dossier::test::corpus_dir()));
        if (r.status != 0) {
            throw std::runtime_error("indexing corpus failed: " + r.err);
        }
    }

    json search(const std::string& query, const std::string& extra = "") const {
        auto r =
            run(sh_quote(dossier::test::search_binary()) + " --db " + sh_quote(db) + " --json "
                + extra + " -- " + sh_quote(query));
        INFO(r.err);
        REQUIRE((r.status == 0 || r.status == 1));
        return json::parse(r.out);
    }
};

const CorpusIndex& corpus() {
    static CorpusIndex index;
    return index;
}

std::vector<std::string> hit_ids(const json& result) {
    std::vector<std::string> ids;
    for (const auto& h : result["hits"]) {
        ids.push_back(h["id"]);
    }
    return ids;
}

}  // namespace

TEST_CASE("casualties Budanov ranks article 000 first", "[integration][ranking]") {
    auto r = corpus().search("casualties Budanov");
    REQUIRE_FALSE(r["hits"].empty());
    CHECK(r["hits"][0]["id"] == "000_2b5076e200270314");
    CHECK(r["total"] == 5);  // OR semantics: every article mentions casualties
}

TEST_CASE(
    "the phrase \"cannon fodder\" matches article 002 and nothing else", "[integration][phrase]"
) {
    auto r = corpus().search("\"cannon fodder\"");
    CHECK(r["total"] == 1);
    CHECK(hit_ids(r) == std::vector<std::string>{"002_59abcb7cce7c1883"});
    CHECK(
        r["hits"][0]["snippet"].get<std::string>().find("<b>cannon fodder</b>") != std::string::npos
    );
}

TEST_CASE(
    "withdrawing finds the articles that say withdrawal or withdraw", "[integration][stemming]"
) {
    auto r = corpus().search("withdrawing");
    auto ids = hit_ids(r);
    std::sort(ids.begin(), ids.end());
    CHECK(ids == std::vector<std::string>{"000_2b5076e200270314", "004_0da5bea54c4e428b"});
}

TEST_CASE(
    "snippets highlight every matched word, stemmed forms included", "[integration][snippet]"
) {
    auto r = corpus().search("casualty Budanov");
    const auto& hit = r["hits"][0];
    std::string snippet = hit["snippet"];
    CHECK(snippet.find("<b>") != std::string::npos);
    bool stemmed_form = false;
    for (const auto& h : hit["highlights"]) {
        std::string s = h;
        stemmed_form |= s == "casualties";
        CHECK((s == "casualties" || s == "casualty" || s == "Budanov" || s == "Budanov's"));
    }
    CHECK(stemmed_form);
    CHECK(hit["snippet_text"].get<std::string>().find('<') == std::string::npos);
}

TEST_CASE("titles: the headline of 003, the lead sentence elsewhere", "[integration][title]") {
    auto r = corpus().search("Secrecy");
    bool found = false;
    for (const auto& h : r["hits"]) {
        if (h["id"] == "003_b153a9dce5a7b7c6") {
            found = true;
            CHECK(
                h["title"]
                == "North Korean Soldiers in Russia: A Troubling Deployment Amidst Casualties and "
                   "Secrecy"
            );
        }
    }
    CHECK(found);
    auto p = corpus().search("\"Pat Ryder\"");
    REQUIRE(p["hits"].size() == 1);
    CHECK(
        p["hits"][0]["title"].get<std::string>().rfind("Casualties among North Korean troops", 0)
        == 0
    );
}

TEST_CASE("limit and offset page through the exact total", "[integration][paging]") {
    auto all = corpus().search("troops", "--limit 10");
    auto page = corpus().search("troops", "--limit 2 --offset 2");
    CHECK(page["total"] == all["total"]);
    REQUIRE(page["hits"].size() == 2);
    CHECK(page["hits"][0]["id"] == all["hits"][2]["id"]);
    CHECK(page["hits"][0]["rank"] == 3);
}

TEST_CASE("indexing corpus twice leaves five articles", "[integration][reindex]") {
    dossier::test::TempDir dir;
    const std::string db = dir.str("index");
    const std::string cmd = sh_quote(dossier::test::indexer_binary()) + " --db " + sh_quote(db)
        + " " + sh_quote(dossier::test::corpus_dir());
    auto first = run(cmd);
    REQUIRE(first.status == 0);
    CHECK(first.err.find("added 5") != std::string::npos);
    auto second = run(cmd);
    REQUIRE(second.status == 0);
    CHECK(second.err.find("added 0, updated 0, unchanged 5") != std::string::npos);
    auto all =
        run(sh_quote(dossier::test::search_binary()) + " --db " + sh_quote(db) + " --json ''");
    CHECK(json::parse(all.out)["total"] == 5);
}
