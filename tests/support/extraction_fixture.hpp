/// Indexes corpus/ with a hand-made extraction (in place of the extractors' own) stored exactly as
/// the on-disk contract says
/// (indexer/schema.hpp, analyzers/extraction.hpp): facet terms, packed value slots and the
/// "extraction" object of the document data. It lets the searcher's facets, filters, figures and
/// quotes be tested independently of the extractors' accuracy.
#pragma once

#include <algorithm>
#include <array>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "indexer/document_builder.hpp"
#include "indexer/index_writer.hpp"
#include "indexer/schema.hpp"
#include "indexer/text_reader.hpp"
#include "support/analysis.hpp"
#include "support/paths.hpp"

namespace dossier::test {

struct FakeFigure {
    std::string type;
    double value = 0;
    std::string qualifier = "exact";
    std::optional<std::string> attributed_to;
    std::string surface;  ///< as written in the article; its sentence is looked up
    std::string currency = "";
    std::string date = "";
};

struct FakeQuote {
    std::optional<std::string> speaker;
    std::string text;  ///< as written in the article
    bool direct = true;
};

struct FakeExtraction {
    std::string id;  ///< corpus file stem
    std::vector<std::string> speakers;
    std::vector<std::string> organizations;
    std::vector<FakeQuote> quotes;
    std::vector<FakeFigure> figures;
};

/// Hand annotations of the five corpus articles (a subset: enough to test counting, not recall).
/// Spellings vary on purpose ("Volodymyr Zelenskyy" / "Volodymyr Zelensky") as an extractor that
/// does not canonicalise would store them.
inline std::vector<FakeExtraction> corpus_annotations() {
    return {
        {"000_2b5076e200270314",
         {"Kyrylo Budanov", "Cho Tae-yong", "Volodymyr Zelensky", "Mikhalio Podolyak"},
         {"Defense Intelligence Directorate",
          "The New York Times",
          "CNN",
          "National Intelligence Service"},
         {{"Kyrylo Budanov",
           "We have to wait some time to see if there are any real changes or if this is just "
           "lower activities for a couple of days."},
          {"Kyrylo Budanov", "Reports in the media are wrong."},
          {std::nullopt, "Self-detonation and suicides: that's the reality about North Korea."},
          {"Mikhalio Podolyak",
           "Some North Korean units have been pulled back from the front line... even Kim Jong-un "
           "values the lives of his subjects more than Putin values Russians."}},
         {{"troops", 12000, "upper_bound", std::nullopt, "up to 12,000 troops"},
          {"casualties",
           4000,
           "upper_bound",
           "Kyrylo Budanov",
           "as high as 4,000 killed and wounded"},
          {"captured", 2, "exact", "Volodymyr Zelensky", "capture of two North Korean soldiers"},
          {"age", 19, "exact", std::nullopt, "aged 19 and 25"}}},
        {"001_1eb6d0dfee52ccb7",
         {"Volodymyr Zelenskyy", "Yevgen Yerin", "Yuri Ushakov"},
         {"Special Operations Forces",
          "National Intelligence Service",
          "Defense Intelligence Directorate"},
         {{"Yevgen Yerin",
           "The involvement of the North Koreans in the fighting has not had a significant impact "
           "on the situation. It is not such a significant number of personnel. But they are also "
           "learning. And we cannot underestimate the enemy."},
          {std::nullopt, "a burden"}},
         {{"troops", 12000, "lower_bound", std::nullopt, "more than 12,000 of its troops"},
          {"casualties", 3000, "lower_bound", "Volodymyr Zelenskyy", "over 3,000 casualties"},
          {"casualties",
           1100,
           "lower_bound",
           "National Intelligence Service",
           "at least 1,100 casualties"},
          {"date", 20231209, "exact", std::nullopt, "December 9", "", "2023-12-09"}}},
        {"002_59abcb7cce7c1883",
         {"Volodymyr Zelensky", "Pat Ryder", "Edward Howell", "Konstantin Sonin"},
         {"Defense Intelligence Directorate",
          "Pentagon",
          "The Kyiv Independent",
          "Institute for the Study of War",
          "Chatham House"},
         {{"Volodymyr Zelensky", "Not a single reason for North Koreans to die in this war."},
          {"Institute for the Study of War",
           "The poor integration and communication problems between Russian and North Korean "
           "forces will likely continue to cause friction..."},
          {"Edward Howell", "North Korean troops have now become Putin's cannon fodder."},
          {"Konstantin Sonin",
           "It’s perhaps at an experimental stage so if it works, maybe they will try to use "
           "100,000 North Korean troops..."}},
         {{"killed",
           8,
           "exact",
           "Defense Intelligence Directorate",
           "deaths of eight Russian soldiers"},
          {"troops", 10000, "approximate", "Pentagon", "around 10,000 North Korean soldiers"},
          {"casualties",
           30,
           "approximate",
           std::nullopt,
           "approximately 30 North Korean troops were killed or wounded"},
          {"troops", 50000, "approximate", "Volodymyr Zelensky", "around 50,000 soldiers"},
          {"money", 5.6e9, "exact", std::nullopt, "$5.6 billion", "USD"}}},
        {"003_b153a9dce5a7b7c6",
         {"Volodymyr Zelenskyy"},
         {"National Intelligence Service"},
         {},
         {{"wounded", 24, "approximate", std::nullopt, "two dozen injured soldiers"},
          {"troops",
           12000,
           "upper_bound",
           "National Intelligence Service",
           "as many as 12,000 North Korean troops"},
          {"casualties",
           1000,
           "lower_bound",
           "National Intelligence Service",
           "over 1,000 North Korean soldiers had been killed or injured"},
          {"casualties", 3000, "lower_bound", "Volodymyr Zelenskyy", "exceeded 3,000"}}},
        {"004_0da5bea54c4e428b",
         {"Oleksandr Kindratenko", "Oleksandr Syrsky"},
         {"Special Operations Forces",
          "Ukrainska Pravda",
          "The New York Times",
          "The Kyiv Independent"},
         {{"Oleksandr Kindratenko",
           "Special Operations Forces report only on areas where our units operate. We inform "
           "you...presence of North Korean troops has not been observed for about three weeks. "
           "Most likely, after suffering heavy losses, they were forced to withdraw,"},
          {"The New York Times",
           "North Korean soldiers who joined their Russian allies...have been pulled off the front "
           "lines after suffering heavy casualties,"},
          {std::nullopt, "These are standard measures – rotation due to large casualties,"}},
         {{"troops", 11000, "exact", std::nullopt, "11,000 troops"},
          {"proportion", 0.5, "approximate", "Oleksandr Syrsky", "about half of these troops"},
          {"killed",
           21,
           "exact",
           "Special Operations Forces",
           "killing of 21 North Korean soldiers"},
          {"wounded",
           40,
           "exact",
           "Special Operations Forces",
           "injuries sustained by 40 others"}}},
    };
}

/// The sentence of `text` around byte `pos` (a rough split on ". ", enough for fixtures).
inline std::string sentence_around(const std::string& text, std::size_t pos) {
    std::size_t b = text.rfind(". ", pos);
    b = b == std::string::npos ? 0 : b + 2;
    std::size_t nl = text.rfind('\n', pos);
    if (nl != std::string::npos && nl + 1 > b) {
        b = nl + 1;
    }
    std::size_t e = text.find_first_of(".\n", pos);
    e = e == std::string::npos ? text.size() : e + 1;
    return text.substr(b, e - b);
}

/// A Xapian document for `article` carrying `ex` as the contract prescribes.
inline Xapian::Document extracted_document(
    indexer::DocumentBuilder& builder, const indexer::Article& article, const FakeExtraction& ex
) {
    namespace schema = indexer::schema;
    Xapian::Document doc = builder.build(article);
    // The builder's own extraction is replaced by the annotation: terms, slots and data.
    // Speakers, organizations and figure types: their key and spelling terms and both slots.
    auto spec = [](std::string_view prefix) -> const schema::FacetSpec* {
        for (const auto& f : schema::FACETS) {
            if (prefix == f.prefix) {
                return &f;
            }
        }
        throw std::logic_error("fixture: no facet of prefix " + std::string(prefix));
    };
    const std::array<const schema::FacetSpec*, 3> replaced = {
        spec(schema::PREFIX_SPEAKER), spec(schema::PREFIX_ORG), spec(schema::PREFIX_FIGURE)};
    std::vector<std::string> extracted;
    for (const schema::FacetSpec* facet : replaced) {
        const std::string spelling = schema::spelling_prefix(facet->prefix);
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            if (std::string_view(*t).starts_with(facet->prefix)
                || std::string_view(*t).starts_with(spelling)) {
                extracted.push_back(*t);
            }
        }
        doc.remove_value(facet->slot);
    }
    for (const auto& t : extracted) {
        doc.remove_term(t);
    }
    std::vector<std::string> types;
    nlohmann::json figures = nlohmann::json::array();
    std::size_t index = 0;
    for (const auto& f : ex.figures) {
        std::size_t pos = article.text.find(f.surface);
        if (pos == std::string::npos) {
            throw std::runtime_error("fixture: '" + f.surface + "' not in " + ex.id);
        }
        types.push_back(f.type);
        figures.push_back({
            {"type", f.type},
            {"value", f.value},
            {"date", f.date},
            {"currency", f.currency},
            {"unit", ""},
            {"qualifier", f.qualifier},
            {"surface", f.surface},
            {"sentence", sentence_around(article.text, pos)},
            {"sentence_index", index++},
            {"begin", pos},
            {"end", pos + f.surface.size()},
            {"attributed_to",
             f.attributed_to ? nlohmann::json(*f.attributed_to) : nlohmann::json(nullptr)},
        });
    }
    nlohmann::json quotes = nlohmann::json::array();
    for (const auto& q : ex.quotes) {
        std::size_t pos = article.text.find(q.text);
        if (pos == std::string::npos) {
            throw std::runtime_error("fixture: quote '" + q.text + "' not in " + ex.id);
        }
        quotes.push_back({
            {"text", q.text},
            {"speaker", q.speaker ? nlohmann::json(*q.speaker) : nlohmann::json(nullptr)},
            {"direct", q.direct},
            {"begin", pos},
            {"end", pos + q.text.size()},
            {"sentence", 0},
        });
    }
    schema::add_facet_values(doc, *replaced[0], ex.speakers);
    schema::add_facet_values(doc, *replaced[1], ex.organizations);
    schema::add_facet_values(doc, *replaced[2], types);
    nlohmann::json data = nlohmann::json::parse(doc.get_data());
    data[schema::DATA_EXTRACTION] = {
        {"speakers", ex.speakers},
        {"organizations", ex.organizations},
        {"quotes", quotes},
        {"figures", figures},
    };
    doc.set_data(data.dump());
    return doc;
}

/// Writes corpus/ with corpus_annotations() into a new database at `db`.
inline void build_annotated_corpus(const std::string& db) {
    indexer::IndexWriter writer(db, analysis());
    indexer::DocumentBuilder builder(analysis());
    for (const auto& ex : corpus_annotations()) {
        indexer::ReadReport report;
        indexer::Article a =
            indexer::read_text_article(corpus_dir() + "/" + ex.id + ".txt", report);
        writer.put_document(a.id, extracted_document(builder, a, ex));
    }
    writer.commit();
}

}  // namespace dossier::test
