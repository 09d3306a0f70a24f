/// One name, one value: a lone surname and the archive's one full name with it are one facet
/// value, and come apart when the archive gives that surname a second full name (issue 12).
#include <algorithm>
#include <map>

#include <catch2/catch.hpp>

#include "indexer/index_writer.hpp"
#include "searcher/facets.hpp"
#include "searcher/searcher.hpp"
#include "support/analysis.hpp"
#include "support/temp_dir.hpp"

using namespace dossier::searcher;

namespace {

const Facet PERSON = facet_named("person");
const Facet SPEAKER = facet_named("speaker");

// Reuters-21578 reut2-001, NEWID 1897, 1896 and 1807 (first sentences).
const char* RONALD =
    "Gold rose by about 50 U.S. Cents an ounce, following a statement by President Ronald "
    "Reagan that the arms-for-hostages deal with Iran \"was a mistake,\" dealers said.";
const char* REAGAN =
    "President Reagan said improper record keeping of meetings and decisions made on the Iran "
    "arms initiative led to his failure to recollect whether he approved arms shipments.\n"
    "\"I did approve it; I just can't specifically say when,\" Reagan said.";
const char* NANCY =
    "President Reagan will visit Rome and West Berlin during a trip to Europe in June to attend "
    "the Venice summit meeting of the major industrialized countries, the White House said. The "
    "announcement said Reagan and Nancy Reagan would be in Rome from June 3 to 6 as the guests of "
    "President Francesco Cossiga.";

void put(const std::string& db, const std::string& id, const std::string& text) {
    dossier::indexer::IndexWriter writer(db, dossier::test::analysis());
    dossier::indexer::Article a;
    a.id = id;
    a.title = id;
    a.text = text;
    a.path = id + ".txt";
    writer.put(a);
    writer.commit();
}

std::map<std::string, std::size_t> people(Searcher& s, Filters filters = {}) {
    HitsRequest r;
    r.filters = std::move(filters);
    r.facet_limit = 100;
    r.limit = 10;
    std::map<std::string, std::size_t> out;
    for (const auto& [facet, counts] : s.hits(r).facets) {
        if (facet == PERSON) {
            for (const auto& v : counts.top) {
                out[v.value] = v.count;
            }
        }
    }
    return out;
}

std::size_t total(Searcher& s, Facet f, const std::string& value) {
    HitsRequest r;
    r.filters[f] = {value};
    r.limit = 10;
    return s.hits(r).total;
}

}  // namespace

TEST_CASE("a surname merges into the archive's only full name with it", "[searcher][names]") {
    // person keys with their articles: the full names of Reagan, Bush and Baker as counted in a
    // Reuters-21578 index (reut2-000..003); the other counts are made up
    const std::map<std::string, std::size_t> keys = {
        {"ronald reagan", 5},
        {"reagan", 21},
        {"athough reagan", 1},
        {"george bush", 2},
        {"george w bush", 2},
        {"bush", 4},
        {"james baker", 19},
        {"howard baker", 13},
        {"baker", 3},
        {"zelensky", 4},
        {"volodymyr zelensky", 9},
        {"tony blair", 40},
        {"blair", 60},
        {"gordon brown", 30},
    };
    auto m = NameMerges::from_keys(keys);
    REQUIRE(m.full_key("reagan"));
    CHECK(*m.full_key("reagan") == "ronald reagan");  // "Athough Reagan" (1 article) is noise
    CHECK(*m.full_key("blair") == "tony blair");
    CHECK(*m.full_key("zelensky") == "volodymyr zelensky");
    CHECK(!m.full_key("bush"));   // two Bushes stay apart
    CHECK(!m.full_key("baker"));  // two Bakers too
    CHECK(!m.full_key("brown"));  // no lone "brown" among the keys: nothing to merge
    CHECK(m.short_keys("ronald reagan") == std::vector<std::string>{"reagan"});
    CHECK(m.short_keys("george bush").empty());
}

TEST_CASE(
    "surname merges hold under incremental indexing, in counts and filters", "[searcher][names]"
) {
    dossier::test::TempDir dir;
    const std::string db = dir.str("db");
    put(db, "r1897", RONALD);
    put(db, "r1896", REAGAN);
    {
        Searcher s(db);
        auto counts = people(s);
        CHECK(counts["Ronald Reagan"] == 2);  // one value, shown in full
        CHECK(counts.count("Reagan") == 0);
        CHECK(total(s, PERSON, "Reagan") == 2);  // either form selects both articles
        CHECK(total(s, PERSON, "Ronald Reagan") == 2);
        CHECK(total(s, SPEAKER, "Ronald Reagan") == 1);  // the speaker facet merges too
    }
    // a later run adds an article naming another Reagan: "Reagan" is ambiguous now
    put(db, "r1807", NANCY);
    {
        Searcher s(db);
        auto counts = people(s);
        CHECK(counts["Ronald Reagan"] == 1);
        CHECK(counts["Reagan"] == 1);
        CHECK(counts["Nancy Reagan"] == 1);
        CHECK(total(s, PERSON, "Ronald Reagan") == 1);
    }
}
