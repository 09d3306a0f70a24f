#include <catch2/catch.hpp>

#include "analyzers/aliases.hpp"
#include "analyzers/error.hpp"

using dossier::analyzers::AliasTable;

TEST_CASE("the alias table maps every variant to its canonical form", "[analyzers][aliases]") {
    const AliasTable& table = AliasTable::builtin();
    CHECK(table.canonical("Zelenskyy") == "Volodymyr Zelensky");
    CHECK(table.canonical("zelensky") == "Volodymyr Zelensky");
    CHECK(table.canonical("Kim Jong-un") == "Kim Jong Un");
    CHECK(table.canonical("South Korea\u2019s spy agency") == "National Intelligence Service");
    CHECK(table.canonical("HUR") == "Defense Intelligence Directorate");
    CHECK(table.canonical("DPRK") == "North Korea");
    CHECK(table.canonical("US Department of Defense") == "Pentagon");
    CHECK_FALSE(table.canonical("Song Ji-myong").has_value());
}

TEST_CASE(
    "alias TSV parsing ignores comments and rejects lines without variants", "[analyzers][aliases]"
) {
    auto t = AliasTable::parse("# comment\nFoo Bar\tFB\tF. Bar\n\n");
    CHECK(t.groups().size() == 1);
    CHECK(t.canonical("f. bar") == "Foo Bar");
    CHECK_THROWS_AS(AliasTable::parse("lonely\n", "x.tsv"), dossier::CorpusError);
    CHECK_THROWS_WITH(AliasTable::parse("ok\tyes\nlonely\n", "x.tsv"), Catch::Contains("x.tsv:2"));
}
