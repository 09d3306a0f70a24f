/// Word-level tokens with byte offsets and letter-case flags, for the extractors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dossier::analyzers::extract {

enum class TokenKind { Word, Number, Punct };

/// One token of the analysed text. Offsets are bytes into the text given to tokenize().
struct Token {
    TokenKind kind = TokenKind::Word;
    std::size_t begin = 0, end = 0;
    std::string lower;            ///< the token lower-cased, curly apostrophes folded to '
    bool capitalized = false;     ///< first letter upper case ("Budanov", "NIS", "U.S.")
    bool all_caps = false;        ///< two or more letters, all upper case ("NIS", "HUR")
    bool space_before = false;    ///< white space (or the start of text) precedes it
    bool newline_before = false;  ///< a line break precedes it (paragraph boundary)

    std::string_view in(std::string_view text) const { return text.substr(begin, end - begin); }

    bool is(std::string_view w) const { return lower == w; }

    bool is_punct(char c) const {
        return kind == TokenKind::Punct && lower.size() == 1 && lower[0] == c;
    }
};

/// Splits `text` (valid UTF-8) into words, numbers and punctuation marks.
/// - words keep internal hyphens and apostrophes ("Tae-yong", "don't"); a possessive "'s" or
///   "’s" becomes its own token; dotted abbreviations stay whole ("U.S.", "U.K.");
/// - numbers keep internal separators ("12,000", "5.6"); letters glued to a number ("1.5bn",
///   "19th") become a following word token;
/// - every other non-space code point is one Punct token (curly quotes folded: “ ” → ", ‘ ’ → ';
/// two apostrophes '' are one " token). NOTE: hand-written rather than ICU's word BreakIterator
/// because the extractors need these exact units (possessives split, "U.S." whole, number+suffix
/// split) and it runs on every article at indexing time; letter classes still come from ICU
/// (u_isupper, u_isalpha).
std::vector<Token> tokenize(std::string_view text);

/// The tokens of a Document, read-only, counting every indexed read (`toks[k]`): the extractors'
/// rules all read tokens that way, so the count is a deterministic measure of their work, which
/// tests compare between a text and one four times as long to prove analysis linear in the
/// text's size without timing it (Extractor::extract's `token_reads`).
class TokenList {
public:
    TokenList() = default;

    explicit TokenList(std::vector<Token> tokens) : m_tokens(std::move(tokens)) {}

    const Token& operator[](std::size_t k) const {
        ++m_reads;
        return m_tokens[k];
    }

    std::size_t size() const { return m_tokens.size(); }

    bool empty() const { return m_tokens.empty(); }

    const Token& back() const { return (*this)[m_tokens.size() - 1]; }

    auto begin() const { return m_tokens.begin(); }

    auto end() const { return m_tokens.end(); }

    std::uint64_t reads() const { return m_reads; }

private:
    std::vector<Token> m_tokens;
    mutable std::uint64_t m_reads = 0;
};

}  // namespace dossier::analyzers::extract
