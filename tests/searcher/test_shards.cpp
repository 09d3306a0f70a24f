/// Stub files of shards: parsing, and how a shard that cannot be opened is named or left out.
#include <fstream>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "analyzers/error.hpp"
#include "indexer/schema.hpp"
#include "searcher/searcher.hpp"
#include "searcher/shards.hpp"
#include "support/index_fixture.hpp"
#include "support/temp_dir.hpp"

using dossier::searcher::open_shards;
using dossier::searcher::read_stub;
using dossier::searcher::ShardSpec;

namespace {

void make_database(const std::string& path, int documents) {
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
    db.set_metadata(dossier::indexer::schema::META_SCHEMA, "1");
    for (int i = 0; i < documents; ++i) {
        Xapian::Document doc;
        doc.add_term("word");
        db.add_document(doc);
    }
    db.commit();
}

}  // namespace

TEST_CASE(
    "a stub's lines: local paths against its directory, remote host and port", "[searcher][shards]"
) {
    dossier::test::TempDir dir;
    std::ofstream(dir.str("stub"))
        << "# shards\nauto shard-00\n\nglass /abs/shard-01\nremote 10.0.0.7:7001\n";
    const auto specs = read_stub(dir.str("stub"));
    REQUIRE(specs.size() == 3);
    CHECK(specs[0].kind == ShardSpec::Kind::Local);
    CHECK(specs[0].path == dir.str("shard-00"));
    CHECK(specs[0].name == "auto shard-00");
    CHECK(specs[1].path == "/abs/shard-01");
    CHECK(specs[2].kind == ShardSpec::Kind::Remote);
    CHECK(specs[2].host == "10.0.0.7");
    CHECK(specs[2].port == 7001);
    CHECK(specs[2].name == "remote 10.0.0.7:7001");

    // A database directory is no stub.
    make_database(dir.str("db"), 1);
    CHECK(read_stub(dir.str("db")).empty());
}

TEST_CASE("a malformed stub line is an error naming the stub and the line", "[searcher][shards]") {
    dossier::test::TempDir dir;
    for (const std::string bad :
         {"remote :ssh host xapian-progsrv /db",
          "remote host",
          "remote host:0",
          "remote host:70000x",
          "inmemory",
          "flint /x",
          "auto a b"}) {
        CAPTURE(bad);
        std::ofstream(dir.str("stub")) << "auto shard-00\n" << bad << "\n";
        CHECK_THROWS_WITH(read_stub(dir.str("stub")), Catch::Contains("line 2"));
    }
    std::ofstream(dir.str("empty")) << "# nothing\n";
    CHECK_THROWS_WITH(read_stub(dir.str("empty")), Catch::Contains("lists no database"));
}

TEST_CASE(
    "a shard that cannot be opened is named, or left out with allow_partial", "[searcher][shards]"
) {
    dossier::test::TempDir dir;
    make_database(dir.str("shard-00"), 2);
    make_database(dir.str("shard-02"), 3);
    std::ofstream(dir.str("stub")) << "auto shard-00\nauto shard-01\nauto shard-02\n";

    CHECK_THROWS_WITH(
        open_shards(dir.str("stub"), false),
        Catch::Contains("shard 'auto shard-01'") && Catch::Contains("unreachable")
    );
    const auto partial = open_shards(dir.str("stub"), true);
    CHECK(partial.sharded);
    CHECK_FALSE(partial.remote);
    CHECK(partial.total == 3);
    REQUIRE(partial.failed.size() == 1);
    CHECK(partial.failed[0].find("auto shard-01") != std::string::npos);
    CHECK(partial.db.get_doccount() == 5);

    // Every shard down: nothing to answer from.
    std::ofstream(dir.str("dead")) << "auto nothing-1\nauto nothing-2\n";
    CHECK_THROWS_WITH(open_shards(dir.str("dead"), true), Catch::Contains("no shard of"));

    // A metadata database (META_SHARDS) is no shard of the count.
    make_database(dir.str("meta"), 0);
    Xapian::WritableDatabase(dir.str("meta"), Xapian::DB_OPEN)
        .set_metadata(dossier::indexer::schema::META_SHARDS, "2");
    std::ofstream(dir.str("with-meta")) << "auto meta\nauto shard-00\nauto shard-02\n";
    const auto meta = open_shards(dir.str("with-meta"), false);
    CHECK(meta.total == 2);
    CHECK(meta.failed.empty());

    // One local line (a rebuild layout's stub) is one database, not a sharded one.
    std::ofstream(dir.str("one")) << "auto shard-00\n";
    const auto one = open_shards(dir.str("one"), false);
    CHECK_FALSE(one.sharded);
    CHECK(one.db.get_doccount() == 2);
}

TEST_CASE(
    "a shard left at another schema version is refused by name, whichever line it is on",
    "[searcher][shards]"
) {
    // A stub's metadata is its first database's: checking only that let a second shard of an
    // older schema be read as if it were current.
    const auto first = dossier::test::IndexFixture::of(
        {{"kim-1", "North Korean troops fought in Kursk, Kyrylo Budanov said on Monday."}}
    );
    const auto second = dossier::test::IndexFixture::of(
        {{"kim-2", "South Korea's spy agency said 1,100 North Korean soldiers were killed."}}
    );
    dossier::test::TempDir dir;
    std::ofstream(dir.str("stub")) << "auto " << first.db() << "\nauto " << second.db() << "\n";
    CHECK(dossier::searcher::Searcher(dir.str("stub")).hits({}).total == 2);

    {
        Xapian::WritableDatabase older(second.db(), Xapian::DB_OPEN);
        older.set_metadata(dossier::indexer::schema::META_SCHEMA, "8");
        older.commit();
    }
    CHECK_THROWS_WITH(
        dossier::searcher::Searcher(dir.str("stub")),
        Catch::Contains("shard 'auto " + second.db() + "'") && Catch::Contains("schema version '8'")
            && Catch::Contains("scripts/rebuild-index")
    );
    CHECK_THROWS_AS(dossier::searcher::Searcher(dir.str("stub")), dossier::SchemaError);
    // A database alone is named as a database.
    CHECK_THROWS_WITH(
        dossier::searcher::Searcher(second.db()),
        Catch::Contains("database '" + second.db() + "' has schema version '8'")
    );
}
