#include <catch2/catch.hpp>

#include "analyzers/aliases.hpp"
#include "analyzers/error.hpp"
#include "support/analysis.hpp"

using dossier::analyzers::AliasTable;

TEST_CASE("the alias table maps every variant to its canonical form", "[analyzers][aliases]") {
    const AliasTable& table = *dossier::test::analysis().aliases;
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

TEST_CASE(
    "a table parsed with its stored folded forms answers as one parsed from scratch",
    "[analyzers][aliases]"
) {
    const AliasTable& builtin = *dossier::test::analysis().aliases;
    const std::string tsv = builtin.to_tsv();
    const std::string folded = builtin.to_folded_tsv();
    CHECK(folded.find("zelenskyi\x1f") != std::string::npos);  // "Зеленський", folded ahead
    const AliasTable fast = AliasTable::parse(tsv, "stored", folded);
    for (const char* name :
         {"Зеленський",
          "Буданов",
          "Zelenskyy",
          "zelensky",
          "Kim Jong-un",
          "HUR",
          "DPRK",
          "Song Ji-myong"}) {
        CHECK(fast.canonical(name) == builtin.canonical(name));
    }
    const std::string text =
        "Буданов and Zelenskyy met HUR officers in Kyiv; the DPRK said nothing.";
    const auto a = fast.find_mentions(text);
    const auto b = builtin.find_mentions(text);
    REQUIRE(a.size() == b.size());
    REQUIRE_FALSE(a.empty());
    for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].group == b[i].group);
        CHECK(a[i].begin == b[i].begin);
        CHECK(a[i].end == b[i].end);
    }
    // Each variant's normalize() form, which the query parser expands an alias into, comes from
    // the stored forms, the same as computed ("Буданов" → "Budanov").
    REQUIRE(fast.groups().size() == builtin.groups().size());
    for (std::size_t g = 0; g < fast.groups().size(); ++g) {
        CHECK(fast.groups()[g].normalized == builtin.groups()[g].normalized);
        CHECK(fast.groups()[g].normalized.size() == fast.groups()[g].variants.size());
    }
    const AliasTable budanov = AliasTable::parse(
        "Kyrylo Budanov\tБуданов\n",
        "stored",
        "kyrylo budanov\x1f"
        "Kyrylo Budanov\tbudanov\x1f"
        "Budanov"
    );
    CHECK(budanov.groups()[0].normalized == std::vector<std::string>{"Kyrylo Budanov", "Budanov"});
    // Taken as stored, not computed again: a reader trusts the index's forms.
    const AliasTable as_stored = AliasTable::parse(
        "Kyrylo Budanov\tБуданов\n",
        "stored",
        "kyrylo budanov\x1f"
        "K B\tbudanov\x1f"
        "B"
    );
    CHECK(as_stored.groups()[0].normalized == std::vector<std::string>{"K B", "B"});
    // Folded forms that do not fit the table line for line are ignored, not trusted.
    const AliasTable wrong = AliasTable::parse(tsv, "stored", "garbage\tline");
    CHECK(wrong.canonical("Зеленський") == builtin.canonical("Зеленський"));
    CHECK(wrong.canonical("zelensky") == "Volodymyr Zelensky");
}
