// Facets counted beside the match (FacetSpy::Beside): a count interrupted (never finished, a throw
// after flush(), a cancellation inside the match) joins its helpers and leaves a memo that counts
// right; many rounds with 1 to 4 helpers equal one thread (run under ThreadSanitizer too).
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "indexer/columns.hpp"
#include "indexer/schema.hpp"
#include "searcher/cancel.hpp"
#include "searcher/facets.hpp"
#include "searcher/query.hpp"
#include "searcher/searcher.hpp"
#include "support/index_fixture.hpp"
#include "support/temp_dir.hpp"

using namespace dossier::searcher;
namespace schema = dossier::indexer::schema;

namespace {

/// Every article of `db` through `spies` (top 10, every match counted).
void match_all(const Xapian::Database& db, std::initializer_list<Xapian::MatchSpy*> spies) {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query::MatchAll);
    for (Xapian::MatchSpy* spy : spies) {
        enquire.add_matchspy(spy);
    }
    enquire.get_mset(0, 10, db.get_doccount());
}

struct Counted {
    std::vector<FacetCounts> top;
    std::vector<FacetTally> tallies;
    bool operator==(const Counted&) const = default;
};

Counted count(const Xapian::Database& db, FacetMemo& memo, std::size_t helpers) {
    FacetSpy spy({ALL_FACETS.begin(), ALL_FACETS.end()}, memo, Counting::Articles, helpers);
    match_all(db, {&spy});
    spy.flush();
    spy.finish();
    Counted out;
    for (Facet f : ALL_FACETS) {
        out.top.push_back(spy.top(f, 100000));
        out.tallies.push_back(spy.tally(f));
    }
    return out;
}

/// An index of `n` named_articles(), its database, query compiler and facet ids' column.
struct Indexed {
    dossier::test::IndexFixture fx;
    Xapian::Database db;
    QueryCompiler compiler;
    std::shared_ptr<const dossier::indexer::ValueColumn> column;

    explicit Indexed(int n)
        : fx(dossier::test::IndexFixture::of(dossier::test::named_articles(n))),
          db(fx.db()),
          compiler(db),
          column(dossier::indexer::ValueColumn::open(fx.db(), db, schema::SLOT_FACET_IDS)) {}

    /// A memo of every facet on the column.
    FacetMemo memo(bool memo_documents) const {
        FacetMemo m;
        for (Facet f : ALL_FACETS) {
            const NameMerges* names = merges_names(f) ? &compiler.names() : nullptr;
            m[f].reset(f, &compiler.aliases(), memo_documents, names, &db, column);
        }
        return m;
    }
};

}  // namespace

TEST_CASE(
    "a FacetSpy with helpers destroyed without finish(), after a throw or cancelled counts on",
    "[facets][threads]"
) {
    const Indexed ix(3000);
    const Xapian::Database& db = ix.db;
    REQUIRE(ix.column);
    for (const bool memo_documents : {false, true}) {
        FacetMemo memo = ix.memo(memo_documents);
        FacetMemo reference = ix.memo(memo_documents);
        const Counted expected = count(db, reference, 0);
        for (int round = 0; round < 10; ++round) {
            {
                // Never flushed nor finished.
                FacetSpy spy({ALL_FACETS.begin(), ALL_FACETS.end()}, memo, Counting::Articles, 3);
                REQUIRE(spy.beside_match());
                match_all(db, {&spy});
            }
            // Flushed, then a throw (as a SearchCancelled between flush() and finish()).
            CHECK_THROWS_AS(
                [&] {
                    FacetSpy spy(
                        {ALL_FACETS.begin(), ALL_FACETS.end()}, memo, Counting::Articles, 3
                    );
                    match_all(db, {&spy});
                    spy.flush();
                    throw SearchCancelled();
                }(),
                SearchCancelled
            );
            // Cancelled inside the match, after the helpers started.
            Cancellation cancel;

            struct Late : Xapian::MatchSpy {
                Cancellation* c;
                std::size_t n = 0;

                explicit Late(Cancellation* x) : c(x) {}

                void operator()(const Xapian::Document&, double) override {
                    if (++n == 2500) {
                        c->cancel();
                        c->check();
                    }
                }
            } late(&cancel);

            CHECK_THROWS_AS(
                [&] {
                    FacetSpy spy(
                        {ALL_FACETS.begin(), ALL_FACETS.end()}, memo, Counting::Articles, 3
                    );
                    match_all(db, {&spy, &late});
                }(),
                SearchCancelled
            );
            // Cancelled after the match, while the helpers count: finish() stops them and
            // throws (a server's time budget reaches the counting beside the match too).
            {
                Cancellation budget;
                FacetSpy spy({ALL_FACETS.begin(), ALL_FACETS.end()}, memo, Counting::Articles, 3);
                spy.set_cancellation(&budget);
                match_all(db, {&spy});
                spy.flush();
                budget.cancel();
                CHECK_THROWS_AS(spy.finish(), SearchCancelled);
            }
            // The memo the interrupted counts left behind still counts right.
            CHECK(count(db, memo, 3) == expected);
            CHECK(count(db, memo, 0) == expected);
        }
    }
}

TEST_CASE(
    "facets counted beside the match by 1 to 4 helpers, many rounds, equal the single thread's",
    "[facets][threads][stress]"
) {
    const Indexed ix(6000);
    REQUIRE(ix.column);
    FacetMemo ref = ix.memo(false);
    const Counted expected = count(ix.db, ref, 0);
    for (int round = 0; round < 20; ++round) {
        FacetMemo memo = ix.memo(round % 2 == 0);
        CHECK(count(ix.db, memo, 1 + round % 4) == expected);
    }
}
