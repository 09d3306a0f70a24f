/// The characters Xapian 1.4's tokenizer (TermGenerator, and the snippet generator, which reads
/// text the same way) treats specially, for our code that must read text as it does
/// (searcher/snippets.cpp, searcher/snippet_generator.cpp). Internal to the searcher.
#pragma once

#include <limits>

#include <xapian.h>

namespace dossier::searcher::term_chars {

/// What infix() and digit_infix() return for a character dropped between a word's parts
/// (zero-width characters).
constexpr unsigned IGNORE = std::numeric_limits<unsigned>::max();

inline bool ascii_upper(unsigned ch) {
    return ch >= 'A' && ch <= 'Z';
}

/// Letters, marks, digits and connectors ('_'), as Xapian::Unicode::is_wordchar, ASCII inline.
inline bool is_wordchar(unsigned ch) {
    if (ch < 0x80) {
        return (ch >= 'a' && ch <= 'z') || ascii_upper(ch) || (ch >= '0' && ch <= '9') || ch == '_';
    }
    return Xapian::Unicode::is_wordchar(ch);
}

inline bool is_digit(unsigned ch) {
    if (ch < 0x80) {
        return ch >= '0' && ch <= '9';
    }
    return Xapian::Unicode::get_category(ch) == Xapian::Unicode::DECIMAL_DIGIT_NUMBER;
}

/// What joins two runs of word characters into one term (AT&T, don't), as it is kept in the
/// term; IGNORE: joins them and is dropped; 0: does not join.
inline unsigned infix(unsigned ch) {
    if (ch == '\'' || ch == '&' || ch == 0xb7 || ch == 0x5f4 || ch == 0x2027) {
        return ch;
    }
    if (ch == 0x2019 || ch == 0x201b) {
        return '\'';
    }
    if (ch >= 0x200b && (ch <= 0x200d || ch == 0x2060 || ch == 0xfeff)) {
        return IGNORE;
    }
    return 0;
}

/// What joins two digits into one term (1,000 or 3.5), as infix().
inline unsigned digit_infix(unsigned ch) {
    switch (ch) {
    case ',':
    case '.':
    case ';':
    case 0x037e:
    case 0x0589:
    case 0x060d:
    case 0x07f8:
    case 0x2044:
    case 0xfe10:
    case 0xfe13:
    case 0xfe14:
        return ch;
    default:
        break;
    }
    if (ch >= 0x200b && (ch <= 0x200d || ch == 0x2060 || ch == 0xfeff)) {
        return IGNORE;
    }
    return 0;
}

/// What may end a term (C++, C#), else 0.
inline unsigned suffix(unsigned ch) {
    return ch == '+' || ch == '#' ? ch : 0;
}

}  // namespace dossier::searcher::term_chars
