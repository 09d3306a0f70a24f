/// Turns an Article into a Xapian::Document following schema.hpp. Pure: no database access.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <xapian.h>

#include "analyzers/analysis_config.hpp"
#include "indexer/article.hpp"
#include "indexer/dating.hpp"

namespace dossier::indexer {

/// Ranking-relevant weights of the fields (within-document frequency increments).
struct FieldWeights {
    Xapian::termcount title = 3;  ///< each title word counts as this many body occurrences
    Xapian::termcount body = 1;
};

/// The one unit that turns (normalized) text into free-text terms, for articles and quotations
/// alike: Xapian word splitting with positions, the schema's stemmer and strategy
/// (schema::STEMMER_LANGUAGE, "Z" terms), number variants, alias group terms ("XA") from `aliases`.
/// Not thread-safe (owns a TermGenerator); `aliases` must outlive it.
class TermWriter {
public:
    explicit TermWriter(const analyzers::AliasTable& aliases);

    /// An article: the title's words under schema::PREFIX_TITLE, then the title and the body as
    /// free text, weighted by `weights`.
    void index_article(
        Xapian::Document& doc,
        const std::string& title,
        const std::string& body,
        FieldWeights weights
    );

    /// A passage (a quotation): its words as free text, each occurrence counting once.
    void index_passage(Xapian::Document& doc, const std::string& text);

private:
    /// Attaches `doc` to the TermGenerator for one call and detaches it (to m_detached) when the
    /// call ends: set_document() keeps a reference, and Xapian 1.4 counts references without
    /// atomics, so a document left attached and handed to another thread (the pipeline's writer)
    /// had its count changed from two threads at once; a lost decrement leaked it
    /// (LeakSanitizer, tests/integration/test_abuse.cpp).
    class Attached;

    const analyzers::AliasTable& m_aliases;
    Xapian::TermGenerator m_termgen;
    Xapian::Document m_detached;  ///< this thread's own: attached between calls
};

/// Analyses articles into documents (free text through TermWriter): ICU normalization
/// (analyzers::normalize), Xapian word splitting with positions, Snowball English stems ("Z"
/// terms), number variants ("12,000" also as "12000"), alias group terms ("XA", from the
/// configuration's table), the title under "S", the unique id term, the content hash and the stored
/// data. Runs the Extractor and stores its results: boolean facet terms (XSPK, XORG, XFIG), packed
/// value slots (SLOT_SPEAKERS, SLOT_ORGS, SLOT_FIGURE_TYPES) and the full extraction as JSON under
/// DATA_EXTRACTION.
/// Not thread-safe (owns a TermGenerator): use one builder per thread; the AnalysisConfig (alias
/// table, Extractor) is shared.
class DocumentBuilder {
public:
    /// Analyses with `analysis` (its alias table and extractor, shared, not copied).
    explicit DocumentBuilder(const analyzers::AnalysisConfig& analysis, FieldWeights weights = {});

    /// The document of `article`. `warnings`, when given, receives a line (naming no input)
    /// for what the analysis left out: the extraction's per-article caps
    /// (analyzers::capped_note()); the text is indexed in full all the same.
    Xapian::Document build(const Article& article, std::vector<std::string>* warnings = nullptr);

    /// FNV-1a 64 of everything that decides the document (the article, the schema version and
    /// the fingerprints of the alias table and the extraction data), as 16 hex digits.
    std::string content_hash(const Article& article) const;

    /// The same with the article's date already resolved (it is part of the hash: a date taken
    /// from the file's mtime changes when the file is touched).
    std::string content_hash(const Article& article, const ArticleDate& date) const;

private:
    analyzers::AnalysisConfig m_analysis;
    FieldWeights m_weights;
    std::string m_versions[3];  ///< schema version, alias and extractor fingerprints
    TermWriter m_terms;
};

/// Removes terms longer than schema::MAX_TERM_BYTES (Xapian would refuse the whole document);
/// returns how many were removed.
std::size_t drop_overlong_terms(Xapian::Document& doc);

/// Adds the separator-free form of numbers written with thousands separators ("12,000" →
/// "12000", "Z12,000" → "Z12000") at the same positions, so both spellings find the article.
void add_number_variants(Xapian::Document& doc);

/// Adds one "XA" + group key term per alias group mentioned in the (normalized) title or body,
/// its wdf the number of mentions weighted like the words around them. No positions: alias
/// terms stand for whole names and are never part of a phrase.
void add_alias_terms(
    Xapian::Document& doc,
    const analyzers::AliasTable& aliases,
    std::string_view title,
    Xapian::termcount title_weight,
    std::string_view body,
    Xapian::termcount body_weight
);

}  // namespace dossier::indexer
