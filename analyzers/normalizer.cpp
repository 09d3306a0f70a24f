#include "analyzers/normalizer.hpp"

#include <cctype>
#include <memory>

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "analyzers/error.hpp"
#include "analyzers/internal/icu_utils.hpp"

namespace dossier::analyzers {

namespace {

bool is_ascii(std::string_view text) {
    for (unsigned char c : text) {
        if (c >= 0x80) {
            return false;
        }
    }
    return true;
}

/// Folds punctuation look-alikes the way users type them. NFKC leaves these alone.
UChar32 fold_punctuation(UChar32 c) {
    switch (c) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x02BC: case 0xFF07:
        return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x00AB: case 0x00BB:
        return '"';
    case 0x2010: case 0x2011: case 0x2012: case 0x2212:
        return '-';
    case 0x00AD: case 0x200C: case 0x200D: case 0xFEFF:
        return -1;  // drop
    case 0x200B:
        return ' ';
    default:
        return c;
    }
}

std::unique_ptr<icu::Transliterator> make_transliterator(const char* id) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance(id, UTRANS_FORWARD, status));
    internal::check_icu(status, "Transliterator::createInstance");
    return t;
}

/// Transliteration of Cyrillic and Greek to Latin, then accent stripping. One per thread:
/// ICU transliterators keep per-call state and are not documented as thread-safe.
/// NOTE: two transliterators, because a filter in front of a compound id applies to all of it.
void fold_to_latin(icu::UnicodeString& text) {
    thread_local std::unique_ptr<icu::Transliterator> to_latin = make_transliterator("[[:Cyrillic:][:Greek:]] Any-Latin");
    thread_local std::unique_ptr<icu::Transliterator> strip_marks = make_transliterator("NFD; [:Nonspacing Mark:] Remove; NFC");
    to_latin->transliterate(text);
    strip_marks->transliterate(text);
}

}  // namespace

std::string normalize(std::string_view text) {
    if (is_ascii(text)) {
        return std::string(text);
    }
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
    internal::check_icu(status, "Normalizer2::getNFKCInstance");

    icu::UnicodeString source = internal::from_utf8(text);
    icu::UnicodeString folded;
    for (int32_t i = 0; i < source.length();) {
        UChar32 c = source.char32At(i);
        i += U16_LENGTH(c);
        UChar32 f = fold_punctuation(c);
        if (f >= 0) {
            folded.append(f);
        }
    }
    icu::UnicodeString result = nfkc->normalize(folded, status);
    internal::check_icu(status, "Normalizer2::normalize");
    bool needs_latin = false;
    for (int32_t i = 0; i < result.length() && !needs_latin; ++i) {
        needs_latin = result.charAt(i) >= 0x80;
    }
    if (needs_latin) {
        fold_to_latin(result);
    }
    return internal::to_utf8(result);
}

std::string fold_key(std::string_view text) {
    std::string norm = normalize(text);
    std::string out;
    out.reserve(norm.size());
    bool pending_space = false;
    for (std::size_t i = 0; i < norm.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(norm[i]);
        bool word = std::isalnum(c) || c >= 0x80;
        bool inner = (c == '\'' || c == '-' || c == '.') && !out.empty() && i + 1 < norm.size()
                     && std::isalnum(static_cast<unsigned char>(norm[i + 1]));
        if (word || inner) {
            if (pending_space && !out.empty()) {
                out.push_back(' ');
            }
            pending_space = false;
            out.push_back(c < 0x80 ? static_cast<char>(std::tolower(c)) : static_cast<char>(c));
        } else {
            pending_space = true;
        }
    }
    if (!is_ascii(out)) {  // lower-case the non-ASCII letters properly
        icu::UnicodeString u = internal::from_utf8(out);
        u.toLower();
        return internal::to_utf8(u);
    }
    return out;
}

bool is_valid_utf8(std::string_view text) {
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    int32_t length = static_cast<int32_t>(text.size());
    for (int32_t i = 0; i < length;) {
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c < 0) {
            return false;
        }
    }
    return true;
}

std::string repair_utf8(std::string_view text, std::size_t* first_bad) {
    std::string out;
    out.reserve(text.size());
    bool seen_bad = false;
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    int32_t length = static_cast<int32_t>(text.size());
    for (int32_t i = 0; i < length;) {
        int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c < 0) {
            if (first_bad && !seen_bad) {
                *first_bad = static_cast<std::size_t>(start);
            }
            seen_bad = true;
            out += "\xEF\xBF\xBD";
        } else {
            out.append(text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
        }
    }
    return out;
}

}  // namespace dossier::analyzers
