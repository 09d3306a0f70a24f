/// Numeric figures: counts of troops and casualties, money, ages, dates, durations, proportions.
#pragma once

#include <vector>

#include "analyzers/extraction.hpp"
#include "analyzers/extractors/document.hpp"

namespace dossier::analyzers::extract {

/// Finds figures written in digits ("12,000", "$5.6 billion", "40%") or words ("two dozen",
/// "twenty thousand", parsed with ICU's RuleBasedNumberFormat spell-out rules; "about half",
/// "a third"), dates ("December 14, 2023", "14 December", "August 2023", "in 2004"), ages
/// ("aged 19", "25-year-old") and durations ("three weeks", "eight hours").
///
/// The type of a count comes from the words around it in its clause: the event governing it
/// ("the deaths of eight soldiers", "injuries sustained by 40 others", "the capture of two")
/// first, then the words after it ("killed or wounded" → casualties, "killed" → killed, "troops"
/// → troops). A bare number ("the number might have exceeded 3,000") takes the type of the
/// previous figure of its sentence. Counts written in words with no such cue are dropped
/// ("the two leaders"); counts in digits are kept as "other".
///
/// The qualifier comes from the words before it ("more than", "up to", "about" ...). The
/// attribution is the speaker of a quote or reported statement in the same sentence.
/// Thread-safe.
class FigureExtractor {
public:
    /// The first MAX_FIGURES figures in text order; `*capped` (when given) is set when the text
    /// holds more (the scan stops there).
    std::vector<Figure>
    extract(const Document& doc, const std::vector<Quote>& quotes, bool* capped = nullptr) const;
};

}  // namespace dossier::analyzers::extract
