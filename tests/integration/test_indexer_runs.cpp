#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "indexer/db_layout.hpp"
#include "searcher/searcher.hpp"
#include "support/corpus_gen.hpp"
#include "support/paths.hpp"
#include "support/run.hpp"
#include "support/spawn.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using dossier::test::run;
using dossier::test::sh_quote;
using nlohmann::json;

CATCH_TRANSLATE_EXCEPTION(const Xapian::Error& e) {
    return e.get_description();
}

namespace {

std::string indexer() {
    return sh_quote(dossier::test::indexer_binary());
}

std::string bad_inputs() {
    return dossier::test::test_data_dir() + "/bad-inputs";
}

/// The "indexer: added ..." line of a run's stderr, without the timing tail.
std::string summary_of(const std::string& err) {
    auto p = err.rfind("indexer: added ");
    if (p == std::string::npos) {
        return {};
    }
    std::string line = err.substr(p + 9, err.find('\n', p) - p - 9);
    return line.substr(0, line.find(';'));
}

dossier::searcher::HitsRequest request(const std::string& query) {
    dossier::searcher::HitsRequest r;
    r.query = query;
    return r;
}

std::size_t search_total(const std::string& db, const std::string& query) {
    dossier::searcher::Searcher s(db);
    return s.hits(request(query)).total;
}

enum class DocIds { Compare, Ignore };

/// Everything that defines a database's content, document by document, as text.
std::string dump(const std::string& path, DocIds ids = DocIds::Compare) {
    Xapian::Database db(path);
    std::vector<std::string> docs;
    for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
        Xapian::Document doc = db.get_document(*d);
        std::string out = (ids == DocIds::Compare ? std::to_string(*d) + " " : std::string())
            + doc.get_data() + "\n";
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            out += " " + *t + ":" + std::to_string(t.get_wdf());
            for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
                out += "," + std::to_string(*p);
            }
        }
        for (auto v = doc.values_begin(); v != doc.values_end(); ++v) {
            out += " v" + std::to_string(v.get_valueno()) + "=" + *v;
        }
        docs.push_back(out + "\n");
    }
    if (ids == DocIds::Ignore) {
        std::sort(docs.begin(), docs.end());
    }
    std::string all = std::to_string(db.get_doccount()) + "\n";
    for (const auto& d : docs) {
        all += d;
    }
    return all;
}

/// The spelling table (word:frequency, sorted), which compaction and batching must keep exact.
std::string spellings(const std::string& path) {
    Xapian::Database db(path);
    std::string out;
    for (auto w = db.spellings_begin(); w != db.spellings_end(); ++w) {
        out += *w + ":" + std::to_string(w.get_termfreq()) + "\n";
    }
    return out;
}

/// How many build directories of a rebuild or first import (.build-*) are in `db`.
std::size_t builds_in(const std::string& db) {
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(db)) {
        n += e.path().filename().string().rfind(".build-", 0) == 0;
    }
    return n;
}

void write_file(const std::string& path, const std::string& text) {
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST_CASE(
    "a mixed directory is indexed and every bad input is reported by name and counted",
    "[integration][indexer]"
) {
    dossier::test::TempDir dir;
    const std::string db = dir.str("db");
    auto r = run(indexer() + " --db " + sh_quote(db) + " " + sh_quote(bad_inputs()));
    REQUIRE(r.status == 0);
    CHECK(
        summary_of(r.err)
        == "added 9, updated 0, unchanged 0, deleted 0, skipped 8 (binary file 1, duplicate id 1, "
           "empty article 2, "
           "ignored README/LICENSE 1, malformed JSON 2, unsupported file type 1)"
    );
    CHECK(r.err.find("records.jsonl:3: skipped: malformed JSON") != std::string::npos);
    CHECK(r.err.find("records.jsonl:5: not UTF-8: read as windows-1252") != std::string::npos);
    CHECK(
        r.err.find("records.jsonl:7: skipped: malformed JSON (expected an object")
        != std::string::npos
    );
    // The duplicate names where the id was first read: its file and line.
    CHECK(
        r.err.find(
            "records.jsonl:9: skipped: duplicate id (id 'j1' was already read from "
            + (fs::path(bad_inputs()) / "records.jsonl:1)").string()
        )
        != std::string::npos
    );
    CHECK(r.err.find("latin1.txt: not UTF-8: read as windows-1252") != std::string::npos);
    CHECK(r.err.find("picture.txt: skipped: binary file") != std::string::npos);
    CHECK(r.err.find("table.csv: skipped: unsupported file type") != std::string::npos);

    dossier::searcher::Searcher s(db);
    CHECK(s.document_count() == 9);
    auto gz = s.hits(request("transparently"));
    REQUIRE(gz.total == 1);
    CHECK(gz.hits[0].id == "g2");
    auto doha = s.hits(request("doha"));
    REQUIRE(doha.total == 1);
    CHECK(doha.hits[0].id == "j1");
    CHECK(
        doha.hits[0].title == "Ceasefire talks resume in Doha"
    );  // the first j1, not the duplicate
    CHECK(doha.hits[0].extra["section"] == "world");
    CHECK(doha.hits[0].extra["author"] == "A. Writer");
    CHECK(s.hits(request("grain")).hits.at(0).id == "nested/notes");
    CHECK(s.hits(request("owners")).total == 1);  // Latin-1 file transcoded, not lost
    CHECK(s.hits(request("café")).total == 1);
    CHECK(s.hits(request("body")).hits.at(0).id == "j2");

    auto again = run(indexer() + " --db " + sh_quote(db) + " " + sh_quote(bad_inputs()));
    REQUIRE(again.status == 0);
    CHECK(
        summary_of(again.err).rfind("added 0, updated 0, unchanged 9, deleted 0, skipped 8", 0) == 0
    );
}

TEST_CASE(
    "strict mode makes the first bad input fatal and keeps what came before it",
    "[integration][indexer]"
) {
    dossier::test::TempDir dir;
    const std::string db = dir.str("db");
    auto r =
        run(indexer() + " --strict --in-place --db " + sh_quote(db) + " " + sh_quote(bad_inputs()));
    CHECK(r.status == 1);
    CHECK(r.err.find("error: " + bad_inputs() + "/empty.txt: empty article") != std::string::npos);
    CHECK(r.err.find("warning") == std::string::npos);
    CHECK(search_total(db, "transparently") == 1);  // archive.jsonl.gz came first and is committed

    // A first import is switched to as a whole: stopped, it leaves no article and no build.
    const std::string first = dir.str("first");
    auto whole =
        run(indexer() + " --strict --db " + sh_quote(first) + " " + sh_quote(bad_inputs()));
    CHECK(whole.status == 1);
    CHECK(whole.err.find("/empty.txt: empty article") != std::string::npos);
    CHECK_FALSE(fs::exists(first + "/XAPIANDB"));
    CHECK_FALSE(fs::exists(first + "/iamglass"));
    CHECK(builds_in(first) == 0);

    auto jsonl =
        run(indexer() + " --strict --db " + sh_quote(dir.str("db2")) + " "
            + sh_quote(bad_inputs() + "/records.jsonl"));
    CHECK(jsonl.status == 1);
    CHECK(jsonl.err.find("records.jsonl:3: malformed JSON") != std::string::npos);
}

TEST_CASE("standard input is read as JSONL or as one text article", "[integration][indexer]") {
    dossier::test::TempDir dir;
    const std::string db = dir.str("db");
    auto jl =
        run("printf '%s\\n' '{\"id\": \"s1\", \"title\": \"Piped\", \"text\": \"Records piped from "
            "a script.\"}' | "
            + indexer() + " --db " + sh_quote(db) + " -");
    REQUIRE(jl.status == 0);
    CHECK(summary_of(jl.err) == "added 1, updated 0, unchanged 0, deleted 0, skipped 0");
    auto txt =
        run("printf 'Harbour reopens\\n\\nThe harbour reopened to ferries on Friday.\\n' | "
            + indexer() + " --db " + sh_quote(db) + " --stdin-id harbour -");
    REQUIRE(txt.status == 0);
    dossier::searcher::Searcher s(db);
    CHECK(s.hits(request("piped")).hits.at(0).id == "s1");
    auto h = s.hits(request("ferries"));
    REQUIRE(h.total == 1);
    CHECK(h.hits[0].id == "harbour");
    CHECK(h.hits[0].title == "Harbour reopens");

    auto gz =
        run("printf '%s\\n' '{\"id\": \"z1\", \"title\": \"Zipped\", \"text\": \"Compressed "
            "standard input.\"}' | gzip | "
            + indexer() + " --db " + sh_quote(db) + " --format jsonl -");
    REQUIRE(gz.status == 0);
    CHECK(search_total(db, "zipped") == 1);
}

TEST_CASE(
    "reruns change nothing, changed articles are replaced, --prune removes what is gone",
    "[integration][indexer]"
) {
    dossier::test::TempDir dir;
    const std::string db = dir.str("db");
    const std::string in = dir.str("in");
    write_file(in + "/a.txt", "Alpha headline\n\nThe alpha article about ferries.\n");
    write_file(in + "/b.txt", "Beta headline\n\nThe beta article about harbours.\n");
    write_file(
        in + "/c.jsonl",
        "{\"id\": \"c1\", \"title\": \"Gamma\", \"text\": \"Gamma text on tariffs.\"}\n"
        "{\"id\": \"c2\", \"title\": \"Delta\", \"text\": \"Delta text on tariffs.\"}\n"
    );
    auto cmd = indexer() + " --db " + sh_quote(db) + " " + sh_quote(in);
    REQUIRE(summary_of(run(cmd).err) == "added 4, updated 0, unchanged 0, deleted 0, skipped 0");
    REQUIRE(summary_of(run(cmd).err) == "added 0, updated 0, unchanged 4, deleted 0, skipped 0");

    write_file(in + "/a.txt", "Alpha headline\n\nThe alpha article about ferries and trains.\n");
    fs::remove(in + "/b.txt");
    write_file(
        in + "/c.jsonl",
        "{\"id\": \"c1\", \"title\": \"Gamma\", \"text\": \"Gamma text on tariffs.\"}\n"
    );
    // Without --prune nothing is deleted.
    CHECK(summary_of(run(cmd).err) == "added 0, updated 1, unchanged 1, deleted 0, skipped 0");
    CHECK(search_total(db, "trains") == 1);
    CHECK(search_total(db, "harbours") == 1);
    CHECK(
        summary_of(run(cmd + " --prune").err)
        == "added 0, updated 0, unchanged 2, deleted 2, skipped 0"
    );
    CHECK(search_total(db, "harbours") == 0);
    CHECK(search_total(db, "delta") == 0);
    // Pruned articles take their words out of the spelling table.
    CHECK(spellings(db).find("harbours:") == std::string::npos);
    CHECK(spellings(db).find("delta:") == std::string::npos);
    CHECK(spellings(db).find("tariffs:1\n") != std::string::npos);
    CHECK(search_total(db, "gamma") == 1);

    // A source with a damaged line keeps its articles: the bad line may be the article.
    write_file(
        in + "/c.jsonl", "{\"id\": \"c1\", \"title\": \"Gamma\", \"text\": \"Gamma text on tar\n"
    );
    auto damaged = run(cmd + " --prune");
    CHECK(
        summary_of(damaged.err)
        == "added 0, updated 0, unchanged 1, deleted 0, skipped 1 (malformed JSON 1)"
    );
    CHECK(search_total(db, "gamma") == 1);

    // Articles of files not named in this run stay, and so do those of existing files.
    write_file(dir.str("other/x.txt"), "Other headline\n\nAn unrelated article on ferries.\n");
    auto other =
        run(indexer() + " --prune --db " + sh_quote(db) + " " + sh_quote(dir.str("other")));
    CHECK(summary_of(other.err) == "added 1, updated 0, unchanged 0, deleted 0, skipped 0");
    CHECK(search_total(db, "ferries") == 2);
}

TEST_CASE("very long ids index, replace and prune without error", "[integration][indexer]") {
    dossier::test::TempDir dir;
    const std::string db = dir.str("db");
    const std::string id(600, 'k');
    write_file(
        dir.str("long.jsonl"),
        "{\"id\": \"" + id
            + "\", \"title\": \"Long id\", \"text\": \"A record with a very long id.\"}\n"
    );
    auto cmd = indexer() + " --db " + sh_quote(db) + " " + sh_quote(dir.str("long.jsonl"));
    REQUIRE(summary_of(run(cmd).err) == "added 1, updated 0, unchanged 0, deleted 0, skipped 0");
    REQUIRE(summary_of(run(cmd).err) == "added 0, updated 0, unchanged 1, deleted 0, skipped 0");
    auto hits = dossier::searcher::Searcher(db).hits(request("long"));
    REQUIRE(hits.total == 1);
    CHECK(hits.hits[0].id == id);
}

TEST_CASE("the index is the same whatever the number of threads", "[integration][indexer]") {
    dossier::test::TempDir dir;
    const std::string data = dossier::test::write_generated_jsonl(dir.str("gen.jsonl"), 400);
    const std::string inputs =
        sh_quote(data) + " " + sh_quote(bad_inputs()) + " " + sh_quote(dossier::test::corpus_dir());
    std::vector<std::string> dumps;
    for (const char* threads : {"1", "2", "5"}) {
        const std::string db = dir.str(std::string("db") + threads);
        REQUIRE(
            run(indexer() + " --in-place -j " + threads + " --batch-size 37 --db " + sh_quote(db)
                + " " + inputs)
                .status
            == 0
        );
        CHECK(fs::exists(db + "/iamglass"));  // written in place, batch by batch
        dumps.push_back(dump(db));
    }
    CHECK(dumps[0] == dumps[1]);
    CHECK(dumps[0] == dumps[2]);
    CHECK(spellings(dir.str("db1")).find("generated:") != std::string::npos);
    CHECK(spellings(dir.str("db1")) == spellings(dir.str("db5")));
    // A rebuild (blocks written in parallel, merged by compaction) is as deterministic, and holds
    // the same documents (a duplicate id leaves a gap in its document numbers).
    std::vector<std::string> rebuilt;
    for (const char* threads : {"1", "3"}) {
        const std::string db = dir.str(std::string("rebuilt") + threads);
        REQUIRE(
            run(indexer() + " --rebuild -j " + threads + " --batch-size 37 --db " + sh_quote(db)
                + " " + inputs)
                .status
            == 0
        );
        rebuilt.push_back(dump(db));
        CHECK(dump(db, DocIds::Ignore) == dump(dir.str("db1"), DocIds::Ignore));
        // The rebuilt spelling table is the same too (blocks' tables summed by the compaction,
        // duplicate ids' words taken out): spelling correction works on a rebuilt index.
        CHECK(spellings(db) == spellings(dir.str("db1")));
    }
    CHECK(rebuilt[0] == rebuilt[1]);
    // A first import into an empty database takes the rebuild's path (blocks on every core, then
    // switched to): the rebuild's index exactly.
    const std::string first = dir.str("first");
    auto r = run(indexer() + " --batch-size 37 --db " + sh_quote(first) + " " + inputs);
    REQUIRE(r.status == 0);
    CHECK(r.err.find("switched " + first + " to v-000001") != std::string::npos);
    CHECK(fs::exists(first + "/XAPIANDB"));
    CHECK(dump(first) == rebuilt[0]);
    CHECK(spellings(first) == spellings(dir.str("db1")));
}

TEST_CASE(
    "a second indexer on the same database fails at once, saying it is locked",
    "[integration][indexer]"
) {
    dossier::test::TempDir dir;
    const std::string db = dir.str("db");
    REQUIRE(
        run(indexer() + " --db " + sh_quote(db) + " " + sh_quote(dossier::test::corpus_dir()))
            .status
        == 0
    );
    {
        dossier::indexer::layout::WriterLock held(db);  // another indexer (or rebuild) at work
        for (const char* extra : {"", "--rebuild"}) {
            auto r =
                run(indexer() + " " + extra + " --db " + sh_quote(db) + " "
                    + sh_quote(dossier::test::corpus_dir()));
            CHECK(r.status == 1);
            CHECK(r.err.find("database '" + db + "' is locked") != std::string::npos);
        }
    }
    {
        Xapian::WritableDatabase other(
            db, Xapian::DB_OPEN
        );  // a writer that bypasses Dossier's lock
        auto r =
            run(indexer() + " --db " + sh_quote(db) + " " + sh_quote(dossier::test::corpus_dir()));
        CHECK(r.status == 1);
        CHECK(r.err.find("is locked") != std::string::npos);
    }
    CHECK(
        run(indexer() + " --db " + sh_quote(db) + " " + sh_quote(dossier::test::corpus_dir()))
            .status
        == 0
    );
}

TEST_CASE(
    "searches keep working while the indexer commits batch after batch",
    "[integration][indexer][slow]"
) {
    dossier::test::TempDir dir;
    const std::string db = dir.str("db");
    const std::string data = dossier::test::write_generated_jsonl(dir.str("gen.jsonl"), 1500);
    REQUIRE(
        run(indexer() + " --db " + sh_quote(db) + " " + sh_quote(dossier::test::corpus_dir()))
            .status
        == 0
    );

    dossier::searcher::Searcher long_lived(db);
    dossier::test::Child child(
        {dossier::test::indexer_binary(), "--batch-size", "25", "--db", db, data}
    );
    std::size_t searches = 0, last_total = 0;
    while (child.running()) {
        auto r = long_lived.hits(request("generated report")
        );  // reopens and retries on a changed revision
        CHECK(r.total >= last_total);
        last_total = r.total;
        dossier::searcher::Searcher fresh(db);
        CHECK(fresh.hits(request("generated report")).total >= last_total);
        ++searches;
    }
    CHECK(child.wait() == 0);
    CHECK(searches > 0);
    CHECK(dossier::searcher::Searcher(db).hits(request("\"generated report\"")).total == 1500);
}

TEST_CASE(
    "kill -9 at any moment leaves the last committed batch and a rerun completes the job",
    "[integration][indexer][slow]"
) {
    dossier::test::TempDir dir;
    const std::string db = dir.str("db");
    const std::size_t n = 1200, batch = 50;
    const std::string data = dossier::test::write_generated_jsonl(dir.str("gen.jsonl"), n);
    const std::vector<std::string> argv = {
        dossier::test::indexer_binary(),
        "--in-place",
        "--batch-size",
        std::to_string(batch),
        "--db",
        db,
        data};
    std::size_t killed_with_batches = 0;
    std::size_t before = 0;
    for (int delay_ms : {0, 5, 150, 400, 700, 1200}) {
        CAPTURE(delay_ms);
        dossier::test::Child child(argv);
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
        child.kill(SIGKILL);
        child.wait();
        if (!fs::exists(db + "/iamglass")) {
            continue;  // killed before the database was created
        }
        Xapian::Database opened(db);  // opens: the database on disk is consistent
        const std::size_t count = opened.get_doccount();
        CHECK(count % batch == 0);  // only whole batches were committed
        CHECK(count >= before);
        before = count;
        killed_with_batches += count > 0 && count < n;
    }
    CHECK(killed_with_batches > 0);  // some kill landed between two batches
    auto r =
        run(indexer() + " --batch-size " + std::to_string(batch) + " --db " + sh_quote(db) + " "
            + sh_quote(data));
    CAPTURE(r.err);
    REQUIRE(r.status == 0);
    CHECK(
        summary_of(r.err)
        == "added " + std::to_string(n - before) + ", updated 0, unchanged "
            + std::to_string(before) + ", deleted 0, skipped 0"
    );
    CHECK(Xapian::Database(db).get_doccount() == n);
    CHECK(search_total(db, "\"generated report 1199\"") == 1);
}

TEST_CASE(
    "a first import killed at any moment leaves nothing or everything, and a rerun completes it",
    "[integration][indexer][slow]"
) {
    dossier::test::TempDir dir;
    const std::string db = dir.str("db");
    const std::size_t n = 1200;
    const std::string data = dossier::test::write_generated_jsonl(dir.str("gen.jsonl"), n);
    const std::vector<std::string> argv = {
        dossier::test::indexer_binary(), "--batch-size", "50", "--db", db, data};
    std::size_t killed_building = 0;
    for (int delay_ms : {0, 5, 150, 400, 700, 1200, 2500}) {
        CAPTURE(delay_ms);
        fs::remove_all(db);
        dossier::test::Child child(argv);
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
        child.kill(SIGKILL);
        child.wait();
        CHECK_FALSE(fs::exists(db + "/iamglass"));  // never a half-written plain database
        if (fs::exists(db + "/XAPIANDB")) {
            CHECK(Xapian::Database(db).get_doccount() == n);  // switched: everything
        } else if (fs::exists(db)) {
            // killed while its blocks were being built: nothing visible to readers
            killed_building += builds_in(db) > 0;
        }
        auto r = run(indexer() + " --batch-size 50 --db " + sh_quote(db) + " " + sh_quote(data));
        CAPTURE(r.err);
        REQUIRE(r.status == 0);
        CHECK(Xapian::Database(db).get_doccount() == n);
        // The rerun took the bulk path too (what the kill left does not make the directory an
        // existing database): one version, switched to, nothing else left.
        CHECK_FALSE(fs::exists(db + "/iamglass"));
        std::size_t versions = 0;
        for (const auto& e : fs::directory_iterator(db)) {
            const std::string name = e.path().filename().string();
            CHECK(name.rfind(".build-", 0) != 0);  // the killed blocks
            CHECK(name.rfind("XAPIANDB.tmp-", 0) != 0);
            versions += name.rfind("v-", 0) == 0;
        }
        CHECK(versions == 1);
    }
    CHECK(killed_building > 0);  // some kill landed inside the build, not only before it
    CHECK(search_total(db, "\"generated report 1199\"") == 1);
}

TEST_CASE(
    "only a new directory gets the bulk first import and an existing database or folder is "
    "written in place",
    "[integration][indexer]"
) {
    dossier::test::TempDir dir;
    const std::string corpus = sh_quote(dossier::test::corpus_dir());
    SECTION("a folder of the user's keeps its files") {
        const std::string db = dir.str("folder");
        write_file(db + "/notes.txt", "mine");
        write_file(db + "/v-old/draft.txt", "mine too");
        write_file(db + "/.build-cache/objects.txt", "not a build of Dossier's");
        REQUIRE(run(indexer() + " --db " + sh_quote(db) + " " + corpus).status == 0);
        CHECK(fs::exists(db + "/iamglass"));
        CHECK_FALSE(fs::exists(db + "/XAPIANDB"));
        CHECK(fs::exists(db + "/notes.txt"));
        CHECK(fs::exists(db + "/v-old/draft.txt"));
        CHECK(fs::exists(db + "/.build-cache/objects.txt"));
        CHECK(search_total(db, "Budanov") > 0);
    }
    SECTION("an empty database is not replaced, and a foreign writer on it is still refused") {
        const std::string db = dir.str("empty");
        Xapian::WritableDatabase(db, Xapian::DB_CREATE).commit();
        {
            Xapian::WritableDatabase foreign(db, Xapian::DB_OPEN);
            auto r = run(indexer() + " --db " + sh_quote(db) + " " + corpus);
            CHECK(r.status == 1);
            CHECK(r.err.find("is locked") != std::string::npos);
            CHECK_FALSE(fs::exists(db + "/XAPIANDB"));
        }
        REQUIRE(run(indexer() + " --db " + sh_quote(db) + " " + corpus).status == 0);
        CHECK(fs::exists(db + "/iamglass"));
        CHECK_FALSE(fs::exists(db + "/XAPIANDB"));
        CHECK(Xapian::Database(db).get_doccount() == 5);
    }
    SECTION("what a first import killed before its switch left is replaced by the rerun's") {
        const std::string db = dir.str("killed");
        write_file(db + "/.build-4242/block-000000/x", "blocks");
        write_file(db + "/v-000001/postlist.glass", "a compacted version never switched to");
        write_file(db + "/XAPIANDB.tmp-4242", "auto v-000001\n");
        auto r = run(indexer() + " --db " + sh_quote(db) + " " + corpus);
        REQUIRE(r.status == 0);
        CHECK(r.err.find("switched " + db + " to v-000002") != std::string::npos);
        CHECK_FALSE(fs::exists(db + "/iamglass"));
        CHECK_FALSE(fs::exists(db + "/v-000001"));
        CHECK_FALSE(fs::exists(db + "/.build-4242"));
        CHECK_FALSE(fs::exists(db + "/XAPIANDB.tmp-4242"));
        CHECK(Xapian::Database(db).get_doccount() == 5);
    }
    SECTION("a build directory a killed rebuild left is removed by the next run of any kind") {
        const std::string db = dir.str("layout");
        REQUIRE(run(indexer() + " --db " + sh_quote(db) + " " + corpus).status == 0);
        REQUIRE(fs::exists(db + "/XAPIANDB"));  // the bulk first import
        write_file(
            db + "/.build-999999/block-000000/x", "blocks of a rebuild killed after its switch"
        );
        write_file(db + "/XAPIANDB.tmp-999999", "auto v-000001\n");
        REQUIRE(run(indexer() + " --db " + sh_quote(db) + " " + corpus).status == 0);
        CHECK_FALSE(fs::exists(db + "/.build-999999"));
        CHECK_FALSE(fs::exists(db + "/XAPIANDB.tmp-999999"));
    }
}

TEST_CASE(
    "a search during a rebuild sees the old index or the new one, never a half-built one",
    "[integration][rebuild][slow]"
) {
    dossier::test::TempDir dir;
    const std::string db = dir.str("db");
    const std::string data = dossier::test::write_generated_jsonl(dir.str("gen.jsonl"), 1500);
    REQUIRE(
        run(indexer() + " --in-place --db " + sh_quote(db) + " "
            + sh_quote(dossier::test::corpus_dir()))
            .status
        == 0
    );
    REQUIRE(fs::exists(db + "/iamglass"));  // a plain database, which the rebuild replaces
    const std::string query = "budanov OR generated";
    const std::size_t old_total = search_total(db, query);
    REQUIRE(old_total == 1);

    dossier::searcher::Searcher long_lived(db);
    dossier::test::Child child(
        {dossier::test::indexer_binary(),
         "--rebuild",
         "--db",
         db,
         data,
         dossier::test::corpus_dir()}
    );
    std::size_t searches = 0, saw_new = 0;
    while (child.running()) {
        dossier::searcher::Searcher fresh(db);  // like a new `search` process
        const std::size_t total = fresh.hits(request(query)).total;
        CHECK((total == old_total || total == 1501));
        saw_new += total == 1501;
        CHECK(long_lived.hits(request(query)).total == old_total);  // keeps its snapshot
        ++searches;
    }
    REQUIRE(child.wait() == 0);
    CHECK(searches > 0);
    CHECK(search_total(db, query) == 1501);
    CHECK(fs::exists(db + "/XAPIANDB"));
    CHECK(fs::exists(db + "/v-000001"));
    CHECK_FALSE(fs::exists(db + "/iamglass"));
    CHECK(builds_in(db) == 0);

    // Incremental runs work on the rebuilt layout: they write into the live version.
    write_file(
        dir.str("more/extra.txt"), "Extra headline\n\nAn extra article about lighthouses.\n"
    );
    REQUIRE(run(indexer() + " --db " + sh_quote(db) + " " + sh_quote(dir.str("more"))).status == 0);
    CHECK(search_total(db, "lighthouses") == 1);

    // Later rebuilds keep the version just replaced (readers may still use it) and remove older
    // ones.
    dossier::searcher::Searcher on_v1(db);
    REQUIRE(
        run(indexer() + " --rebuild --db " + sh_quote(db) + " "
            + sh_quote(dossier::test::corpus_dir()))
            .status
        == 0
    );
    CHECK(fs::exists(db + "/v-000001"));
    CHECK(fs::exists(db + "/v-000002"));
    REQUIRE(
        run(indexer() + " --rebuild --db " + sh_quote(db) + " "
            + sh_quote(dossier::test::corpus_dir()))
            .status
        == 0
    );
    CHECK_FALSE(fs::exists(db + "/v-000001"));
    CHECK(fs::exists(db + "/v-000002"));
    CHECK(fs::exists(db + "/v-000003"));
    CHECK(
        on_v1.hits(request(query)).total == 1501
    );  // unlinked files stay readable for an open reader
    CHECK(search_total(db, query) == 1);
}

TEST_CASE(
    "a killed rebuild leaves the live index untouched and the next one cleans up",
    "[integration][rebuild][slow]"
) {
    dossier::test::TempDir dir;
    const std::string db = dir.str("db");
    const std::string data = dossier::test::write_generated_jsonl(dir.str("gen.jsonl"), 1500);
    REQUIRE(
        run(indexer() + " --rebuild --db " + sh_quote(db) + " "
            + sh_quote(dossier::test::corpus_dir()))
            .status
        == 0
    );
    for (int delay_ms : {50, 300, 900}) {
        dossier::test::Child child({dossier::test::indexer_binary(), "--rebuild", "--db", db, data}
        );
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
        child.kill(SIGKILL);
        child.wait();
        const std::size_t total = search_total(db, "budanov OR generated");
        CHECK((total == 1 || total == 1500));
    }
    REQUIRE(run(indexer() + " --rebuild --db " + sh_quote(db) + " " + sh_quote(data)).status == 0);
    CHECK(search_total(db, "generated") == 1500);
    CHECK(builds_in(db) == 0);
}

TEST_CASE(
    "scripts/rebuild-index rebuilds --db from PATHs, corpus/ by default", "[integration][rebuild]"
) {
    dossier::test::TempDir dir;
    const std::string script = sh_quote(
        fs::path(dossier::test::corpus_dir()).parent_path().string() + "/scripts/rebuild-index"
    );
    const std::string env = "DOSSIER_INDEXER=" + indexer() + " ";
    auto r = run("cd " + sh_quote(dir.str()) + " && " + env + script);
    REQUIRE(r.status == 0);
    CHECK(search_total(dir.str("index"), "budanov") == 1);
    auto r2 =
        run(env + script + " --db " + sh_quote(dir.str("other")) + " "
            + sh_quote(bad_inputs() + "/archive.jsonl.gz"));
    REQUIRE(r2.status == 0);
    CHECK(search_total(dir.str("other"), "transparently") == 1);
    CHECK(fs::exists(dir.str("other/XAPIANDB")));
}

TEST_CASE(
    "BBC News: 2,225 articles in nested folders keep distinct ids", "[integration][indexer][shared]"
) {
    if (!dossier::test::have_shared_data()) {
        WARN("skipped: shared data not found");
        return;
    }
    dossier::test::TempDir dir;
    const std::string db = dir.str("db");
    auto r =
        run(indexer() + " --db " + sh_quote(db) + " "
            + sh_quote(dossier::test::shared_data_dir() + "/bbc-news/bbc"));
    REQUIRE(r.status == 0);
    CHECK(
        summary_of(r.err)
        == "added 2225, updated 0, unchanged 0, deleted 0, skipped 1 (ignored README/LICENSE 1)"
    );
    CHECK(
        r.err.find("sport/199.txt: not UTF-8: read as windows-1252") != std::string::npos
    );  // the one ISO-8859-1 file is transcoded (ICU charset detection), not repaired
    Xapian::Database x(db);
    CHECK(x.get_doccount() == 2225);
    CHECK(x.term_exists("Qbusiness/001"));
    CHECK(x.term_exists("Qsport/001"));
}

TEST_CASE("JSONL dates are searchable as date ranges", "[integration][dates]") {
    dossier::test::TempDir dir;
    const std::string db = dir.str("index");
    const std::string jsonl =
        R"({"id": "d1", "title": "Winter offensive", "text": "Troops advanced in winter.", "date": "2024-01-15"})"
        "\n"
        R"({"id": "d2", "title": "Summer offensive", "text": "Troops advanced in summer.", "date": "2024-07-02T08:00:00Z"})"
        "\n"
        R"({"id": "d3", "title": "Old wire", "text": "Troops advanced long ago.", "date": "26-FEB-1987 15:01:01.79"})"
        "\n"
        R"({"id": "d4", "title": "Undated", "text": "Troops advanced at some point."})"
        "\n";
    auto indexed = dossier::test::run(
        "printf '%s' " + dossier::test::sh_quote(jsonl) + " | "
        + dossier::test::sh_quote(dossier::test::indexer_binary()) + " --db "
        + dossier::test::sh_quote(db) + " -"
    );
    INFO(indexed.err);
    REQUIRE(indexed.status == 0);
    CHECK(indexed.err.find("added 4") != std::string::npos);
    auto ids = [&](const std::string& q) {
        auto r = dossier::test::run(
            dossier::test::sh_quote(dossier::test::search_binary()) + " --db "
            + dossier::test::sh_quote(db) + " --json -- " + dossier::test::sh_quote(q)
        );
        INFO(q << ": " << r.err);
        CHECK(r.status <= 1);
        std::vector<std::string> out;
        const nlohmann::json result =
            nlohmann::json::parse(r.out);  // not a temporary: the loop reads it
        for (const auto& h : result["hits"]) {
            out.push_back(h["id"]);
        }
        std::sort(out.begin(), out.end());
        return out;
    };
    CHECK(ids("troops date:2024-01-01..2024-06-30") == std::vector<std::string>{"d1"});
    CHECK(ids("troops date:2024-01-01..") == std::vector<std::string>{"d1", "d2"});
    CHECK(ids("troops date:..1999-12-31") == std::vector<std::string>{"d3"});
    CHECK(ids("date:20240101..20241231") == std::vector<std::string>{"d1", "d2"});
}
