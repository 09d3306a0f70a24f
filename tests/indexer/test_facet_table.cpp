// schema::FACETS: one row per facet, the only place a facet's names, prefix and slot are written.
#include <set>
#include <string>

#include <catch2/catch.hpp>

#include "analyzers/extractor.hpp"
#include "indexer/document_builder.hpp"
#include "indexer/schema.hpp"
#include "support/analysis.hpp"
#include "support/paths.hpp"

using namespace dossier::indexer;

TEST_CASE("facet rows have distinct names, prefixes and slots", "[indexer][facets]") {
    std::set<std::string> names, hit_keys, fields, flags, prefixes;
    std::set<Xapian::valueno> slots;
    for (const schema::FacetSpec& f : schema::FACETS) {
        CAPTURE(f.name);
        CHECK(names.insert(f.name).second);
        CHECK(hit_keys.insert(f.hit_key).second);
        CHECK(fields.insert(f.field).second);
        CHECK(flags.insert(f.cli_flag).second);
        CHECK(std::string(f.cli_flag).starts_with("--"));
        CHECK(prefixes.insert(f.prefix).second);
        // Dossier's own prefixes are X + capitals (Omega's convention), and no facet prefix
        // may be a prefix of another (their term lists would mix).
        CHECK(std::string(f.prefix).starts_with("X"));
        CHECK(slots.insert(f.slot).second);
        CHECK(f.slot != schema::SLOT_CONTENT_HASH);
        CHECK(f.slot != schema::SLOT_DATE);
        CHECK(f.slot != schema::SLOT_FACET_IDS);
        CHECK(f.values != nullptr);
    }
    for (const auto& a : prefixes) {
        for (const auto& b : prefixes) {
            CHECK((a == b || !b.starts_with(a)));
        }
        CHECK_FALSE(std::string(schema::PREFIX_ALIAS).starts_with(a));
        CHECK_FALSE(a.starts_with(schema::PREFIX_ALIAS));
    }
    CHECK(schema::FACET_COUNT == std::size(schema::FACETS));
}

TEST_CASE("each facet row's extractor fills its terms and slot", "[indexer][facets]") {
    const auto& extractor = *dossier::test::analysis().extractor;
    Article a;
    a.id = "000";
    a.path = "corpus/000.txt";
    const std::string file =
        dossier::test::slurp(dossier::test::corpus_dir() + "/000_2b5076e200270314.txt");
    a.title = file.substr(0, file.find('\n'));
    a.text = file.substr(file.find('\n') + 1);
    const auto extraction = extractor.extract(a.title, a.text);
    DocumentBuilder builder(dossier::test::analysis());
    const Xapian::Document doc = builder.build(a);
    std::set<std::string> terms;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        terms.insert(*it);
    }
    for (const schema::FacetSpec& f : schema::FACETS) {
        CAPTURE(f.name);
        const auto values = f.values(extraction);
        CHECK_FALSE(values.empty());  // the article has speakers, organizations and figures
        CHECK(doc.get_value(f.slot) == schema::pack_values(values));
        for (const auto& v : values) {
            CHECK(terms.count(schema::facet_term(f.prefix, v)) == 1);
        }
    }
}
