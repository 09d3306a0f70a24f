// Rare keys counted last (FacetKeys::RARE, FacetSpy::Counter::count_rare()): keys of their own with
// fewer articles in the whole archive than a bound are marked, not counted, and counted only when
// one could be shown. On real BBC text the answers (top values at every limit, distinct counts,
// tallies) equal those of every key counted, both when the top values settle without them and
// when they are counted afterwards, with and without helpers, and when documents are read from
// their slots beside a damaged column.
#include <array>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "indexer/columns.hpp"
#include "indexer/schema.hpp"
#include "searcher/bitset.hpp"
#include "searcher/facets.hpp"
#include "searcher/query.hpp"
#include "searcher/shard_counts.hpp"
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
    // Over 1,024 articles: a match of every one is counted by the helpers beside it.
    dossier::test::index_samples(path, dossier::test::bbc_sample(2));
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

TEST_CASE(
    "rare keys marked by the shards of a stub merge as every key counted", "[searcher][facets]"
) {
    if (!dossier::test::have_shared_data()) {
        WARN("shared data absent: skipped");
        return;
    }
    // The same BBC articles as one database and as three shards joined by a stub.
    dossier::test::TempDir dir;
    const std::string whole_path = dir.str("whole");
    const std::vector<std::string> shard_paths = {dir.str("s0"), dir.str("s1"), dir.str("s2")};
    const auto samples = dossier::test::bbc_sample(3);
    std::vector<std::vector<dossier::test::SampleArticle>> split(shard_paths.size());
    for (std::size_t i = 0; i < samples.size(); ++i) {
        split[i % split.size()].push_back(samples[i]);
    }
    dossier::test::index_samples(whole_path, samples);
    Xapian::Database stub;
    for (std::size_t p = 0; p < shard_paths.size(); ++p) {
        dossier::test::index_samples(shard_paths[p], split[p]);
        stub.add_database(Xapian::Database(shard_paths[p]));
    }
    const Xapian::Database whole(whole_path);
    const QueryCompiler whole_compiler(whole);
    // A stub's memos join keys by the stub's alias groups and surname merges (ShardPart::reset).
    const QueryCompiler stub_compiler(stub);
    auto whole_column =
        dossier::indexer::ValueColumn::open(whole_path, whole, schema::SLOT_FACET_IDS);
    REQUIRE(whole_column);
    FacetMemo ref = memo_of(whole, whole_compiler, whole_column, 0);
    const auto queries = queries_of(whole);

    std::vector<Xapian::Database> shards;
    std::vector<std::shared_ptr<const dossier::indexer::ValueColumn>> columns;
    for (const auto& path : shard_paths) {
        shards.emplace_back(path);
        columns.push_back(
            dossier::indexer::ValueColumn::open(path, shards.back(), schema::SLOT_FACET_IDS)
        );
        REQUIRE(columns.back());
    }
    std::size_t merged_without = 0, counted_late = 0;
    for (const std::uint32_t below : {2U, 3U, 16U}) {
        std::vector<FacetMemo> memos(shards.size());
        for (std::size_t p = 0; p < shards.size(); ++p) {
            for (Facet f : ALL_FACETS) {
                const NameMerges* names = merges_names(f) ? &stub_compiler.names() : nullptr;
                memos[p][f].reset(f, &stub_compiler.aliases(), true, names, &shards[p], columns[p]);
                memos[p][f].set_part_of_stub();
                memos[p][f].set_rare_below(below);
            }
        }
        std::array<MergedKeys, FACET_COUNT> merged;
        for (std::size_t i = 0; i < queries.size(); ++i) {
            CAPTURE(below, queries[i].get_description());
            FacetSpy whole_spy({ALL_FACETS.begin(), ALL_FACETS.end()}, ref);
            Xapian::Enquire enquire(whole);
            enquire.set_query(queries[i]);
            enquire.add_matchspy(&whole_spy);
            enquire.get_mset(0, 10, whole.get_doccount());
            std::vector<std::unique_ptr<FacetSpy>> spies;
            for (std::size_t p = 0; p < shards.size(); ++p) {
                spies.push_back(std::make_unique<FacetSpy>(
                    std::vector<Facet>(ALL_FACETS.begin(), ALL_FACETS.end()),
                    memos[p],
                    Counting::Articles,
                    i % 2
                ));
                Xapian::Enquire e(shards[p]);
                e.set_query(queries[i]);
                e.add_matchspy(spies.back().get());
                e.get_mset(0, 10, shards[p].get_doccount());
                spies.back()->flush();
                spies.back()->finish();
            }
            for (Facet f : ALL_FACETS) {
                for (const std::size_t limit : LIMITS) {
                    std::vector<CountedPart> parts;
                    std::vector<RareMarks> marks;
                    bool any = false;
                    for (const auto& spy : spies) {
                        parts.push_back(*spy->counted(f, false));
                        marks.push_back(spy->rare_marks(f));
                        any = any || marks.back().seen != nullptr;
                    }
                    auto got = top_of_parts(parts, limit, merged[f], marks);
                    if (any && limit > 0) {
                        ++(got ? merged_without : counted_late);
                    }
                    if (!got) {
                        for (const auto& spy : spies) {
                            spy->counted(f);
                        }
                        got = top_of_parts(parts, limit, merged[f]);
                    }
                    REQUIRE(got);
                    CHECK(*got == whole_spy.top(f, limit));
                }
            }
        }
    }
    // Both ways were taken: values shown with the rare keys left marked, and rare keys counted
    // because one could have been shown.
    CHECK(merged_without > 10);
    CHECK(counted_late > 10);

    // The same through ShardCounting (the parts' own handles and memos, counted on helper
    // threads, as a Searcher over the stub counts them).
    std::vector<std::unique_ptr<ShardPart>> owned;
    std::vector<ShardPart*> parts;
    for (std::size_t p = 0; p < shard_paths.size(); ++p) {
        owned.push_back(ShardPart::open(shard_paths[p], shards[p], false));
        REQUIRE(owned.back());
        owned.back()->reset(stub_compiler.aliases(), stub_compiler.names(), true);
        for (Facet f : ALL_FACETS) {
            owned.back()->facet_keys[f].set_rare_below(3);
        }
        parts.push_back(owned.back().get());
    }
    std::array<MergedKeys, FACET_COUNT> merged;
    for (std::size_t i = 0; i < queries.size(); ++i) {
        CAPTURE(queries[i].get_description());
        FacetSpy whole_spy({ALL_FACETS.begin(), ALL_FACETS.end()}, ref);
        Xapian::Enquire enquire(whole);
        enquire.set_query(queries[i]);
        enquire.add_matchspy(&whole_spy);
        enquire.get_mset(0, 10, whole.get_doccount());
        ShardCounting counting(
            parts, queries[i], {{ALL_FACETS.begin(), ALL_FACETS.end()}, false, false}, nullptr, 2
        );
        counting.finish();
        CHECK(counting.total() == whole_spy.documents());
        for (Facet f : ALL_FACETS) {
            for (const std::size_t limit : LIMITS) {
                CHECK(counting.top(f, limit, merged[f]) == whole_spy.top(f, limit));
            }
            CHECK(counting.tally(f) == whole_spy.tally(f));
        }
    }
}

TEST_CASE("the rare keys' bitset holds what a std::set holds", "[searcher][facets]") {
    // searcher::Bitset: the marks of Counter::add and top_of_parts. Random ids across word
    // boundaries, growing with and without a hint, against std::set.
    std::mt19937 rng(7);
    dossier::searcher::Bitset bits;
    std::set<std::size_t> expected;
    CHECK(bits.count() == 0);
    CHECK_FALSE(bits.test(0));
    CHECK_FALSE(bits.test(1'000'000));  // past its room: not in it, no growth needed
    for (int i = 0; i < 5000; ++i) {
        const std::size_t v = rng() % (i < 2500 ? 200 : 70'000);
        const bool added = bits.insert(v, i % 2 == 0 ? 0 : 100'000);
        CHECK(added == expected.insert(v).second);
    }
    CHECK(bits.count() == expected.size());
    std::vector<std::size_t> listed;
    bits.for_each([&](std::size_t v) { listed.push_back(v); });
    CHECK(listed == std::vector<std::size_t>(expected.begin(), expected.end()));
    for (std::size_t v = 0; v < 70'100; ++v) {
        if (bits.test(v) != (expected.count(v) == 1)) {
            FAIL("test(" << v << ") disagrees");
        }
    }
    bits.clear();
    CHECK(bits.count() == 0);
    CHECK_FALSE(bits.test(*expected.begin()));
    bits.assign(64);
    CHECK(bits.insert(63));
    CHECK(bits.insert(64));
    CHECK_FALSE(bits.insert(64));
    CHECK(bits.count() == 2);
}
