// A browse (every article) counts its facets from term frequencies (browse_counts): the same
// counts, names and distinct values as the facet spy's walk over every article's slots.
#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "analyzers/normalizer.hpp"
#include "indexer/columns.hpp"
#include "indexer/index_writer.hpp"
#include "indexer/schema.hpp"
#include "searcher/facets.hpp"
#include "searcher/query.hpp"
#include "searcher/render.hpp"
#include "searcher/searcher.hpp"
#include "support/analysis.hpp"
#include "support/garble_column.hpp"
#include "support/index_fixture.hpp"
#include "support/news_samples.hpp"
#include "support/paths.hpp"
#include "support/temp_dir.hpp"

using namespace dossier::searcher;
namespace schema = dossier::indexer::schema;

namespace {

/// BBC (every 2nd file) and two Reuters-21578 files: surnames beside full names ("Blair",
/// "Reagan"), alias groups (UK / Britain), one key spelt several ways.
void index_news(const std::string& path) {
    std::vector<dossier::test::SampleArticle> news = dossier::test::bbc_sample(2);
    for (int file = 0; file < 2; ++file) {
        for (auto& s : dossier::test::reuters_sample(file, 1)) {
            news.push_back(std::move(s));
        }
    }
    dossier::test::index_samples(path, news);
}

/// The facet spy's counts over every article of `db` (the walk browse_counts replaces).
FacetCounts walked(
    const Xapian::Database& db,
    Facet facet,
    const dossier::analyzers::AliasTable& aliases,
    const NameMerges& names,
    std::size_t limit
) {
    FacetMemo memo;
    memo[facet].reset(facet, &aliases, true, merges_names(facet) ? &names : nullptr);
    FacetSpy spy({facet}, memo);
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query::MatchAll);
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, db.get_doccount());
    return spy.top(facet, limit);
}

}  // namespace

TEST_CASE(
    "a browse's facet counts from term frequencies equal the spy's walk, on BBC and Reuters",
    "[searcher][facets][shared]"
) {
    REQUIRE(dossier::test::have_shared_data());
    dossier::test::TempDir dir;
    const std::string path = dir.str("db");
    index_news(path);
    const Xapian::Database db(path);
    REQUIRE(db.get_doccount() > 2000);
    const QueryCompiler compiler(db);
    std::size_t merged = 0;
    for (Facet f : ALL_FACETS) {
        for (std::size_t limit : {1, 10, 30, 100000}) {
            INFO(facet_name(f) << " limit " << limit);
            const FacetCounts walk = walked(db, f, compiler.aliases(), compiler.names(), limit);
            const FacetCounts browse = browse_counts(
                db, f, compiler.aliases(), merges_names(f) ? &compiler.names() : nullptr, limit
            );
            CHECK(browse.distinct == walk.distinct);
            REQUIRE(browse.top.size() == walk.top.size());
            for (std::size_t i = 0; i < walk.top.size(); ++i) {
                INFO(walk.top[i].value);
                CHECK(browse.top[i].value == walk.top[i].value);
                CHECK(browse.top[i].count == walk.top[i].count);
            }
            CHECK(!walk.top.empty());
        }
        // Values that join several key terms (surname merges, alias groups) were counted as
        // the union of their articles, not the sum.
        const FacetCounts all = walked(db, f, compiler.aliases(), compiler.names(), 100000);
        const std::string prefix = facet_prefix(f);
        std::size_t terms = 0;
        for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
            terms += (*t).size() > prefix.size();
        }
        merged += terms - all.distinct;
    }
    CHECK(merged > 10);
    // Scanned in ranges of keys (as Searcher::browse_all splits the person names between two
    // threads) and merged: the same counts, whatever the ranges.
    for (Facet f : ALL_FACETS) {
        const NameMerges* names = merges_names(f) ? &compiler.names() : nullptr;
        const auto named = dossier::indexer::named_keys(compiler.aliases(), names, facet_spec(f));
        for (std::size_t limit : {1, 10, 100000}) {
            INFO(facet_name(f) << " limit " << limit);
            const FacetCounts whole = browse_counts(db, f, compiler.aliases(), names, limit);
            BrowseScan parts = browse_scan(db, f, compiler.aliases(), names, named, limit, "", "g");
            parts.merge(browse_scan(db, f, compiler.aliases(), names, named, limit, "m", ""));
            parts.merge(browse_scan(db, f, compiler.aliases(), names, named, limit, "g", "m"));
            CHECK(browse_top(db, f, std::move(parts), limit) == whole);
        }
    }
    // From the key frequencies of the facet ids' column's dictionary (written by the run that
    // indexed them) instead of the key terms: the same values, counts and distinct counts.
    const auto column = dossier::indexer::ValueColumn::open(path, db, schema::SLOT_FACET_IDS);
    REQUIRE(column);
    REQUIRE(column->dictionary() != nullptr);
    REQUIRE(column->dictionary()->has_frequencies());
    for (Facet f : ALL_FACETS) {
        const NameMerges* names = merges_names(f) ? &compiler.names() : nullptr;
        for (std::size_t limit : {0, 1, 2, 10, 30, 100000}) {
            INFO(facet_name(f) << " limit " << limit);
            std::optional<BrowseScan> scan =
                browse_scan_numbers(db, *column->dictionary(), f, compiler.aliases(), names, limit);
            if (!scan && limit == 100000) {
                continue;  // more keys to name than articles worth reading: the scan answers
            }
            REQUIRE(scan);
            CHECK(
                browse_top(db, f, std::move(*scan), limit)
                == browse_counts(db, f, compiler.aliases(), names, limit)
            );
        }
    }
    // Keys the archive spells several ways ("NATO", "Nato"): the name shown was chosen among
    // spelling terms, not just read from one.
    std::size_t spelt_twice = 0;
    for (Facet f : ALL_FACETS) {
        const std::string head = schema::spelling_prefix(facet_prefix(f));
        std::string last_key;
        for (auto t = db.allterms_begin(head); t != db.allterms_end(head); ++t) {
            const std::string key = (*t).substr(0, (*t).find('\t'));
            spelt_twice += key == last_key;
            last_key = key;
        }
    }
    CHECK(spelt_twice > 0);
}

TEST_CASE(
    "a browse through Searcher::hits equals the walk that facet tallies take, on BBC",
    "[searcher][facets][shared]"
) {
    // A request for tallies (what a server merging shards asks) still walks the articles: its
    // top values must equal the browse's from term frequencies.
    REQUIRE(dossier::test::have_shared_data());
    dossier::test::TempDir dir;
    const std::string path = dir.str("db");
    index_news(path);
    Searcher searcher(path);
    HitsRequest fast;
    fast.query = "";
    fast.facet_limit = 25;
    HitsRequest walk = fast;
    walk.facet_tallies = true;
    const auto a = searcher.hits(fast);
    const auto b = searcher.hits(walk);
    CHECK(a.total == b.total);
    CHECK(a.facet_documents == b.facet_documents);
    REQUIRE(a.facets.size() == FACET_COUNT);
    REQUIRE(b.facets.size() == FACET_COUNT);
    for (std::size_t i = 0; i < FACET_COUNT; ++i) {
        INFO(facet_name(a.facets[i].first));
        CHECK(a.facets[i].first == b.facets[i].first);
        CHECK(a.facets[i].second.distinct == b.facets[i].second.distinct);
        REQUIRE(a.facets[i].second.top.size() == b.facets[i].second.top.size());
        for (std::size_t k = 0; k < a.facets[i].second.top.size(); ++k) {
            CHECK(a.facets[i].second.top[k].value == b.facets[i].second.top[k].value);
            CHECK(a.facets[i].second.top[k].count == b.facets[i].second.top[k].count);
        }
    }
    // Without the facet ids' column (the browse then scans the key terms instead of reading
    // the column's key frequencies): the same answer.
    {
        const std::string bare = dir.str("bare");
        std::filesystem::copy(path, bare);
        REQUIRE(std::filesystem::remove(dossier::indexer::column_path(bare, schema::SLOT_FACET_IDS))
        );
        Searcher scanning(bare);
        for (const std::size_t limit : {1, 25, 100000}) {
            INFO("limit " << limit);
            HitsRequest r = fast;
            r.facet_limit = limit;
            CHECK(scanning.hits(r).facets == searcher.hits(r).facets);
        }
    }
    // The browse by this thread alone, and with helpers taking facets in turn
    // (Searcher::set_facet_threads), and the walk by threads beside the match: the same counts.
    for (const std::size_t helpers : {0, 1, 2}) {
        INFO("helpers " << helpers);
        Searcher other(path);
        other.set_facet_threads(helpers);
        CHECK(other.hits(fast).facets == a.facets);
        CHECK(other.hits(walk).facets == b.facets);
    }
}

TEST_CASE(
    "a browse's stories days and page from value streams equal a walk over every article",
    "[searcher][facets][shared]"
) {
    // A browse needs no spy: its stories, its days and the copies folded into each hit come
    // from the story and date value streams (WholeArchive), and its match stops at the page. A
    // request for tallies still walks every article: both must give the same answer.
    REQUIRE(dossier::test::have_shared_data());
    dossier::test::TempDir dir;
    const std::string path = dir.str("db");
    {
        dossier::indexer::IndexWriter writer(path, dossier::test::analysis());
        std::size_t n = 0;
        auto add = [&](const dossier::test::SampleArticle& s, const std::string& id) {
            dossier::indexer::Article a = dossier::test::article_of(s);
            a.id = id;
            a.path = id + ".txt";
            if (n % 7 != 0) {  // every seventh undated
                a.extra["date"] =
                    "2024-0" + std::to_string(1 + n % 9) + "-1" + std::to_string(n % 10);
            }
            ++n;
            writer.put(a);
        };
        std::size_t copied = 0;
        for (const auto& s : dossier::test::bbc_sample(3)) {
            add(s, s.id);
            if (copied < 40 && s.text.size() > 1500) {  // the same story again, under other ids
                add(s, s.id + "-copy");
                if (copied % 4 == 0) {
                    add(s, s.id + "-copy2");
                }
                ++copied;
            }
        }
        writer.commit();
    }
    Searcher searcher(path);
    const Xapian::Database db(path);
    for (const Folding folding : {Folding::Stories, Folding::Articles}) {
        for (const std::size_t offset : {0, 7, 300}) {
            for (const std::size_t facets : {0, 10}) {
                INFO(
                    "fold " << (folding == Folding::Stories) << " offset " << offset << " facets "
                            << facets
                );
                HitsRequest fast;
                fast.query = "";
                fast.folding = folding;
                fast.offset = offset;
                fast.limit = 25;
                fast.facet_limit = facets;
                fast.similar_ids = true;
                HitsRequest walk = fast;
                walk.facet_limit = 10;
                walk.facet_tallies = true;  // counts by the spy: every article is walked
                const auto a = searcher.hits(fast);
                const auto b = searcher.hits(walk);
                CHECK(a.total == db.get_doccount());
                CHECK(a.total == b.total);
                CHECK(a.stories == b.stories);
                CHECK(a.stories < a.total - 20);  // the copies fold
                if (facets > 0) {
                    CHECK(a.date_histogram.interval == b.date_histogram.interval);
                    CHECK(a.date_histogram.buckets == b.date_histogram.buckets);
                    CHECK(a.date_histogram.dated == b.date_histogram.dated);
                    CHECK(a.date_histogram.dated > 0);
                    CHECK(a.date_histogram.dated < a.total);
                    CHECK(a.date_histogram.first == b.date_histogram.first);
                    CHECK(a.date_histogram.last == b.date_histogram.last);
                }
                REQUIRE(a.hits.size() == b.hits.size());
                REQUIRE(!a.hits.empty());
                std::size_t folded = 0;
                for (std::size_t i = 0; i < a.hits.size(); ++i) {
                    INFO(b.hits[i].id);
                    CHECK(a.hits[i].id == b.hits[i].id);
                    CHECK(a.hits[i].rank == b.hits[i].rank);
                    CHECK(a.hits[i].similar_count == b.hits[i].similar_count);
                    CHECK(a.hits[i].similar == b.hits[i].similar);
                    folded += a.hits[i].similar_count;
                }
                if (folding == Folding::Stories && offset == 0) {
                    CHECK(folded > 0);  // the page shows copies folded into its hits
                }
            }
        }
    }
}

TEST_CASE(
    "a spelling too long for a term is read from the slots of its key's articles",
    "[searcher][facets]"
) {
    // schema::spelling_term marks the key (long_spelling_term) instead of writing a term Xapian
    // would reject; browse_counts then names that value from its articles' slots.
    const std::string long_name = "Association of " + std::string(120, 'x') + " Growers";
    const std::string long_key = dossier::analyzers::fold_key(long_name);
    CHECK(
        schema::spelling_term(schema::PREFIX_ORG, long_name)
        == schema::long_spelling_term(schema::PREFIX_ORG, long_key)
    );
    CHECK(schema::spelling_term(schema::PREFIX_ORG, "Reuters") == "XDORGreuters\tReuters");
    CHECK(schema::spelling_term(schema::PREFIX_ORG, ",;").empty());

    dossier::test::TempDir dir;
    const std::string path = dir.str("db");
    const Facet org = facet_named("organization");
    {
        // Three articles spell the long name one way, one another way (upper case), two name
        // Reuters; as the indexer writes them (schema::add_facet_values).
        Xapian::WritableDatabase w(path, Xapian::DB_CREATE_OR_OPEN);
        std::string upper = long_name;
        for (char& c : upper) {
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        const std::vector<std::vector<std::string>> articles = {
            {long_name, "Reuters"}, {long_name}, {long_name, "Reuters"}, {upper}, {"Apple"}};
        for (const auto& values : articles) {
            Xapian::Document doc;
            schema::add_facet_values(doc, facet_spec(org), values);
            w.add_document(doc);
        }
        w.commit();
    }
    const Xapian::Database db(path);
    const dossier::analyzers::AliasTable none;
    const NameMerges no_names;
    for (std::size_t limit : {1, 2, 10}) {
        const FacetCounts walk = walked(db, org, none, no_names, limit);
        const FacetCounts browse = browse_counts(db, org, none, nullptr, limit);
        REQUIRE(browse.top.size() == walk.top.size());
        for (std::size_t i = 0; i < walk.top.size(); ++i) {
            CHECK(browse.top[i].value == walk.top[i].value);
            CHECK(browse.top[i].count == walk.top[i].count);
        }
        CHECK(browse.distinct == 3);
        CHECK(browse.top.at(0).value == long_name);
        CHECK(browse.top.at(0).count == 4);
    }
}

namespace {

/// The counts of every facet over the matches of `query`, with `memo` (reset by the caller).
struct Walk {
    std::vector<FacetCounts> top;  // by facet, for each limit of LIMITS in turn
    std::vector<FacetTally> tallies;
    bool beside = false;               // counted by threads beside the match
    std::size_t column_documents = 0;  // FacetSpy::column_documents()
};

constexpr std::size_t LIMITS[] = {1, 3, 10, 100000};

Walk walk_facets(
    const Xapian::Database& db,
    const Xapian::Query& query,
    FacetMemo& memo,
    Counting counting,
    std::size_t helpers = 0
) {
    FacetSpy spy({ALL_FACETS.begin(), ALL_FACETS.end()}, memo, counting, helpers);
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 10, db.get_doccount());
    Walk out;
    out.beside = spy.beside_match();
    if (out.beside) {
        CHECK_THROWS_AS(spy.top(ALL_FACETS.front(), 1), std::logic_error);  // not counted yet
    }
    spy.flush();
    spy.finish();
    out.column_documents = spy.column_documents();
    for (Facet f : ALL_FACETS) {
        for (const std::size_t limit : LIMITS) {
            out.top.push_back(spy.top(f, limit));
        }
    }
    for (Facet f : ALL_FACETS) {
        out.tallies.push_back(spy.tally(f));
    }
    return out;
}

}  // namespace

TEST_CASE(
    "counting facets by the id slots equals counting display strings and names only what it shows",
    "[searcher][facets][shared]"
) {
    // Schema 7: a local search counts each facet on its id slot (FNV-1a 64 of the display and of
    // its key) and reads a display string only for the values it shows; a value's first spelling
    // seen is counted on its key (FacetKeys::PRIMARY), other spellings on display ids. The answer
    // must be the string count's, value for value, with alias groups (UK / Britain) and surname
    // merges ("Blair" → "Tony Blair"), for articles and stories, with and without the document
    // memo.
    REQUIRE(dossier::test::have_shared_data());
    dossier::test::TempDir dir;
    const std::string path = dir.str("db");
    index_news(path);
    const Xapian::Database db(path);
    const QueryCompiler compiler(db);
    const std::vector<Xapian::Query> queries = {
        Xapian::Query::MatchAll,
        Xapian::Query("said"),
        Xapian::Query("blair"),
        Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("oil"), Xapian::Query("dollar")),
        Xapian::Query(
            Xapian::Query::OP_AND, Xapian::Query("government"), Xapian::Query("minister")
        ),
        Xapian::Query("chelsea"),
        Xapian::Query("zzzznothing"),
    };
    // The indexer's commit wrote the ids' column (indexer/columns.hpp): counting from it instead
    // of the slot gives the same answers too.
    const auto column = dossier::indexer::ValueColumn::open(path, db, schema::SLOT_FACET_IDS);
    REQUIRE(column);
    std::size_t values = 0, named = 0, shown = 0;
    // Counted by the column's numbers without the memo (one byte a count up to 127, carried
    // past it: FacetSpy::NumberCounts), values shown with more than 127 articles.
    std::size_t carried = 0;
    for (const Counting counting : {Counting::Articles, Counting::Stories}) {
        for (const bool memo_documents : {false, true}) {
            FacetMemo by_strings, by_ids, by_column;
            for (Facet f : ALL_FACETS) {
                const NameMerges* names = merges_names(f) ? &compiler.names() : nullptr;
                by_strings[f].reset(f, &compiler.aliases(), memo_documents, names);
                by_ids[f].reset(f, &compiler.aliases(), memo_documents, names, &db);
                by_column[f].reset(f, &compiler.aliases(), memo_documents, names, &db, column);
                REQUIRE(by_ids[f].by_ids());
                REQUIRE(by_column[f].ids_column() == column.get());
                REQUIRE(by_ids[f].ids_column() == nullptr);
                REQUIRE_FALSE(by_strings[f].by_ids());
            }
            // Each query twice: the second from what the memos kept.
            for (int pass = 0; pass < 2; ++pass) {
                for (const auto& q : queries) {
                    INFO(q.get_description() << " memo " << memo_documents << " pass " << pass);
                    const Walk a = walk_facets(db, q, by_strings, counting);
                    // The slot; the column, counted by the match and by threads beside it.
                    const std::pair<FacetMemo*, std::size_t> ways[] = {
                        {&by_ids, 0}, {&by_column, 0}, {&by_column, 1}, {&by_column, 3}};
                    for (const auto& [memo, helpers] : ways) {
                        INFO((memo == &by_ids ? "slot" : "column") << ", helpers " << helpers);
                        const Walk b = walk_facets(db, q, *memo, counting, helpers);
                        CHECK(b.beside == (helpers > 0 && counting == Counting::Articles));
                        REQUIRE(a.top.size() == b.top.size());
                        for (std::size_t i = 0; i < a.top.size(); ++i) {
                            INFO(
                                facet_name(i / std::size(LIMITS))
                                << " limit " << LIMITS[i % std::size(LIMITS)]
                            );
                            CHECK(a.top[i].distinct == b.top[i].distinct);
                            REQUIRE(a.top[i].top.size() == b.top[i].top.size());
                            for (std::size_t k = 0; k < a.top[i].top.size(); ++k) {
                                CHECK(a.top[i].top[k].value == b.top[i].top[k].value);
                                CHECK(a.top[i].top[k].count == b.top[i].top[k].count);
                                carried += memo == &by_column && !memo_documents
                                    && b.top[i].top[k].count > 127;
                            }
                        }
                        for (std::size_t f = 0; f < FACET_COUNT; ++f) {
                            CHECK(a.tallies[f] == b.tallies[f]);
                        }
                    }
                }
            }
        }
    }
    // Given the column, the spy reads every document's ids from it.
    {
        FacetMemo memo;
        for (Facet f : ALL_FACETS) {
            memo[f].reset(
                f,
                &compiler.aliases(),
                false,
                merges_names(f) ? &compiler.names() : nullptr,
                &db,
                column
            );
        }
        FacetSpy spy({ALL_FACETS.begin(), ALL_FACETS.end()}, memo);
        Xapian::Enquire enquire(db);
        enquire.set_query(Xapian::Query::MatchAll);
        enquire.add_matchspy(&spy);
        enquire.get_mset(0, 0, db.get_doccount());
        CHECK(spy.documents() == db.get_doccount());
        CHECK(spy.column_documents() == spy.documents());
    }
    // A search that shows ten values per facet reads the strings of few of the values it counts.
    FacetMemo memo;
    for (Facet f : ALL_FACETS) {
        memo[f].reset(
            f, &compiler.aliases(), false, merges_names(f) ? &compiler.names() : nullptr, &db
        );
    }
    FacetSpy spy({ALL_FACETS.begin(), ALL_FACETS.end()}, memo);
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query::MatchAll);
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, db.get_doccount());
    std::size_t spellings = 0;  // display ids: spellings other than their key's first one
    for (Facet f : ALL_FACETS) {
        shown += spy.top(f, 10).top.size();
        values += memo[f].key_count();
        named += memo[f].displays_named();
        spellings += memo[f].display_count();
    }
    CHECK(shown == 10 * FACET_COUNT);
    CHECK(values > 10000);
    CHECK(carried > 100);
    CHECK(named < values / 20);
    // Most values have one spelling: counting by ids interns them once, as keys, and gives
    // display ids only to the other spellings of a value (the comparison above checks that the
    // spellings shown and tallied are still the string count's).
    CAPTURE(values, spellings);
    CHECK(spellings > 0);
    CHECK(spellings < values / 4);

    // A column whose first half cannot be decoded (a disk error under a valid stamp): those
    // documents are read from their slots, by the match or, beside it, by FacetSpy::finish(),
    // into the same memo as the others, with the string count's answers.
    dossier::test::garble_facet_column(path, 0.5);
    const auto garbled = dossier::indexer::ValueColumn::open(path, db, schema::SLOT_FACET_IDS);
    REQUIRE(garbled);
    for (const bool memo_documents : {false, true}) {
        FacetMemo by_strings, by_column;
        for (Facet f : ALL_FACETS) {
            const NameMerges* names = merges_names(f) ? &compiler.names() : nullptr;
            by_strings[f].reset(f, &compiler.aliases(), memo_documents, names);
            by_column[f].reset(f, &compiler.aliases(), memo_documents, names, &db, garbled);
        }
        for (const auto& q : queries) {
            const Walk a = walk_facets(db, q, by_strings, Counting::Articles);
            for (const std::size_t helpers : {0, 2}) {
                INFO(q.get_description() << " memo " << memo_documents << " helpers " << helpers);
                const Walk b = walk_facets(db, q, by_column, Counting::Articles, helpers);
                CHECK(b.top == a.top);
                CHECK(b.tallies == a.tallies);
                if (q.get_type() == Xapian::Query::LEAF_MATCH_ALL && !memo_documents) {
                    // Both halves were read.
                    CHECK(b.column_documents > 0);
                    CHECK(b.column_documents < db.get_doccount());
                }
            }
        }
    }
}

/// Writes a database at `path` with an article per entry of `articles` (its values of `facet`
/// and its story, none when empty), each with the boolean terms "Tdoc" + its number (from 1) and
/// `group(its index)`, and the facet ids' column of it; returns the column.
std::shared_ptr<const dossier::indexer::ValueColumn> write_articles(
    const std::string& path,
    Facet facet,
    const std::vector<std::pair<std::vector<std::string>, std::string>>& articles,
    const std::function<std::string(std::size_t)>& group
) {
    {
        Xapian::WritableDatabase w(path, Xapian::DB_CREATE_OR_OPEN);
        for (std::size_t i = 0; i < articles.size(); ++i) {
            Xapian::Document doc;
            doc.add_boolean_term("Tdoc" + std::to_string(i + 1));
            doc.add_boolean_term(group(i));
            schema::add_facet_values(doc, schema::FACETS[facet], articles[i].first);
            if (!articles[i].second.empty()) {
                doc.add_value(schema::SLOT_STORY, articles[i].second);
            }
            w.add_document(doc);
        }
        w.commit();
    }
    const Xapian::Database db(path);
    REQUIRE(dossier::indexer::write_column(path, db, schema::SLOT_FACET_IDS));
    auto column = dossier::indexer::ValueColumn::open(path, db, schema::SLOT_FACET_IDS);
    REQUIRE(column);
    REQUIRE(column->dictionary() != nullptr);
    return column;
}

TEST_CASE(
    "a value's first spelling counted on its key shows and tallies as the string count does",
    "[searcher][facets]"
) {
    // FacetKeys gives no display id to the first spelling it meets of a key (its primary): a
    // document having it flags the key. The spelling shown is still the best of those in the
    // match (most words, then most articles), whichever came first; a match without the primary
    // spelling must not show or tally it; a surname merged into the full name ("Budanov") is one
    // more spelling of it; a story counts each spelling once. The same from the facet ids'
    // column, whose values in their key's default display (the archive's first spelling of it,
    // "Kyrylo BUDANOV") carry no display number: counted by numbers without the memo
    // (FacetSpy::NumberCounts), that spelling's count is the key's less the articles without it.
    dossier::test::TempDir dir;
    const std::string path = dir.str("db");
    const Facet speaker = facet_named("speaker");
    const auto column = write_articles(
        path,
        speaker,
        {
            {{"Kyrylo BUDANOV"}, ""},                       // 1: first seen, the primary spelling
            {{"Kyrylo Budanov"}, "s23"},                    // 2
            {{"Kyrylo Budanov", "Kyrylo BUDANOV"}, "s23"},  // 3: both spellings, one value
            {{"Kyrylo Budanov", "Rustem Umerov"}, ""},      // 4
            {{"Rustem Umerov"}, ""},                        // 5
            {{"Budanov"}, ""},                              // 6: the surname alone
        },
        [](std::size_t i) { return i < 3 ? "Tfirst" : "Tlast"; }
    );
    const Xapian::Database db(path);
    const dossier::analyzers::AliasTable no_aliases;
    const NameMerges merges = NameMerges::from_keys({{"budanov", 1}, {"kyrylo budanov", 4}});
    REQUIRE(merges.full_key("budanov") != nullptr);
    // The column's writer numbers apart the keys the database's own merges name: the same.
    REQUIRE(NameMerges::of_database(db) == merges);
    auto memo_of =
        [&](bool by_ids, bool memo_documents, const NameMerges* names, bool from_column = false) {
            FacetMemo memo;
            for (Facet f : ALL_FACETS) {
                memo[f].reset(
                    f,
                    &no_aliases,
                    memo_documents,
                    names,
                    by_ids ? &db : nullptr,
                    from_column ? column : nullptr
                );
            }
            return memo;
        };
    constexpr std::size_t EVERY = std::size(LIMITS) - 1;  // the limit that shows every value
    for (const Counting counting : {Counting::Articles, Counting::Stories}) {
        for (const bool memo_documents : {true, false}) {
            for (const NameMerges* names : {static_cast<const NameMerges*>(nullptr), &merges}) {
                for (const char* term : {"", "Tfirst", "Tlast", "Tdoc1", "Tdoc2", "Tdoc6"}) {
                    INFO(
                        term << " stories " << (counting == Counting::Stories) << " memo "
                             << memo_documents << " merges " << (names != nullptr)
                    );
                    const Xapian::Query q =
                        *term == 0 ? Xapian::Query::MatchAll : Xapian::Query(std::string(term));
                    FacetMemo strings = memo_of(false, memo_documents, names);
                    FacetMemo ids = memo_of(true, memo_documents, names);
                    FacetMemo numbers = memo_of(true, memo_documents, names, true);
                    FacetMemo numbers_first = memo_of(true, memo_documents, names, true);
                    // The whole archive first, so that the primary spelling is the first
                    // document's (and, from the column, also without that first walk).
                    walk_facets(db, Xapian::Query::MatchAll, strings, counting);
                    walk_facets(db, Xapian::Query::MatchAll, ids, counting);
                    walk_facets(db, Xapian::Query::MatchAll, numbers, counting);
                    const Walk a = walk_facets(db, q, strings, counting);
                    for (FacetMemo* memo : {&ids, &numbers, &numbers_first}) {
                        INFO(
                            (memo == &ids           ? "slot"
                                 : memo == &numbers ? "column"
                                                    : "column, cold")
                        );
                        const Walk b = walk_facets(db, q, *memo, counting);
                        const FacetCounts& at = a.top[speaker * std::size(LIMITS) + EVERY];
                        const FacetCounts& bt = b.top[speaker * std::size(LIMITS) + EVERY];
                        CHECK(at.distinct == bt.distinct);
                        REQUIRE(at.top.size() == bt.top.size());
                        for (std::size_t k = 0; k < at.top.size(); ++k) {
                            CHECK(at.top[k].value == bt.top[k].value);
                            CHECK(at.top[k].count == bt.top[k].count);
                        }
                        CHECK(a.tallies[speaker] == b.tallies[speaker]);
                    }
                }
            }
        }
    }
    FacetMemo memo = memo_of(true, true, nullptr);
    const Walk all = walk_facets(db, Xapian::Query::MatchAll, memo, Counting::Articles);
    const FacetCounts& shown = all.top[speaker * std::size(LIMITS) + EVERY];
    REQUIRE(shown.top.size() == 3);
    CHECK(shown.top[0].value == "Kyrylo Budanov");  // 3 articles against the primary's 2
    CHECK(shown.top[0].count == 4);
    CHECK(shown.top[1].value == "Rustem Umerov");
    CHECK(shown.top[2].value == "Budanov");
    CHECK(memo[speaker].key_count() == 3);
    CHECK(memo[speaker].display_count() == 1);  // "Kyrylo Budanov" only
    FacetTally expected;
    expected.add_key("kyrylo budanov", 4, "");
    expected.add_spelling("kyrylo budanov", "Kyrylo BUDANOV", 2);
    expected.add_spelling("kyrylo budanov", "Kyrylo Budanov", 3);
    expected.add_key("rustem umerov", 2, "");
    expected.add_spelling("rustem umerov", "Rustem Umerov", 2);
    expected.add_key("budanov", 1, "");
    expected.add_spelling("budanov", "Budanov", 1);
    CHECK(all.tallies[speaker] == expected);
    const Walk last = walk_facets(db, Xapian::Query("Tlast"), memo, Counting::Articles);
    FacetTally without_primary;
    without_primary.add_key("kyrylo budanov", 1, "");
    without_primary.add_spelling("kyrylo budanov", "Kyrylo Budanov", 1);
    without_primary.add_key("rustem umerov", 2, "");
    without_primary.add_spelling("rustem umerov", "Rustem Umerov", 2);
    without_primary.add_key("budanov", 1, "");
    without_primary.add_spelling("budanov", "Budanov", 1);
    CHECK(last.tallies[speaker] == without_primary);
    // Merged, the surname is one more spelling of the full name; a story counts once.
    FacetMemo merged = memo_of(true, true, &merges);
    const Walk one = walk_facets(db, Xapian::Query::MatchAll, merged, Counting::Articles);
    const FacetCounts& joined = one.top[speaker * std::size(LIMITS) + EVERY];
    REQUIRE(joined.top.size() == 2);
    CHECK(joined.top[0].value == "Kyrylo Budanov");
    CHECK(joined.top[0].count == 5);
    const Walk stories = walk_facets(db, Xapian::Query("Tfirst"), merged, Counting::Stories);
    FacetTally by_story;
    by_story.add_key("kyrylo budanov", 2, "");
    by_story.add_spelling("kyrylo budanov", "Kyrylo BUDANOV", 2);  // article 1, story s23
    by_story.add_spelling("kyrylo budanov", "Kyrylo Budanov", 1);  // story s23
    CHECK(stories.tallies[speaker] == by_story);
}

TEST_CASE(
    "counted by the column's numbers, a spelling other than a key's default is counted apart and "
    "the default is the key's count less the articles without it",
    "[searcher][facets][columns]"
) {
    // The facet ids' column gives a value in its key's default display (the archive's first
    // spelling of the key) no display number (DOSSCOL4); FacetSpy::NumberCounts then counts
    // only the other spellings, and the articles with the key but not its default. A key of
    // its own (no alias group, no surname merge: counted by numbers, not by ids).
    dossier::test::TempDir dir;
    const std::string path = dir.str("db");
    const Facet person = facet_named("person");
    const auto column = write_articles(
        path,
        person,
        {
            {{"Oleksandr SYRSKYI", "Rustem Umerov"}, ""},      // 1: the default spelling
            {{"Oleksandr Syrskyi"}, ""},                       // 2: the other only
            {{"Oleksandr Syrskyi", "Oleksandr SYRSKYI"}, ""},  // 3: both, one article of the key
            {{"Oleksandr Syrskyi", "Rustem UMEROV"}, ""},      // 4
            {{"Oleksandr SYRSKYI"}, ""},                       // 5
        },
        [](std::size_t i) { return i % 2 == 0 ? "Todd" : "Teven"; }
    );
    const Xapian::Database db(path);
    const dossier::indexer::FacetDictionary& numbers = *column->dictionary();
    REQUIRE(numbers.facet(person).keys == 2);
    REQUIRE(numbers.facet(person).displays == 4);
    // Of article 3's two values, only "Oleksandr Syrskyi" has a display number.
    std::size_t with_default = 0;
    dossier::indexer::for_each_facet_code(
        dossier::indexer::facet_number_sections(column->value(3))[person],
        [&](std::uint32_t, std::uint32_t code) { with_default += code == 0 ? 1 : 0; }
    );
    CHECK(with_default == 1);
    const dossier::analyzers::AliasTable no_aliases;
    for (const char* term : {"", "Todd", "Teven", "Tdoc2", "Tdoc3", "Tdoc4"}) {
        INFO(term);
        const Xapian::Query q =
            *term == 0 ? Xapian::Query::MatchAll : Xapian::Query(std::string(term));
        FacetMemo strings, by_numbers;
        for (Facet f : ALL_FACETS) {
            strings[f].reset(f, &no_aliases, false, nullptr);
            by_numbers[f].reset(f, &no_aliases, false, nullptr, &db, column);
            REQUIRE(by_numbers[f].counts_numbers());
        }
        const Walk a = walk_facets(db, q, strings, Counting::Articles);
        const Walk b = walk_facets(db, q, by_numbers, Counting::Articles);
        CHECK(a.top == b.top);
        CHECK(a.tallies == b.tallies);
    }
    FacetMemo memo;
    for (Facet f : ALL_FACETS) {
        memo[f].reset(f, &no_aliases, false, nullptr, &db, column);
    }
    const Walk even = walk_facets(db, Xapian::Query("Teven"), memo, Counting::Articles);
    FacetTally expected;
    expected.add_key("oleksandr syrskyi", 2, "");
    expected.add_spelling("oleksandr syrskyi", "Oleksandr Syrskyi", 2);
    expected.add_key("rustem umerov", 1, "");
    expected.add_spelling("rustem umerov", "Rustem UMEROV", 1);
    CHECK(even.tallies[person] == expected);
}

TEST_CASE(
    "the date histogram and the story counts read their columns while they mirror the index, with "
    "the same answers",
    "[searcher][columns]"
) {
    // Reuters articles with their dates, and a copy of every tenth under another id: stories of
    // two articles, which the shared-story slot (and its column) holds.
    REQUIRE(dossier::test::have_shared_data());
    dossier::test::TempDir dir;
    const std::string path = dir.str("db");
    {
        dossier::indexer::IndexWriter writer(path, dossier::test::analysis());
        std::size_t n = 0;
        for (const auto& s : dossier::test::reuters_sample(0, 2)) {
            dossier::indexer::Article a = dossier::test::article_of(s);
            a.extra["date"] = s.date;
            writer.put(a);
            if (n++ % 10 == 0) {
                a.id += "-copy";
                a.path = a.id + ".txt";
                writer.put(a);
            }
        }
        writer.commit();
    }
    const std::string date_file = dossier::indexer::column_path(path, schema::SLOT_DATE);
    const std::string story_file = dossier::indexer::column_path(path, schema::SLOT_STORY_SHARED);
    const std::string dates = dossier::test::slurp(date_file);
    const std::string stories = dossier::test::slurp(story_file);
    // The whole answer of queries that count over their matches (a browse reads value streams
    // instead), articles and stories, without its timing.
    auto answers = [](Searcher& searcher) {
        std::vector<nlohmann::json> out;
        for (const char* q : {"said", "oil OR dollar", "shares", "wheat", "bank rate"}) {
            for (const Counting counting : {Counting::Articles, Counting::Stories}) {
                HitsRequest r;
                r.query = q;
                r.facet_limit = 10;
                r.counting = counting;
                nlohmann::json j = to_json(searcher.hits(r));
                j.erase("took_ms");
                out.push_back(std::move(j));
            }
        }
        return out;
    };
    // Writes `bytes` over `file` by a rename, as the indexer does (a reader may have it mapped).
    auto replace = [](const std::string& file, const std::string& bytes) {
        std::ofstream(file + ".test", std::ios::binary) << bytes;
        std::filesystem::rename(file + ".test", file);
    };

    Searcher with_columns(path);
    REQUIRE(with_columns.reads_date_and_story_columns());
    const auto expected = answers(with_columns);
    std::size_t days = 0, folded = 0;
    for (const auto& j : expected) {
        for (const auto& b : j["date_histogram"]["buckets"]) {
            days += b["count"].get<std::size_t>();
        }
        folded += j["total"].get<std::size_t>() - j["stories"].get<std::size_t>();
    }
    CHECK(days > 100);   // the histograms count dated articles
    CHECK(folded > 10);  // and the copies fold into stories

    SECTION("without the columns, the slots give the same answers") {
        std::filesystem::remove(date_file);
        std::filesystem::remove(story_file);
        Searcher without(path);
        CHECK_FALSE(without.reads_date_and_story_columns());
        CHECK(answers(without) == expected);
    }

    SECTION("the histogram comes from the date column: dates changed there change it") {
        // Every 1987 of the column's values becomes 1986, at the same offsets. The values follow
        // the header (32 bytes, the padded UUID, the last document id) and one 8-byte offset per
        // document id and one more (indexer/columns.hpp).
        const Xapian::Database db(path);
        const std::size_t data =
            32 + (db.get_uuid().size() + 7) / 8 * 8 + 8 + 8 * (std::size_t{db.get_lastdocid()} + 1);
        std::string moved = dates;
        std::size_t changed = 0;
        for (std::size_t at = moved.find("1987", data); at != std::string::npos;
             at = moved.find("1987", at + 4)) {
            moved[at + 3] = '6';
            ++changed;
        }
        REQUIRE(changed > 100);
        replace(date_file, moved);
        Searcher moved_dates(path);
        REQUIRE(moved_dates.reads_date_and_story_columns());
        const auto got = answers(moved_dates);
        REQUIRE(got.size() == expected.size());
        for (std::size_t i = 0; i < got.size(); ++i) {
            CHECK(got[i]["total"] == expected[i]["total"]);
            CHECK(got[i]["facets"] == expected[i]["facets"]);
            const auto& buckets = got[i]["date_histogram"]["buckets"];
            if (!buckets.empty()) {
                CHECK(buckets.front()["key"].get<std::string>().rfind("1986", 0) == 0);
            }
        }
    }

    SECTION("a story column whose offsets are damaged is read around, from the slot") {
        // offset[1], where document 2 starts, moved past the data: the reader's value() refuses
        // the first two documents, whose values come from the slot.
        const std::size_t uuid = Xapian::Database(path).get_uuid().size();
        const std::size_t second_offset = 32 + (uuid + 7) / 8 * 8 + 8 + 8;
        std::string bad = stories;
        REQUIRE(bad.size() > second_offset + 8);
        bad[second_offset + 6] = '\x7f';
        replace(story_file, bad);
        Searcher damaged(path);
        CHECK(damaged.reads_date_and_story_columns());
        CHECK(answers(damaged) == expected);
    }
}

TEST_CASE(
    "a browse with a helper thread answers from a stub whose shard is left out or back",
    "[searcher][facets]"
) {
    // The helper opens its own handle on the database's path: a stub whose shard allow_partial
    // left out opens otherwise there (or not at all), so the caller must scan every part.
    const auto shard = dossier::test::IndexFixture::of(dossier::test::named_articles(50, "a-"));
    const auto other = dossier::test::IndexFixture::of(dossier::test::named_articles(20, "b-"));
    dossier::test::TempDir dir;
    const std::string stub = dir.str("stub");
    const std::string away = dir.str("away");
    std::filesystem::rename(other.db(), away);
    std::ofstream(stub) << "auto " << shard.db() << "\nauto " << other.db() << "\n";
    HitsRequest browse;
    browse.query = "";
    browse.facet_limit = 10;

    Searcher alone(stub, true);
    alone.set_facet_threads(0);
    const auto expected = alone.hits(browse);
    REQUIRE(expected.total == 50);
    REQUIRE(!expected.facets.empty());
    CHECK(expected.facets[facet_named("person")].second.distinct == 7);

    SECTION("left out") {
        Searcher helped(stub, true);
        helped.set_facet_threads(1);
        const auto got = helped.hits(browse);
        CHECK(got.total == 50);
        CHECK(got.facets == expected.facets);
    }
    SECTION("back after the searcher opened without it") {
        Searcher helped(stub, true);
        helped.set_facet_threads(1);
        std::filesystem::rename(away, other.db());
        const auto got = helped.hits(browse);
        // Answered from what it opened, or from both shards once it noticed the change.
        if (got.total == 50) {
            CHECK(got.facets == expected.facets);
        } else {
            CHECK(got.total == 70);
            Searcher both(stub);
            both.set_facet_threads(0);
            CHECK(got.facets == both.hits(browse).facets);
        }
    }
}

namespace {

/// A database at `path` with one article per list of `facet` values (their key and spelling
/// terms, slot and ids as an indexer run adds them, over-long terms dropped), the alias table
/// `aliases`, and its columns.
void index_values(
    const std::string& path,
    Facet facet,
    const std::vector<std::vector<std::string>>& articles,
    const std::string& aliases = ""
) {
    {
        Xapian::WritableDatabase w(path, Xapian::DB_CREATE);
        w.set_metadata(schema::META_SCHEMA, std::to_string(schema::SCHEMA_VERSION));
        if (!aliases.empty()) {
            w.set_metadata(schema::META_ALIASES, aliases);
        }
        for (const auto& values : articles) {
            Xapian::Document doc;
            schema::add_facet_values(doc, facet_spec(facet), values);
            dossier::indexer::drop_overlong_terms(doc);
            w.add_document(doc);
        }
        w.commit();
    }
    REQUIRE(dossier::indexer::write_columns(path, Xapian::Database(path)));
}

/// Checks that the browse of `facet` from the column's key frequencies equals the term scan's,
/// at facet limits 1, 2 and 10.
void check_numbers_browse_equals_scan(const std::string& path, Facet facet) {
    const Xapian::Database db(path);
    const auto column = dossier::indexer::ValueColumn::open(path, db, schema::SLOT_FACET_IDS);
    REQUIRE(column);
    REQUIRE(column->dictionary()->has_frequencies());
    const auto aliases = schema::stored_alias_table(db);
    const auto names = NameMerges::of_database(db);
    const NameMerges* merges = merges_names(facet) ? &names : nullptr;
    for (const std::size_t limit : {1, 2, 10}) {
        INFO("limit " << limit);
        auto scan = browse_scan_numbers(db, *column->dictionary(), facet, aliases, merges, limit);
        REQUIRE(scan);
        CHECK(
            browse_top(db, facet, std::move(*scan), limit)
            == browse_counts(db, facet, aliases, merges, limit)
        );
    }
}

}  // namespace

TEST_CASE(
    "a key too long for its term is left out of a browse from the column as from the scan",
    "[searcher][facets]"
) {
    // Its key term is dropped from the index (over 240 bytes) but its id stays in the column: the
    // term scan never meets it, so the browse from the column's key frequencies leaves it out too
    // (it was counted there and named "").
    dossier::test::TempDir dir;
    const std::string path = dir.str("db");
    const Facet person = facet_named("person");
    const std::string long_name = "Bartholomew " + std::string(250, 'q');
    index_values(
        path, person, {{"Bob Smith", long_name}, {long_name, "Ann Lee"}, {long_name}, {"Bob Smith"}}
    );
    check_numbers_browse_equals_scan(path, person);
    HitsRequest r;
    r.limit = 0;
    r.facet_limit = 10;
    Searcher with_column(path);
    REQUIRE(with_column.reads_facet_column());
    const auto with = with_column.hits(r).facets;
    REQUIRE(std::filesystem::remove(dossier::indexer::column_path(path, schema::SLOT_FACET_IDS)));
    Searcher without_column(path);
    CHECK(without_column.hits(r).facets == with);
}

TEST_CASE(
    "two alias groups whose canonical forms share a key show the same name from the column",
    "[searcher][facets]"
) {
    // Which group's canonical form the value shows depends on the order the keys are met: the
    // column's joined keys are taken in key order, as the term scan meets them.
    dossier::test::TempDir dir;
    const std::string path = dir.str("db");
    index_values(
        path,
        facet_named("organization"),
        {{"GMI"}, {"GM Corp"}, {"General Motors"}},
        "General Motors Corp\tGM Corp\nGeneral Motors Inc\tGMI\n"
    );
    check_numbers_browse_equals_scan(path, facet_named("organization"));
}

/// For the tests that damage a column: a database at `path` of two articles with values of
/// `facet`, {"alpha"} and {"alpha", "beta"}, and the name of its facet ids' column. The column's
/// file then ends with that facet's key_default[0..1] and key_first[0..1] (each padded to 8
/// bytes), the flag of the key frequencies (8 bytes) and its key_docs[0..1] (the other facets
/// have no keys).
std::string two_article_column(const std::string& path, Facet facet) {
    index_values(path, facet, {{"alpha"}, {"alpha", "beta"}});
    return dossier::indexer::column_path(path, schema::SLOT_FACET_IDS);
}

/// Replaces `file` with `bytes` by a rename, never in place: a reader may have it mapped.
void replace_file(const std::string& file, const std::string& bytes) {
    std::ofstream(file + ".tmp", std::ios::binary) << bytes;
    std::filesystem::rename(file + ".tmp", file);
}

TEST_CASE(
    "a damaged default display in the column's dictionary is refused, never read past",
    "[searcher][facets][columns]"
) {
    // A key's default display (display code 0 in the column) is a number the dictionary holds
    // for it: damaged under a valid stamp, a count on the match's thread (with the memo or
    // not) checks it and reads those documents from their slots, with the same answers; a cold
    // count by numbers beside the match (the command line's), which reads it only for the keys
    // it settles, refuses the query with a SchemaError. None reads outside the file
    // (AddressSanitizer checks in CI).
    dossier::test::TempDir dir;
    const std::string path = dir.str("db");
    const Facet last = ALL_FACETS.back();
    const std::string file = two_article_column(path, last);
    const Xapian::Database db(path);
    std::string bytes = dossier::test::slurp(file);
    const std::size_t at = bytes.size() - 32;                            // key_default[0..1]
    REQUIRE(bytes.substr(at, 8) == std::string("\0\0\0\0\2\0\0\0", 8));  // displays 0, 1 << 1
    bytes[at + 3] = '\x7f';
    replace_file(file, bytes);
    const auto column = dossier::indexer::ValueColumn::open(path, db, schema::SLOT_FACET_IDS);
    REQUIRE(column);
    const dossier::analyzers::AliasTable aliases;
    auto memo_of = [&](bool memo_documents, bool with_column) {
        FacetMemo memo;
        for (Facet f : ALL_FACETS) {
            memo[f].reset(
                f, &aliases, memo_documents, nullptr, &db, with_column ? column : nullptr
            );
        }
        return memo;
    };
    FacetMemo slots = memo_of(true, false);
    const Walk expected = walk_facets(db, Xapian::Query::MatchAll, slots, Counting::Articles);
    for (const bool memo_documents : {true, false}) {
        INFO("memo " << memo_documents);
        FacetMemo memo = memo_of(memo_documents, true);
        const Walk a = walk_facets(db, Xapian::Query::MatchAll, memo, Counting::Articles);
        CHECK(a.top == expected.top);
        CHECK(a.tallies == expected.tallies);
        CHECK(a.column_documents == 0);  // both read from their slots
    }
    FacetMemo cold = memo_of(false, true);
    REQUIRE(cold[last].counts_numbers());
    CHECK_THROWS_AS(
        walk_facets(db, Xapian::Query::MatchAll, cold, Counting::Articles, 1), dossier::SchemaError
    );
}

TEST_CASE(
    "a browse from a column with damaged key frequencies falls back to the term scan",
    "[searcher][facets]"
) {
    dossier::test::TempDir dir;
    const std::string path = dir.str("db");
    const Facet last = ALL_FACETS.back();
    const std::string file = two_article_column(path, last);
    const Xapian::Database db(path);
    const std::string bytes = dossier::test::slurp(file);
    // key_first[0] is 24 bytes from the end, key_docs[0] 8 (two_article_column()).
    auto damaged = [&](std::size_t from_end, std::uint32_t value) {
        std::string out = bytes;
        for (std::size_t b = 0; b < 4; ++b) {
            out[out.size() - from_end + b] = static_cast<char>((value >> (8 * b)) & 0xFF);
        }
        return out;
    };
    const dossier::analyzers::AliasTable aliases;
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"a first article past the last", damaged(24, 1337)},
        {"a first article 0", damaged(24, 0)},
        {"a count larger than the archive", damaged(8, 99)},
    };
    for (const auto& [what, garbled] : cases) {
        INFO(what);
        replace_file(file, garbled);
        const auto column = dossier::indexer::ValueColumn::open(path, db, schema::SLOT_FACET_IDS);
        REQUIRE(column);
        REQUIRE(column->dictionary()->has_frequencies());
        CHECK_FALSE(browse_scan_numbers(db, *column->dictionary(), last, aliases, nullptr, 10));
        HitsRequest r;
        r.limit = 0;
        r.facet_limit = 10;
        Searcher searcher(path);
        REQUIRE(searcher.reads_facet_column());
        const auto answer = searcher.hits(r).facets;
        const auto at = std::find_if(answer.begin(), answer.end(), [&](const auto& f) {
            return f.first == last;
        });
        REQUIRE(at != answer.end());
        CHECK(at->second == browse_counts(db, last, aliases, nullptr, 10));
        REQUIRE(at->second.top.size() == 2);
        CHECK(at->second.top[0].value == "alpha");
        CHECK(at->second.top[0].count == 2);
    }
}
