/// Turns an Article into a Xapian::Document following schema.hpp. Pure: no database access.
#pragma once

#include <cstddef>
#include <string>

#include <xapian.h>

#include "analyzers/aliases.hpp"
#include "analyzers/extractor.hpp"
#include "indexer/article.hpp"
#include "indexer/dating.hpp"

namespace dossier::indexer {

/// Ranking-relevant weights of the fields (within-document frequency increments).
struct FieldWeights {
    Xapian::termcount title = 3;  ///< each title word counts as this many body occurrences
    Xapian::termcount body = 1;
};

/// Analyses articles into documents: ICU normalization (analyzers::normalize), Xapian word
/// splitting with positions, Snowball English stems ("Z" terms), number variants ("12,000" also
/// as "12000"), alias group terms ("XA", from AliasTable::builtin()), the title under "S", the
/// unique id term, the content hash and the stored data.
/// Runs the Extractor and stores its results: boolean facet terms (XSPK, XORG, XFIG), packed
/// value slots (SLOT_SPEAKERS, SLOT_ORGS, SLOT_FIGURE_TYPES) and the full extraction as JSON under
/// DATA_EXTRACTION.
/// Not thread-safe (owns a TermGenerator): use one builder per thread; the Extractor is shared.
class DocumentBuilder {
public:
    /// `extractor` must outlive the builder; by default the process-wide builtin one.
    explicit DocumentBuilder(
        FieldWeights weights = {}, const analyzers::Extractor* extractor = nullptr
    );

    Xapian::Document build(const Article& article);

    /// FNV-1a 64 of everything that decides the document, as 16 hex digits.
    static std::string content_hash(const Article& article);

    /// The same with the article's date already resolved (it is part of the hash: a date taken
    /// from the file's mtime changes when the file is touched).
    static std::string content_hash(const Article& article, const ArticleDate& date);

private:
    FieldWeights m_weights;
    const analyzers::Extractor* m_extractor;
    Xapian::TermGenerator m_termgen;
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
