#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/extraction_fixture.hpp"
#include "support/paths.hpp"
#include "support/run.hpp"
#include "support/temp_dir.hpp"

using dossier::test::run;
using dossier::test::sh_quote;
using nlohmann::json;

namespace {

/// corpus/ with hand annotations in the contract's form, searched with the real `search` binary.
struct AnnotatedIndex {
    dossier::test::TempDir dir;
    std::string db = dir.str("index");

    AnnotatedIndex() { dossier::test::build_annotated_corpus(db); }

    dossier::test::RunResult search(const std::string& args) const {
        return run(sh_quote(dossier::test::search_binary()) + " --db " + sh_quote(db) + " " + args);
    }

    json search_json(const std::string& args) const {
        auto r = search("--json " + args);
        INFO(r.err);
        REQUIRE((r.status == 0 || r.status == 1));
        return json::parse(r.out);
    }
};

const AnnotatedIndex& index() {
    static AnnotatedIndex i;
    return i;
}

std::vector<json> json_lines(const std::string& out) {
    std::vector<json> lines;
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line)) {
        lines.push_back(json::parse(line));
    }
    return lines;
}

}  // namespace

TEST_CASE(
    "search --json reports facets with exact counts, repeated filters OR-ed",
    "[integration][facets]"
) {
    json all = index().search_json("''");
    CHECK(all["total"] == 5);
    CHECK(all["facet_documents"] == 5);
    REQUIRE(all["facets"]["speaker"].is_array());
    CHECK(all["facets"]["speaker"][0] == json{{"value", "Volodymyr Zelensky"}, {"count", 4}});
    CHECK(all["facets"].contains("organization"));
    CHECK(all["facets"].contains("figure_type"));
    for (const auto& v : all["facets"]["speaker"]) {
        CAPTURE(v);
        json one = index().search_json("--facets 0 --speaker " + sh_quote(v["value"]) + " ''");
        CHECK(one["total"] == v["count"]);
        CHECK_FALSE(one.contains("facets"));
    }
    json two = index().search_json("--speaker budanov --speaker kindratenko ''");
    CHECK(two["total"] == 2);
    CHECK(two["filters"]["speaker"] == json::array({"budanov", "kindratenko"}));
    CHECK(two["disjunctive_facets"]["speaker"][0]["count"] == 4);
    // One value per --speaker: the next word is the query, not a second speaker.
    json q = index().search_json("--speaker zelenskyy Budanov");
    CHECK(q["query"] == "Budanov");
    CHECK(q["total"] == 1);
    json hits = index().search_json("--limit 1 '\"cannon fodder\"'");
    CHECK(hits["hits"][0]["speakers"].size() == 4);
    CHECK(hits["hits"][0]["organizations"].is_array());
    CHECK(
        hits["hits"][0]["figure_types"] == json::array({"casualties", "killed", "money", "troops"})
    );
}

TEST_CASE("text output ends with a facet block, no match exits 1", "[integration][facets]") {
    auto r = index().search("--speaker zelensky casualties");
    CHECK(r.status == 0);
    CHECK(r.out.find("Filters: speaker = zelensky") != std::string::npos);
    CHECK(r.out.find("Facets over all 4 matching articles") != std::string::npos);
    CHECK(r.out.find("Volodymyr Zelensky (4)") != std::string::npos);
    CHECK(r.out.find("without its own filter") != std::string::npos);
    auto none = index().search("--speaker budanov --org 'special operations forces' ''");
    CHECK(none.status == 1);
}

TEST_CASE(
    "search --figures lists, filters by type and range, exits 1 on nothing",
    "[integration][figures]"
) {
    json f = index().search_json("--figures --figure casualties --min 1000 --max 3000");
    CHECK(f["figures_total"] == 4);
    REQUIRE(f["figures"].size() == 4);
    for (const auto& row : f["figures"]) {
        CHECK(row["type"] == "casualties");
        CHECK(row["id"].is_string());
        CHECK(row["sentence"].is_string());
        CHECK(row.contains("attributed_to"));
        CHECK(row["qualifier"] == "lower_bound");
    }
    json page = index().search_json("--figures --limit 2 --offset 1 --figure casualties");
    REQUIRE(page["figures"].size() == 2);
    CHECK(page["figures"][0]["value"] == 1000);
    CHECK(page["figures"][1]["value"] == 1100);
    auto text = index().search("--figures --figure casualties");
    CHECK(text.status == 0);
    CHECK(text.out.find("QUALIFIER") != std::string::npos);
    CHECK(index().search("--figures --figure casualties --min 99999").status == 1);
    CHECK(index().search("--min 5 Budanov").status == 2);  // --min needs --figures
    CHECK(index().search("--figures --quotes").status == 2);
}

TEST_CASE(
    "search --quotes lists matching quotations with speaker and article", "[integration][quotes]"
) {
    json q = index().search_json("--quotes '\"cannon fodder\"'");
    REQUIRE(q["quotes"].size() == 1);
    CHECK(q["quotes"][0]["speaker"] == "Edward Howell");
    CHECK(q["quotes"][0]["id"] == "002_59abcb7cce7c1883");
    CHECK(q["quotes"][0]["text"] == "North Korean troops have now become Putin's cannon fodder.");
    auto text = index().search("--quotes --speaker budanov");
    CHECK(text.status == 0);
    CHECK(text.out.find("Kyrylo Budanov  [000_2b5076e200270314]") != std::string::npos);
    CHECK(index().search("--quotes xylophone").status == 1);
}

TEST_CASE(
    "search --batch writes one JSON object per line, errors included", "[integration][batch]"
) {
    dossier::test::TempDir dir;
    const std::string file = dir.str("queries.txt");
    std::ofstream(file
    ) << "casualties\nspeaker:budanov\nbudanov AND\n\"cannon fodder\" figure:money\n";
    auto r = index().search("--limit 2 --batch " + sh_quote(file));
    CHECK(r.status == 1);  // one line failed
    auto lines = json_lines(r.out);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0]["total"] == 5);
    CHECK(lines[0]["hits"].size() == 2);
    CHECK(lines[1]["total"] == 1);
    CHECK(lines[1]["facets"]["speaker"].is_array());
    CHECK(lines[2].contains("error"));
    CHECK(lines[2]["line"] == 3);
    CHECK(lines[3]["total"] == 1);
    for (const auto& l : lines) {
        CHECK(l["took_ms"].is_number());
    }
    auto piped =
        run("printf 'budanov\\nsyrsky\\n' | " + sh_quote(dossier::test::search_binary()) + " --db "
            + sh_quote(index().db) + " --batch -");
    CHECK(piped.status == 0);
    CHECK(json_lines(piped.out).size() == 2);
    auto figures =
        run("printf 'figure:casualties\\n' | " + sh_quote(dossier::test::search_binary()) + " --db "
            + sh_quote(index().db) + " --figures --batch -");
    REQUIRE(json_lines(figures.out).size() == 1);
    CHECK(json_lines(figures.out)[0]["figures_total"] == 6);
    auto missing = index().search("--batch " + sh_quote(dir.str("nope.txt")));
    CHECK(missing.status == 2);
    CHECK(missing.err.find("nope.txt") != std::string::npos);
    CHECK(missing.out.empty());
    CHECK(index().search("").status == 2);  // no query and no --batch: usage error
}
