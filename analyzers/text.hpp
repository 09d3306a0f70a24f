/// Article-level text structure: sentences (ICU), headline detection, lead-sentence titles.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dossier::analyzers {

/// A half-open byte range [begin, end) into a UTF-8 string.
struct Span {
    std::size_t begin = 0;
    std::size_t end = 0;

    std::string_view in(std::string_view text) const { return text.substr(begin, end - begin); }
};

/// Sentences of `text` by ICU's sentence BreakIterator (en), as byte spans into `text`, with
/// surrounding white space trimmed. Abbreviations such as "Lt. Gen." and "U.S." do not end a
/// sentence. `text` must be valid UTF-8. Thread-safe.
/// Hard-wrapped text (wire copy such as Reuters, whose lines break every ~70 characters and
/// whose paragraphs start with an indented line) is read with its wrap newlines as spaces, so a
/// line end is not a sentence or paragraph break; see unwrap_lines().
/// A sentence longer than MAX_SENTENCE_BYTES (a text without full stops, a table run together)
/// is cut into pieces of at most that many bytes, at the last white space before the bound (at a
/// character boundary when there is none in its second half): every rule that scans a sentence
/// then scans a bounded unit, so analysis time stays linear in the article's size however it is
/// laid out. Real sentences are far shorter (BBC's longest is under 1,000 bytes).
std::vector<Span> sentences(std::string_view text);

/// The longest sentence sentences() returns, in bytes.
inline constexpr std::size_t MAX_SENTENCE_BYTES = 2048;

/// `text` with the line breaks of hard wrapping replaced by spaces (same length, so byte offsets
/// stay valid). Text is hard-wrapped when it has at least four lines, none longer than 100 bytes,
/// and at least a third of them do not end a sentence; then a newline followed by a non-blank
/// character that is not indented is a wrap. Anything else is returned unchanged: one line per
/// paragraph (BBC, the seed articles) keeps every newline as a paragraph break.
std::string unwrap_lines(std::string_view text);

/// The article split into its title and body.
struct TitledText {
    std::string title;
    std::string body;  ///< the text without the headline line (all of it when there is none)
    bool has_headline = false;  ///< the title is the first line, not derived from the lead sentence
};

/// Splits an article: the first line is the title when it reads as a headline (short, one line,
/// no sentence-final punctuation, followed by more text). Otherwise the title is derived from the
/// lead sentence, cut at a word boundary near `max_title_bytes` with "…".
TitledText split_title(std::string_view text, std::size_t max_title_bytes = 120);

/// Collapses runs of white space to one space and trims the ends.
std::string collapse_space(std::string_view text);

}  // namespace dossier::analyzers
