#include "indexer/document_builder.hpp"

#include <cstdint>
#include <vector>

#include <fmt/format.h>

#include "analyzers/aliases.hpp"
#include "analyzers/extractor.hpp"
#include "analyzers/hash.hpp"
#include "analyzers/normalizer.hpp"
#include "analyzers/similarity.hpp"
#include "analyzers/text.hpp"
#include "indexer/dating.hpp"
#include "indexer/schema.hpp"

namespace dossier::indexer {

namespace {

/// "12,000" or "1,234,567.5" (digits in groups of three): the form without separators, else "".
std::string strip_thousands(std::string_view t) {
    std::size_t i = 0;
    std::size_t lead = 0;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
        ++i;
        ++lead;
    }
    if (lead == 0 || lead > 3 || i == t.size() || t[i] != ',') {
        return {};
    }
    std::string out(t.substr(0, i));
    while (i < t.size() && t[i] == ',') {
        for (std::size_t k = 1; k <= 3; ++k) {
            if (i + k >= t.size() || t[i + k] < '0' || t[i + k] > '9') {
                return {};
            }
        }
        out.append(t.substr(i + 1, 3));
        i += 4;
    }
    if (i < t.size()) {
        if (t[i] != '.') {
            return {};
        }
        std::string_view frac = t.substr(i);
        for (std::size_t k = 1; k < frac.size(); ++k) {
            if (frac[k] < '0' || frac[k] > '9') {
                return {};
            }
        }
        out.append(frac);
    }
    return out;
}

}  // namespace

void add_number_variants(Xapian::Document& doc) {
    struct Variant {
        std::string term;
        Xapian::termcount wdf;
        std::vector<Xapian::termpos> positions;
    };

    std::vector<Variant> variants;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        const std::string term = *it;
        const std::string_view stem_prefix = schema::PREFIX_STEM;
        const bool stemmed = term.rfind(stem_prefix, 0) == 0;
        std::string plain = strip_thousands(
            stemmed ? std::string_view(term).substr(stem_prefix.size()) : std::string_view(term)
        );
        if (plain.empty()) {
            continue;
        }
        Variant v{(stemmed ? std::string(stem_prefix) : std::string()) + plain, it.get_wdf(), {}};
        for (auto p = it.positionlist_begin(); p != it.positionlist_end(); ++p) {
            v.positions.push_back(*p);
        }
        variants.push_back(std::move(v));
    }
    for (const auto& v : variants) {
        if (v.positions.empty()) {
            doc.add_term(v.term, v.wdf);
        } else {
            for (auto pos : v.positions) {
                doc.add_posting(v.term, pos);
            }
        }
    }
}

std::size_t drop_overlong_terms(Xapian::Document& doc) {
    std::vector<std::string> overlong;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        if ((*it).size() > schema::MAX_TERM_BYTES) {
            overlong.push_back(*it);
        }
    }
    for (const auto& term : overlong) {
        doc.remove_term(term);
    }
    return overlong.size();
}

void add_alias_terms(
    Xapian::Document& doc,
    const analyzers::AliasTable& aliases,
    std::string_view title,
    Xapian::termcount title_weight,
    std::string_view body,
    Xapian::termcount body_weight
) {
    std::vector<Xapian::termcount> wdf(aliases.groups().size(), 0);
    for (const auto& m : aliases.find_mentions(title, analyzers::MentionMode::All)) {
        wdf[m.group] += title_weight;
    }
    for (const auto& m : aliases.find_mentions(body, analyzers::MentionMode::All)) {
        wdf[m.group] += body_weight;
    }
    for (std::size_t g = 0; g < wdf.size(); ++g) {
        if (wdf[g] > 0) {
            doc.add_term(std::string(schema::PREFIX_ALIAS) + aliases.group_key(g), wdf[g]);
        }
    }
}

DocumentBuilder::DocumentBuilder(const analyzers::AnalysisConfig& analysis, FieldWeights weights)
    : m_analysis(analysis),
      m_weights(weights),
      // The alias table decides the XA terms: editing it makes the next run re-analyse
      // everything. So do the extraction data files (gazetteers, word lists): facets follow them.
      m_versions{
          std::to_string(schema::SCHEMA_VERSION),
          std::to_string(analysis.aliases->fingerprint()),
          std::to_string(analysis.extractor->fingerprint())},
      m_terms(*m_analysis.aliases) {}

class TermWriter::Attached {
public:
    Attached(TermWriter& w, Xapian::Document& doc) : m_w(w) { m_w.m_termgen.set_document(doc); }

    ~Attached() { m_w.m_termgen.set_document(m_w.m_detached); }

    Attached(const Attached&) = delete;
    Attached& operator=(const Attached&) = delete;

private:
    TermWriter& m_w;
};

TermWriter::TermWriter(const analyzers::AliasTable& aliases) : m_aliases(aliases) {
    m_termgen.set_stemmer(schema::stemmer());
    m_termgen.set_stemming_strategy(schema::INDEX_STEM_STRATEGY);
    m_termgen.set_document(m_detached);
}

void TermWriter::index_article(
    Xapian::Document& doc, const std::string& title, const std::string& body, FieldWeights weights
) {
    const Attached attached(*this, doc);
    m_termgen.index_text(title, 1, schema::PREFIX_TITLE);
    m_termgen.increase_termpos();
    m_termgen.index_text(title, weights.title);
    m_termgen.increase_termpos();
    m_termgen.index_text(body, weights.body);
    add_number_variants(doc);
    add_alias_terms(doc, m_aliases, title, weights.title, body, weights.body);
}

void TermWriter::index_passage(Xapian::Document& doc, const std::string& text) {
    const Attached attached(*this, doc);
    m_termgen.index_text(text);
    add_number_variants(doc);
    add_alias_terms(doc, m_aliases, "", 0, text, 1);
}

std::string DocumentBuilder::content_hash(const Article& article) const {
    return content_hash(article, resolve_date(article));
}

std::string DocumentBuilder::content_hash(const Article& article, const ArticleDate& date) const {
    analyzers::Fnv1a64 h;
    auto mix = [&h](std::string_view s) { h.field(s); };
    mix(article.id);
    mix(article.title);
    mix(article.text);
    mix(article.extra.dump());
    mix(article.source);  // a moved article is rewritten, so its P term follows it (--prune)
    mix(date.iso);        // a file-time date changes with the file's mtime, not with its text
    mix(date.source);
    for (const auto& v : m_versions) {
        mix(v);
    }
    return fmt::format("{:016x}", h.value());
}

Xapian::Document
DocumentBuilder::build(const Article& article, std::vector<std::string>* warnings) {
    Xapian::Document doc;
    const std::string title = analyzers::normalize(article.title);
    bool transliterated = false;
    const std::string body = analyzers::normalize(article.text, transliterated);
    m_terms.index_article(doc, title, body, m_weights);

    doc.add_boolean_term(schema::id_term(article.id));
    if (!article.source.empty()) {
        doc.add_boolean_term(schema::source_term(article.source));
    }
    const ArticleDate date = resolve_date(article);
    doc.add_value(schema::SLOT_CONTENT_HASH, content_hash(article, date));
    if (!date.iso.empty()) {
        // YYYYMMDD, for date:FROM..TO ranges and timelines.
        doc.add_value(
            schema::SLOT_DATE, date.iso.substr(0, 4) + date.iso.substr(5, 2) + date.iso.substr(8, 2)
        );
    }

    // Near-duplicates: the body's signature, its band keys as boolean terms (candidates), and
    // the article's own story until StoryTracker/assign_stories link it to others.
    const analyzers::Signature signature = analyzers::minhash(body);
    for (const auto& key : signature.band_keys()) {
        doc.add_boolean_term(schema::PREFIX_BAND + key);
    }
    if (!signature.empty()) {
        doc.add_value(schema::SLOT_SIGNATURE, signature.serialise());
    }
    doc.add_value(schema::SLOT_STORY, schema::id_term(article.id).substr(1));

    // Extraction: facet terms for filtering, packed slots for counting, JSON for display.
    const analyzers::Extraction extraction =
        m_analysis.extractor->extract(article.title, article.text);
    if (warnings != nullptr && !extraction.capped.empty()) {
        warnings->push_back(analyzers::capped_note(extraction));
    }
    for (const schema::FacetSpec& facet : schema::FACETS) {
        schema::add_facet_values(doc, facet, facet.values(extraction));
    }

    nlohmann::json data = {
        {schema::DATA_ID, article.id},
        {schema::DATA_TITLE, article.title},
        {schema::DATA_PATH, article.path},
        {schema::DATA_TEXT, article.text},
        {schema::DATA_EXTRA, article.extra},
        {schema::DATA_EXTRACTION, analyzers::to_json(extraction)},
    };
    if (!article.source.empty()) {
        data[schema::DATA_SOURCE] = article.source;
    }
    if (transliterated) {
        data[schema::DATA_TEXT_FOLDED] = analyzers::collapse_space(body);
    }
    if (!date.iso.empty()) {
        data[schema::DATA_DATE] = date.iso;
        data[schema::DATA_DATE_SOURCE] = date.source;
    }
    doc.set_data(data.dump());
    return doc;
}

}  // namespace dossier::indexer
