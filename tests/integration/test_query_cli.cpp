/// The query language through the real binaries on corpus/: did-you-mean, aliases, scripts, errors.
#include <algorithm>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/paths.hpp"
#include "support/run.hpp"
#include "support/temp_dir.hpp"

using dossier::test::run;
using dossier::test::sh_quote;
using nlohmann::json;

namespace {

struct Corpus {
    dossier::test::TempDir dir;
    std::string db = dir.str("index");

    Corpus() {
        auto r =
            run(sh_quote(dossier::test::indexer_binary()) + " --db " + sh_quote(db) + " "
                + sh_quote(dossier::test::corpus_dir()));
        if (r.status != 0) {
            throw std::runtime_error("indexing corpus failed: " + r.err);
        }
    }

    dossier::test::RunResult search(const std::string& query, const std::string& extra = "") const {
        return run(
            sh_quote(dossier::test::search_binary()) + " --db " + sh_quote(db) + " " + extra
            + " -- " + sh_quote(query)
        );
    }
};

const Corpus& corpus() {
    static Corpus c;
    return c;
}

}  // namespace

TEST_CASE(
    "search \"casualtes budanov\" prints Did you mean: casualties budanov",
    "[integration][spelling]"
) {
    auto text = corpus().search("casualtes budanov");
    CHECK(text.status == 0);
    CHECK(text.out.rfind("Did you mean: casualties budanov\n", 0) == 0);
    auto j = json::parse(corpus().search("casualtes budanov", "--json").out);
    CHECK(j["corrected_query"] == "casualties budanov");
    CHECK(j["showing_corrected"] == false);
    CHECK(j["hits"][0]["id"] == "000_2b5076e200270314");
    auto exact = json::parse(corpus().search("casualties budanov", "--json").out);
    CHECK(exact["corrected_query"].is_null());
}

TEST_CASE(
    "a query matching nothing as typed shows the results of its correction, and says so",
    "[integration][spelling]"
) {
    auto text = corpus().search("cannon foder");
    CHECK(text.status == 0);
    CHECK(text.out.find("Did you mean: cannon fodder") != std::string::npos);  // "cannon" matched
    auto none = corpus().search("\"cannon foder\"");
    CHECK(none.status == 0);
    CHECK(
        none.out.rfind(
            "No articles match '\"cannon foder\"'. Showing results for: \"cannon fodder\"\n", 0
        )
        == 0
    );
    auto j = json::parse(corpus().search("\"cannon foder\"", "--json").out);
    CHECK(j["showing_corrected"] == true);
    CHECK(j["total"] == 1);
    CHECK(j["hits"][0]["id"] == "002_59abcb7cce7c1883");
}

TEST_CASE(
    "the issue's word forms, typed as queries, find their articles", "[integration][analysis]"
) {
    for (const std::string q :
         {"Russia’s",
          "Russia's",
          "Kim Jong-un",
          "Kim Jong Un",
          "Tae-yong",
          "12,000",
          "12000",
          "$5.6 billion",
          "U.S.",
          "Self-detonation",
          "self detonation",
          "Zelenskyy",
          "Zelensky",
          "Буданов",
          "Зеленський",
          "DPRK",
          "NIS",
          "HUR",
          "Pentagon",
          "US Department of Defense"}) {
        CAPTURE(q);
        auto r = corpus().search(q, "--json");
        CHECK(r.status == 0);
        CHECK(json::parse(r.out)["total"].get<int>() > 0);
    }
}

TEST_CASE(
    "DPRK finds every article that says North Korea (or North Korea's)", "[integration][aliases]"
) {
    // corpus/: 000, 001, 003 and 004 say "North Korea"; 002 only "North Korean" (the adjective)
    auto dprk = json::parse(corpus().search("DPRK", "--json").out);
    std::vector<std::string> ids;
    for (const auto& h : dprk["hits"]) {
        ids.push_back(h["id"]);
    }
    std::sort(ids.begin(), ids.end());
    CHECK(
        ids
        == std::vector<
            std::
                string>{"000_2b5076e200270314", "001_1eb6d0dfee52ccb7", "003_b153a9dce5a7b7c6", "004_0da5bea54c4e428b"}
    );
}

TEST_CASE(
    "a malformed query is a one-line error and exit status 2, punctuation is not",
    "[integration][cli]"
) {
    auto bad = corpus().search("budanov AND");
    CHECK(bad.status == 2);
    CHECK(bad.out.empty());
    CHECK(bad.err.rfind("search: error: invalid query 'budanov AND': AND needs", 0) == 0);
    CHECK(bad.err.find('\n') == bad.err.size() - 1);
    for (const std::string q :
         {"(((", "\"", ")Budanov(", "Budanov -", "***", "title:", "speaker:", "?!"}) {
        CAPTURE(q);
        auto r = corpus().search(q);
        CHECK((r.status == 0 || r.status == 1));
        CHECK(r.err.empty());
    }
}

TEST_CASE("an answer that cannot be written is an error, not a success", "[integration][cli]") {
    // /dev/full takes nothing: the answer is lost, so the exit status must not say "found".
    auto r =
        run(sh_quote(dossier::test::search_binary()) + " --db " + sh_quote(corpus().db)
            + " -- budanov >/dev/full");
    CHECK(r.status == 2);
    CHECK(
        r.err.find("search: error: cannot write the answer to standard output") != std::string::npos
    );
    auto as_json =
        run(sh_quote(dossier::test::search_binary()) + " --db " + sh_quote(corpus().db)
            + " --json -- budanov >/dev/full");
    CHECK(as_json.status == 2);
}
