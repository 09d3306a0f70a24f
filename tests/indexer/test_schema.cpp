#include <catch2/catch.hpp>

#include "analyzers/error.hpp"
#include "indexer/schema.hpp"

using namespace dossier::indexer::schema;

TEST_CASE("packed value lists round-trip sorted and de-duplicated", "[indexer][schema]") {
    std::vector<std::string> values = {
        "Kyrylo Budanov", "", "Volodymyr Zelensky", "Kyrylo Budanov", std::string(300, 'x')};
    auto back = unpack_values(pack_values(values));
    std::vector<std::string> want = {
        "", "Kyrylo Budanov", "Volodymyr Zelensky", std::string(300, 'x')};
    CHECK(back == want);
    CHECK(unpack_values("").empty());
}

TEST_CASE("a truncated packed list is a schema error, not a crash", "[indexer][schema]") {
    std::string packed = pack_values({"Kyrylo Budanov"});
    packed.pop_back();
    CHECK_THROWS_AS(unpack_values(packed), dossier::SchemaError);
    CHECK_THROWS_AS(unpack_values("\xFF"), dossier::SchemaError);
}

TEST_CASE("facet terms use the folded key of the value", "[indexer][schema]") {
    CHECK(facet_term(PREFIX_SPEAKER, "Kyrylo  Budanov") == "XSPKkyrylo budanov");
    CHECK(
        facet_term(PREFIX_ORG, "Ukraine\u2019s Special Operations Forces")
        == "XORGukraine's special operations forces"
    );
    CHECK(id_term("000_2b5076e200270314") == "Q000_2b5076e200270314");
}

TEST_CASE("article dates become YYYYMMDD slot values", "[indexer][schema]") {
    auto [text, want] = GENERATE(table<std::string, std::string>({
        {"2024-11-03", "20241103"},
        {"2024-11-03T10:00:00Z", "20241103"},
        {"2024/1/5", "20240105"},
        {"20241103", "20241103"},
        {"26-FEB-1987 15:01:01.79", "19870226"},
        {" 3-OCT-1987 09:00", "19871003"},
        {"2024-13-01", ""},
        {"yesterday", ""},
        {"", ""},
    }));
    CAPTURE(text);
    CHECK(date_value(text) == want);
}

TEST_CASE("shard_of: FNV-1a 64 of the id modulo N, fixed forever", "[indexer][schema][shards]") {
    // Written down once: a change of these values moves articles between shards (re-sharding).
    CHECK(shard_of("000_2b5076e200270314", 3) == 1);
    CHECK(shard_of("001_1eb6d0dfee52ccb7", 3) == 2);
    CHECK(shard_of("001_1eb6d0dfee52ccb7", 8) == 7);
    CHECK(shard_of("reuters_42", 2) == 0);
    CHECK(shard_of("anything", 1) == 0);
    CHECK(shard_of("anything", 0) == 0);
    // Spread: 3,000 ids over 3 shards, none far from a third.
    std::size_t counts[3] = {0, 0, 0};
    for (int i = 0; i < 3000; ++i) {
        ++counts[shard_of("article-" + std::to_string(i), 3)];
    }
    for (std::size_t c : counts) {
        CHECK(c > 900);
        CHECK(c < 1100);
    }
}
