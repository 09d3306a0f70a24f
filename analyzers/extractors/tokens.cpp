#include "analyzers/extractors/tokens.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace dossier::analyzers::extract {

namespace {

struct Cp {
    UChar32 c = 0;
    std::size_t len = 0;
};

Cp decode(std::string_view t, std::size_t i) {
    if (i >= t.size()) {
        return {};
    }
    auto b = static_cast<unsigned char>(t[i]);
    if (b < 0x80) {
        return {static_cast<UChar32>(b), 1};
    }
    int32_t pos = static_cast<int32_t>(i);
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const uint8_t*>(t.data()), pos, static_cast<int32_t>(t.size()), c);
    if (c < 0) {
        c = 0xFFFD;
    }
    return {c, static_cast<std::size_t>(pos) - i};
}

bool is_letter(UChar32 c) {
    if (c < 0x80) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
    return u_isalpha(c) != 0;
}

bool is_digit(UChar32 c) {
    return c >= '0' && c <= '9';
}

bool is_space(UChar32 c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0
        || (c >= 0x80 && u_isUWhiteSpace(c));
}

bool is_apostrophe(UChar32 c) {
    return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC;
}

bool is_hyphen(UChar32 c) {
    return c == '-' || c == 0x2010 || c == 0x2011;
}

void append_lower(std::string& out, std::string_view t, std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e;) {
        Cp cp = decode(t, i);
        UChar32 c = cp.c;
        if (is_apostrophe(c)) {
            out.push_back('\'');
        } else if (c < 0x80) {
            out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
        } else {
            UChar32 l = u_tolower(c);
            char buf[4];
            int32_t n = 0;
            UBool err = false;
            (void)err;
            U8_APPEND(reinterpret_cast<uint8_t*>(buf), n, 4, l, err);
            out.append(buf, static_cast<std::size_t>(n));
        }
        i += cp.len;
    }
}

}  // namespace

std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> out;
    out.reserve(text.size() / 5);
    std::size_t i = 0;
    bool space = true;
    bool newline = true;
    while (i < text.size()) {
        Cp cp = decode(text, i);
        if (is_space(cp.c)) {
            space = true;
            newline = newline || cp.c == '\n';
            i += cp.len;
            continue;
        }
        Token tok;
        tok.begin = i;
        tok.space_before = space;
        tok.newline_before = newline;
        space = newline = false;
        if (is_digit(cp.c)) {
            tok.kind = TokenKind::Number;
            std::size_t j = i + 1;
            while (j < text.size()) {
                char c = text[j];
                if (c >= '0' && c <= '9') {
                    ++j;
                } else if ((c == ',' || c == '.') && j + 1 < text.size() && text[j + 1] >= '0' && text[j + 1] <= '9') {
                    j += 2;
                } else {
                    break;
                }
            }
            tok.end = j;
        } else if (is_letter(cp.c)) {
            tok.kind = TokenKind::Word;
            std::size_t j = i + cp.len;
            while (j < text.size()) {
                Cp n = decode(text, j);
                if (is_letter(n.c) || is_digit(n.c)) {
                    j += n.len;
                    continue;
                }
                if (is_hyphen(n.c) || is_apostrophe(n.c) || n.c == '.') {
                    Cp after = decode(text, j + n.len);
                    if (!is_letter(after.c)) {
                        break;
                    }
                    if (is_apostrophe(n.c)) {
                        // possessive 's ends the word: "Ukraine’s" → "Ukraine" + "’s"
                        Cp after2 = decode(text, j + n.len + after.len);
                        if ((after.c == 's' || after.c == 'S') && !is_letter(after2.c)) {
                            break;
                        }
                    }
                    if (n.c == '.') {
                        // dotted abbreviation "U.S." : single letters separated by dots
                        Cp after2 = decode(text, j + n.len + after.len);
                        if (j - i != 1 || !(after2.c == '.')) {
                            break;
                        }
                        j += n.len + after.len + 1;  // "U.S" + final "."
                        continue;
                    }
                    j += n.len;
                    continue;
                }
                break;
            }
            tok.end = j;
        } else if (is_apostrophe(cp.c) && !out.empty() && out.back().kind == TokenKind::Word && !tok.space_before) {
            Cp s = decode(text, i + cp.len);
            Cp after = decode(text, i + cp.len + s.len);
            if ((s.c == 's' || s.c == 'S') && !is_letter(after.c)) {
                tok.kind = TokenKind::Word;
                tok.end = i + cp.len + s.len;
                tok.lower = "'s";
                out.push_back(std::move(tok));
                i = out.back().end;
                continue;
            }
            tok.kind = TokenKind::Punct;
            tok.end = i + cp.len;
        } else {
            tok.kind = TokenKind::Punct;
            tok.end = i + cp.len;
        }
        if (tok.kind == TokenKind::Punct) {
            UChar32 c = cp.c;
            if (c == 0x201C || c == 0x201D || c == 0x201E || c == 0x00AB || c == 0x00BB
                || c == 0x201F) {
                tok.lower = "\"";
            } else if (c == '\'' && i + 1 < text.size() && text[i + 1] == '\'' && !(i > 0 && i + 2 < text.size() && text[i + 2] == '\'' && text[i - 1] != ' ' && text[i - 1] != '\n')) {
                // '' is a double quote mark (NYT and Penn Treebank style); of three closing
                // marks (,''' after "the word 'old-school") the first closes the inner quotation
                tok.end = i + 2;
                tok.lower = "\"";
            } else if (is_apostrophe(c) || c == 0x201B) {
                tok.lower = "'";
            } else if (c == 0x2013 || c == 0x2014) {
                tok.lower = "-";
            } else if (c == 0x2026) {
                tok.lower = "...";
            } else {
                tok.lower = std::string(text.substr(i, cp.len));
            }
        } else {
            append_lower(tok.lower, text, tok.begin, tok.end);
            Cp first = decode(text, tok.begin);
            tok.capitalized = tok.kind == TokenKind::Word
                && (first.c < 0x80 ? (first.c >= 'A' && first.c <= 'Z') : u_isupper(first.c) != 0);
            if (tok.kind == TokenKind::Word) {
                int letters = 0;
                bool caps = true;
                for (std::size_t k = tok.begin; k < tok.end;) {
                    Cp c = decode(text, k);
                    if (is_letter(c.c)) {
                        ++letters;
                        caps =
                            caps && (c.c < 0x80 ? (c.c >= 'A' && c.c <= 'Z') : u_isupper(c.c) != 0);
                    }
                    k += c.len;
                }
                tok.all_caps = caps && letters >= 2;
            }
        }
        i = tok.end;
        out.push_back(std::move(tok));
    }
    return out;
}

}  // namespace dossier::analyzers::extract
