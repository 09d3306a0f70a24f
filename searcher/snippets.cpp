#include "searcher/snippets.hpp"

#include <algorithm>
#include <string_view>

#include <xapian.h>

#include "searcher/term_chars.hpp"

namespace dossier::searcher {

namespace {

using namespace term_chars;

/// Xapian's longest term in a snippet (and TermGenerator's default): longer words are skipped.
constexpr std::size_t MAX_WORD_BYTES = 64;

/// Code points Xapian may cut into n-grams (CJK::codepoint_is_cjk).
bool is_cjk(unsigned p) {
    return p >= 0x2e80
        && ((p <= 0x2eff) || (p >= 0x3000 && p <= 0x9fff) || (p >= 0xa700 && p <= 0xa71f)
            || (p >= 0xac00 && p <= 0xd7af) || (p >= 0xf900 && p <= 0xfaff)
            || (p >= 0xfe30 && p <= 0xfe4f) || (p >= 0xff00 && p <= 0xffef)
            || (p >= 0x20000 && p <= 0x2a6df) || (p >= 0x2f800 && p <= 0x2fa1f));
}

/// Whether the non-word character `ch` next to a word whose nearest character is `edge` (of
/// `chars` characters) may make Xapian read the word otherwise than as a term of its own.
bool joins(unsigned ch, unsigned edge, std::size_t chars) {
    return infix(ch) != 0 || suffix(ch) != 0
        || (digit_infix(ch) != 0 && is_digit(edge))
        // Initials: "U.S." is the term "us".
        || (ch == '.' && chars == 1);
}

/// One text's whole terms, lower-cased, each followed by a space, appended to `out`; all its
/// word characters, lower-cased, run together, to `letters`.
void append_words(const std::string& text, std::string& out, std::string& letters) {
    const Xapian::Utf8Iterator end;
    unsigned before = ' ';  // the character before the current word (start of text: none)
    std::string word;
    unsigned first = 0;
    unsigned last = 0;
    std::size_t chars = 0;
    bool cjk = false;
    auto close = [&](unsigned after, bool at_end) {
        letters += word;
        const bool whole = !cjk && word.size() <= MAX_WORD_BYTES && !joins(before, first, chars)
            && (at_end || !joins(after, last, chars));
        if (whole) {
            out += word;
            out += ' ';
        }
        word.clear();
        chars = 0;
        cjk = false;
    };
    const char* p = text.data();
    const char* const stop = p + text.size();
    while (p != stop) {
        // ASCII inline; anything else decoded as Xapian decodes it (invalid bytes included).
        unsigned ch = static_cast<unsigned char>(*p);
        if (ch < 0x80) {
            ++p;
        } else {
            Xapian::Utf8Iterator it(p, static_cast<std::size_t>(stop - p));
            ch = *it;
            ++it;
            p = it == end ? stop : it.raw();
        }
        if (is_wordchar(ch)) {
            if (chars == 0) {
                first = ch;
            }
            last = ch;
            ++chars;
            cjk = cjk || is_cjk(ch);
            if (ch < 0x80) {
                word += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch);
            } else {
                Xapian::Unicode::append_utf8(word, Xapian::Unicode::tolower(ch));
            }
            continue;
        }
        if (chars > 0) {
            close(ch, false);
        }
        before = ch;
    }
    if (chars > 0) {
        close(0, true);
    }
}

}  // namespace

std::string snippet_words(const std::vector<std::string>& texts, std::size_t tail_bytes) {
    std::string lowered;
    std::string letters;
    for (const std::string& text : texts) {
        append_words(text, lowered, letters);
    }
    std::vector<std::string_view> words;
    const std::string_view all(lowered);
    for (std::size_t begin = 0; begin < all.size();) {
        const std::size_t space = all.find(' ', begin);
        words.push_back(all.substr(begin, space - begin));
        begin = space + 1;
    }
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());

    // The filler: "zzz", longer while the texts' word characters have it. A term of a text is
    // its word characters with at most infixes between them (zero-width ones dropped), so none
    // can be the filler, nor stem to it (a stem keeps the start of its word).
    std::string filler = "zzz";
    while (letters.find(filler) != std::string::npos) {
        filler += 'z';
    }

    std::string out;
    out.reserve(lowered.size() + tail_bytes + filler.size() + 2);
    for (const std::string_view word : words) {
        out += word;
        out += ' ';
    }
    for (std::size_t n = 0; n <= tail_bytes + 1; n += filler.size() + 1) {
        out += filler;
        out += ' ';
    }
    return out;
}

}  // namespace dossier::searcher
