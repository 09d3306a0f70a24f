#include <cstdint>

#include <catch2/catch.hpp>
#include <unicode/uniset.h>
#include <unicode/unistr.h>

#include "analyzers/internal/icu_utils.hpp"
#include "analyzers/normalizer.hpp"

using dossier::analyzers::fold_key;
using dossier::analyzers::is_valid_utf8;
using dossier::analyzers::normalize;
using dossier::analyzers::organization_key;
using dossier::analyzers::repair_utf8;

TEST_CASE(
    "curly and straight apostrophes and quotes normalize to the same characters",
    "[analyzers][normalizer]"
) {
    auto [text, want] = GENERATE(table<std::string, std::string>({
        {"Russia\u2019s", "Russia's"},
        {"Russia's", "Russia's"},
        {"\u201CReports in the media are wrong.\u201D", "\"Reports in the media are wrong.\""},
        {"\"mismatched\u201D", "\"mismatched\""},
        {"\u2018cannon fodder\u2019", "'cannon fodder'"},
        {"\u00ABquoted\u00BB", "\"quoted\""},
        {"Kim Jong\u2011un", "Kim Jong-un"},
    }));
    CAPTURE(text);
    CHECK(normalize(text) == want);
}

TEST_CASE("NFKC folds compatibility characters", "[analyzers][normalizer]") {
    CHECK(normalize("\uFB01nance") == "finance");                                 // ligature
    CHECK(normalize("\uFF22\uFF35\uFF24\uFF21\uFF2E\uFF2F\uFF36") == "BUDANOV");  // full-width
    CHECK(normalize("wait\u2026") == "wait...");
    CHECK(normalize("12\u00A0000") == "12 000");  // no-break space
}

TEST_CASE("accents are removed and Cyrillic is transliterated", "[analyzers][normalizer]") {
    CHECK(normalize("Zelenskyý") == "Zelenskyy");
    CHECK(normalize("Buda\u0301nov") == "Budanov");
    CHECK(normalize("Буданов") == "Budanov");
    CHECK(normalize("café naïve") == "cafe naive");
}

TEST_CASE(
    "Ukrainian words follow the national transliteration, Russian ones BGN, the rest the text's "
    "majority",
    "[analyzers][normalizer]"
) {
    // the "Ukrainian" word of this row is marked by its apostrophe, so the others follow it
    CHECK(normalize("Пентагон заявив, п'ять") == "Pentahon zaiavyv, piat");
}

TEST_CASE(
    "Ukrainian words follow the national transliteration, Russian ones BGN, as the press spells "
    "them",
    "[analyzers][normalizer]"
) {
    auto [cyrillic, latin] = GENERATE(table<std::string, std::string>({
        {"Зеленський", "Zelenskyi"},
        {"Зеленский", "Zelenskiy"},
        {"Київ", "Kyiv"},
        {"Харків", "Kharkiv"},
        {"Єрмак", "Yermak"},
        {"Залужний", "Zaluzhniy"},
        {"Кирило Буданов", "Kirilo Budanov"},                         // nothing says Ukrainian: BGN
        {"Кирило Буданов і Залужний", "Kyrylo Budanov i Zaluzhnyi"},  // "і" does
        {"Олександр Сирський", "Oleksandr Syrskyi"},
        {"Путин", "Putin"},
        {"Шойгу", "Shoygu"},
        {"Ким Чен Ын", "Kim Chen Yn"},
        {"Пентагон", "Pentagon"},
        {"п’ять", "piat"},
        {"Αθήνα", "Athena"},
    }));
    CAPTURE(cyrillic);
    CHECK(normalize(cyrillic) == latin);
}

TEST_CASE(
    "symbols that need no transliteration pass through beside letters that do",
    "[analyzers][normalizer]"
) {
    // English news: currency, dashes and fractions alone skip the transliterators (fast path)...
    CHECK(normalize("\u00A35m \u2014 \u20AC3 \u00B0C") == "\u00A35m \u2014 \u20AC3 \u00B0C");
    // ...and keep them when a character in the same text needs folding.
    CHECK(normalize("\u00A35m for Caf\u00E9 Z\u00FCrich") == "\u00A35m for Cafe Zurich");
    CHECK(normalize("\u20AC3 to \u0391\u03B8\u03AE\u03BD\u03B1") == "\u20AC3 to Athena");
    CHECK(normalize("\u00A31 e\u0301") == "\u00A31 e");  // combining accent after a symbol
    CHECK(normalize("\u00BD \u2116") == "1\u20442 No");  // NFKC still applies
    CHECK(normalize("\u00A3 \u041A\u0438\u0457\u0432") == "\u00A3 Kyiv");
}

TEST_CASE("plain ASCII passes through unchanged", "[analyzers][normalizer]") {
    const std::string text = "Lt. Gen. Kyrylo Budanov said 12,000 troops (U.S. estimate).";
    CHECK(normalize(text) == text);
}

TEST_CASE("fold_key lower-cases and strips punctuation for lookups", "[analyzers][normalizer]") {
    CHECK(fold_key("  Kyrylo   Budanov, ") == "kyrylo budanov");
    CHECK(fold_key("South Korea\u2019s spy agency") == "south korea's spy agency");
    CHECK(fold_key("Kim Jong-un") == "kim jong-un");
    CHECK(fold_key("БУДАНОВ") == fold_key("budanov"));
}

TEST_CASE("invalid UTF-8 is detected and repaired with U+FFFD", "[analyzers][normalizer]") {
    const std::string bad = std::string("ab") + '\xFC' + "cd";
    CHECK_FALSE(is_valid_utf8(bad));
    std::size_t offset = 99;
    CHECK(repair_utf8(bad, &offset) == "ab\uFFFDcd");
    CHECK(offset == 2);
    CHECK(is_valid_utf8(repair_utf8(bad)));
    CHECK(is_valid_utf8("Буданов"));
    // normalize never throws on bad input and yields valid UTF-8
    CHECK(is_valid_utf8(normalize(bad)));
}

TEST_CASE(
    "organization_key drops the legal form that ends a company's name", "[analyzers][normalizer]"
) {
    CHECK(organization_key("General Motors Corp") == "general motors");
    CHECK(organization_key("General Motors Corporation") == "general motors");
    CHECK(organization_key("General Motors") == "general motors");
    CHECK(organization_key("Merrill Lynch and Co Inc") == "merrill lynch");
    CHECK(organization_key("Merrill Lynch & Co.") == "merrill lynch");
    CHECK(organization_key("Volkswagen AG") == "volkswagen");
    CHECK(organization_key("Carrefour S.A.") == "carrefour");
    CHECK(organization_key("Morgan Stanley Group Inc") == "morgan stanley");
    // A word always stays; a legal form inside the name stays.
    CHECK(organization_key("Group") == "group");
    CHECK(organization_key("Inc.") == "inc");
    CHECK(
        organization_key("Corporation for Public Broadcasting")
        == "corporation for public broadcasting"
    );
    CHECK(organization_key("Daewoo Motor Corp") == "daewoo motor");
    // Names that end in no legal form are their fold_key().
    CHECK(organization_key("Kyrylo Budanov") == fold_key("Kyrylo Budanov"));
    CHECK(organization_key("БУДАНОВ") == fold_key("budanov"));
}

TEST_CASE(
    "the Cyrillic-or-Greek test agrees with ICU's [[:Cyrillic:][:Greek:]] on every code point",
    "[analyzers][normalizer]"
) {
    // The set fold_to_latin() used to build per process, and the filter of its Any-Latin.
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeSet set(u"[[:Cyrillic:][:Greek:]]", status);
    REQUIRE(U_SUCCESS(status));
    std::size_t in_set = 0;
    std::size_t disagree = 0;
    for (UChar32 c = 0; c <= 0x10FFFF; ++c) {
        if (c >= 0xD800 && c <= 0xDFFF) {
            continue;  // lone surrogates: not characters of a UnicodeString read from UTF-8
        }
        const bool want = set.contains(c) != 0;
        in_set += want ? 1 : 0;
        if (dossier::analyzers::internal::has_cyrillic_or_greek(icu::UnicodeString(c)) != want) {
            ++disagree;
            UNSCOPED_INFO("U+" << std::hex << c);
        }
    }
    CHECK(in_set > 500);  // the test saw both scripts
    CHECK(disagree == 0);
    // In a longer text, after ASCII and other scripts.
    CHECK(dossier::analyzers::internal::has_cyrillic_or_greek(
        icu::UnicodeString::fromUTF8("Kim Jong-un, Société, \u4E2D, \u0391\u03B8\u03AE\u03BD\u03B1")
    ));
    CHECK_FALSE(dossier::analyzers::internal::has_cyrillic_or_greek(
        icu::UnicodeString::fromUTF8("Kim Jong-un, Société, \u4E2D, \u00B5")
    ));
}

TEST_CASE(
    "normalize says when it transliterated, and counts those texts", "[analyzers][normalizer]"
) {
    struct Case {
        const char* text;
        bool transliterated;
    };

    const Case cases[] = {
        {"Kyrylo Budanov said on Tuesday", false},
        {"Société Générale and Zelenskyý", false},  // accents only: no transliterator
        {"Price: £12 — ½ off", false},
        {"Володимир Зеленський", true},  // Ukrainian rules (-ський)
        {"Министерство обороны", true},  // Russian BGN
        {"Υπουργείο Εξωτερικών", true},  // Greek, Any-Latin
    };
    for (const Case& c : cases) {
        INFO(c.text);
        const std::uint64_t before = dossier::analyzers::transliterations();
        bool transliterated = !c.transliterated;
        CHECK(normalize(c.text, transliterated) == normalize(c.text));
        CHECK(transliterated == c.transliterated);
        CHECK(dossier::analyzers::transliterations() - before == (c.transliterated ? 2U : 0U));
    }
}
