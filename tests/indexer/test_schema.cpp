#include <catch2/catch.hpp>

#include "analyzers/error.hpp"
#include "indexer/schema.hpp"

using namespace dossier::indexer::schema;

TEST_CASE("packed value lists round-trip sorted and de-duplicated", "[indexer][schema]") {
    std::vector<std::string> values = {"Kyrylo Budanov", "", "Volodymyr Zelensky", "Kyrylo Budanov", std::string(300, 'x')};
    auto back = unpack_values(pack_values(values));
    std::vector<std::string> want = {"", "Kyrylo Budanov", "Volodymyr Zelensky", std::string(300, 'x')};
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
    CHECK(facet_term(PREFIX_ORG, "Ukraine\u2019s Special Operations Forces") == "XORGukraine's special operations forces");
    CHECK(id_term("000_2b5076e200270314") == "Q000_2b5076e200270314");
}
