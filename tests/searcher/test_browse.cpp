// A browse (every article) counts its facets from term frequencies (browse_counts): the same
// counts, names and distinct values as the facet spy's walk over every article's slots.
#include <cctype>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "analyzers/normalizer.hpp"
#include "indexer/index_writer.hpp"
#include "indexer/schema.hpp"
#include "searcher/facets.hpp"
#include "searcher/query.hpp"
#include "searcher/render.hpp"
#include "searcher/searcher.hpp"
#include "support/analysis.hpp"
#include "support/news_samples.hpp"
#include "support/paths.hpp"
#include "support/temp_dir.hpp"

using namespace dossier::searcher;
namespace schema = dossier::indexer::schema;

namespace {

/// BBC (every 2nd file) and two Reuters-21578 files: surnames beside full names ("Blair",
/// "Reagan"), alias groups (UK / Britain), one key spelt several ways.
void index_news(const std::string& path) {
    dossier::indexer::IndexWriter writer(path, dossier::test::analysis());
    auto add = [&](const dossier::test::SampleArticle& s) {
        dossier::indexer::Article a;
        a.id = s.id;
        a.title = s.title;
        a.text = s.text;
        a.path = a.id + ".txt";
        writer.put(a);
    };
    for (const auto& s : dossier::test::bbc_sample(2)) {
        add(s);
    }
    for (int file = 0; file < 2; ++file) {
        for (const auto& s : dossier::test::reuters_sample(file, 1)) {
            add(s);
        }
    }
    writer.commit();
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
    memo[facet].reset(&aliases, true, merges_names(facet) ? &names : nullptr);
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
