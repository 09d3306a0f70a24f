#include <fstream>

#include <catch2/catch.hpp>
#include <zlib.h>

#include "analyzers/error.hpp"
#include "indexer/input.hpp"
#include "indexer/schema.hpp"
#include "support/paths.hpp"
#include "support/temp_dir.hpp"

using namespace dossier::indexer;

namespace {

Article parse(const std::string& line, ReadReport& report, const JsonFields& fields = {}) {
    return article_from_json_line(line, "news.jsonl", 7, fields, report);
}

void write_gz(const std::string& path, const std::string& data) {
    gzFile f = gzopen(path.c_str(), "wb");
    gzwrite(f, data.data(), static_cast<unsigned>(data.size()));
    gzclose(f);
}

}  // namespace

TEST_CASE(
    "a JSONL record maps id, title and text, other fields are kept in extra", "[indexer][input]"
) {
    ReadReport report;
    Article a = parse(
        R"({"id": "r1", "title": "Talks resume", "text": "Negotiators met in Doha.", "date": "2024-03-01", "source": "Wire", "url": "https://x.org/1", "author": "A. B.", "section": "world", "score": 3})",
        report
    );
    CHECK(report.skip_reason.empty());
    CHECK(report.warnings.empty());
    CHECK(a.id == "r1");
    CHECK(a.title == "Talks resume");
    CHECK(a.text == "Negotiators met in Doha.");
    CHECK(a.path == "news.jsonl:7");
    CHECK(a.extra["date"] == "2024-03-01");
    CHECK(a.extra["source"] == "Wire");
    CHECK(a.extra["url"] == "https://x.org/1");
    CHECK(a.extra["author"] == "A. B.");
    CHECK(a.extra["section"] == "world");
    CHECK(a.extra["score"] == 3);
    CHECK_FALSE(a.extra.contains("id"));
    CHECK_FALSE(a.extra.contains("text"));
}

TEST_CASE(
    "JSONL: 'body' stands in for 'text', and field names can be changed", "[indexer][input]"
) {
    ReadReport report;
    CHECK(parse(R"({"id": 5, "title": "T", "body": "From body."})", report).text == "From body.");
    CHECK(parse(R"({"id": 5, "title": "T", "body": "B"})", report).id == "5");

    JsonFields fields;
    fields.id = "_id";
    fields.title = "headline";
    fields.text = "content";
    ReadReport r2;
    Article a =
        parse(R"({"_id": "x9", "headline": "H", "content": "C text.", "id": "other"})", r2, fields);
    CHECK(a.id == "x9");
    CHECK(a.title == "H");
    CHECK(a.text == "C text.");
    CHECK(a.extra["id"] == "other");  // not the id field any more: kept like any other field
}

TEST_CASE("JSONL: malformed lines are skipped with the parser's reason", "[indexer][input]") {
    for (const std::string line :
         {R"({"id": "a", "title": "unterminated)",
          "[1, 2]",
          R"({"id": "a", "text": {"nested": 1}})",
          "not json"}) {
        CAPTURE(line);
        ReadReport report;
        parse(line, report);
        CHECK(report.skip_reason == "malformed JSON");
        CHECK_FALSE(report.skip_detail.empty());
    }
}

TEST_CASE("JSONL: invalid UTF-8 is repaired with a warning naming file:line", "[indexer][input]") {
    ReadReport report;
    // UTF-8 (the é of "déjà") with two stray bytes: repaired, not read as an 8-bit charset.
    Article a = parse(
        "{\"id\": \"u\", \"title\": \"Caf\xe9\", \"text\": \"d\xc3\xa9j\xc3\xa0 ok \xff\"}", report
    );
    CHECK(report.skip_reason.empty());
    REQUIRE(report.warnings.size() == 1);
    CHECK(report.warnings[0].find("news.jsonl:7") == 0);
    CHECK(report.warnings[0].find("invalid UTF-8") != std::string::npos);
    CHECK(a.title == "Caf\xEF\xBF\xBD");
}

TEST_CASE(
    "JSONL: empty records are skipped, title-only records kept, missing ids derived",
    "[indexer][input]"
) {
    ReadReport empty;
    parse(R"({"id": "e", "title": " ", "text": ""})", empty);
    CHECK(empty.skip_reason == "empty article");

    ReadReport brief;
    Article b = parse(R"({"id": "b", "title": "Fed raises rates"})", brief);
    CHECK(brief.skip_reason.empty());
    CHECK(b.title == "Fed raises rates");

    ReadReport noid1, noid2;
    Article n1 = parse(R"({"title": "Same", "text": "Same text."})", noid1);
    Article n2 = parse(R"({"title": "Same", "text": "Same text.", "id": ""})", noid2);
    CHECK(n1.id.size() == 17);
    CHECK(n1.id == n2.id);  // stable: derived from the content
    CHECK(noid1.warnings.size() == 1);

    ReadReport untitled;
    Article u = parse(
        R"({"id": "u", "text": "Kyiv said 40 drones were shot down. More follows."})", untitled
    );
    CHECK_FALSE(u.title.empty());
}

TEST_CASE("files are classified by extension, through .gz", "[indexer][input]") {
    CHECK(classify_file("a/b.jsonl.gz", false, InputFormat::Auto) == FileKind::Jsonl);
    CHECK(classify_file("a/b.ndjson", false, InputFormat::Auto) == FileKind::Jsonl);
    CHECK(classify_file("a/b.md", false, InputFormat::Auto) == FileKind::Text);
    CHECK(classify_file("a/b.txt.gz", false, InputFormat::Auto) == FileKind::Text);
    CHECK(classify_file("a/README.md", false, InputFormat::Auto) == FileKind::Ignored);
    CHECK(classify_file("a/LICENSE", false, InputFormat::Auto) == FileKind::Ignored);
    CHECK(classify_file("a/photo.png", false, InputFormat::Auto) == FileKind::Unsupported);
    CHECK(classify_file("photo.dat", true, InputFormat::Auto) == FileKind::Text);
    CHECK(classify_file("dump.dat", true, InputFormat::Jsonl) == FileKind::Jsonl);
}

TEST_CASE("directory walks are sorted and ids keep the relative path", "[indexer][input]") {
    auto files = expand_inputs({dossier::test::test_data_dir() + "/bad-inputs"}, InputFormat::Auto);
    std::vector<std::string> ids;
    for (const auto& f : files) {
        ids.push_back(f.id);
        CHECK(f.source.front() == '/');
    }
    CHECK(
        ids
        == std::vector<
            std::
                string>{"README", "archive", "empty", "good", "latin1", "nested/notes", "picture", "records", "table.csv"}
    );
    CHECK_THROWS_AS(expand_inputs({"/no/such/dir"}, InputFormat::Auto), dossier::CorpusError);
}

TEST_CASE(
    "LineReader reads plain and gzip files, CRLF, long lines and a last line without newline",
    "[indexer][input]"
) {
    dossier::test::TempDir dir;
    std::string long_line(200000, 'x');
    std::string content = "first\r\nsecond\n" + long_line + "\nlast";
    { std::ofstream(dir.str("plain.txt"), std::ios::binary) << content; }
    write_gz(dir.str("packed.txt.gz"), content);
    for (const auto& name : {"plain.txt", "packed.txt.gz"}) {
        CAPTURE(name);
        LineReader reader(dir.str(name));
        CHECK(reader.peek(5) == "first");
        std::vector<std::string> lines;
        std::string line;
        while (reader.next(line)) {
            lines.push_back(line);
        }
        CHECK(lines == std::vector<std::string>{"first", "second", long_line, "last"});
        CHECK(reader.line_number() == 4);
        CHECK(read_all(dir.str(name)) == content);
    }
}

TEST_CASE("binary data is recognised, legacy 8-bit text is not", "[indexer][input]") {
    CHECK(looks_binary(std::string("\x89PNG\r\n\x1a\n\0\0", 10)));
    CHECK(looks_binary("\x01\x02\x03\x04\x05\x06 abc"));
    CHECK_FALSE(looks_binary("Caf\xe9 owners protest\n\tnew rules\f"));
}

TEST_CASE("long ids and paths give bounded, distinct terms", "[indexer][schema]") {
    std::string a(1000, 'a');
    std::string b = a;
    b.back() = 'b';
    const std::string ta = schema::id_term(a);
    CHECK(ta.size() <= schema::MAX_TERM_BYTES);
    CHECK(ta != schema::id_term(b));
    CHECK(ta.rfind("Qaaaa", 0) == 0);
    CHECK(schema::id_term("short") == "Qshort");
    // A multi-byte character is never cut in half.
    std::string cyr;
    for (int i = 0; i < 200; ++i) {
        cyr += "\xD0\x96";
    }
    std::string t = schema::source_term(cyr);
    CHECK(t.size() <= schema::MAX_TERM_BYTES);
    CHECK((static_cast<unsigned char>(t[t.find('#') - 1]) & 0xC0) != 0xC0);
}
