#include <algorithm>
#include <cstdlib>
#include <fstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/paths.hpp"
#include "support/run.hpp"
#include "support/temp_dir.hpp"

using dossier::test::run;
using dossier::test::sh_quote;
using nlohmann::json;

namespace {

std::string search_cmd() {
    return sh_quote(dossier::test::search_binary());
}

std::string index_cmd() {
    return sh_quote(dossier::test::indexer_binary());
}

bool one_line(const std::string& s) {
    return !s.empty() && s.find('\n') == s.size() - 1;
}

}  // namespace

TEST_CASE("search exit status follows grep: 0 match, 1 no match, 2 error", "[integration][cli]") {
    dossier::test::TempDir dir;
    const std::string db = dir.str("index");
    REQUIRE(
        run(index_cmd() + " --db " + sh_quote(db) + " " + sh_quote(dossier::test::corpus_dir()))
            .status
        == 0
    );

    auto hit = run(search_cmd() + " --db " + sh_quote(db) + " Budanov");
    CHECK(hit.status == 0);
    auto miss = run(search_cmd() + " --db " + sh_quote(db) + " xylophonically");
    CHECK(miss.status == 1);
    auto missing_db = run(search_cmd() + " --db " + sh_quote(dir.str("nope")) + " Budanov");
    CHECK(missing_db.status == 2);
    CHECK(one_line(missing_db.err));
    CHECK(missing_db.err.find("nope") != std::string::npos);
    auto bad_option = run(search_cmd() + " --db " + sh_quote(db) + " --limit banana Budanov");
    CHECK(bad_option.status == 2);
}

TEST_CASE("DOSSIER_DB selects the database and --db overrides it", "[integration][cli]") {
    dossier::test::TempDir dir;
    const std::string db = dir.str("index");
    REQUIRE(
        run(index_cmd() + " --db " + sh_quote(db) + " " + sh_quote(dossier::test::corpus_dir()))
            .status
        == 0
    );
    auto env = run("DOSSIER_DB=" + sh_quote(db) + " " + search_cmd() + " --json Budanov");
    CHECK(env.status == 0);
    auto overridden =
        run("DOSSIER_DB=" + sh_quote(db) + " " + search_cmd() + " --db " + sh_quote(dir.str("nope"))
            + " Budanov");
    CHECK(overridden.status == 2);
}

TEST_CASE("the default database is index/ in the current directory", "[integration][cli]") {
    dossier::test::TempDir dir;
    REQUIRE(
        run("cd " + sh_quote(dir.str()) + " && " + index_cmd() + " "
            + sh_quote(dossier::test::corpus_dir()))
            .status
        == 0
    );
    auto r =
        run("cd " + sh_quote(dir.str()) + " && env -u DOSSIER_DB " + search_cmd()
            + " --json Budanov");
    CHECK(r.status == 0);
    CHECK(json::parse(r.out)["total"].get<int>() >= 1);
}

TEST_CASE("search --json prints one object with query, total and hits", "[integration][cli]") {
    dossier::test::TempDir dir;
    const std::string db = dir.str("index");
    REQUIRE(
        run(index_cmd() + " --db " + sh_quote(db) + " " + sh_quote(dossier::test::corpus_dir()))
            .status
        == 0
    );
    auto r = run(search_cmd() + " --db " + sh_quote(db) + " --json 'casualties Budanov'");
    REQUIRE(r.status == 0);
    json j = json::parse(r.out);
    CHECK(j["query"] == "casualties Budanov");
    CHECK(j["total"].is_number_integer());
    REQUIRE(j["hits"].is_array());
    for (const auto& h : j["hits"]) {
        CHECK(h["id"].is_string());
        CHECK(h["title"].is_string());
        CHECK(h["path"].is_string());
        CHECK(h["score"].is_number());
        CHECK(h["snippet"].is_string());
    }
    auto none = run(search_cmd() + " --db " + sh_quote(db) + " --json xylophonically");
    CHECK(none.status == 1);
    CHECK(json::parse(none.out)["hits"].empty());
}

TEST_CASE(
    "text output is plain when not a terminal, and NO_COLOR is honoured", "[integration][cli]"
) {
    dossier::test::TempDir dir;
    const std::string db = dir.str("index");
    REQUIRE(
        run(index_cmd() + " --db " + sh_quote(db) + " " + sh_quote(dossier::test::corpus_dir()))
            .status
        == 0
    );
    auto r = run(search_cmd() + " --db " + sh_quote(db) + " Budanov");
    CHECK(r.out.find('\x1b') == std::string::npos);
    CHECK(r.out.find("000_2b5076e200270314") != std::string::npos);
    // Under script(1) stdout is a terminal: colour on, unless NO_COLOR is set.
    if (std::system("command -v script >/dev/null 2>&1") == 0) {
        auto tty =
            run("script -qec " + sh_quote(search_cmd() + " --db " + sh_quote(db) + " Budanov")
                + " /dev/null");
        CHECK(tty.out.find("\x1b[") != std::string::npos);
        auto nocolor =
            run("NO_COLOR=1 script -qec "
                + sh_quote(search_cmd() + " --db " + sh_quote(db) + " Budanov") + " /dev/null");
        CHECK(nocolor.out.find("\x1b[") == std::string::npos);
    }
}

TEST_CASE("indexer errors name the input and exit non-zero", "[integration][cli]") {
    dossier::test::TempDir dir;
    auto missing =
        run(index_cmd() + " --db " + sh_quote(dir.str("index")) + " "
            + sh_quote(dir.str("no-such-file.txt")));
    CHECK(missing.status == 1);
    CHECK(one_line(missing.err));
    CHECK(missing.err.find("no-such-file.txt") != std::string::npos);
    auto usage = run(index_cmd() + " --db " + sh_quote(dir.str("index")));
    CHECK(usage.status == 2);
}

TEST_CASE(
    "indexer --explain prints the extraction of one article, as text or JSON",
    "[integration][cli][extraction]"
) {
    const std::string file = dossier::test::corpus_dir() + "/004_0da5bea54c4e428b.txt";
    auto text = run(index_cmd() + " --explain " + sh_quote(file));
    REQUIRE(text.status == 0);
    CHECK(text.out.find("speakers (") != std::string::npos);
    CHECK(text.out.find("Oleksandr Kindratenko") != std::string::npos);
    CHECK(text.out.find("proportion") != std::string::npos);
    auto js = run(index_cmd() + " --explain " + sh_quote(file) + " --json");
    REQUIRE(js.status == 0);
    auto j = json::parse(js.out);
    CHECK(j["id"] == "004_0da5bea54c4e428b");
    auto speakers = j["extraction"]["speakers"].get<std::vector<std::string>>();
    CHECK(std::find(speakers.begin(), speakers.end(), "The New York Times") != speakers.end());
    auto missing = run(index_cmd() + " --explain /nonexistent/article.txt");
    CHECK(missing.status == 1);
    CHECK(missing.err.find("/nonexistent/article.txt") != std::string::npos);
}

TEST_CASE(
    "indexing corpus/ stores each article's speakers, organizations and figure types",
    "[integration][cli][extraction]"
) {
    dossier::test::TempDir dir;
    const std::string db = dir.str("index");
    REQUIRE(
        run(index_cmd() + " --db " + sh_quote(db) + " " + sh_quote(dossier::test::corpus_dir()))
            .status
        == 0
    );
    // the boolean prefixes are there for the facets engineer's speaker:/org:/figure: filters
    auto hit =
        run(search_cmd() + " --db " + sh_quote(db) + " --json "
            + sh_quote("speaker:\"Kyrylo Budanov\""));
    CHECK(hit.status == 0);
    CHECK(hit.out.find("000_2b5076e200270314") != std::string::npos);
}
