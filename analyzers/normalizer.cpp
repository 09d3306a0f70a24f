#include "analyzers/normalizer.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/uscript.h>
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
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
    case 0x02BC:
    case 0xFF07:
        return '\'';
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x2033:
    case 0x00AB:
    case 0x00BB:
        return '"';
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2212:
        return '-';
    case 0x00AD:
    case 0x200C:
    case 0x200D:
    case 0xFEFF:
        return -1;  // drop
    case 0x200B:
        return ' ';
    default:
        return c;
    }
}

std::unique_ptr<icu::Transliterator> make_transliterator(const char* id) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(
        icu::Transliterator::createInstance(id, UTRANS_FORWARD, status)
    );
    internal::check_icu(status, "Transliterator::createInstance");
    return t;
}

/// Ukrainian → Latin by the Ukrainian national system (KMU 2010), the one behind the spellings
/// English-language news uses for Ukrainian names: Zelenskyi, Kyiv, Kharkiv, Zaluzhnyi, Yermak.
/// ICU has no such transform (its Ukrainian-Latin/BGN gives "Kyyiv", "Zelens'kyy"), so here are
/// its rules; "^" marks the start of a word (each word is transliterated on its own).
constexpr const char* UKRAINIAN_LATIN_RULES = R"(
:: NFC ;
зг > zgh ; Зг > Zgh ; ЗГ > ZGH ;
^ { є > ye ; ^ { Є > Ye ; є > ie ; Є > Ie ;
^ { ї > yi ; ^ { Ї > Yi ; ї > i ; Ї > I ;
^ { й > y ; ^ { Й > Y ; й > i ; Й > I ;
^ { ю > yu ; ^ { Ю > Yu ; ю > iu ; Ю > Iu ;
^ { я > ya ; ^ { Я > Ya ; я > ia ; Я > Ia ;
а > a ; А > A ; б > b ; Б > B ; в > v ; В > V ; г > h ; Г > H ; ґ > g ; Ґ > G ; д > d ; Д > D ;
е > e ; Е > E ; ж > zh ; Ж > Zh ; з > z ; З > Z ; и > y ; И > Y ; і > i ; І > I ; к > k ; К > K ;
л > l ; Л > L ; м > m ; М > M ; н > n ; Н > N ; о > o ; О > O ; п > p ; П > P ; р > r ; Р > R ;
с > s ; С > S ; т > t ; Т > T ; у > u ; У > U ; ф > f ; Ф > F ; х > kh ; Х > Kh ; ц > ts ; Ц > Ts ;
ч > ch ; Ч > Ch ; ш > sh ; Ш > Sh ; щ > shch ; Щ > Shch ; ь > ; Ь > ;
)";

std::unique_ptr<icu::Transliterator> make_rule_transliterator(const char* id, const char* rules) {
    UParseError parse_error;
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createFromRules(
        id, icu::UnicodeString::fromUTF8(rules), UTRANS_FORWARD, parse_error, status
    ));
    internal::check_icu(status, "Transliterator::createFromRules");
    return t;
}

bool is_cyrillic(UChar32 c) {
    return (c >= 0x0400 && c <= 0x052F)
        || c == 0x02BC;  // Cyrillic, Cyrillic Supplement, Ukrainian apostrophe
}

enum class CyrillicLanguage { Ukrainian, Russian, Either };

/// What a Cyrillic word's letters say: Ukrainian when it has a letter or cluster Russian lacks
/// (і ї є ґ, an apostrophe, the soft sign before к as in -ський), Russian for ы э ъ ё, else either.
CyrillicLanguage language_of(const icu::UnicodeString& word) {
    for (int32_t i = 0; i < word.length(); ++i) {
        UChar c = word.charAt(i);
        if (c == 0x0456 || c == 0x0406 || c == 0x0457 || c == 0x0407 || c == 0x0454 || c == 0x0404
            || c == 0x0491 || c == 0x0490 || c == 0x02BC || c == '\'') {
            return CyrillicLanguage::Ukrainian;
        }
        if ((c == 0x044C || c == 0x042C) && i + 1 < word.length()
            && (word.charAt(i + 1) == 0x043A || word.charAt(i + 1) == 0x041A)) {
            return CyrillicLanguage::Ukrainian;
        }
        if (c == 0x044B || c == 0x042B || c == 0x044D || c == 0x042D || c == 0x044A || c == 0x042A
            || c == 0x0451 || c == 0x0401) {
            return CyrillicLanguage::Russian;
        }
    }
    return CyrillicLanguage::Either;
}

/// What ICU's transform "NFD; [:Nonspacing Mark:] Remove; NFC" does (accents off: "ý" → "y"),
/// with the normalizers themselves: a transliterator would load ICU's transliterator registry.
void strip_marks(icu::UnicodeString& text) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    internal::check_icu(status, "Normalizer2::getNFDInstance");
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    internal::check_icu(status, "Normalizer2::getNFCInstance");
    const icu::UnicodeString decomposed = nfd->normalize(text, status);
    internal::check_icu(status, "Normalizer2::normalize");
    icu::UnicodeString kept;
    int32_t run = 0;  // start of the current run of kept code units (copied whole)
    for (int32_t i = 0; i < decomposed.length();) {
        const UChar32 c = decomposed.char32At(i);
        const int32_t next = i + U16_LENGTH(c);
        if (u_charType(c) == U_NON_SPACING_MARK) {
            kept.append(decomposed, run, i - run);
            run = next;
        }
        i = next;
    }
    kept.append(decomposed, run, decomposed.length() - run);
    text = nfc->normalize(kept, status);
    internal::check_icu(status, "Normalizer2::normalize");
}

/// Texts fold_to_latin() transliterated in this process (transliterations()).
std::atomic<std::uint64_t> g_transliterations{0};

/// Cyrillic and Greek to Latin, then accent stripping. One set per thread: ICU transliterators
/// keep per-call state and are not documented as thread-safe.
/// Cyrillic goes word by word: Ukrainian words by UKRAINIAN_LATIN_RULES, others by ICU's
/// Russian-Latin/BGN (the press spellings: Putin, Budanov, Zelenskiy), its soft and hard
/// sign marks (ʹ ʺ) dropped, so "Буданов" → "Budanov" and "Зеленський" → "Zelenskyi".
/// NOTE: separate transliterators, because a filter in front of a compound id applies to all of it.
/// True when a transliterator was used (see transliterations()).
bool fold_to_latin(icu::UnicodeString& text) {
    // NOTE: created on first need, not all four up front: the first transliterator a process
    // creates makes ICU load its whole transliterator registry (about 140M instructions under
    // callgrind, most of a cold `search`'s start-up), which text with only accented Latin
    // letters ("Société Générale") never needs.
    thread_local std::unique_ptr<icu::Transliterator> ukrainian;
    thread_local std::unique_ptr<icu::Transliterator> russian;
    thread_local std::unique_ptr<icu::Transliterator> to_latin;
    // Cyrillic words as [begin, end) ranges, and a vote for the words whose letters do not tell:
    // they follow the text's majority (Russian on a tie).
    std::vector<std::pair<int32_t, int32_t>> words;
    int ukrainian_votes = 0;
    for (int32_t i = 0; i < text.length();) {
        UChar32 c = text.char32At(i);
        if (!is_cyrillic(c) || c == 0x02BC) {
            i += U16_LENGTH(c);
            continue;
        }
        int32_t j = i;
        while (j < text.length()
               && (is_cyrillic(text.char32At(j))
                   || (text.charAt(j) == '\'' && j + 1 < text.length()
                       && is_cyrillic(text.char32At(j + 1))))) {
            j += U16_LENGTH(text.char32At(j));
        }
        auto language = language_of(icu::UnicodeString(text, i, j - i));
        ukrainian_votes += language == CyrillicLanguage::Ukrainian ? 1
            : language == CyrillicLanguage::Russian                ? -1
                                                                   : 0;
        words.emplace_back(i, j);
        i = j;
    }
    bool transliterated = !words.empty();
    icu::UnicodeString out;
    int32_t done = 0;
    for (const auto& [begin, end] : words) {
        out.append(text, done, begin - done);
        icu::UnicodeString word(text, begin, end - begin);
        auto language = language_of(word);
        if (language == CyrillicLanguage::Either) {
            language =
                ukrainian_votes > 0 ? CyrillicLanguage::Ukrainian : CyrillicLanguage::Russian;
        }
        if (language == CyrillicLanguage::Ukrainian) {
            if (!ukrainian) {
                ukrainian = make_rule_transliterator("dossier-uk-Latin", UKRAINIAN_LATIN_RULES);
            }
            word.findAndReplace("'", "");
            ukrainian->transliterate(word);
        } else {
            if (!russian) {
                russian = make_transliterator("Russian-Latin/BGN");
            }
            russian->transliterate(word);
            word.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x02B9)), "");
            word.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x02BA)), "");
        }
        out.append(word);
        done = end;
    }
    out.append(text, done, text.length() - done);
    text = out;
    // Greek, and any Cyrillic letter the two above leave. Without such a letter, the filter
    // [[:Cyrillic:][:Greek:]] leaves the text to Any-Latin untouched: skip creating it.
    if (internal::has_cyrillic_or_greek(text)) {
        if (!to_latin) {
            to_latin = make_transliterator("[[:Cyrillic:][:Greek:]] Any-Latin");
        }
        to_latin->transliterate(text);
        transliterated = true;
    }
    strip_marks(text);
    if (transliterated) {
        g_transliterations.fetch_add(1, std::memory_order_relaxed);
    }
    return transliterated;
}

/// False when fold_to_latin() would return `text` unchanged, so its four transliterations can
/// be skipped: every non-ASCII character is outside Cyrillic and Greek (script and script
/// extensions), not a nonspacing mark, and NFD-inert (unchanged by NFD, interacting with no
/// neighbour; `text` is NFKC already, so NFC leaves it alone). "£", "€", "—" or "½" in an
/// English article no longer cost a transliteration of the whole text (perf: 2.5% of indexing,
/// and every snippet of a search).
bool needs_latin_fold(const icu::UnicodeString& text) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    if (U_FAILURE(status)) {
        return true;
    }
    for (int32_t i = 0; i < text.length();) {
        const UChar32 c = text.char32At(i);
        i += U16_LENGTH(c);
        if (c < 0x80) {
            continue;
        }
        if (is_cyrillic(c) || !nfd->isInert(c) || u_charType(c) == U_NON_SPACING_MARK) {
            return true;
        }
        status = U_ZERO_ERROR;
        const UScriptCode script = uscript_getScript(c, &status);
        if (U_FAILURE(status) || script == USCRIPT_CYRILLIC || script == USCRIPT_GREEK
            || uscript_hasScript(c, USCRIPT_CYRILLIC) || uscript_hasScript(c, USCRIPT_GREEK)) {
            return true;
        }
    }
    return false;
}

}  // namespace

std::string normalize(std::string_view text) {
    bool transliterated = false;
    return normalize(text, transliterated);
}

std::uint64_t transliterations() {
    return g_transliterations.load(std::memory_order_relaxed);
}

std::string normalize(std::string_view text, bool& transliterated) {
    transliterated = false;
    if (is_ascii(text)) {
        return std::string(text);
    }
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
    internal::check_icu(status, "Normalizer2::getNFKCInstance");

    const icu::UnicodeString source = internal::from_utf8(text);
    // Runs of characters fold_punctuation() keeps are copied whole: one append per character
    // was a fifth of a snippet's time on long articles (enwiki).
    icu::UnicodeString folded;
    int32_t run = 0;  // start of the current run of kept code units
    for (int32_t i = 0; i < source.length();) {
        const UChar32 c = source.char32At(i);
        const int32_t next = i + U16_LENGTH(c);
        const UChar32 f = fold_punctuation(c);
        if (f != c) {
            folded.append(source, run, i - run);
            if (f >= 0) {
                folded.append(f);
            }
            run = next;
        }
        i = next;
    }
    if (run == 0) {
        folded = source;
    } else {
        folded.append(source, run, source.length() - run);
    }
    icu::UnicodeString result = nfkc->normalize(folded, status);
    internal::check_icu(status, "Normalizer2::normalize");
    if (needs_latin_fold(result)) {
        transliterated = fold_to_latin(result);
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

namespace {

/// Legal forms of companies and groups, as fold_key() writes them (dotted initials keep their
/// inner full stops: "S.A." -> "s.a").
bool is_legal_form(std::string_view word) {
    static constexpr std::string_view FORMS[] = {
        "ab",   "ag",        "asa",     "b.v",      "bhd",         "bv",
        "co",   "companies", "company", "corp",     "corporation", "cos",
        "gmbh", "group",     "holding", "holdings", "inc",         "incorporated",
        "kgaa", "l.l.c",     "limited", "llc",      "llp",         "lp",
        "ltd",  "n.v",       "nv",      "oyj",      "p.l.c",       "plc",
        "pte",  "pty",       "s.a",     "s.p.a",    "sa",          "spa",
    };
    return std::find(std::begin(FORMS), std::end(FORMS), word) != std::end(FORMS);
}

}  // namespace

std::string organization_key_of_folded(std::string key) {
    // Drops the last word while it is a legal form (or the "and" of "and Co") and a word stays.
    for (;;) {
        const std::size_t space = key.rfind(' ');
        if (space == std::string::npos) {
            return key;
        }
        const std::string_view last = std::string_view(key).substr(space + 1);
        if (!is_legal_form(last) && last != "and") {
            return key;
        }
        key.resize(space);
    }
}

std::string organization_key(std::string_view text) {
    return organization_key_of_folded(fold_key(text));
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
            out.append(
                text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start))
            );
        }
    }
    return out;
}

std::optional<std::string> transcode_legacy(std::string_view text, std::string* charset) {
    // Any well-formed multi-byte UTF-8 sequence means the text is UTF-8 with damage, not 8-bit.
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = static_cast<int32_t>(text.size());
    bool high = false;
    for (int32_t i = 0; i < length;) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c >= 0x80) {
            return std::nullopt;
        }
        high = high || (c < 0 && s[start] >= 0x80);
    }
    if (!high || text.size() > static_cast<std::size_t>(INT32_MAX)) {
        return std::nullopt;
    }
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UCharsetDetector, decltype(&ucsdet_close)> detector(
        ucsdet_open(&status), &ucsdet_close
    );
    if (U_FAILURE(status)) {
        return std::nullopt;
    }
    ucsdet_setText(detector.get(), text.data(), length, &status);
    const UCharsetMatch* match = ucsdet_detect(detector.get(), &status);
    if (U_FAILURE(status) || !match) {
        return std::nullopt;
    }
    std::string name = ucsdet_getName(match, &status);
    if (U_FAILURE(status) || name.rfind("UTF", 0) == 0) {
        return std::nullopt;
    }
    if (name == "ISO-8859-1") {
        name = "windows-1252";  // the same letters, and curly quotes where Latin-1 has controls
    }
    std::unique_ptr<UConverter, decltype(&ucnv_close)> conv(
        ucnv_open(name.c_str(), &status), &ucnv_close
    );
    if (U_FAILURE(status)) {
        return std::nullopt;
    }
    icu::UnicodeString u(text.data(), length, conv.get(), status);
    if (U_FAILURE(status)) {
        return std::nullopt;
    }
    std::string out;
    u.toUTF8String(out);
    if (charset) {
        *charset = name;
    }
    return out;
}

}  // namespace dossier::analyzers
