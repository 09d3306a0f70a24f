/// One name, one value: a lone surname and the archive's one full name with it are one facet
/// value, and come apart when the archive gives that surname a second full name (issue 12).
#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "indexer/db_layout.hpp"
#include "indexer/index_writer.hpp"
#include "indexer/indexer.hpp"
#include "indexer/name_merges.hpp"
#include "indexer/schema.hpp"
#include "searcher/facets.hpp"
#include "searcher/searcher.hpp"
#include "support/analysis.hpp"
#include "support/paths.hpp"
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

dossier::indexer::Article article(const std::string& id, const std::string& text) {
    dossier::indexer::Article a;
    a.id = id;
    a.title = id;
    a.text = text;
    a.path = id + ".txt";
    return a;
}

void put(const std::string& db, const std::string& id, const std::string& text) {
    dossier::indexer::IndexWriter writer(db, dossier::test::analysis());
    writer.put(article(id, text));
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

namespace {

using dossier::indexer::NameMerges;
namespace schema = dossier::indexer::schema;

std::vector<std::pair<std::string, std::size_t>> person_top(const std::string& db) {
    Searcher s(db);
    HitsRequest r;
    r.facet_limit = 50;
    r.limit = 0;
    std::vector<std::pair<std::string, std::size_t>> out;
    for (const auto& [facet, counts] : s.hits(r).facets) {
        if (facet == PERSON || facet == SPEAKER) {
            for (const auto& v : counts.top) {
                out.emplace_back(v.value, v.count);
            }
        }
    }
    return out;
}

}  // namespace

TEST_CASE(
    "the end of each run keeps the surname merges in the index, for that commit only",
    "[searcher][names]"
) {
    dossier::test::TempDir dir;
    const std::string db = dir.str("db");
    put(db, "r1897", RONALD);
    put(db, "r1896", REAGAN);
    {
        Xapian::Database opened(db);
        const auto kept = NameMerges::stored(opened);
        REQUIRE(kept);
        CHECK(*kept == NameMerges::from_database(opened));
        REQUIRE(kept->full_key("reagan"));
        CHECK(*kept->full_key("reagan") == "ronald reagan");
    }
    // A batch committed by a run that never reached its end (killed): its articles are there,
    // the merges kept describe the commit before, and readers compute them from the terms.
    {
        dossier::indexer::IndexWriter writer(db, dossier::test::analysis());
        writer.begin_batch();
        writer.put(article("r1807", NANCY));
        writer.commit_batch();
        writer.begin_batch();  // the destructor then commits nothing
    }
    {
        Xapian::Database opened(db);
        CHECK_FALSE(NameMerges::stored(opened));
        CHECK_FALSE(NameMerges::of_database(opened).full_key("reagan"));
        Searcher s(db);
        auto counts = people(s);
        CHECK(counts["Reagan"] == 1);  // ambiguous now: apart, as computed from the terms
        CHECK(counts["Ronald Reagan"] == 1);
    }
    // the next run's end keeps the merges of the archive as it is
    put(db, "r1807", NANCY);
    Xapian::Database opened(db);
    const auto kept = NameMerges::stored(opened);
    REQUIRE(kept);
    CHECK_FALSE(kept->full_key("reagan"));
    CHECK(*kept == NameMerges::from_database(opened));
}

TEST_CASE(
    "surname merges kept by an incremental run and by a rebuild are those computed, on BBC",
    "[searcher][names][shared]"
) {
    REQUIRE(dossier::test::have_shared_data());
    const std::string politics = dossier::test::shared_data_dir() + "/bbc-news/bbc/politics";
    for (const bool rebuild : {false, true}) {
        dossier::test::TempDir dir;
        const std::string db = dir.str("db");
        dossier::indexer::IndexOptions opts;
        opts.db = db;
        opts.inputs = {politics};
        opts.rebuild = rebuild;
        opts.batch_size = 100;  // several batch commits before the run's end
        opts.analysis = dossier::test::analysis();
        dossier::indexer::run(opts, [](const std::string&) {});
        const std::string live = dossier::indexer::layout::live_database(db);
        Xapian::Database opened(live);
        const auto kept = NameMerges::stored(opened);
        REQUIRE(kept);
        const NameMerges computed = NameMerges::from_database(opened);
        CHECK(*kept == computed);
        INFO(kept->serialise());
        CHECK(kept->size() > 5);  // Kinnock, Prescott, Heseltine, Musharraf...: one full name
        REQUIRE(kept->full_key("kinnock"));
        CHECK(*kept->full_key("kinnock") == "neil kinnock");
        CHECK_FALSE(kept->full_key("blair"));  // Tony and Cherie Blair stay apart
        CHECK(NameMerges::parse(kept->serialise()) == kept);

        // The same facet counts whether the searcher reads them or computes them.
        const auto with_kept = person_top(db);
        {
            Xapian::WritableDatabase w(live, Xapian::DB_OPEN);
            w.set_metadata(schema::META_NAME_MERGES, "");
            w.commit();
        }
        CHECK_FALSE(NameMerges::stored(Xapian::Database(live)));
        CHECK(person_top(db) == with_kept);
        CHECK(with_kept.size() > 20);
    }
}

TEST_CASE("a malformed stored merge list is not used", "[searcher][names]") {
    CHECK(NameMerges::parse("reagan\tronald reagan\n"));
    CHECK(NameMerges::parse("")->size() == 0);
    CHECK_FALSE(NameMerges::parse("reagan\tronald reagan"));     // no final newline
    CHECK_FALSE(NameMerges::parse("reagan ronald reagan\n"));    // no tab
    CHECK_FALSE(NameMerges::parse("\tronald reagan\n"));         // no surname
    CHECK_FALSE(NameMerges::parse("reagan\t\n"));                // no full name
    CHECK_FALSE(NameMerges::parse("reagan\tronald\treagan\n"));  // two tabs
}

TEST_CASE(
    "a one-word organization merges only into an organization named at least as often",
    "[searcher][names]"
) {
    // The terms a BBC + Reuters index held (stop 13): "Apple" an organization of 66 articles and a
    // speaker of 11, "Big Apple" a person once by extraction noise, so the speaker facet showed
    // Apple as "Big Apple"; "Chase" an organization once and a person twice stays a surname;
    // "Sachs" (of "Goldman, Sachs and Co") joins "Goldman Sachs".
    dossier::test::TempDir dir;
    {
        Xapian::WritableDatabase db(dir.str("db"), Xapian::DB_CREATE);
        auto doc = [&db](std::initializer_list<std::string> terms) {
            Xapian::Document d;
            for (const auto& t : terms) {
                d.add_boolean_term(t);
            }
            db.add_document(d);
        };
        namespace schema = dossier::indexer::schema;
        const std::string org = schema::PREFIX_ORG, per = schema::PREFIX_PERSON,
                          spk = schema::PREFIX_SPEAKER;
        doc({org + "apple", spk + "apple"});
        doc({org + "apple"});
        doc({per + "big apple"});
        doc({per + "ronald reagan", spk + "reagan", per + "reagan"});
        doc({org + "sachs", spk + "sachs"});
        doc({org + "goldman sachs", spk + "goldman sachs"});
        doc({org + "goldman sachs"});
        doc({org + "chase"});
        doc({per + "chase", per + "rodney chase"});
        doc({per + "chase"});
        db.commit();
    }
    const Xapian::Database db(dir.str("db"));
    const NameMerges names = NameMerges::from_database(db);
    CHECK(names.full_key("apple") == nullptr);
    REQUIRE(names.full_key("reagan") != nullptr);
    CHECK(*names.full_key("reagan") == "ronald reagan");
    // A company's short name merges into the company's full one when that is named as often.
    REQUIRE(names.full_key("sachs") != nullptr);
    CHECK(*names.full_key("sachs") == "goldman sachs");
    REQUIRE(names.full_key("chase") != nullptr);
    CHECK(*names.full_key("chase") == "rodney chase");
    // Without the organization terms the same keys merge (from_keys alone knows no organizations).
    CHECK(NameMerges::from_keys({{"apple", 1}, {"big apple", 1}}).full_key("apple") != nullptr);
}
