#include "analyzers/similarity.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>

#include "analyzers/hash.hpp"

namespace dossier::analyzers {

namespace {

/// splitmix64's finaliser: a cheap, well-mixed 64-bit hash step.
std::uint64_t mix64(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

std::uint64_t hash_word(std::string_view w) {
    return fnv1a64(w);
}

bool word_byte(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

}  // namespace

std::vector<std::string_view> similarity_words(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && !word_byte(static_cast<unsigned char>(text[i]))) {
            ++i;
        }
        std::size_t start = i;
        while (i < text.size() && word_byte(static_cast<unsigned char>(text[i]))) {
            ++i;
        }
        if (i > start) {
            words.push_back(text.substr(start, i - start));
        }
    }
    return words;
}

Signature minhash(std::string_view text) {
    Signature sig;
    const std::vector<std::string_view> words = similarity_words(text);
    if (words.size() < MIN_SIGNATURE_WORDS) {
        return sig;
    }
    std::vector<std::uint64_t> word_hashes;
    word_hashes.reserve(words.size());
    std::string lower;
    for (auto w : words) {
        lower.assign(w);
        for (char& c : lower) {
            if (c >= 'A' && c <= 'Z') {
                c = static_cast<char>(c - 'A' + 'a');
            }
        }
        word_hashes.push_back(hash_word(lower));
    }
    // Shingle hashes, de-duplicated: a repeated phrase counts once, as in the set it stands for.
    std::vector<std::uint64_t> shingles;
    shingles.reserve(word_hashes.size());
    for (std::size_t i = 0; i + SHINGLE_WORDS <= word_hashes.size(); ++i) {
        std::uint64_t h = 0;
        for (std::size_t k = 0; k < SHINGLE_WORDS; ++k) {
            h = mix64(h ^ word_hashes[i + k]);
        }
        shingles.push_back(h);
    }
    std::sort(shingles.begin(), shingles.end());
    shingles.erase(std::unique(shingles.begin(), shingles.end()), shingles.end());

    // One permutation hashing (Li, Owen and Zhang 2012) with optimal densification (Shrivastava
    // 2017): each shingle is hashed once; its top bits pick one of MINHASH_SIZE bins and its low
    // 32 bits compete for that bin's minimum. An empty bin takes the minimum of the first
    // non-empty bin its own fixed probe sequence reaches, the same sequence in every document, so
    // the fraction of equal bins stays an unbiased estimate of the Jaccard similarity.
    constexpr std::uint32_t EMPTY = std::numeric_limits<std::uint32_t>::max();
    std::array<std::uint32_t, MINHASH_SIZE> bins;
    bins.fill(EMPTY);
    std::array<bool, MINHASH_SIZE> filled{};
    for (std::uint64_t s : shingles) {
        const std::uint64_t h = mix64(s ^ 0x0E51A5B1D5EEDULL);
        const std::size_t bin = static_cast<std::size_t>(h >> 32) % MINHASH_SIZE;
        bins[bin] = std::min(bins[bin], static_cast<std::uint32_t>(h));
        filled[bin] = true;
    }
    sig.minimums.assign(bins.begin(), bins.end());
    for (std::size_t i = 0; i < MINHASH_SIZE; ++i) {
        if (filled[i]) {
            continue;
        }
        for (std::uint64_t attempt = 1;; ++attempt) {
            const std::size_t j =
                static_cast<std::size_t>(mix64((i << 32) ^ attempt) >> 32) % MINHASH_SIZE;
            if (filled[j]) {
                sig.minimums[i] = bins[j];
                break;
            }
        }
    }
    return sig;
}

std::string Signature::serialise() const {
    std::string out;
    out.reserve(minimums.size() * 2);
    for (std::uint32_t m : minimums) {
        out.push_back(static_cast<char>(m & 0xFF));
        out.push_back(static_cast<char>((m >> 8) & 0xFF));
    }
    return out;
}

std::vector<std::string> Signature::band_keys() const {
    std::vector<std::string> keys;
    if (minimums.size() < LSH_BANDS * LSH_ROWS) {
        return keys;
    }
    static_assert(LSH_BANDS <= 32, "a band number is one base-32 digit");
    // Short keys: each is a term in the posting table (a B-tree key), almost always unique.
    static constexpr char DIGITS[] =
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-";
    keys.reserve(LSH_BANDS);
    for (std::size_t band = 0; band < LSH_BANDS; ++band) {
        std::uint64_t h = mix64(band);
        for (std::size_t r = 0; r < LSH_ROWS; ++r) {
            h = mix64(h ^ minimums[band * LSH_ROWS + r]);
        }
        std::string key(BAND_KEY_SIZE, '0');
        key[0] = DIGITS[band];
        for (std::size_t i = 1; i < BAND_KEY_SIZE; ++i, h >>= 6) {
            key[i] = DIGITS[h & 63];
        }
        keys.push_back(std::move(key));
    }
    return keys;
}

double estimate_similarity(std::string_view a, std::string_view b) {
    if (a.empty() || a.size() != b.size() || a.size() % 2 != 0) {
        return 0.0;
    }
    std::size_t equal = 0;
    for (std::size_t i = 0; i < a.size(); i += 2) {
        equal += a[i] == b[i] && a[i + 1] == b[i + 1];
    }
    return static_cast<double>(equal) / static_cast<double>(a.size() / 2);
}

}  // namespace dossier::analyzers
