/// Direct quotations and reported speech, attributed to the person or organization who spoke.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzers/extraction.hpp"
#include "analyzers/extractors/document.hpp"
#include "analyzers/extractors/entity_extractor.hpp"
#include "analyzers/extractors/lexicon.hpp"

namespace dossier::analyzers::extract {

/// Finds quotes in a document whose organizations are already found (EntityExtractor).
/// Stateless apart from the shared resources: one instance can serve every thread.
///
/// Direct quotations: double quote marks of any style (straight, curly, angle) are paired by
/// their position (an opening mark follows a space, a closing one precedes one), so mismatched
/// pairs such as "…” still pair; a quotation may span sentences but not paragraphs.
/// Quotations of fewer than three words are scare quotes and are skipped.
///
/// Attribution, in order: a reporting verb right after the quotation ("…," Kindratenko stated /
/// "…," revealed The New York Times); the last reporting verb before it in its sentence, whose
/// subject is found to the left, across an appositive ("Kyrylo Budanov, head of …, asserted,");
/// "according to X"; a participle ("…, noting, "…"") takes the subject of its clause; he/she is
/// the last named person speaker of the four sentences before; a quotation with no attribution
/// continues the previous quotation of its paragraph. Unnamed subjects ("one intelligence source
/// remarked", "it read") give no speaker, never a wrong one.
///
/// Reported speech: a reporting verb outside quotations whose subject is a name, an
/// organization, a pronoun resolved as above or an unnamed source; "according to X";
/// "as per statements from X"; passive "estimated by X".
class QuoteExtractor {
public:
    QuoteExtractor(const Lexicon& lexicon, const EntityExtractor& entities)
        : m_lex(lexicon), m_entities(entities) {}

    /// Quotes in text order, the first MAX_QUOTES of them; `*capped` (when given) is set when
    /// the text holds more (the scan stops soon after). Marks doc.in_quote.
    std::vector<Quote> extract(Document& doc, bool* capped = nullptr) const;

    /// The speaker a headline names, as one of `names` (the article's speakers, people and
    /// organizations, in that order of preference): "Ann Coulter: …", "Hillary Clinton Tells
    /// …", "Columbia defends …". Only a subject of one to six capitalized words that opens the
    /// headline and that the article names too; never a place.
    std::optional<std::string>
    headline_speaker(std::string_view title, const std::vector<std::string>& names) const;

private:
    const Lexicon& m_lex;
    const EntityExtractor& m_entities;
};

}  // namespace dossier::analyzers::extract
