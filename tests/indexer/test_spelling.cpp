// The spelling table's share of indexing (indexer/spelling.cpp): which terms feed it, and that its
// work stays linear in an article's size however the article is laid out (issue 15). Text without
// white space is the layout that strains it: every run of letters between two punctuation marks
// is a new "word", and Xapian files each word under about one fragment per letter. The work is
// counted (SpellingChanges::letters()), never timed.
#include <string>

#include <catch2/catch.hpp>

#include "indexer/document_builder.hpp"
#include "indexer/spelling.hpp"
#include "support/analysis.hpp"
#include "support/layouts.hpp"
#include "support/paths.hpp"

using namespace dossier::indexer;
using dossier::test::sized;
using dossier::test::without;

namespace {

constexpr std::size_t SMALL = 48 * 1024;  // bytes; the large text is four times as long

/// The letters of the spelling words one article of `text` hands the spelling table.
std::size_t spelling_letters(const std::string& text) {
    DocumentBuilder builder(dossier::test::analysis());
    Article a;
    a.id = "layout";
    a.title = "Layout";
    a.text = text;
    a.path = "layout.txt";
    SpellingChanges changes;
    changes.add(builder.build(a));
    return changes.letters();
}

}  // namespace

TEST_CASE(
    "spelling words are letters only, two to MAX_SPELLING_WORD_LETTERS", "[indexer][spelling]"
) {
    CHECK(is_spelling_word("casualties"));
    CHECK(is_spelling_word("southernplayalisticadillacmuzik"));  // BBC's longest, 31 letters
    CHECK(is_spelling_word("буданов"));
    CHECK_FALSE(is_spelling_word("a"));
    CHECK_FALSE(is_spelling_word("12,000"));
    CHECK_FALSE(is_spelling_word("russia's"));
    CHECK_FALSE(is_spelling_word("Zcasualti"));
    // Glued text: "...benefitedfromsalesofhigh-speedinternet..."
    CHECK_FALSE(is_spelling_word("whichisnowoneofthebiggestinvestorsingoogle"));
    CHECK(is_spelling_word(std::string(MAX_SPELLING_WORD_LETTERS, 'a')));
    CHECK_FALSE(is_spelling_word(std::string(MAX_SPELLING_WORD_LETTERS + 1, 'a')));
    // Letters, not bytes: 32 Cyrillic letters are 64 bytes.
    std::string cyrillic;
    for (std::size_t i = 0; i < MAX_SPELLING_WORD_LETTERS; ++i) {
        cyrillic += "б";
    }
    CHECK(is_spelling_word(cyrillic));
    CHECK_FALSE(is_spelling_word(cyrillic + "б"));
}

TEST_CASE(
    "the spelling work of BBC prose without white space is linear and no more than in paragraphs",
    "[indexer][spelling][linear][shared]"
) {
    if (!dossier::test::have_shared_data()) {
        WARN("shared data absent: skipped");
        return;
    }
    const std::string prose = dossier::test::bbc_prose(5 * SMALL);
    const std::string glued = without(prose, " \n\t\r", false);
    const std::size_t paragraphs = spelling_letters(sized(prose, 4 * SMALL));
    const std::size_t small = spelling_letters(sized(glued, SMALL));
    const std::size_t large = spelling_letters(sized(glued, 4 * SMALL));
    INFO(
        "spelling letters: paragraphs " << paragraphs << ", no white space " << small << " -> "
                                        << large
    );
    REQUIRE(small > 0);
    CHECK(large <= 5 * small);  // linear: about 4 times; quadratic: about 16
    // Before MAX_SPELLING_WORD_LETTERS the glued text filed 2.3 times the letters of the same
    // prose in paragraphs (73,252 against 32,135), and indexing it took 2.5 times as long.
    CHECK(large <= paragraphs);
}
