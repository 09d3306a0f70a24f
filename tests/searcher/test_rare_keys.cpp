// Rare keys counted last (FacetKeys::RARE, FacetSpy::Counter::count_rare()): keys of their own with
// fewer articles in the whole archive than a bound are marked, not counted, and counted only when
// one could be shown. On real BBC text the answers (top values at every limit, distinct counts,
// tallies) equal those of every key counted, both when the top values settle without them and
// when they are counted afterwards, with and without helpers, and when documents are read from
// their slots beside a damaged column.
#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "indexer/columns.hpp"
#include "indexer/schema.hpp"
#include "searcher/facets.hpp"
#include "searcher/query.hpp"
#include "support/garble_column.hpp"
#include "support/index_fixture.hpp"
#include "support/news_samples.hpp"
#include "support/paths.hpp"
#include "support/temp_dir.hpp"

using namespace dossier::searcher;
namespace schema = dossier::indexer::schema;

namespace {

struct Counted {
    std::vector<FacetCounts> top;  // by facet, then limit
    std::vector<FacetTally> tallies;
    bool operator==(const Counted&) const = default;
};

constexpr std::size_t LIMITS[] = {0, 1, 10, 100000};

/// What the rare keys' deferral did over one count.
struct Deferral {
    std::size_t settled_without = 0;  // facets whose top 10 settled with rare keys uncounted
    std::size_t counted_late = 0;     // facets whose rare keys were counted by their top 10
};

/// Counts `query` over `db` with `memo`: top at every limit, then tallies.
Counted count(
    const Xapian::Database& db,
    const Xapian::Query& query,
    FacetMemo& memo,
    std::size_t helpers,
    Deferral& deferral
) {
    FacetSpy spy({ALL_FACETS.begin(), ALL_FACETS.end()}, memo, Counting::Articles, helpers);
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 10, db.get_doccount());
    spy.flush();
    spy.finish();
    Counted out;
    for (Facet f : ALL_FACETS) {
        const std::size_t before = spy.rare_pending(f);
        for (const std::size_t limit : LIMITS) {
            out.top.push_back(spy.top(f, limit));
            if (limit == 10 && before > 0) {
                ++(spy.rare_pending(f) > 0 ? deferral.settled_without : deferral.counted_late);
            }
        }
    }
    for (Facet f : ALL_FACETS) {
        out.tallies.push_back(spy.tally(f));
        CHECK(spy.rare_pending(f) == 0);  // a tally counts every key
    }
    return out;
}

/// A memo of every facet on `column` whose keys with fewer than `rare_below` articles are rare.
FacetMemo memo_of(
    const Xapian::Database& db,
    const QueryCompiler& compiler,
    const std::shared_ptr<const dossier::indexer::ValueColumn>& column,
    std::uint32_t rare_below
) {
    FacetMemo m;
    for (Facet f : ALL_FACETS) {
        const NameMerges* names = merges_names(f) ? &compiler.names() : nullptr;
        m[f].reset(f, &compiler.aliases(), true, names, &db, column);
        m[f].set_rare_below(rare_below);
    }
    return m;
}

/// Every article, and single words of the vocabulary from common to rare.
std::vector<Xapian::Query> queries_of(const Xapian::Database& db) {
    std::vector<Xapian::Query> out = {Xapian::Query::MatchAll};
    std::size_t n = 0;
    for (auto it = db.allterms_begin(); it != db.allterms_end(); ++it) {
        const std::string term = *it;
        if (!term.empty() && std::islower(static_cast<unsigned char>(term[0]))
            && it.get_termfreq() >= 3 && ++n % 173 == 0) {
            out.emplace_back(term);
        }
    }
    return out;
}

}  // namespace

TEST_CASE(
    "rare keys counted only when one could be shown answer as every key counted",
    "[searcher][facets]"
) {
    if (!dossier::test::have_shared_data()) {
        WARN("shared data absent: skipped");
        return;
    }
    dossier::test::TempDir dir;
    const std::string path = dir.str("db");
    dossier::test::index_samples(path, dossier::test::bbc_sample(3));
    const Xapian::Database db(path);
    const QueryCompiler compiler(db);
    auto column = dossier::indexer::ValueColumn::open(path, db, schema::SLOT_FACET_IDS);
    REQUIRE(column);
    REQUIRE(column->dictionary() != nullptr);
    REQUIRE(column->dictionary()->has_frequencies());
    const auto queries = queries_of(db);
    REQUIRE(queries.size() >= 30);

    FacetMemo ref = memo_of(db, compiler, column, 0);
    REQUIRE_FALSE(ref[0].flags_rare());
    std::vector<Counted> expected;
    Deferral none;
    for (const auto& q : queries) {
        expected.push_back(count(db, q, ref, 0, none));
    }
    CHECK(none.settled_without + none.counted_late == 0);

    Deferral total;
    for (const std::uint32_t below : {2U, 5U, 16U}) {
        FacetMemo memo = memo_of(db, compiler, column, below);
        REQUIRE(memo[0].flags_rare());
        for (const std::size_t helpers : {0U, 2U}) {
            for (std::size_t i = 0; i < queries.size(); ++i) {
                CAPTURE(below, helpers, queries[i].get_description());
                CHECK(count(db, queries[i], memo, helpers, total) == expected[i]);
            }
        }
    }
    // Both ways were taken: top values settled without the rare keys, and rare keys counted
    // because the top 10 reached below the bound.
    CHECK(total.settled_without > 10);
    CHECK(total.counted_late > 10);

    SECTION("documents read from their slots beside a damaged column") {
        dossier::test::garble_facet_column(path, 0.3);
        auto garbled = dossier::indexer::ValueColumn::open(path, db, schema::SLOT_FACET_IDS);
        REQUIRE(garbled);
        FacetMemo memo = memo_of(db, compiler, garbled, 5);
        Deferral after;
        for (std::size_t i = 0; i < queries.size(); ++i) {
            CAPTURE(queries[i].get_description());
            CHECK(count(db, queries[i], memo, i % 2 == 0 ? 0 : 2, after) == expected[i]);
        }
        // A slot's keys are never flagged and may be counted and marked both: the bound no
        // longer holds, every rare key is counted.
        CHECK_FALSE(memo[0].rare_bound_holds());
        CHECK(after.settled_without == 0);
        CHECK(after.counted_late > 0);
    }
}
