// FacetTally (facet counts keyed by value) and what it makes possible: exact counts over a stub
// database listing several local shards, and tallies of shards that merge into the whole's.
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "indexer/index_writer.hpp"
#include "searcher/facets.hpp"
#include "searcher/searcher.hpp"
#include "searcher/shard_counts.hpp"
#include "support/analysis.hpp"
#include "support/news_samples.hpp"
#include "support/temp_dir.hpp"

using namespace dossier::searcher;

TEST_CASE(
    "a tally orders by count, then display, and shows canonical forms", "[searcher][facets]"
) {
    FacetTally t;
    t.add_key("kyrylo budanov", 3, "");
    t.add_spelling("kyrylo budanov", "Kyrylo Budanov", 2);
    t.add_spelling("kyrylo budanov", "Kyrylo BUDANOV", 1);
    t.add_key("volodymyr zelensky", 3, "Volodymyr Zelensky");
    t.add_key("pat ryder", 1, "");
    t.add_spelling("pat ryder", "Pat Ryder", 1);
    const FacetCounts top = t.top(2);
    CHECK(top.distinct == 3);
    REQUIRE(top.top.size() == 2);
    CHECK(top.top[0].value == "Kyrylo Budanov");  // 3 = 3: "K" < "V"
    CHECK(top.top[0].count == 3);
    CHECK(top.top[1].value == "Volodymyr Zelensky");
    CHECK(t.top(0).top.empty());
}

TEST_CASE("merged tallies add up counts and spellings exactly", "[searcher][facets]") {
    FacetTally a, b, whole;
    a.add_key("nato", 2, "");
    a.add_spelling("nato", "Nato", 2);
    b.add_key("nato", 3, "");
    b.add_spelling("nato", "NATO", 3);
    b.add_key("un", 1, "United Nations");
    whole.add_key("nato", 5, "");
    whole.add_spelling("nato", "Nato", 2);
    whole.add_spelling("nato", "NATO", 3);
    whole.add_key("un", 1, "United Nations");
    FacetTally merged = a;
    merged.merge(b);
    CHECK(merged == whole);
    // The spelling of a value is decided over the merged counts, not by one part.
    CHECK(merged.top(1).top.at(0).value == "NATO");
    CHECK(a.top(1).top.at(0).value == "Nato");
}

namespace {

/// The same BBC articles as one database and as three local shards joined by a stub file.
struct Shards {
    dossier::test::TempDir dir;
    std::string whole = dir.str("whole");
    std::vector<std::string> shards = {dir.str("shard0"), dir.str("shard1"), dir.str("shard2")};
    std::string stub = dir.str("stub");

    Shards() {
        const auto articles = dossier::test::bbc_sample(7);
        dossier::indexer::IndexWriter all(whole, dossier::test::analysis());
        std::vector<std::unique_ptr<dossier::indexer::IndexWriter>> parts;
        for (const auto& path : shards) {
            parts.push_back(
                std::make_unique<dossier::indexer::IndexWriter>(path, dossier::test::analysis())
            );
        }
        for (std::size_t i = 0; i < articles.size(); ++i) {
            dossier::indexer::Article a;
            a.id = articles[i].id;
            a.title = articles[i].title;
            a.text = articles[i].text;
            a.path = a.id + ".txt";
            all.put(a);
            parts[i % parts.size()]->put(a);
            if (i % 15 == 0) {
                // A wire copy, in its original's shard: a story of two (story ids are linked
                // per database here, as they are not by `indexer --shards`).
                a.id += "-copy";
                a.path = a.id + ".txt";
                all.put(a);
                parts[i % parts.size()]->put(a);
            }
        }
        all.commit();
        std::ofstream out(stub);
        for (auto& part : parts) {
            part->commit();
            out << "auto " << part->path() << "\n";
        }
    }
};

/// Queries over the whole index: browse, words of the vocabulary, and a filter on each of the top
/// values of every facet.
std::vector<std::string> queries(Searcher& searcher, const std::string& db) {
    std::vector<std::string> out = {
        "", "said", "government", "people NOT music", "\"last year\"", "gover*"};
    Xapian::Database x(db);
    std::size_t n = 0;
    for (auto it = x.allterms_begin(); it != x.allterms_end(); ++it) {
        const std::string term = *it;
        if (!term.empty() && std::islower(static_cast<unsigned char>(term[0]))
            && it.get_termfreq() >= 5 && ++n % 41 == 0) {
            out.push_back(term);
        }
    }
    HitsRequest browse;
    browse.facet_limit = 5;
    for (const auto& [facet, counts] : searcher.hits(browse).facets) {
        for (const auto& v : counts.top) {
            out.push_back(std::string(facet_field(facet)) + ":\"" + v.value + "\"");
        }
    }
    return out;
}

}  // namespace

TEST_CASE(
    "a stub over three local shards counts facets as one database does", "[searcher][facets]"
) {
    if (!dossier::test::have_shared_data()) {
        WARN("shared data absent: skipped");
        return;
    }
    Shards s;
    Searcher whole(s.whole);
    Searcher stub(s.stub);
    // Snippets over the stub take each word's frequency as the sum of its shards' tables.
    CHECK(whole.reads_term_freqs());
    CHECK(stub.reads_term_freqs());
    // Each shard counts its own matches from its columns (searcher/shard_counts.hpp), in this
    // process's memos and, as the CLI counts, without them.
    CHECK(stub.counts_by_shard());
    CHECK_FALSE(whole.counts_by_shard());
    Searcher cold(s.stub);
    cold.set_document_memo(false);
    REQUIRE(cold.counts_by_shard());
    std::vector<Searcher> shards;
    for (const auto& path : s.shards) {
        shards.emplace_back(path);
    }
    const auto qs = queries(whole, s.whole);
    REQUIRE(qs.size() >= 40);
    std::size_t compared = 0;
    std::size_t snippets = 0;
    std::size_t disjunctive = 0;
    for (const auto& q : qs) {
        CAPTURE(q);
        HitsRequest r;
        r.query = q;
        r.facet_limit = 1000;
        r.correct_spelling = false;
        // Story ids are computed per database (each shard links only its own near-duplicates),
        // so folding by story differs between the shards and the whole: count articles.
        r.folding = Folding::Articles;
        r.facet_tallies = true;
        // Twice through the stub (the second run goes through the facet memos), then without
        // memos.
        for (int pass = 0; pass < 3; ++pass) {
            CAPTURE(pass);
            const HitsResult a = whole.hits(r);
            const HitsResult b = pass < 2 ? stub.hits(r) : cold.hits(r);
            CHECK(a.total == b.total);
            CHECK(a.facet_documents == b.facet_documents);
            CHECK(a.date_histogram.buckets == b.date_histogram.buckets);
            CHECK(a.date_histogram.dated == b.date_histogram.dated);
            REQUIRE(a.disjunctive_facets.size() == b.disjunctive_facets.size());
            for (std::size_t f = 0; f < a.disjunctive_facets.size(); ++f) {
                CHECK(a.disjunctive_facets[f].first == b.disjunctive_facets[f].first);
                CHECK(a.disjunctive_facets[f].second == b.disjunctive_facets[f].second);
                disjunctive += a.disjunctive_facets[f].second.top.size();
            }
            // The same hits with the same snippets (same scores: collection-wide statistics).
            REQUIRE(a.hits.size() == b.hits.size());
            for (std::size_t i = 0; i < a.hits.size(); ++i) {
                if (a.hits[i].id == b.hits[i].id) {
                    CHECK(a.hits[i].snippet == b.hits[i].snippet);
                    ++snippets;
                }
            }
            REQUIRE(a.facets.size() == b.facets.size());
            for (std::size_t f = 0; f < a.facets.size(); ++f) {
                CHECK(a.facets[f].second.distinct == b.facets[f].second.distinct);
                CHECK(a.facets[f].second.top.size() == b.facets[f].second.top.size());
                for (std::size_t i = 0; i < a.facets[f].second.top.size(); ++i) {
                    CHECK(a.facets[f].second.top[i].value == b.facets[f].second.top[i].value);
                    CHECK(a.facets[f].second.top[i].count == b.facets[f].second.top[i].count);
                }
                CHECK(a.facet_tallies[f].second == b.facet_tallies[f].second);
            }
            // The shards' own tallies, merged, are the whole's. (Not for field filters: a shard
            // resolves a value it lacks by its partial matches, facet_filter_terms().)
            if (q.find(':') != std::string::npos) {
                continue;
            }
            std::vector<FacetTally> merged(FACET_COUNT);
            for (auto& shard : shards) {
                const HitsResult part = shard.hits(r);
                for (const auto& [facet, tally] : part.facet_tallies) {
                    merged[facet].merge(tally);
                }
            }
            for (const auto& [facet, tally] : a.facet_tallies) {
                // Person-name facets merge a lone surname with the full name by what each
                // database holds (NameMerges): separate shards decide from their own articles,
                // so only a stub over them (above) equals the whole there.
                if (!merges_names(facet)) {
                    CHECK(merged[facet] == tally);
                }
            }
        }
        ++compared;
    }
    CHECK(compared == qs.size());
    CHECK(snippets > 10 * qs.size());  // hits in the same order nearly always (ties aside)
    CHECK(disjunctive > 100);          // the filter queries' widened counts were compared
}

TEST_CASE(
    "a stub of local shards counted shard by shard answers as the spies on its match do",
    "[searcher][facets]"
) {
    if (!dossier::test::have_shared_data()) {
        WARN("shared data absent: skipped");
        return;
    }
    Shards s;
    Searcher by_shard(s.stub);
    Searcher spies(s.stub);
    spies.set_shard_counting(false);
    REQUIRE(by_shard.counts_by_shard());
    REQUIRE_FALSE(spies.counts_by_shard());
    Searcher whole(s.whole);
    const auto qs = queries(whole, s.whole);
    std::size_t similar = 0;
    for (const auto& q : qs) {
        // Stories folded (similar_count, stories) and not; with tallies and without, where a
        // browse ("") without filters counts from the index's whole-archive figures instead.
        for (const Folding folding : {Folding::Stories, Folding::Articles}) {
            for (const bool tallies : {false, true}) {
                CAPTURE(q, folding == Folding::Stories, tallies);
                HitsRequest r;
                r.query = q;
                r.facet_limit = 20;
                r.correct_spelling = false;
                r.folding = folding;
                r.facet_tallies = tallies;
                const HitsResult a = spies.hits(r);
                const HitsResult b = by_shard.hits(r);
                CHECK(a.total == b.total);
                CHECK(a.stories == b.stories);
                CHECK(a.facet_documents == b.facet_documents);
                CHECK(a.date_histogram.buckets == b.date_histogram.buckets);
                CHECK(a.facets == b.facets);
                CHECK(a.disjunctive_facets == b.disjunctive_facets);
                REQUIRE(a.facet_tallies.size() == b.facet_tallies.size());
                for (std::size_t f = 0; f < a.facet_tallies.size(); ++f) {
                    CHECK(a.facet_tallies[f].second == b.facet_tallies[f].second);
                }
                REQUIRE(a.hits.size() == b.hits.size());
                for (std::size_t i = 0; i < a.hits.size(); ++i) {
                    CHECK(a.hits[i].id == b.hits[i].id);
                    CHECK(a.hits[i].similar_count == b.hits[i].similar_count);
                    similar += b.hits[i].similar_count;
                }
            }
        }
    }
    CHECK(similar > 0);  // folded copies were counted
}

TEST_CASE(
    "a shard committed to between the stub's open and its own is opened again", "[searcher][facets]"
) {
    if (!dossier::test::have_shared_data()) {
        WARN("shared data absent: skipped");
        return;
    }
    Shards s;
    const Xapian::Database before(s.shards[0]);
    REQUIRE(ShardPart::open(s.shards[0], before, true) != nullptr);  // the same revision
    {
        dossier::indexer::IndexWriter w(s.shards[0], dossier::test::analysis());
        dossier::indexer::Article a;
        a.id = "late";
        a.title = "Late news";
        a.text = "The government said the talks would go on.";
        a.path = "late.txt";
        w.put(a);
        w.commit();
    }
    // The stub's handle is of the revision before: open both again, or (retries spent) leave
    // the shard to the stub's spies.
    CHECK_THROWS_AS(ShardPart::open(s.shards[0], before, true), ShardPart::Changed);
    CHECK(ShardPart::open(s.shards[0], before, false) == nullptr);
    // A searcher opened after the commit counts by shard, the late article included.
    Searcher stub(s.stub);
    REQUIRE(stub.counts_by_shard());
    Searcher spies(s.stub);
    spies.set_shard_counting(false);
    HitsRequest r;
    r.query = "government";
    r.facet_limit = 10;
    const HitsResult a = spies.hits(r);
    const HitsResult b = stub.hits(r);
    CHECK(a.total == b.total);
    CHECK(a.facets == b.facets);
    CHECK(b.total == Searcher(s.whole).hits(r).total + 1);
}

TEST_CASE(
    "the top values taken straight from the counts are the top of the whole tally",
    "[searcher][facets]"
) {
    if (!dossier::test::have_shared_data()) {
        WARN("shared data absent: skipped");
        return;
    }
    Shards s;
    Searcher whole(s.whole);
    const auto qs = queries(whole, s.whole);
    REQUIRE(qs.size() >= 40);
    std::size_t values = 0;
    for (const auto& q : qs) {
        for (const Counting counting : {Counting::Articles, Counting::Stories}) {
            for (const std::size_t limit : {std::size_t{1}, std::size_t{10}, std::size_t{100000}}) {
                CAPTURE(q, limit, counting == Counting::Stories);
                HitsRequest r;
                r.query = q;
                r.facet_limit = limit;
                r.correct_spelling = false;
                r.counting = counting;
                r.facet_tallies = true;
                const HitsResult a = whole.hits(r);
                REQUIRE(a.facets.size() == a.facet_tallies.size());
                for (std::size_t f = 0; f < a.facets.size(); ++f) {
                    const FacetCounts& fast = a.facets[f].second;
                    const FacetCounts slow = a.facet_tallies[f].second.top(limit);
                    CHECK(fast.distinct == slow.distinct);
                    REQUIRE(fast.top.size() == slow.top.size());
                    for (std::size_t i = 0; i < fast.top.size(); ++i) {
                        CHECK(fast.top[i].value == slow.top[i].value);
                        CHECK(fast.top[i].count == slow.top[i].count);
                    }
                    values += fast.top.size();
                }
                // Without the tallies asked for, the same top values and no tallies.
                r.facet_tallies = false;
                const HitsResult b = whole.hits(r);
                CHECK(b.facet_tallies.empty());
                REQUIRE(b.facets.size() == a.facets.size());
                for (std::size_t f = 0; f < a.facets.size(); ++f) {
                    CHECK(b.facets[f].second.top.size() == a.facets[f].second.top.size());
                    CHECK(b.facets[f].second.distinct == a.facets[f].second.distinct);
                }
            }
        }
    }
    CHECK(values > 1000);  // the comparison ran over real values, not empty lists
}
