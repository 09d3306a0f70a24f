// MinHash signatures (one permutation hashing, densified): the estimate against the exact
// Jaccard similarity of the 4-word shingle sets, on BBC articles and edited copies of them.
#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include <catch2/catch.hpp>

#include "analyzers/normalizer.hpp"
#include "analyzers/similarity.hpp"
#include "support/news_samples.hpp"
#include "support/paths.hpp"
#include "support/story_edits.hpp"

using namespace dossier;

namespace {

/// The exact shingle set minhash() samples: SHINGLE_WORDS consecutive lower-cased words.
std::set<std::string> shingles(const std::string& normalized) {
    std::vector<std::string> words;
    for (auto w : analyzers::similarity_words(normalized)) {
        std::string lower(w);
        std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
            return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
        });
        words.push_back(lower);
    }
    std::set<std::string> out;
    for (std::size_t i = 0; i + analyzers::SHINGLE_WORDS <= words.size(); ++i) {
        std::string s;
        for (std::size_t k = 0; k < analyzers::SHINGLE_WORDS; ++k) {
            s += words[i + k] + ' ';
        }
        out.insert(s);
    }
    return out;
}

double jaccard(const std::set<std::string>& a, const std::set<std::string>& b) {
    std::size_t common = 0;
    for (const auto& s : a) {
        common += b.count(s);
    }
    return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

}  // namespace

TEST_CASE("similarity: the signature estimates the shingle Jaccard similarity of edited copies") {
    if (!test::have_shared_data()) {
        WARN("shared data absent: skipped");
        return;
    }
    auto bbc = test::bbc_sample(10);
    REQUIRE(bbc.size() > 100);
    test::EditRng rng(11);
    std::size_t pairs = 0;
    double total_error = 0;
    double worst = 0;
    for (const auto& article : bbc) {
        const std::string original = analyzers::normalize(article.text);
        const auto sig = analyzers::minhash(original).serialise();
        REQUIRE(sig.size() == 2 * analyzers::MINHASH_SIZE);
        CHECK(analyzers::estimate_similarity(sig, sig) == 1.0);
        for (double keep : {0.9, 0.7, 0.5}) {
            const std::string copy =
                analyzers::normalize(test::edit_copy(article, keep, rng, 1).text);
            const double exact = jaccard(shingles(original), shingles(copy));
            const double estimate =
                analyzers::estimate_similarity(sig, analyzers::minhash(copy).serialise());
            const double error = std::fabs(estimate - exact);
            INFO(
                article.id << " keep " << keep << ": exact " << exact << ", estimate " << estimate
            );
            CHECK(error <= 0.2);
            total_error += error;
            worst = std::max(worst, error);
            ++pairs;
        }
    }
    INFO(pairs << " pairs, worst error " << worst);
    CHECK(pairs > 300);
    // 128 bins: the standard error of one estimate at similarity 0.5 is about 0.044, so the mean
    // absolute error is about 0.035 (less on articles with many shingles).
    CHECK(total_error / static_cast<double>(pairs) <= 0.045);
}

TEST_CASE("similarity: short and unrelated texts") {
    // Fewer words than MIN_SIGNATURE_WORDS: no signature, so no story with anything.
    CHECK(analyzers::minhash("Qtly div 10 cts vs 10 cts prior Pay April 1 Record March 15").empty()
    );
    // Just above it: fewer shingles than bins, every bin still filled (densified).
    std::string a, b;
    for (int i = 0; i < 45; ++i) {
        a += "alpha" + std::to_string(i) + " ";
        b += "beta" + std::to_string(i) + " ";
    }
    const auto sa = analyzers::minhash(a);
    REQUIRE(sa.minimums.size() == analyzers::MINHASH_SIZE);
    CHECK(analyzers::estimate_similarity(sa.serialise(), sa.serialise()) == 1.0);
    CHECK(analyzers::estimate_similarity(sa.serialise(), analyzers::minhash(b).serialise()) < 0.05);
    CHECK(analyzers::minhash(a).band_keys() == sa.band_keys());  // the same on every run
}

TEST_CASE("similarity: band keys make candidates of copies and seldom of different articles") {
    if (!test::have_shared_data()) {
        WARN("shared data absent: skipped");
        return;
    }
    auto bbc = test::bbc_sample(10);
    REQUIRE(bbc.size() > 100);
    auto share_a_band = [](const analyzers::Signature& a, const analyzers::Signature& b) {
        const auto ka = a.band_keys();
        const auto kb = b.band_keys();
        for (std::size_t i = 0; i < ka.size() && i < kb.size(); ++i) {
            if (ka[i] == kb[i]) {
                return true;
            }
        }
        return false;
    };
    test::EditRng rng(12);
    std::vector<analyzers::Signature> originals;
    std::size_t copies = 0;
    std::size_t copies_found = 0;
    for (const auto& article : bbc) {
        originals.push_back(analyzers::minhash(analyzers::normalize(article.text)));
        const auto keys = originals.back().band_keys();
        REQUIRE(keys.size() == analyzers::LSH_BANDS);
        for (std::size_t band = 0; band < keys.size(); ++band) {
            // Each band's keys start with their own digit: equal keys are always one band's.
            CHECK(keys[band].size() == analyzers::BAND_KEY_SIZE);
            CHECK((band == 0 || keys[band][0] != keys[band - 1][0]));
        }
        // Copies keeping 70% of the text are at 0.5-0.8: the band layout must find almost all.
        const auto copy =
            analyzers::minhash(analyzers::normalize(test::edit_copy(article, 0.7, rng, 1).text));
        if (analyzers::estimate_similarity(originals.back().serialise(), copy.serialise())
            >= analyzers::SAME_STORY_THRESHOLD) {
            ++copies;
            copies_found += share_a_band(originals.back(), copy);
        }
    }
    INFO(copies_found << " of " << copies << " copies at or above the threshold are candidates");
    CHECK(copies > 120);
    // 1 − (1 − s²)¹⁶ is 0.990 at s = 0.5 and 0.9992 at 0.6.
    CHECK(static_cast<double>(copies_found) >= 0.98 * static_cast<double>(copies));
    // Different BBC articles (many on one subject) rarely share a band: the signature check
    // that follows each candidate stays cheap.
    std::size_t pairs = 0;
    std::size_t candidates = 0;
    for (std::size_t i = 0; i < originals.size(); ++i) {
        for (std::size_t j = i + 1; j < originals.size(); ++j) {
            ++pairs;
            candidates += share_a_band(originals[i], originals[j]);
        }
    }
    INFO(candidates << " of " << pairs << " pairs of different articles are candidates");
    CHECK(static_cast<double>(candidates) <= 0.002 * static_cast<double>(pairs));
}
