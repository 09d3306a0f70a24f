// Answers do not change (issue 13): the JSON of `search --batch` on every 2nd BBC article, for the
// queries of tests/data/golden/queries.txt (words, phrases, operators, facet filters, a
// misspelling, the browse), as hits (with facets), figures and quotes, equals what the release that
// wrote tests/data/golden/ answered (all but took_ms). A speed change that moves a count, a hit, a
// snippet or a spelling fails here.
//
// After a change that means to change answers, rewrite the files and review their diff:
//   DOSSIER_UPDATE_GOLDEN=1 build/tests/integration_tests "[golden]"
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/news_samples.hpp"
#include "support/paths.hpp"
#include "support/run.hpp"
#include "support/temp_dir.hpp"

using dossier::test::run;
using dossier::test::sh_quote;
using nlohmann::json;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        out.push_back(line);
    }
    return out;
}

/// The first place where `a` and `b` differ, as a JSON pointer ("" when equal).
std::string first_difference(const json& a, const json& b, const std::string& at = "") {
    if (a.type() != b.type()) {
        return at + " (type)";
    }
    if (a.is_object()) {
        for (const auto& [k, v] : a.items()) {
            if (!b.contains(k)) {
                return at + "/" + k + " (missing)";
            }
            if (auto d = first_difference(v, b[k], at + "/" + k); !d.empty()) {
                return d;
            }
        }
        return a.size() == b.size() ? "" : at + " (extra keys)";
    }
    if (a.is_array()) {
        for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
            if (auto d = first_difference(a[i], b[i], at + "/" + std::to_string(i)); !d.empty()) {
                return d;
            }
        }
        return a.size() == b.size() ? "" : at + " (length)";
    }
    return a == b ? "" : at;
}

}  // namespace

TEST_CASE("answers on BBC equal the release's that wrote tests/data/golden", "[golden][slow]") {
    REQUIRE(dossier::test::have_shared_data());
    const std::string golden = dossier::test::test_data_dir() + "/golden";
    dossier::test::TempDir dir;
    {
        std::ofstream out(dir.str("bbc.jsonl"));
        // Dated (otherwise the date would be the file's time): days of 2005 by position.
        std::size_t n = 0;
        for (const auto& s : dossier::test::bbc_sample(2)) {
            char date[16];
            std::snprintf(date, sizeof date, "2005-%02zu-%02zu", 1 + n % 12, 1 + n / 12 % 28);
            ++n;
            out << json{{"id", s.id}, {"title", s.title}, {"text", s.text}, {"date", date}}.dump()
                << '\n';
        }
    }
    const std::string db = dir.str("index");
    const auto indexed =
        run(sh_quote(dossier::test::indexer_binary()) + " --db " + sh_quote(db) + " "
            + sh_quote(dir.str("bbc.jsonl")));
    REQUIRE(indexed.status == 0);

    const bool update = std::getenv("DOSSIER_UPDATE_GOLDEN") != nullptr;
    const std::vector<std::pair<std::string, std::string>> modes = {
        {"hits", "--facets 5 --limit 5"},
        {"stories", "--facets 5 --limit 2 --count stories --similar"},
        {"figures", "--figures --limit 5"},
        {"quotes", "--quotes --limit 5"},
    };
    const std::size_t queries = lines_of(dossier::test::slurp(golden + "/queries.txt")).size();
    REQUIRE(queries >= 40);
    for (const auto& [mode, args] : modes) {
        INFO("mode " << mode << " (" << args << ")");
        const auto r =
            run(sh_quote(dossier::test::search_binary()) + " --db " + sh_quote(db) + " " + args
                + " --batch " + sh_quote(golden + "/queries.txt"));
        INFO(r.err);
        REQUIRE(r.status == 0);
        std::vector<json> got;
        // Hits name the input file: the same wherever the test runs.
        std::string out = r.out;
        for (std::size_t at; (at = out.find(dir.str(""))) != std::string::npos;) {
            out.replace(at, dir.str("").size(), "TMP/");
        }
        for (const std::string& line : lines_of(out)) {
            json j = json::parse(line);
            j.erase("took_ms");
            got.push_back(std::move(j));
        }
        REQUIRE(got.size() == queries);
        const std::string path = golden + "/bbc-" + mode + ".jsonl";
        if (update) {
            std::ofstream file(path);
            for (const json& j : got) {
                file << j.dump() << '\n';
            }
            WARN("rewrote " << path);
            continue;
        }
        const std::vector<std::string> want = lines_of(dossier::test::slurp(path));
        REQUIRE(want.size() == queries);
        std::size_t answered = 0;
        for (std::size_t i = 0; i < queries; ++i) {
            const json expected = json::parse(want[i]);
            INFO("query line " << i + 1 << ": " << expected.value("query", ""));
            INFO("first difference at " << first_difference(expected, got[i]));
            CHECK(got[i] == expected);
            answered += expected.value("total", 0) > 0 ? 1 : 0;
        }
        // The queries mean something here: most have answers in every mode but quotes.
        if (mode != "quotes") {
            CHECK(answered * 4 > queries * 3);
        }
    }
}
