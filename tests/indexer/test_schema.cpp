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
