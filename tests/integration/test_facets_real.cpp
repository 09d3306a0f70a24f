/// Facets, filters, figures and quotes end to end on the real extraction (the indexer binary):
/// no extraction result is hard-coded, every count is checked against what the same filter returns.
#include <algorithm>
#include <fstream>
#include <set>
#include <stdexcept>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "indexer/schema.hpp"
#include "support/paths.hpp"
#include "support/run.hpp"
#include "support/temp_dir.hpp"

using dossier::test::run;
using dossier::test::sh_quote;
using nlohmann::json;

namespace {

struct RealIndex {
    dossier::test::TempDir dir;
    std::string db = dir.str("index");

    explicit RealIndex(const std::string& input) {
        auto r =
            run(sh_quote(dossier::test::indexer_binary()) + " --db " + sh_quote(db) + " "
                + sh_quote(input));
        if (r.status != 0) {
            throw std::runtime_error("indexing " + input + " failed: " + r.err);
        }
    }

    json search(const std::string& args) const {
        auto r =
            run(sh_quote(dossier::test::search_binary()) + " --db " + sh_quote(db) + " --json "
                + args);
        INFO(args << "\n" << r.err);
        REQUIRE((r.status == 0 || r.status == 1));
        return json::parse(r.out);
    }
};

/// The facet's row of the schema's facet table, by its JSON name.
const dossier::indexer::schema::FacetSpec& spec_of(const std::string& facet) {
    for (const auto& spec : dossier::indexer::schema::FACETS) {
        if (facet == spec.name) {
            return spec;
        }
    }
    FAIL("unknown facet " << facet);
    throw std::logic_error("unreachable");
}

const char* flag_of(const std::string& facet) {
    return spec_of(facet).cli_flag;
}

/// Every reported value of every facet: the same filter returns exactly that many articles, by
/// the flag and by the query syntax.
void check_counts(const RealIndex& index, const std::string& query, std::size_t top) {
    json all = index.search("--facets " + std::to_string(top) + " -- " + sh_quote(query));
    CHECK(all["facet_documents"] == all["total"]);
    std::size_t checked = 0;
    for (const auto& [facet, values] : all["facets"].items()) {
        for (const auto& v : values) {
            const std::string value = v["value"];
            CAPTURE(query, facet, value);
            json by_flag = index.search(
                "--facets 0 --limit 0 " + std::string(flag_of(facet)) + " " + sh_quote(value)
                + " -- " + sh_quote(query)
            );
            CHECK(by_flag["total"] == v["count"]);
            if (value.find('"') == std::string::npos) {
                const std::string field = spec_of(facet).field;
                json by_query = index.search(
                    "--facets 0 --limit 0 -- "
                    + sh_quote(query + " " + field + ":\"" + value + "\"")
                );
                CHECK(by_query["total"] == v["count"]);
            }
            ++checked;
        }
    }
    CHECK(checked > 0);
}

}  // namespace

TEST_CASE(
    "real extraction on corpus/: every facet count equals its filter's total",
    "[integration][facets][real]"
) {
    RealIndex index(dossier::test::corpus_dir());
    check_counts(index, "", 1000);
    check_counts(index, "casualties", 1000);
    check_counts(index, "\"North Korean\" Budanov", 1000);
}

TEST_CASE(
    "real extraction on corpus/: disjunctive counts equal the totals with the facet's filter "
    "replaced",
    "[integration][facets][real]"
) {
    RealIndex index(dossier::test::corpus_dir());
    json all = index.search("--facets 3 ''");
    const std::string speaker = all["facets"]["speaker"][0]["value"];
    const std::string type = all["facets"]["figure_type"][1]["value"];
    json r = index.search(
        "--facets 1000 --speaker " + sh_quote(speaker) + " --figure " + sh_quote(type) + " ''"
    );
    REQUIRE(r["disjunctive_facets"].contains("speaker"));
    REQUIRE(r["disjunctive_facets"].contains("figure_type"));
    CHECK_FALSE(r["disjunctive_facets"].contains("organization"));
    for (const auto& v : r["disjunctive_facets"]["speaker"]) {
        CAPTURE(v);
        json replaced = index.search(
            "--facets 0 --limit 0 --speaker " + sh_quote(v["value"]) + " --figure " + sh_quote(type)
            + " ''"
        );
        CHECK(replaced["total"] == v["count"]);
    }
    for (const auto& v : r["disjunctive_facets"]["figure_type"]) {
        CAPTURE(v);
        json replaced = index.search(
            "--facets 0 --limit 0 --speaker " + sh_quote(speaker) + " --figure "
            + sh_quote(v["value"]) + " ''"
        );
        CHECK(replaced["total"] == v["count"]);
    }
}

TEST_CASE(
    "real extraction on corpus/: figures sorted, in range, paged, quotes match their own text",
    "[integration][figures][quotes][real]"
) {
    RealIndex index(dossier::test::corpus_dir());
    json f = index.search("--figures --limit 1000 ''");
    REQUIRE(f["figures"].size() == f["figures_total"]);
    REQUIRE(f["figures_total"] > 0);
    for (std::size_t i = 1; i < f["figures"].size(); ++i) {
        const auto& a = f["figures"][i - 1];
        const auto& b = f["figures"][i];
        CHECK((a["type"] < b["type"] || (a["type"] == b["type"] && a["value"] <= b["value"])));
    }
    json ranged =
        index.search("--figures --limit 1000 --figure casualties --min 1000 --max 5000 ''");
    for (const auto& row : ranged["figures"]) {
        CHECK(row["type"] == "casualties");
        CHECK(row["value"] >= 1000);
        CHECK(row["value"] <= 5000);
    }
    json page = index.search("--figures --offset 2 --limit 3 ''");
    REQUIRE(page["figures"].size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(page["figures"][i] == f["figures"][i + 2]);
    }

    json q = index.search("--quotes --limit 1000 casualties");
    for (const auto& row : q["quotes"]) {
        std::string text = row["text"];
        std::transform(text.begin(), text.end(), text.begin(), ::tolower);
        CHECK(text.find("casualt") != std::string::npos);
        CHECK(row["id"].is_string());
        CHECK((row["speaker"].is_string() || row["speaker"].is_null()));
    }
    json budanov = index.search("--quotes --speaker budanov ''");
    for (const auto& row : budanov["quotes"]) {
        CHECK(row["speaker"] == "Kyrylo Budanov");
    }
}

TEST_CASE(
    "real extraction on BBC politics: facet counts equal filter totals",
    "[integration][facets][real][slow]"
) {
    if (!dossier::test::have_shared_data()) {
        WARN("shared data absent: skipped");
        return;
    }
    RealIndex index(dossier::test::shared_data_dir() + "/bbc-news/bbc/politics");
    json all = index.search("--limit 0 ''");
    CHECK(all["total"] == 417);
    check_counts(index, "", 8);
    check_counts(index, "election", 5);
}

TEST_CASE(
    "real extraction: a company named with and without its legal form is one value",
    "[integration][facets][real]"
) {
    // Sentences of Reuters-21578 and BBC News: wire copy writes "General Motors Corp" and
    // "Merrill Lynch and Co Inc", the BBC "General Motors" and "Merrill Lynch".
    dossier::test::TempDir corpus;
    auto write = [&](const std::string& name, const std::string& text) {
        std::ofstream(corpus.str(name)) << text;
    };
    write(
        "gm-production.txt",
        "GM February output\n\nGeneral Motors Corp said its February U.S. car production "
        "declined to 358,661 from 398,823 a year ago.\n"
    );
    write(
        "daewoo.txt",
        "Daewoo imports\n\nDaewoo Motor Corp, the Korea-based joint venture between Daewoo Group "
        "and General Motors Corp, said it will boost its 1987 imports of U.S. goods to 200 mln "
        "dlrs from 104 mln dlrs in 1986.\n"
    );
    write(
        "gm-recall.txt",
        "GM recalls vehicles\n\nThe world's biggest carmaker General Motors is recalling nearly "
        "200,000 vehicles in the US on safety grounds, according to federal regulators.\n"
    );
    write(
        "fiat-deadline.txt",
        "Fiat and GM\n\nFiat and General Motors have until midnight on 1 February to settle a "
        "disagreement over a potential takeover.\n"
    );
    write(
        "fiat-alliance.txt",
        "Fiat job cuts\n\nFiat, Italy's largest private sector employer, did not comment on the "
        "reported changes. Fiat recently negotiated an end to its alliance with General Motors.\n"
    );
    write(
        "fruit.txt",
        "Fruit of the Loom offering\n\nFruit of the Loom Inc said an initial public offering of "
        "27 mln Class A common shares is underway at nine dlrs per share through underwriters "
        "led by Drexel Burnham Lambert Inc, Merrill Lynch and Co Inc and Dean Witter Reynolds "
        "Inc.\n"
    );
    write(
        "carlsberg.txt",
        "Carlsberg profits\n\n\"We remain cautious about the medium-to-long term outlook for "
        "revenue growth across western Europe for a host of economic, social and structural "
        "reasons,\" investment bank Merrill Lynch said of Carlsberg.\n"
    );
    RealIndex index(corpus.str());
    const json all = index.search("--limit 0 --facets 100 ''");
    REQUIRE(all["total"] == 7);

    // The values of a facet whose display contains `name`, with their counts.
    auto values_with = [](const json& counts, const std::string& name) {
        std::vector<std::pair<std::string, int>> out;
        for (const auto& v : counts) {
            if (v["value"].get<std::string>().find(name) != std::string::npos) {
                out.emplace_back(v["value"], v["count"]);
            }
        }
        return out;
    };
    const auto gm = values_with(all["facets"]["organization"], "General Motors");
    INFO(all["facets"]["organization"].dump());
    REQUIRE(gm.size() == 1);
    CHECK(gm[0].second == 5);
    // Shown as the spelling of most articles (three BBC stories against two Reuters ones): a
    // legal form is no reason to prefer a spelling, as a given name is ("Ronald Reagan").
    CHECK(gm[0].first == "General Motors");
    const auto merrill = values_with(all["facets"]["organization"], "Merrill Lynch");
    REQUIRE(merrill.size() == 1);
    CHECK(merrill[0].second == 2);
    // Two companies of one group are not one value: "Daewoo Motor" is not "Daewoo".
    CHECK(values_with(all["facets"]["organization"], "Daewoo").size() == 2);

    // Any spelling selects all of them, by flag and in the query.
    for (const std::string spelling :
         {"General Motors",
          "General Motors Corp",
          "General Motors Corporation",
          "GENERAL MOTORS CORP."}) {
        CAPTURE(spelling);
        CHECK(index.search("--limit 0 --org " + sh_quote(spelling) + " ''")["total"] == 5);
        CHECK(index.search("--limit 0 " + sh_quote("org:\"" + spelling + "\""))["total"] == 5);
    }
    CHECK(index.search("--limit 0 --org 'Merrill Lynch & Co.' ''")["total"] == 2);
    check_counts(index, "", 100);
}
