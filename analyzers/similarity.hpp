/// Near-duplicate signatures: MinHash over word shingles of normalized text, LSH band keys to
/// find candidates, and the similarity estimate that decides whether two articles are one story.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dossier::analyzers {

/// Words per shingle. Four words keep a reordered or trimmed copy close (only the shingles that
/// straddle a cut change) while two different reports on one subject share few shingles.
inline constexpr std::size_t SHINGLE_WORDS = 4;
/// Bins of a signature (one permutation hashing, densified: minhash()); with as many shingles
/// as bins or more, the estimate's standard error at similarity 0.5 is about 0.044.
inline constexpr std::size_t MINHASH_SIZE = 128;
/// LSH: the first BANDS × ROWS minimums, ROWS per band. Two articles of similarity s share at
/// least one band with probability 1 − (1 − s²)¹⁶: 0.990 at s = 0.5, 0.9992 at 0.6, 0.48 at 0.2.
/// Every band is a term in the index, nearly always one no other article has, and those terms
/// are most of what stories cost at indexing (docs/stories.md, "Indexing speed"): 16 bands of 2
/// write half the terms of 32 bands of 3 for a higher candidate probability at the threshold;
/// the extra candidates below it are turned down by the signature check.
inline constexpr std::size_t LSH_BANDS = 16;
inline constexpr std::size_t LSH_ROWS = 2;
/// Articles with estimated Jaccard similarity of their shingle sets at or above this are the
/// same story. A copy keeping 70% of the text with a new headline and a correction is at ≈0.6.
inline constexpr double SAME_STORY_THRESHOLD = 0.5;
/// Characters of a band key (Signature::band_keys()). 42 bits of hash: two different bands'
/// minimums collide about once in 4 × 10¹² pairs, and a collision only costs a signature check.
inline constexpr std::size_t BAND_KEY_SIZE = 8;
/// Texts with fewer words get no signature (each is its own story): short wire templates
/// ("Qtly div 10 cts vs 10 cts prior, pay April 1") are word for word alike for different
/// companies.
inline constexpr std::size_t MIN_SIGNATURE_WORDS = 40;

/// The MinHash signature of a text: MINHASH_SIZE minimums, or empty when the text is too short.
/// One permutation hashing with optimal densification: each shingle is hashed once (not once per
/// bin), which makes a signature about four times cheaper to compute than MINHASH_SIZE hash
/// functions for the same estimate on articles of a few hundred words (docs/stories.md, "Indexing
/// speed").
struct Signature {
    std::vector<std::uint32_t> minimums;

    bool empty() const { return minimums.empty(); }

    /// The stored form: the low 16 bits of each minimum, little-endian (2 × MINHASH_SIZE bytes);
    /// "" for an empty signature. 16 bits keep a false match at 1 in 65,536 per position.
    std::string serialise() const;

    /// LSH_BANDS keys, one per band, BAND_KEY_SIZE characters: the band number as one digit
    /// (0-9, a-v), then 42 bits of a hash of its LSH_ROWS minimums as 7 characters of
    /// [0-9A-Za-z_-]. Articles sharing a key are candidates; empty signature → none.
    std::vector<std::string> band_keys() const;
};

/// Lower-case words (letters and digits, any script) of `text`, which should already be
/// analyzers::normalize()d.
std::vector<std::string_view> similarity_words(std::string_view text);

/// The signature of a (normalized) text over SHINGLE_WORDS-word shingles.
Signature minhash(std::string_view text);

/// Estimated Jaccard similarity of two serialised signatures (fraction of equal positions);
/// 0 when either is empty or they differ in size.
double estimate_similarity(std::string_view a, std::string_view b);

}  // namespace dossier::analyzers
