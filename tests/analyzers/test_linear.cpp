// Analysis work is linear in an article's size however the article is laid out (issue 15): the
// extractors' token reads (extract::TokenList counts them) and the size of what they extract grow
// about four times, not sixteen, when the text grows four times. No timing: both are
// deterministic. Layouts: BBC prose in paragraphs, on one line, as one sentence (no . ! ?), with
// no white space at all, and two degenerate texts from tests/data/linear/ (one capitalized word
// repeated: a name run as long as the text; digits and punctuation: a figure at every token).
// The spelling table's share of the no-white-space layout is counted in
// tests/indexer/test_spelling.cpp; digits and punctuation reach the extraction's caps
// (analyzers/extraction.hpp), so their extraction stops growing.
#include <cstdint>
#include <functional>
#include <string>

#include <catch2/catch.hpp>

#include "analyzers/extraction.hpp"
#include "analyzers/extractor.hpp"
#include "analyzers/text.hpp"
#include "support/analysis.hpp"
#include "support/layouts.hpp"
#include "support/paths.hpp"

using namespace dossier::analyzers;
using dossier::test::sized;
using dossier::test::without;

namespace {

constexpr std::size_t SMALL = 48 * 1024;  // bytes; the large text is four times as long

struct Work {
    std::uint64_t token_reads = 0;
    std::size_t extracted_bytes = 0;  // the extraction's JSON, as the indexer stores it
};

Work work_of(const std::string& text) {
    Work w;
    Extraction e = dossier::test::analysis().extractor->extract("", text, &w.token_reads);
    w.extracted_bytes = to_json(e).dump().size();
    return w;
}

void check_linear(const std::string& layout, const std::string& source) {
    INFO("layout: " << layout);
    REQUIRE(source.size() > 100);
    Work small = work_of(sized(source, SMALL));
    Work large = work_of(sized(source, 4 * SMALL));
    INFO(
        "token reads " << small.token_reads << " -> " << large.token_reads << ", extracted bytes "
                       << small.extracted_bytes << " -> " << large.extracted_bytes
    );
    REQUIRE(small.token_reads > 0);
    // Linear: about 4 times; quadratic: about 16. 5 leaves room for texts that are not uniform.
    CHECK(large.token_reads <= 5 * small.token_reads);
    CHECK(large.extracted_bytes <= 5 * small.extracted_bytes + 1000);
}

std::string seed(const std::string& name) {
    std::string s = dossier::test::slurp(dossier::test::test_data_dir() + "/linear/" + name);
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) {
        s.pop_back();
    }
    return s + " ";  // repeated without line breaks: one run, one line
}

}  // namespace

TEST_CASE(
    "analysis work is linear in the size of BBC prose in any layout", "[analyzers][linear][shared]"
) {
    if (!dossier::test::have_shared_data()) {
        WARN("shared data absent: skipped");
        return;
    }
    const std::string prose = dossier::test::bbc_prose(5 * SMALL);
    check_linear("paragraphs", prose);
    check_linear("one line", without(prose, "\n", true));
    check_linear("one sentence", without(prose, "\n.!?", true));
    check_linear("no white space", without(prose, " \n\t\r", false));
}

TEST_CASE("analysis work is linear on degenerate texts", "[analyzers][linear]") {
    // "Jones Jones ...": the organization rule scanned the capitalized run from every word (63 s of
    // 0.5 MB before MAX_NAME_TOKENS).
    check_linear("one capitalized word repeated", seed("capitalized-run.txt"));
    check_linear("digits and punctuation", seed("digits-punctuation.txt"));
}

TEST_CASE("sentences are cut at MAX_SENTENCE_BYTES at a space", "[analyzers][linear]") {
    std::string text;
    for (int i = 0; i < 2000; ++i) {
        text += "the minister said the figures were strong ";
    }
    auto spans = sentences(text);
    REQUIRE(spans.size() > 1);
    std::size_t covered = 0;
    for (const auto& s : spans) {
        CHECK(s.end - s.begin <= MAX_SENTENCE_BYTES);
        CHECK((s.end - s.begin > MAX_SENTENCE_BYTES / 2 - 50 || s.end == text.size() - 1)
        );  // not shredded
        CHECK(text[s.begin] != ' ');
        CHECK((s.end == text.size() || text[s.end] == ' '));  // cut at a space, never in a word
        covered += s.end - s.begin;
    }
    CHECK(covered + spans.size() >= text.size() - 1);  // nothing lost but the spaces cut at
    // Without any space, cut at a character boundary.
    std::string glued;
    for (int i = 0; i < 1000; ++i) {
        glued += "Zürich";
    }
    for (const auto& s : sentences(glued)) {
        CHECK(s.end - s.begin <= MAX_SENTENCE_BYTES);
        CHECK((static_cast<unsigned char>(glued[s.begin]) & 0xC0) != 0x80);
    }
}
