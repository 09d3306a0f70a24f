/// The quotations database (indexer/quotes.hpp): written at index time, in step with the
/// articles through every change, rebuilt when it does not mirror them, and part of a rebuild's
/// new version before the switch.
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "indexer/db_layout.hpp"
#include "indexer/index_writer.hpp"
#include "indexer/indexer.hpp"
#include "indexer/quotes.hpp"
#include "indexer/schema.hpp"
#include "support/analysis.hpp"
#include "support/paths.hpp"
#include "support/temp_dir.hpp"

namespace schema = dossier::indexer::schema;
using dossier::indexer::IndexWriter;
using dossier::indexer::quotes_directory;

namespace {

dossier::indexer::IndexStats index_corpus(const std::string& db, bool rebuild = false) {
    dossier::indexer::IndexOptions opts;
    opts.db = db;
    opts.analysis = dossier::test::analysis();
    opts.inputs = {dossier::test::corpus_dir()};
    opts.rebuild = rebuild;
    opts.in_place = !rebuild;  // a plain database (quotes_directory(db)), batch by batch
    return dossier::indexer::run(opts, [](const std::string&) {});
}

dossier::indexer::Article corpus_article(const std::string& id) {
    dossier::indexer::Article a;
    a.id = id;
    a.title = id;
    a.text = dossier::test::slurp(dossier::test::corpus_dir() + "/" + id + ".txt");
    a.path = id + ".txt";
    return a;
}

/// The quotations an article's stored extraction holds (with text), as the views read them.
std::size_t stored_quotes(const Xapian::Database& db, const std::string& id) {
    auto p = db.postlist_begin(schema::id_term(id));
    REQUIRE(p != db.postlist_end(schema::id_term(id)));
    const auto data = nlohmann::json::parse(db.get_document(*p).get_data());
    std::size_t n = 0;
    for (const auto& q : data[schema::DATA_EXTRACTION]["quotes"]) {
        n += q["text"].get<std::string>().empty() ? 0 : 1;
    }
    return n;
}

/// The quotation documents of article `id`, each as (its data's quote text).
std::multiset<std::string> quotes_of(const Xapian::Database& quotes, const std::string& id) {
    std::multiset<std::string> out;
    const std::string term = schema::id_term(id);
    for (auto p = quotes.postlist_begin(term); p != quotes.postlist_end(term); ++p) {
        const auto data = nlohmann::json::parse(quotes.get_document(*p).get_data());
        CHECK(data[schema::DATA_ID] == id);
        out.insert(data[schema::DATA_QUOTE]["text"].get<std::string>());
    }
    return out;
}

}  // namespace

TEST_CASE(
    "each quotation of the corpus is a document with its terms, speaker, article and date",
    "[indexer][quotes]"
) {
    dossier::test::TempDir dir;
    const std::string db = dir.str("db");
    index_corpus(db);

    const Xapian::Database articles(db);
    const Xapian::Database quotes(quotes_directory(db));
    CHECK(dossier::indexer::mirrors(quotes, articles));
    std::size_t expected = 0;
    for (auto it = articles.postlist_begin(""); it != articles.postlist_end(""); ++it) {
        const std::string id = schema::id_term_of(articles.get_document(*it)).substr(1);
        expected += stored_quotes(articles, id);
        CHECK(quotes_of(quotes, id).size() == stored_quotes(articles, id));
    }
    REQUIRE(expected > 20);  // the corpus quotes a lot: the check above is not vacuous
    CHECK(quotes.get_doccount() == expected);

    // Budanov's quotations: his speaker term, the word "casualties" stemmed, their article's
    // document id and date.
    const std::string budanov = schema::facet_term(schema::PREFIX_SPEAKER, "Kyrylo Budanov");
    REQUIRE(quotes.get_termfreq(budanov) >= 1);
    for (auto p = quotes.postlist_begin(budanov); p != quotes.postlist_end(budanov); ++p) {
        const Xapian::Document q = quotes.get_document(*p);
        const Xapian::docid article = std::stoul(q.get_value(schema::SLOT_QUOTE_ARTICLE));
        const Xapian::Document a = articles.get_document(article);
        CHECK(schema::id_term_of(q) == schema::id_term_of(a));
        CHECK(q.get_value(schema::SLOT_DATE) == a.get_value(schema::SLOT_DATE));
        const auto data = nlohmann::json::parse(q.get_data());
        CHECK(data[schema::DATA_QUOTE]["speaker"] == "Kyrylo Budanov");
        CHECK(q.termlist_count() > 3);  // free-text terms beside the boolean ones
    }
    CHECK(quotes.get_termfreq("Zcasualti") >= 2);
    CHECK(quotes.has_positions());  // phrases and NEAR work on quotations
}

TEST_CASE(
    "replacing or deleting an article replaces or deletes its quotations, commit by commit",
    "[indexer][quotes]"
) {
    dossier::test::TempDir dir;
    const std::string db = dir.str("db");
    const std::string id = "004_0da5bea54c4e428b";
    auto whole = corpus_article(id);
    auto cut = whole;
    cut.text = whole.text.substr(0, whole.text.size() / 3);
    {
        IndexWriter writer(db, dossier::test::analysis());
        writer.put(whole);
        writer.put(corpus_article("000_2b5076e200270314"));
        writer.commit();
    }
    const std::size_t before = quotes_of(Xapian::Database(quotes_directory(db)), id).size();
    REQUIRE(before >= 3);
    CHECK(before == stored_quotes(Xapian::Database(db), id));
    {
        IndexWriter writer(db, dossier::test::analysis());
        writer.begin_batch();
        writer.put(cut);
        writer.commit_batch();
        // The quotations' commit follows the batch's on their own thread; commit() waits for it
        // (the articles have nothing left to commit).
        writer.commit();
        const Xapian::Database quotes(quotes_directory(db));
        CHECK(dossier::indexer::mirrors(quotes, Xapian::Database(db)));
        const auto now = quotes_of(quotes, id);
        CHECK(now.size() == stored_quotes(Xapian::Database(db), id));
        CHECK(now.size() < before);
        for (const auto& text : now) {
            CHECK(cut.text.find(text.substr(0, 20)) != std::string::npos);
        }
        CHECK(quotes_of(quotes, "000_2b5076e200270314").size() > 0);  // the other untouched

        writer.remove(id);
        writer.commit();
        const Xapian::Database after(quotes_directory(db));
        CHECK(dossier::indexer::mirrors(after, Xapian::Database(db)));
        CHECK(quotes_of(after, id).empty());
        CHECK(after.get_termfreq(schema::id_term("000_2b5076e200270314")) > 0);
    }
}

TEST_CASE(
    "quotations that do not mirror the articles are rebuilt by the next writer", "[indexer][quotes]"
) {
    dossier::test::TempDir dir;
    const std::string db = dir.str("db");
    {
        IndexWriter writer(db, dossier::test::analysis());
        writer.put(corpus_article("001_1eb6d0dfee52ccb7"));
        writer.commit();
    }
    const std::size_t count = Xapian::Database(quotes_directory(db)).get_doccount();
    REQUIRE(count > 0);
    // The quotations, out of step with the articles, after the next writer opened the database:
    // rebuilt, and in step again.
    auto after_next_writer = [&db] {
        CHECK_FALSE(
            dossier::indexer::mirrors(Xapian::Database(quotes_directory(db)), Xapian::Database(db))
        );
        { IndexWriter writer(db, dossier::test::analysis()); }
        Xapian::Database quotes(quotes_directory(db));
        CHECK(dossier::indexer::mirrors(quotes, Xapian::Database(db)));
        return quotes;
    };

    SECTION("an articles commit the quotations never saw (a crash between the two commits)") {
        {
            // What a writer killed after the articles' commit leaves: a new article, no
            // quotations of it.
            Xapian::WritableDatabase raw(db, Xapian::DB_OPEN);
            dossier::indexer::DocumentBuilder builder(dossier::test::analysis());
            raw.add_document(builder.build(corpus_article("002_59abcb7cce7c1883")));
            raw.commit();
        }
        const Xapian::Database quotes = after_next_writer();
        CHECK(
            quotes_of(quotes, "002_59abcb7cce7c1883").size()
            == stored_quotes(Xapian::Database(db), "002_59abcb7cce7c1883")
        );
        CHECK(quotes.get_doccount() > count);
    }
    SECTION("quotations of another schema version") {
        {
            Xapian::WritableDatabase raw(quotes_directory(db), Xapian::DB_OPEN);
            raw.set_metadata(schema::META_SCHEMA, "8");
            raw.commit();
        }
        // Read as they are, they would be read wrongly: the searcher falls back to analysing
        // the matches' quotations, and the next writer rebuilds them.
        const Xapian::Database quotes = after_next_writer();
        CHECK(quotes.get_metadata(schema::META_SCHEMA) == std::to_string(schema::SCHEMA_VERSION));
        CHECK(quotes.get_doccount() == count);
    }
    SECTION("an index from before quotations were indexed, or a writer killed while building") {
        std::filesystem::remove_all(quotes_directory(db));
        std::filesystem::create_directories(db + "/quotes.build-999999");
        std::filesystem::create_directories(db + "/quotes.old-999999");
        { IndexWriter writer(db, dossier::test::analysis()); }
        const Xapian::Database quotes(quotes_directory(db));
        CHECK(dossier::indexer::mirrors(quotes, Xapian::Database(db)));
        CHECK(quotes.get_doccount() == count);
    }
    // No rebuild's leftovers beside it.
    for (const auto& entry : std::filesystem::directory_iterator(db)) {
        CHECK(entry.path().filename().string().find(".build-") == std::string::npos);
        CHECK(entry.path().filename().string().find(".old-") == std::string::npos);
    }
}

TEST_CASE(
    "a rebuild's new version has its quotations before the switch, and a plain database's go",
    "[indexer][quotes]"
) {
    dossier::test::TempDir dir;
    const std::string db = dir.str("db");
    index_corpus(db);
    REQUIRE(std::filesystem::exists(quotes_directory(db)));
    const std::size_t count = Xapian::Database(quotes_directory(db)).get_doccount();

    const auto stats = index_corpus(db, true);
    const std::string live = dossier::indexer::layout::live_database(db);
    REQUIRE(live == dir.str("db/" + stats.version));
    const Xapian::Database quotes(quotes_directory(live));
    CHECK(dossier::indexer::mirrors(quotes, Xapian::Database(live)));
    CHECK(quotes.get_doccount() == count);
    // The compacted version carries a commit token (its blocks'), and its quotations the same.
    CHECK_FALSE(Xapian::Database(live).get_metadata(schema::META_COMMIT).empty());
    CHECK(
        quotes.get_metadata(schema::META_QUOTES_COMMIT)
        == Xapian::Database(live).get_metadata(schema::META_COMMIT)
    );
    // The plain database's files went, its quotations with them.
    CHECK_FALSE(std::filesystem::exists(quotes_directory(db)));
}

namespace {

/// Every quotation document of `dir`, in document order: its data, values and terms with their
/// positions, one line each.
std::vector<std::string> dump_quotes(const std::string& dir) {
    const Xapian::Database quotes(dir);
    std::vector<std::string> out;
    for (auto it = quotes.postlist_begin(""); it != quotes.postlist_end(""); ++it) {
        const Xapian::Document doc = quotes.get_document(*it);
        std::string line = doc.get_data() + " | " + doc.get_value(schema::SLOT_QUOTE_ARTICLE)
            + " | " + doc.get_value(schema::SLOT_DATE) + " |";
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            line += " " + *t + "/" + std::to_string(t.get_wdf()) + "@"
                + std::to_string(t.positionlist_count());
        }
        out.push_back(std::move(line));
    }
    return out;
}

}  // namespace

TEST_CASE(
    "quotations built from the stored articles are the ones the writer wrote, in the same order",
    "[indexer][quotes]"
) {
    dossier::test::TempDir dir;
    const std::string db = dir.str("db");
    index_corpus(db);
    const auto analysis = dossier::test::analysis();
    const std::vector<std::string> written = dump_quotes(quotes_directory(db));
    REQUIRE(written.size() > 20);
    const Xapian::Database articles(db);

    SECTION("on any number of threads") {
        for (std::size_t threads : {1, 2, 3, 7}) {
            INFO("threads " << threads);
            dossier::indexer::build_quotes(db, articles, *analysis.aliases, threads);
            // What the writer wrote article by article (analysed beside each article in the
            // analysis threads) is what a build from the stored articles gives, however many
            // threads.
            CHECK(dump_quotes(quotes_directory(db)) == written);
            CHECK(dossier::indexer::mirrors(Xapian::Database(quotes_directory(db)), articles));
        }
        // No part or leftover of the parallel builds beside it.
        for (const auto& entry : std::filesystem::directory_iterator(db)) {
            CHECK(entry.path().filename().string().find("quotes.") == std::string::npos);
        }
    }

    SECTION("committed every few quotations") {
        // Committing in steps bounds the builder's memory (Xapian holds every uncommitted
        // change); what is written must not depend on where the commits fall.
        // One thread writes the quotations database itself. A step larger than the whole build
        // commits once; a step of one quotation commits after each article that quotes (the check
        // falls between articles): one more revision for each quoting article but the last, whose
        // commit is the final one.
        dossier::indexer::build_quotes(db, articles, *analysis.aliases, 1, written.size() + 1);
        CHECK(dump_quotes(quotes_directory(db)) == written);
        const Xapian::Database built(quotes_directory(db));
        const Xapian::rev once = built.get_revision();
        std::set<std::string> quoting;
        for (auto v = built.valuestream_begin(schema::SLOT_QUOTE_ARTICLE);
             v != built.valuestream_end(schema::SLOT_QUOTE_ARTICLE);
             ++v) {
            quoting.insert(*v);
        }
        REQUIRE(quoting.size() >= 2);
        dossier::indexer::build_quotes(db, articles, *analysis.aliases, 1, 1);
        CHECK(dump_quotes(quotes_directory(db)) == written);
        CHECK(Xapian::Database(quotes_directory(db)).get_revision() >= once + quoting.size() - 1);

        // Several threads (12 runs over corpus/'s five articles, so each part holds at most one
        // article's quotations): a step of one commits inside each part; the compacted database
        // is the same.
        for (std::size_t step : {1, 3}) {
            INFO("step " << step);
            dossier::indexer::build_quotes(db, articles, *analysis.aliases, 3, step);
            CHECK(dump_quotes(quotes_directory(db)) == written);
            CHECK(dossier::indexer::mirrors(Xapian::Database(quotes_directory(db)), articles));
        }
    }
}

TEST_CASE(
    "each commit that changes articles renews their token, and the quotations carry the same",
    "[indexer][quotes]"
) {
    dossier::test::TempDir dir;
    const std::string db = dir.str("db");
    auto token = [&] { return Xapian::Database(db).get_metadata(schema::META_COMMIT); };
    auto quotes_token = [&] {
        return Xapian::Database(quotes_directory(db)).get_metadata(schema::META_QUOTES_COMMIT);
    };
    {
        IndexWriter writer(db, dossier::test::analysis());
        writer.put(corpus_article("001_1eb6d0dfee52ccb7"));
        writer.commit();
    }
    const std::string first = token();
    CHECK(first.size() == 32);
    CHECK(quotes_token() == first);

    // No article changed: the token stays (the quotations still mirror the same articles).
    {
        IndexWriter writer(db, dossier::test::analysis());
        CHECK(
            writer.put(corpus_article("001_1eb6d0dfee52ccb7"))
            == dossier::indexer::PutOutcome::Unchanged
        );
        writer.commit();
    }
    CHECK(token() == first);
    // An article added (in a batch), then one removed: a new token each time, in both databases.
    std::string second;
    {
        IndexWriter writer(db, dossier::test::analysis());
        writer.begin_batch();
        writer.put(corpus_article("002_59abcb7cce7c1883"));
        writer.commit_batch();
        second = token();
        CHECK(second != first);  // (the quotations follow on their thread: checked below)
        writer.remove("002_59abcb7cce7c1883");
        writer.commit();
    }
    CHECK(token() != second);
    CHECK(token() != first);
    CHECK(quotes_token() == token());
    CHECK(dossier::indexer::mirrors(Xapian::Database(quotes_directory(db)), Xapian::Database(db)));

    // A commit the quotations never saw (a crash between the two commits): the token differs.
    {
        Xapian::WritableDatabase raw(db, Xapian::DB_OPEN);
        raw.set_metadata(schema::META_COMMIT, "a commit of a writer killed before its quotations");
        raw.commit();
    }
    CHECK_FALSE(
        dossier::indexer::mirrors(Xapian::Database(quotes_directory(db)), Xapian::Database(db))
    );
}

TEST_CASE(
    "an index from before commit tokens: used by its revision, given tokens by the next writer",
    "[indexer][quotes]"
) {
    dossier::test::TempDir dir;
    const std::string db = dir.str("db");
    index_corpus(db);
    // What the indexer wrote before tokens: no META_COMMIT, quotations stamped with the revision.
    {
        Xapian::WritableDatabase raw(db, Xapian::DB_OPEN);
        raw.set_metadata(schema::META_COMMIT, "");
        raw.commit();
        Xapian::WritableDatabase quotes(quotes_directory(db), Xapian::DB_OPEN);
        quotes.set_metadata(schema::META_QUOTES_COMMIT, "");
        quotes.set_metadata(schema::META_QUOTES_OF, std::to_string(raw.get_revision()));
        quotes.commit();
    }
    CHECK(Xapian::Database(db).get_metadata(schema::META_COMMIT).empty());
    const std::size_t count = Xapian::Database(quotes_directory(db)).get_doccount();
    CHECK(dossier::indexer::mirrors(Xapian::Database(quotes_directory(db)), Xapian::Database(db)));

    // A run with nothing to index: both get a token, the quotations are not rebuilt.
    const auto stats = index_corpus(db);
    CHECK(stats.added == 0);
    const Xapian::Database articles(db);
    const Xapian::Database quotes(quotes_directory(db));
    CHECK(articles.get_metadata(schema::META_COMMIT).size() == 32);
    CHECK(
        quotes.get_metadata(schema::META_QUOTES_COMMIT)
        == articles.get_metadata(schema::META_COMMIT)
    );
    CHECK(dossier::indexer::mirrors(quotes, articles));
    CHECK(quotes.get_doccount() == count);
}
