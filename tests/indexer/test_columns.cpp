/// Value columns (indexer/columns.hpp): a flat copy of the facet ids' slot beside the articles
/// database, written at the end of each indexer run and of a rebuild, used only while it mirrors
/// the database's revision, and never trusted when it does not add up.
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <unistd.h>
#include <xapian.h>

#include "analyzers/error.hpp"
#include "indexer/columns.hpp"
#include "indexer/db_layout.hpp"
#include "indexer/indexer.hpp"
#include "indexer/schema.hpp"
#include "support/analysis.hpp"
#include "support/paths.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
namespace schema = dossier::indexer::schema;
using dossier::indexer::column_path;
using dossier::indexer::ValueColumn;

namespace {

void index_corpus(const std::string& db, bool rebuild = false) {
    dossier::indexer::IndexOptions opts;
    opts.db = db;
    opts.analysis = dossier::test::analysis();
    opts.inputs = {dossier::test::corpus_dir()};
    opts.rebuild = rebuild;
    opts.in_place = !rebuild;  // a plain database (its columns in db/), batch by batch
    dossier::indexer::run(opts, [](const std::string&) {});
}

/// The value of document `did` in `column` as its slot holds it: the facet ids' column holds the
/// numbers of its dictionary (indexer::FacetDictionary), turned back into ids here; any other
/// column, the value itself.
std::string slot_form(const ValueColumn& column, Xapian::docid did) {
    const dossier::indexer::FacetDictionary* numbers = column.dictionary();
    if (numbers == nullptr) {
        return std::string(column.value(did));
    }
    const auto sections = dossier::indexer::facet_number_sections(column.value(did));
    std::string out;
    for (std::size_t f = 0; f < schema::FACET_COUNT; ++f) {
        std::vector<schema::FacetId> ids;
        dossier::indexer::for_each_facet_number(
            sections[f],
            *numbers,
            f,
            [&](std::uint32_t key_number, std::uint32_t display_number) {
                REQUIRE(numbers->has_key(f, key_number));
                REQUIRE(numbers->has_display(f, display_number));
                const std::uint32_t key = numbers->key_index(f, key_number);
                const std::uint32_t display = numbers->display_index(f, display_number);
                ids.push_back({numbers->display_hash(f, display), numbers->key_hash(f, key)});
                CHECK(numbers->key_index_of(f, numbers->key_hash(f, key)) == key);
            }
        );
        if (!ids.empty()) {
            out = schema::with_facet_ids(out, f, schema::pack_facet_ids(std::move(ids)));
        }
    }
    return out;
}

/// Checks that `column` holds the value of `slot` of every document id of `db`, and nothing past
/// it. Returns the documents with a value.
std::size_t
check_mirrors(const ValueColumn& column, const Xapian::Database& db, Xapian::valueno slot) {
    REQUIRE(column.last_docid() == db.get_lastdocid());
    std::size_t with_values = 0;
    for (Xapian::docid did = 1; did <= db.get_lastdocid(); ++did) {
        std::string expected;
        try {
            expected = db.get_document(did).get_value(slot);
        } catch (const Xapian::DocNotFoundError&) {
            // a deleted document has no value
        }
        INFO("slot " << slot << " document " << did);
        CHECK(slot_form(column, did) == expected);
        with_values += expected.empty() ? 0 : 1;
    }
    CHECK(column.value(db.get_lastdocid() + 1).empty());
    CHECK(column.value(0).empty());
    return with_values;
}

/// check_mirrors() of the facet ids' column, which every article of the corpus has.
void check_mirrors(const ValueColumn& column, const Xapian::Database& db) {
    CHECK(check_mirrors(column, db, schema::SLOT_FACET_IDS) > 0);
}

/// Writes the columns of `articles` (the database at `db`, whose present facet ids' column does
/// not mirror it) and checks the new one.
std::shared_ptr<const ValueColumn>
written_again(const std::string& db, const Xapian::Database& articles) {
    CHECK(dossier::indexer::write_columns(db, articles));
    auto column =
        ValueColumn::open(db, articles, schema::SLOT_FACET_IDS, ValueColumn::Check::Every);
    REQUIRE(column);
    check_mirrors(*column, articles);
    return column;
}

void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

}  // namespace

TEST_CASE(
    "an indexer run leaves a column of the facet ids that mirrors its last commit",
    "[indexer][columns]"
) {
    dossier::test::TempDir dir;
    const std::string db = dir.str("db");
    index_corpus(db);
    const std::string file = column_path(db, schema::SLOT_FACET_IDS);
    REQUIRE(fs::is_regular_file(file));
    {
        const Xapian::Database articles(db);
        const auto column = ValueColumn::open(db, articles, schema::SLOT_FACET_IDS);
        REQUIRE(column);
        check_mirrors(*column, articles);
        // Already mirrored: nothing to write (an indexer run that changed nothing stays quick).
        CHECK_FALSE(dossier::indexer::write_columns(db, articles));
        // The date and the shared story have columns too, each its own file (the corpus has
        // dates, and no story of two articles: an empty column); other slots have none.
        for (const Xapian::valueno slot : {schema::SLOT_DATE, schema::SLOT_STORY_SHARED}) {
            const auto other = ValueColumn::open(db, articles, slot);
            REQUIRE(other);
            CHECK(check_mirrors(*other, articles, slot) == (slot == schema::SLOT_DATE ? 5 : 0));
        }
        CHECK_FALSE(ValueColumn::open(db, articles, schema::SLOT_STORY));
    }

    SECTION("a commit by any writer makes it stale until the next run writes it again") {
        const Xapian::Database before(db);
        const auto old_column = ValueColumn::open(db, before, schema::SLOT_FACET_IDS);
        REQUIRE(old_column);
        {
            // A writer that is not the indexer: delete one article, add a copy of another.
            Xapian::WritableDatabase w(db, Xapian::DB_OPEN);
            Xapian::Document copy = w.get_document(2);
            w.delete_document(1);
            w.add_document(copy);
            w.commit();
        }
        const Xapian::Database after(db);
        CHECK_FALSE(ValueColumn::open(db, after, schema::SLOT_FACET_IDS));
        // A reader of the old revision keeps its column, mapped, whatever happens to the file.
        CHECK(
            slot_form(*old_column, 2) == before.get_document(2).get_value(schema::SLOT_FACET_IDS)
        );
        const auto column = written_again(db, after);
        CHECK(column->value(1).empty());  // deleted
        CHECK(column->value(after.get_lastdocid()) == column->value(2));
    }

    SECTION("a column that does not add up is not used") {
        const Xapian::Database articles(db);
        const std::string bytes = dossier::test::slurp(file);
        REQUIRE(bytes.size() > 100);
        SECTION("truncated") {
            write_file(file, bytes.substr(0, bytes.size() - 1));
        }
        SECTION("cut inside its offsets") {
            write_file(file, bytes.substr(0, 80));
        }
        SECTION("a byte too many") {
            write_file(file, bytes + "x");
        }
        SECTION("another format: the first one, DOSSCOL1, whose ids were hashes") {
            std::string other = bytes;
            other[7] = '1';
            write_file(file, other);
        }
        SECTION("a dictionary cut short") {
            write_file(file, bytes.substr(0, bytes.size() - 8));
        }
        SECTION("empty") {
            write_file(file, "");
        }
        SECTION("missing") {
            fs::remove(file);
        }
        CHECK_FALSE(ValueColumn::open(db, articles, schema::SLOT_FACET_IDS));
        // The next run puts it right.
        written_again(db, articles);
    }

    SECTION("an offset out of order: the reader's value() refuses it, the writer writes again") {
        const Xapian::Database articles(db);
        // The offsets follow the fixed header (32 bytes), the padded UUID and the last
        // document id; offset[1] (where document 2 starts) is the second of them.
        std::string bad = dossier::test::slurp(file);
        const std::size_t uuid = articles.get_uuid().size();
        const std::size_t second_offset = 32 + (uuid + 7) / 8 * 8 + 8 + 8;
        REQUIRE(bad.size() > second_offset + 8);
        bad[second_offset + 6] = '\x7f';  // document 2 starts far past the data
        write_file(file, bad);
        // A reader checks the ends only (constant time) and each value as it reads it.
        const auto column = ValueColumn::open(db, articles, schema::SLOT_FACET_IDS);
        REQUIRE(column);
        CHECK_THROWS_AS(column->value(1), dossier::SchemaError);
        CHECK_THROWS_AS(column->value(2), dossier::SchemaError);
        CHECK(slot_form(*column, 3) == articles.get_document(3).get_value(schema::SLOT_FACET_IDS));
        column->release(articles.get_lastdocid() + 1);  // stays inside the mapping
        // A writer checks every offset.
        CHECK_FALSE(
            ValueColumn::open(db, articles, schema::SLOT_FACET_IDS, ValueColumn::Check::Every)
        );
        written_again(db, articles);
    }

    SECTION("the column of another database is not used, even at the same revision") {
        const std::string other = dir.str("other");
        index_corpus(other);  // the same articles: the same revision and last document id
        const Xapian::Database a(db), b(other);
        REQUIRE(a.get_revision() == b.get_revision());
        REQUIRE(a.get_lastdocid() == b.get_lastdocid());
        fs::copy_file(
            column_path(other, schema::SLOT_FACET_IDS), file, fs::copy_options::overwrite_existing
        );
        CHECK_FALSE(ValueColumn::open(db, a, schema::SLOT_FACET_IDS));
        CHECK(ValueColumn::open(other, b, schema::SLOT_FACET_IDS));
    }

    SECTION("a temporary file a killed writer left is removed by the next write") {
        const std::string left = file + ".tmp-999999";
        write_file(left, "partial");
        fs::remove(file);
        CHECK(dossier::indexer::write_columns(db, Xapian::Database(db)));
        CHECK_FALSE(fs::exists(left));
    }
}

TEST_CASE("a rebuild's new version has its column before the switch", "[indexer][columns]") {
    dossier::test::TempDir dir;
    const std::string db = dir.str("db");
    index_corpus(db);
    index_corpus(db, true);
    const std::string live = dossier::indexer::layout::live_database(db);
    REQUIRE(live != db);
    const Xapian::Database articles(db);  // through the stub, as readers open it
    for (const Xapian::valueno slot : schema::COLUMN_SLOTS) {
        const auto column = ValueColumn::open(live, articles, slot, ValueColumn::Check::Every);
        REQUIRE(column);
        check_mirrors(*column, articles, slot);
        // The old plain database's columns went with its tables.
        CHECK_FALSE(fs::exists(column_path(db, slot)));
    }
}

namespace {

/// This process's resident memory in bytes (/proc/self/statm).
std::size_t resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    std::size_t size = 0, resident = 0;
    statm >> size >> resident;
    return resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

/// The date slot's column of a database at `db` of `documents` documents, document d's date
/// value `value(d)` (the column holds values as they are).
std::shared_ptr<const ValueColumn> date_column_of(
    const std::string& db,
    Xapian::docid documents,
    const std::function<std::string(Xapian::docid)>& value
) {
    {
        Xapian::WritableDatabase w(db, Xapian::DB_CREATE);
        for (Xapian::docid d = 1; d <= documents; ++d) {
            Xapian::Document doc;
            doc.add_value(schema::SLOT_DATE, value(d));
            w.add_document(doc);
        }
        w.commit();
    }
    const Xapian::Database articles(db);
    REQUIRE(dossier::indexer::write_columns(db, articles));
    return ValueColumn::open(db, articles, schema::SLOT_DATE);
}

}  // namespace

TEST_CASE(
    "a reader lets go of the column pages it has passed, and can still read them",
    "[indexer][columns]"
) {
    // 20,000 documents with a 1,000-byte value each: a 20 MB column, read whole as a search
    // matching every document does (the date slot's column holds values as they are).
    dossier::test::TempDir dir;
    constexpr Xapian::docid DOCUMENTS = 20000;
    const auto column = date_column_of(dir.str("db"), DOCUMENTS, [](Xapian::docid d) {
        return std::string(1000, static_cast<char>('a' + d % 26));
    });
    REQUIRE(column);
    const std::size_t before = resident_bytes();
    std::size_t sum = 0;
    for (Xapian::docid d = 1; d <= DOCUMENTS; ++d) {
        sum += static_cast<unsigned char>(column->value(d)[0]);
    }
    CHECK(sum > 0);
    const std::size_t read = resident_bytes();
    CHECK(read > before + 15'000'000);  // the pages read are mapped into this process
    // A reader that has not read the column since its last release (its memo knew every
    // document) passes on without a call: the pages stay.
    dossier::indexer::ColumnCursor idle;
    column->passing(DOCUMENTS + 1, idle);
    CHECK(idle.released == DOCUMENTS + 1);
    CHECK(resident_bytes() + 1'000'000 > read);
    // One that has read lets them go; pages it read above the release stay to be released.
    dossier::indexer::ColumnCursor reader;
    reader.read(DOCUMENTS);
    reader.read(DOCUMENTS / 3);  // the largest document read counts
    column->passing(DOCUMENTS / 2, reader);
    CHECK(reader.read_to == DOCUMENTS);
    column->passing(DOCUMENTS + 1, reader);
    CHECK(reader.released == DOCUMENTS + 1);
    CHECK(reader.read_to == 0);
    const std::size_t released = resident_bytes();
    CHECK(released + 15'000'000 < read);
    // Released pages come back from the page cache on the next read.
    for (Xapian::docid d = 1; d <= DOCUMENTS; d += 997) {
        CHECK(column->value(d) == std::string(1000, static_cast<char>('a' + d % 26)));
    }
}

TEST_CASE(
    "a column of small values is released in steps of megabytes, not of documents",
    "[indexer][columns]"
) {
    dossier::test::TempDir dir;
    constexpr Xapian::docid DOCUMENTS = 40000;
    const auto column = date_column_of(dir.str("db"), DOCUMENTS, [](Xapian::docid d) {
        return "2024-11-0" + std::to_string(d % 10);
    });
    REQUIRE(column);
    // 18 bytes a document (a 10-byte date and its offset): 8 MB is ~466,000 documents.
    CHECK(column->release_step() > 400'000);
    dossier::indexer::ColumnCursor reader;
    reader.read(DOCUMENTS);
    column->passing(DOCUMENTS + 1, reader);
    CHECK(reader.released == 0);  // not a release yet
    CHECK(reader.read_to == DOCUMENTS);
}

namespace {

/// A database at `db` with one document per value of SLOT_FACET_IDS (none for ""), and its facet
/// ids' column as the end of an indexer run writes it.
std::shared_ptr<const ValueColumn>
facet_column_of(const std::string& db, const std::vector<std::string>& values) {
    {
        Xapian::WritableDatabase w(db, Xapian::DB_CREATE);
        for (const auto& v : values) {
            Xapian::Document doc;
            if (!v.empty()) {
                doc.add_value(schema::SLOT_FACET_IDS, v);
            }
            w.add_document(doc);
        }
        w.commit();
    }
    const Xapian::Database articles(db);
    REQUIRE(dossier::indexer::write_columns(db, articles));
    auto column = ValueColumn::open(db, articles, schema::SLOT_FACET_IDS);
    REQUIRE(column);
    REQUIRE(column->dictionary() != nullptr);
    return column;
}

}  // namespace

TEST_CASE(
    "the facet ids' column numbers each facet's ids, and marks a slot it cannot decode",
    "[indexer][columns]"
) {
    dossier::test::TempDir dir;
    const std::string db = dir.str("db");
    const std::size_t person = 4;  // any facet index
    REQUIRE(person < schema::FACET_COUNT);
    auto ids_of = [&](std::vector<schema::FacetId> ids) {
        return schema::with_facet_ids("", person, schema::pack_facet_ids(std::move(ids)));
    };
    const auto column = facet_column_of(
        db,
        {
            ids_of({{11, 1}, {12, 2}}),
            "not facet ids",  // the writer cannot decode it
            "",
            ids_of({{12, 2}, {13, 1}}),  // display 13 is another spelling of key 1
        }
    );
    const Xapian::Database articles(db);
    const dossier::indexer::FacetDictionary* numbers = column->dictionary();
    // Numbered in the order met: keys 1, 2; displays 11, 12, 13.
    CHECK(numbers->facet(person).keys == 2);
    CHECK(numbers->facet(person).displays == 3);
    CHECK(numbers->key_hash(person, 0) == 1);
    CHECK(numbers->key_hash(person, 1) == 2);
    CHECK(numbers->display_hash(person, 2) == 13);
    CHECK(numbers->key_index_of(person, 2) == 1u);
    CHECK_FALSE(numbers->key_index_of(person, 3));
    CHECK_FALSE(numbers->joined(person, 0));  // no alias table, no surname merges
    CHECK(numbers->facet(0).keys == (person == 0 ? 2u : 0u));
    CHECK(slot_form(*column, 1) == articles.get_document(1).get_value(schema::SLOT_FACET_IDS));
    CHECK(slot_form(*column, 4) == articles.get_document(4).get_value(schema::SLOT_FACET_IDS));
    CHECK(column->value(3).empty());
    // The undecodable slot: the one byte UNREADABLE, which no reader takes for numbers; its
    // keys are unknown, so the dictionary has no key frequencies.
    CHECK(column->value(2) == dossier::indexer::UNREADABLE);
    CHECK_FALSE(numbers->has_frequencies());
    CHECK_THROWS_AS(
        dossier::indexer::facet_number_sections(column->value(2)), dossier::SchemaError
    );
}

TEST_CASE(
    "the facet ids' column's dictionary counts each key's documents and keeps its first one",
    "[indexer][columns]"
) {
    dossier::test::TempDir dir;
    const std::string db = dir.str("db");
    const std::size_t person = 4, other = 1;  // any two facet indices
    REQUIRE(person < schema::FACET_COUNT);
    auto ids_of = [&](std::string slot, std::size_t facet, std::vector<schema::FacetId> ids) {
        return schema::with_facet_ids(slot, facet, schema::pack_facet_ids(std::move(ids)));
    };
    const auto column = facet_column_of(
        db,
        {
            ids_of("", person, {{11, 1}, {12, 2}}),
            ids_of("", person, {{12, 2}, {13, 1}}),  // key 1 again, spelt otherwise
            "",
            // Key 3 twice in one article (two spellings): one article; and another facet's
            // key 1, counted apart.
            ids_of(ids_of("", person, {{14, 3}, {15, 3}}), other, {{21, 1}}),
            ids_of("", person, {{11, 1}}),
        }
    );
    const dossier::indexer::FacetDictionary* numbers = column->dictionary();
    REQUIRE(numbers->has_frequencies());
    REQUIRE(numbers->facet(person).keys == 3);
    const std::uint32_t k1 = *numbers->key_index_of(person, 1);
    const std::uint32_t k2 = *numbers->key_index_of(person, 2);
    const std::uint32_t k3 = *numbers->key_index_of(person, 3);
    CHECK(numbers->key_docs(person, k1) == 3);  // articles 1, 2 and 5
    CHECK(numbers->key_first(person, k1) == 1);
    CHECK(numbers->key_docs(person, k2) == 2);
    CHECK(numbers->key_first(person, k2) == 1);
    CHECK(numbers->key_docs(person, k3) == 1);
    CHECK(numbers->key_first(person, k3) == 4);
    REQUIRE(numbers->facet(other).keys == 1);
    CHECK(numbers->key_docs(other, 0) == 1);
    CHECK(numbers->key_first(other, 0) == 4);
}

TEST_CASE(
    "the facet ids' column's decoders refuse garbage without reading past it", "[indexer][columns]"
) {
    // Bytes a damaged file could hold: every section lies inside its value, every number is read
    // inside its section, and a dictionary that does not add up is refused (AddressSanitizer
    // checks the reads in CI).
    std::mt19937 random(19);
    std::size_t refused = 0, parsed = 0;
    for (int round = 0; round < 20000; ++round) {
        std::string bytes(random() % 64, '\0');
        for (char& c : bytes) {
            // Small bytes often, so that facet indices and lengths are plausible.
            c = static_cast<char>(random() % 3 == 0 ? random() % 256 : random() % 8);
        }
        try {
            const auto sections = dossier::indexer::facet_number_sections(bytes);
            for (const std::string_view section : sections) {
                if (section.empty()) {
                    continue;
                }
                CHECK(section.data() >= bytes.data());
                CHECK(section.data() + section.size() <= bytes.data() + bytes.size());
                dossier::indexer::for_each_facet_code(section, [](std::uint32_t, std::uint32_t) {});
            }
            ++parsed;
        } catch (const dossier::SchemaError&) {
            ++refused;
        }
        // A dictionary: 32 bytes of counts per facet, then the arrays they announce.
        std::vector<unsigned char> dictionary(schema::FACET_COUNT * 32 + random() % 256);
        for (auto& b : dictionary) {
            b = static_cast<unsigned char>(random() % 4 == 0 ? random() % 256 : 0);
        }
        const auto d =
            dossier::indexer::FacetDictionary::parse(dictionary.data(), dictionary.size());
        if (d) {
            for (std::size_t f = 0; f < schema::FACET_COUNT; ++f) {
                const auto& facet = d->facet(f);
                CHECK(facet.alone_keys <= facet.keys);
                CHECK(facet.alone_displays <= facet.displays);
                if (facet.keys > 0) {
                    d->key_hash(f, facet.keys - 1);
                    d->key_index_of(f, 42);  // a binary search over whatever the file holds
                    d->key_default(f, facet.keys - 1);
                    d->key_first(f, facet.keys - 1);
                    if (d->has_frequencies()) {
                        d->key_docs(f, facet.keys - 1);
                    }
                }
                if (facet.displays > 0) {
                    d->display_hash(f, facet.displays - 1);
                }
            }
        }
    }
    CHECK(refused > 1000);
    CHECK(parsed > 100);
    // A section lists each value once, by (key number, display code): a reader counts a key once
    // by comparing it with the one before, so a value out of that order or repeated is refused.
    auto codes = [](std::string_view section) {
        std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
        dossier::indexer::for_each_facet_code(section, [&](std::uint32_t key, std::uint32_t code) {
            out.emplace_back(key, code);
        });
        return out;
    };
    using Codes = std::vector<std::pair<std::uint32_t, std::uint32_t>>;
    CHECK(codes(std::string("\x02\x00\x02\x05\x04\x00", 6)) == Codes{{2, 0}, {2, 5}, {4, 0}});
    CHECK(codes(std::string("\x81\x01\x00\x83\x01\x02", 6)) == Codes{{129, 0}, {131, 2}});
    CHECK_THROWS_AS(codes(std::string("\x04\x00\x02\x00", 4)), dossier::SchemaError);
    CHECK_THROWS_AS(codes(std::string("\x02\x05\x02\x00", 4)), dossier::SchemaError);
    CHECK_THROWS_AS(codes(std::string("\x02\x05\x02\x05", 4)), dossier::SchemaError);
}

TEST_CASE(
    "an indexer run leaves a term-frequency table that answers as the database does",
    "[indexer][columns]"
) {
    // The snippets' background model asks for the frequency of every word of each hit's text;
    // the table (indexer::TermFreqs) answers for the unprefixed terms and stems instead of a
    // B-tree read each, and must give exactly the database's answers.
    using dossier::indexer::TermFreqs;
    dossier::test::TempDir dir;
    const std::string db = dir.str("db");
    const bool rebuild = GENERATE(false, true);
    index_corpus(db, rebuild);
    const std::string live = dossier::indexer::layout::live_database(db);
    const std::string file = (fs::path(live) / schema::TERM_FREQS_FILE).string();
    REQUIRE(fs::is_regular_file(file));
    const Xapian::Database articles(db);
    // Mapped (a table of up to TermFreqs::MAP_UP_TO bytes, as this one) or read (a larger one).
    const bool mapped = GENERATE(true, false);
    const auto freqs = TermFreqs::open(live, articles, mapped ? TermFreqs::MAP_UP_TO : 0);
    REQUIRE(freqs);
    CHECK(freqs->mapped() == mapped);
    std::size_t covered = 0, stems = 0, prefixed = 0;
    for (auto t = articles.allterms_begin(); t != articles.allterms_end(); ++t) {
        const std::string term = *t;
        if (!TermFreqs::covers(term)) {
            ++prefixed;  // Q ids, facet terms: not listed, a reader asks the database
            continue;
        }
        INFO(term);
        CHECK(freqs->get(term) == t.get_termfreq());
        ++covered;
        stems += term.front() == 'Z';
    }
    CHECK(freqs->size() == covered);
    CHECK(covered > 1000);
    CHECK(stems > 300);
    CHECK(prefixed > 50);
    for (const std::string absent :
         {"zzzznothing", "Zzzzznothing", "korean troopz", "\xc3\xa9t\xc3\xa9"}) {
        CHECK(articles.get_termfreq(absent) == 0);
        CHECK(freqs->get(absent) == 0);
    }
    CHECK_FALSE(dossier::indexer::write_term_freqs(live, articles));  // already mirrors

    if (!mapped) {
        SECTION("a read table that cannot be read says so, not 0") {
            // Cut in place under the reader (a writer only ever renames a new table over it;
            // this stands for an I/O error): a word whose bucket lay past the cut is unknown,
            // and the snippets then ask the database (snippet_generator.cpp, termfreq()).
            fs::resize_file(file, fs::file_size(file) - 12 * freqs->size());
            CHECK_FALSE(freqs->get("budanov").has_value());
            CHECK(articles.get_termfreq("budanov") > 0);
        }
    }

    SECTION("a commit by another writer makes it stale until the next run writes it again") {
        {
            Xapian::WritableDatabase w(live, Xapian::DB_OPEN);
            Xapian::Document doc;
            doc.add_term("budanov");
            doc.add_term("zzzznothing");
            w.add_document(doc);
            w.commit();
        }
        const Xapian::Database after(db);
        CHECK_FALSE(TermFreqs::open(live, after, mapped ? TermFreqs::MAP_UP_TO : 0));
        CHECK(freqs->get("budanov") == articles.get_termfreq("budanov"));  // the old revision's
        CHECK(dossier::indexer::write_columns(live, after));
        const auto again = TermFreqs::open(live, after, mapped ? TermFreqs::MAP_UP_TO : 0);
        REQUIRE(again);
        CHECK(freqs->get("budanov") == articles.get_termfreq("budanov"));  // still the old file
        CHECK(again->get("budanov") == articles.get_termfreq("budanov") + 1);
        CHECK(again->get("zzzznothing") == 1);
    }

    SECTION("a table that does not add up is not used") {
        const std::string bytes = dossier::test::slurp(file);
        REQUIRE(bytes.size() > 100);
        SECTION("truncated") {
            write_file(file, bytes.substr(0, bytes.size() - 1));
        }
        SECTION("a byte too many") {
            write_file(file, bytes + "x");
        }
        SECTION("cut inside its buckets") {
            write_file(file, bytes.substr(0, 200));
        }
        SECTION("buckets out of order") {
            // The first bucket's start (after the header and the count) made past the last entry.
            std::string bad = bytes;
            const std::size_t uuid = articles.get_uuid().size();
            const std::size_t first_bucket = 32 + (uuid + 7) / 8 * 8 + 8 + 8;
            bad[first_bucket + 3] = '\x7f';
            write_file(file, bad);
        }
        SECTION("empty") {
            write_file(file, "");
        }
        SECTION("missing") {
            fs::remove(file);
        }
        CHECK_FALSE(TermFreqs::open(live, articles, mapped ? TermFreqs::MAP_UP_TO : 0));
        CHECK(dossier::indexer::write_columns(live, articles));
        CHECK(TermFreqs::open(live, articles, mapped ? TermFreqs::MAP_UP_TO : 0));
    }
}
