#include <algorithm>
#include <map>
#include <set>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "indexer/document_builder.hpp"
#include "indexer/schema.hpp"
#include "support/analysis.hpp"

using namespace dossier::indexer;

namespace {

std::set<std::string> terms_of(const Xapian::Document& doc) {
    std::set<std::string> out;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        out.insert(*it);
    }
    return out;
}

Article article(const std::string& text, const std::string& title = "Title") {
    Article a;
    a.id = "a1";
    a.title = title;
    a.text = text;
    a.path = "corpus/a1.txt";
    return a;
}

}  // namespace

TEST_CASE("numbers with thousands separators are indexed in both spellings", "[indexer][builder]") {
    DocumentBuilder builder(dossier::test::analysis());
    auto terms =
        terms_of(builder.build(article("Up to 12,000 troops and 1,234,567.5 dollars, not 12,34.")));
    CHECK(terms.count("12,000"));
    CHECK(terms.count("12000"));
    CHECK(terms.count("1234567.5"));
    CHECK_FALSE(terms.count("1234"));  // "12,34" is not a thousands group
}

TEST_CASE("number variants share the original's positions so phrases work", "[indexer][builder]") {
    DocumentBuilder builder(dossier::test::analysis());
    Xapian::Document doc = builder.build(article("up to 12,000 troops"));
    std::vector<Xapian::termpos> a, b;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        auto& dest = *it == "12,000" ? a : *it == "12000" ? b : a;
        if (*it == "12,000" || *it == "12000") {
            for (auto p = it.positionlist_begin(); p != it.positionlist_end(); ++p) {
                dest.push_back(*p);
            }
        }
    }
    CHECK_FALSE(a.empty());
    CHECK(a == b);
}

TEST_CASE(
    "documents carry the id term, title terms, stems and the content hash", "[indexer][builder]"
) {
    DocumentBuilder builder(dossier::test::analysis());
    Xapian::Document doc =
        builder.build(article("Heavy casualties were reported.", "Casualties in Kursk"));
    auto terms = terms_of(doc);
    CHECK(terms.count("Qa1"));
    CHECK(terms.count("Scasualties"));
    CHECK(terms.count("Zcasualti"));  // Snowball English stem
    CHECK(terms.count("casualties"));
    CHECK(doc.get_value(schema::SLOT_CONTENT_HASH).size() == 16);
}

TEST_CASE("the content hash changes with the text and only with it", "[indexer][builder]") {
    auto a = article("one text");
    auto b = article("one text");
    auto c = article("another text");
    const DocumentBuilder builder(dossier::test::analysis());
    CHECK(builder.content_hash(a) == builder.content_hash(b));
    CHECK(builder.content_hash(a) != builder.content_hash(c));
}

TEST_CASE(
    "extraction is stored as facet terms, packed value slots and JSON data",
    "[indexer][builder][extraction]"
) {
    DocumentBuilder builder(dossier::test::analysis());
    auto doc =
        builder.build(article("Recently, Lt. Gen. Kyrylo Budanov, head of Ukraine's Defense "
                              "Intelligence Directorate, asserted, \"We have to wait some time.\" "
                              "Reports indicated up to 12,000 troops deployed to the Kursk region.")
        );
    auto terms = terms_of(doc);
    CHECK(terms.count(schema::facet_term(schema::PREFIX_SPEAKER, "Kyrylo Budanov")));
    CHECK(terms.count(schema::facet_term(schema::PREFIX_ORG, "Defense Intelligence Directorate")));
    CHECK(terms.count(schema::facet_term(schema::PREFIX_FIGURE, "troops")));
    CHECK(
        schema::unpack_values(doc.get_value(schema::SLOT_SPEAKERS))
        == std::vector<std::string>{"Kyrylo Budanov"}
    );
    CHECK(
        schema::unpack_values(doc.get_value(schema::SLOT_ORGS))
        == std::vector<std::string>{"Defense Intelligence Directorate"}
    );
    CHECK(
        schema::unpack_values(doc.get_value(schema::SLOT_FIGURE_TYPES))
        == std::vector<std::string>{"troops"}
    );
    auto data = nlohmann::json::parse(doc.get_data());
    const auto& x = data[schema::DATA_EXTRACTION];
    CHECK(x["speakers"] == nlohmann::json::array({"Kyrylo Budanov"}));
    REQUIRE(x["figures"].size() == 1);
    CHECK(x["figures"][0]["value"] == 12000);
    CHECK(x["figures"][0]["qualifier"] == "upper_bound");
    CHECK(x["quotes"][0]["speaker"] == "Kyrylo Budanov");
}

TEST_CASE(
    "an article with nothing to extract gets empty slots and lists",
    "[indexer][builder][extraction]"
) {
    DocumentBuilder builder(dossier::test::analysis());
    auto doc = builder.build(article("the weather was mild and nobody spoke"));
    CHECK(schema::unpack_values(doc.get_value(schema::SLOT_SPEAKERS)).empty());
    auto data = nlohmann::json::parse(doc.get_data());
    CHECK(data[schema::DATA_EXTRACTION]["quotes"].empty());
}

TEST_CASE(
    "a quotation gets the terms its text gets in an article body", "[indexer][builder][terms]"
) {
    // Both go through TermWriter: what the quotes view matches is what articles match.
    const std::string quote =
        "We are seeing 12,000 troops near the border and Zelenskyy's office says it is ready";
    const auto& config = dossier::test::analysis();
    TermWriter terms(*config.aliases);
    Xapian::Document passage;
    terms.index_passage(passage, quote);
    Xapian::Document body;
    terms.index_article(body, "", quote, FieldWeights{1, 1});

    std::map<std::string, Xapian::termcount> a, b;
    for (auto it = passage.termlist_begin(); it != passage.termlist_end(); ++it) {
        a[*it] = it.get_wdf();
    }
    for (auto it = body.termlist_begin(); it != body.termlist_end(); ++it) {
        b[*it] = it.get_wdf();
    }
    CHECK(a == b);
    // Stems under the schema's prefix and stemmer, number variants, alias groups.
    CHECK(a.count(schema::stem_term(schema::stemmer(), "seeing")));
    CHECK(a.count("12000"));
    CHECK(std::any_of(a.begin(), a.end(), [](const auto& t) {
        return t.first.rfind(schema::PREFIX_ALIAS, 0) == 0;
    }));
}

TEST_CASE("articles are stemmed with the schema's stemmer", "[indexer][builder][terms]") {
    DocumentBuilder builder(dossier::test::analysis());
    auto terms = terms_of(builder.build(article("Casualties were reported in the villages.")));
    const Xapian::Stem stem = schema::stemmer();
    CHECK(terms.count(schema::stem_term(stem, "casualties")));
    CHECK(terms.count(schema::stem_term(stem, "villages")));
    CHECK(terms.count("casualties"));  // the exact word too (STEM_SOME)
}
