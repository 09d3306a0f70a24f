#include <algorithm>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "analyzers/error.hpp"
#include "analyzers/hash.hpp"
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

namespace {

/// The display hashes of one facet's section of SLOT_FACET_IDS.
std::vector<std::uint64_t> display_ids(const Xapian::Document& doc, std::size_t facet) {
    std::vector<std::uint64_t> out;
    for_each_facet_id(facet_ids_section(doc.get_value(SLOT_FACET_IDS), facet), [&](FacetId id) {
        out.push_back(id.display);
    });
    return out;
}

std::vector<std::uint64_t> hashes(const std::vector<std::string>& values) {
    std::vector<std::uint64_t> out;
    for (const auto& v : values) {
        out.push_back(dossier::analyzers::fnv1a64(v));
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE(
    "every facet's ids share one slot and each facet's can be replaced", "[indexer][schema]"
) {
    // Schema 9: one value slot holds the ids of every facet of an article, so a search reads
    // one slot per match instead of one per facet.
    Xapian::Document doc;
    const std::vector<std::string> speakers = {"Kyrylo Budanov", "Volodymyr Zelensky"};
    const std::vector<std::string> orgs = {"Ukraine's Special Operations Forces", "Pentagon"};
    const std::vector<std::string> people = {"Kim Jong Un"};
    add_facet_values(doc, FACETS[4], people);
    add_facet_values(doc, FACETS[0], speakers);
    add_facet_values(doc, FACETS[1], orgs);
    add_facet_values(doc, FACETS[2], {});
    CHECK(display_ids(doc, 0) == hashes(speakers));
    CHECK(display_ids(doc, 1) == hashes(orgs));
    CHECK(display_ids(doc, 2).empty());
    CHECK(display_ids(doc, 3).empty());
    CHECK(display_ids(doc, 4) == hashes(people));
    // The key hash of each id is its value's facet key's.
    for_each_facet_id(facet_ids_section(doc.get_value(SLOT_FACET_IDS), 0), [](FacetId id) {
        CHECK(
            (id.key == dossier::analyzers::fnv1a64("kyrylo budanov")
             || id.key == dossier::analyzers::fnv1a64("volodymyr zelensky"))
        );
    });

    // Replacing one facet's values leaves the others' ids alone.
    add_facet_values(doc, FACETS[1], {"Reuters"});
    CHECK(display_ids(doc, 1) == hashes({"Reuters"}));
    CHECK(display_ids(doc, 0) == hashes(speakers));
    CHECK(display_ids(doc, 4) == hashes(people));
    add_facet_values(doc, FACETS[0], {});
    CHECK(display_ids(doc, 0).empty());
    CHECK(display_ids(doc, 1) == hashes({"Reuters"}));

    // All sections in one pass, as a search reads them.
    const std::string value = doc.get_value(SLOT_FACET_IDS);  // the views point into it
    const FacetIdSections all = facet_ids_sections(value);
    for (std::size_t f = 0; f < FACET_COUNT; ++f) {
        CHECK(all[f] == facet_ids_section(value, f));
    }
    CHECK(all[1].size() == 16);
    CHECK(all[4].size() == 16);

    // Emptying the last facets with ids removes the value.
    add_facet_values(doc, FACETS[1], {});
    add_facet_values(doc, FACETS[4], {});
    CHECK(doc.get_value(SLOT_FACET_IDS).empty());

    // No ids at all: no value.
    Xapian::Document none;
    add_facet_values(none, FACETS[0], {"", ",;"});
    CHECK(none.get_value(SLOT_FACET_IDS).empty());
    CHECK(facet_ids_section("", 3).empty());
}

TEST_CASE("a malformed facet id slot is a schema error, not a crash", "[indexer][schema]") {
    Xapian::Document doc;
    add_facet_values(doc, FACETS[1], {"Pentagon", "Reuters"});
    const std::string good = doc.get_value(SLOT_FACET_IDS);
    CHECK_THROWS_AS(facet_ids_section(good.substr(0, good.size() - 1), 1), dossier::SchemaError);
    // A facet index past the table (an empty section, well formed otherwise).
    CHECK_THROWS_AS(facet_ids_section(std::string("\x09\x00", 2), 0), dossier::SchemaError);
    // A count whose varint never ends, and a count far past the value's end.
    CHECK_THROWS_AS(
        facet_ids_section(std::string("\x01\xFF\xFF\xFF\xFF\xFF\x01", 7), 1), dossier::SchemaError
    );
    CHECK_THROWS_AS(
        facet_ids_sections(std::string("\x01\xFF\xFF\xFF\xFF\x0F", 6)), dossier::SchemaError
    );
    CHECK_THROWS_AS(facet_ids_section(std::string("\x01\xFF", 2), 1), dossier::SchemaError);
    // Sections out of order.
    CHECK_THROWS_AS(facet_ids_sections(good + good), dossier::SchemaError);
    CHECK_THROWS_AS(with_facet_ids(good, 1, "short"), dossier::SchemaError);
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
