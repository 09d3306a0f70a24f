// Hostile inputs through the real indexer: each is reported naming the input, and the rest of
// the run completes (issue 15). Inputs are under tests/data/abuse/.
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "indexer/columns.hpp"
#include "indexer/db_layout.hpp"
#include "indexer/schema.hpp"
#include "indexer/text_reader.hpp"
#include "searcher/searcher.hpp"
#include "support/paths.hpp"
#include "support/run.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using dossier::test::run;
using dossier::test::sh_quote;

namespace {

std::string abuse(const std::string& name) {
    return dossier::test::test_data_dir() + "/abuse/" + name;
}

dossier::test::RunResult index_into(const fs::path& db, const std::string& inputs) {
    return run(
        sh_quote(dossier::test::indexer_binary()) + " --db " + sh_quote(db.string()) + " " + inputs
    );
}

std::size_t total(const fs::path& db, const std::string& query) {
    dossier::searcher::Searcher s(db.string());
    dossier::searcher::HitsRequest r;
    r.query = query;
    return s.hits(r).total;
}

}  // namespace

TEST_CASE(
    "A JSONL record nested 100,000 levels deep is skipped and the records around it are indexed",
    "[abuse]"
) {
    dossier::test::TempDir dir;
    const fs::path db = dir.path() / "db";
    auto r = index_into(db, sh_quote(abuse("deep-nesting.jsonl.gz")));
    CHECK(r.status == 0);
    CHECK(
        r.err.find(
            "deep-nesting.jsonl.gz:2: skipped: malformed JSON (nested deeper than 100 levels)"
        )
        != std::string::npos
    );
    CHECK(r.err.find("added 2,") != std::string::npos);
    CHECK(total(db, "ceasefire") == 1);
    CHECK(total(db, "grain") == 1);
}

TEST_CASE(
    "A JSONL line past the maximum article size is skipped and the next record is indexed",
    "[abuse]"
) {
    dossier::test::TempDir dir;
    const fs::path db = dir.path() / "db";
    const fs::path input = dir.path() / "huge.jsonl";
    {
        std::ofstream out(input);
        out << R"({"id": "huge", "title": "Huge", "text": ")";
        for (int i = 0; i < (9 << 20) / 10; ++i) {
            out << "word word ";
        }
        out << "\"}\n"
            << R"({"id": "small", "title": "Small", "text": "Grain exports rose."})"
            << "\n";
    }
    auto r = index_into(db, sh_quote(input.string()));
    CHECK(r.status == 0);
    CHECK(
        r.err.find(
            "huge.jsonl:1: skipped: article too large (more than 8 MiB, the maximum article size)"
        )
        != std::string::npos
    );
    CHECK(r.err.find("added 1,") != std::string::npos);
    CHECK(total(db, "grain") == 1);
}

TEST_CASE("A gzip bomb is read no further than the maximum article size and skipped", "[abuse]") {
    dossier::test::TempDir dir;
    const fs::path db = dir.path() / "db";
    const fs::path corpus = dir.path() / "in";
    fs::create_directories(corpus);
    fs::copy_file(abuse("bomb.txt.gz"), corpus / "bomb.txt.gz");
    fs::copy_file(dossier::test::corpus_dir() + "/000_2b5076e200270314.txt", corpus / "good.txt");
    auto r = index_into(db, sh_quote(corpus.string()));
    CHECK(r.status == 0);
    CHECK(r.err.find("bomb.txt.gz: skipped: article too large") != std::string::npos);
    CHECK(r.err.find("added 1,") != std::string::npos);
    CHECK(total(db, "budanov") == 1);
}

TEST_CASE(
    "Ids with slashes and dot-dot are kept, ids with a newline or NUL are refused", "[abuse]"
) {
    dossier::test::TempDir dir;
    const fs::path db = dir.path() / "db";
    auto r = index_into(db, sh_quote(abuse("ids.jsonl")));
    CHECK(r.status == 0);
    CHECK(r.err.find("ids.jsonl:3: skipped: bad id") != std::string::npos);
    CHECK(r.err.find("ids.jsonl:4: skipped: bad id") != std::string::npos);
    CHECK(r.err.find("added 2,") != std::string::npos);
    dossier::searcher::Searcher s(db.string());
    dossier::searcher::HitsRequest q;
    q.query = "dot";
    auto hits = s.hits(q).hits;
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].id == "../../etc/passwd");
    CHECK_FALSE(fs::exists(dir.path() / "etc"));
}

TEST_CASE(
    "Thousands of records with one id: one kept, every other reported, also by --rebuild", "[abuse]"
) {
    dossier::test::TempDir dir;
    const fs::path db = dir.path() / "db";
    const fs::path input = dir.path() / "dups.jsonl";
    {
        std::ofstream out(input);
        for (int i = 0; i < 3000; ++i) {
            out << R"({"id": "same", "title": "Copy )" << i << R"(", "text": "Grain exports rose )"
                << i << " tonnes.\"}\n";
        }
    }
    for (const std::string mode : {"", "--rebuild "}) {
        auto r = index_into(db, mode + sh_quote(input.string()));
        CHECK(r.status == 0);
        CHECK(r.err.find("duplicate id 2999") != std::string::npos);
        CHECK(
            r.err.find("dups.jsonl:3000: skipped: duplicate id (id 'same' was already read from")
            != std::string::npos
        );
        CHECK(total(db, "") == 1);
    }
}

TEST_CASE("A symlink loop inside a corpus folder does not stop the run", "[abuse]") {
    dossier::test::TempDir dir;
    const fs::path db = dir.path() / "db";
    const fs::path corpus = dir.path() / "in";
    fs::create_directories(corpus / "sub");
    fs::create_directory_symlink("..", corpus / "sub" / "up");
    fs::create_symlink("loop", corpus / "loop");
    fs::copy_file(dossier::test::corpus_dir() + "/000_2b5076e200270314.txt", corpus / "good.txt");
    auto r = index_into(db, sh_quote(corpus.string()));
    CHECK(r.status == 0);
    CHECK(r.err.find("added 1,") != std::string::npos);
    CHECK(total(db, "budanov") == 1);
}

TEST_CASE(
    "Legacy 8-bit text is transcoded, not replaced: BBC sport/199 keeps its pound sign", "[abuse]"
) {
    const std::string path = dossier::test::shared_data_dir() + "/bbc-news/bbc/sport/199.txt";
    dossier::indexer::ReadReport report;
    auto article = dossier::indexer::read_text_article(path, report);
    REQUIRE(report.warnings.size() == 1);
    CHECK(report.warnings[0] == path + ": not UTF-8: read as windows-1252 (ICU charset detection)");
    CHECK(article.text.find("\xC2\xA3") != std::string::npos);      // £
    CHECK(article.text.find("\xEF\xBF\xBD") == std::string::npos);  // no U+FFFD
}

TEST_CASE(
    "An article of real figures past the extraction caps is indexed in full, with a warning",
    "[abuse]"
) {
    // BBC business news repeated: 75 real figures in 10 KB, 30 times (2,250 in 310 KB, past
    // MAX_FIGURES = 2,000);
    // Budanov's article (corpus/000) at the end shows that the text past the cap is indexed.
    const std::string bbc = dossier::test::shared_data_dir() + "/bbc-news/bbc/business/";
    std::string news;
    for (const char* name : {"001.txt", "002.txt", "003.txt", "004.txt", "005.txt"}) {
        news += dossier::test::slurp(bbc + name) + "\n\n";
    }
    dossier::test::TempDir dir;
    const fs::path db = dir.path() / "db";
    const fs::path corpus = dir.path() / "in";
    fs::create_directories(corpus);
    {
        std::ofstream out(corpus / "figures.txt");
        out << "Figures of the week\n\n";
        for (int i = 0; i < 30; ++i) {
            out << news;
        }
        out << dossier::test::slurp(dossier::test::corpus_dir() + "/000_2b5076e200270314.txt");
    }
    fs::copy_file(dossier::test::corpus_dir() + "/001_1eb6d0dfee52ccb7.txt", corpus / "good.txt");
    auto r = index_into(db, sh_quote(corpus.string()));
    CHECK(r.status == 0);
    CHECK(r.err.find("figures.txt: extraction kept the first 2000 figures") != std::string::npos);
    CHECK(r.err.find("added 2,") != std::string::npos);
    dossier::searcher::Searcher s(db.string());
    dossier::searcher::HitsRequest q;
    q.query = "budanov";
    auto hits = s.hits(q).hits;
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].id.find("figures") != std::string::npos);
    // Nothing reaches a cap in ordinary news: the other article gets no such warning.
    CHECK(r.err.find("good.txt: extraction") == std::string::npos);
}

TEST_CASE(
    "A speaker's name too long for a term is indexed without its term, in --db and --rebuild runs",
    "[abuse]"
) {
    // A 270-byte name quoted three times: its speaker term in the quotations database was added
    // after the over-long terms were dropped, and Xapian refused the whole batch ("Term too
    // long"): the run failed and none of the batch's articles was indexed.
    const std::string name =
        "Bartholomew Zz" + std::string(130, 'q') + " Wxyzzz" + std::string(110, 'y');
    dossier::test::TempDir dir;
    {
        std::ofstream out(dir.path() / "long.jsonl");
        for (int i = 0; i < 3; ++i) {
            out << R"({"id": "long-)" << i
                << R"(", "title": "Talks in Paris", "text": "Officials met )"
                << R"(in Paris on Monday. \"We will stay in the city until the talks end,\" said )"
                << name << R"(, a senior official. The meeting lasted two hours."})"
                << "\n";
        }
        out << R"({"id": "plain", "title": "Grain", "text": "Grain exports rose in May."})"
            << "\n";
    }
    for (const std::string mode : {"--db", "--rebuild --db"}) {
        INFO(mode);
        const fs::path db = dir.path() / (mode.size() > 4 ? "rebuilt" : "db");
        auto r =
            run(sh_quote(dossier::test::indexer_binary()) + " " + mode + " " + sh_quote(db.string())
                + " " + sh_quote((dir.path() / "long.jsonl").string()));
        CHECK(r.status == 0);
        CHECK(r.err.find("added 4,") != std::string::npos);
        CHECK(total(db, "paris") == 3);
        CHECK(total(db, "grain") == 1);
        dossier::searcher::Searcher s(db.string());
        dossier::searcher::QuotesRequest q;
        q.query = "stay";
        const auto quotes = s.quotes(q);
        CHECK(quotes.quotes_total == 3);
        // A browse from the column's key frequencies and one from the key terms (the column
        // removed) agree, though the name's key term was dropped.
        dossier::searcher::HitsRequest browse;
        browse.limit = 0;
        browse.facet_limit = 10;
        const auto with_column = s.hits(browse).facets;
        REQUIRE(fs::remove(dossier::indexer::column_path(
            dossier::indexer::layout::live_database(db.string()),
            dossier::indexer::schema::SLOT_FACET_IDS
        )));
        dossier::searcher::Searcher scanning(db.string());
        CHECK(scanning.hits(browse).facets == with_column);
    }
}
