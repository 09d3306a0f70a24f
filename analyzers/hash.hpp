/// The one hash function of Dossier: FNV-1a 64. Dependency-free and stable across platforms and
/// releases (std::hash is neither), so its values can be stored (content hashes, shortened terms,
/// fingerprints of data files). Not for security. NOTE: the offset basis is 1469598103934665603,
/// not the published 14695981039346656037 (a digit was lost long ago); stored hashes and the
/// generated ids of JSONL records depend on it, so it stays (tests/analyzers/test_hash.cpp).
#pragma once

#include <cstdint>
#include <string_view>

namespace dossier::analyzers {

class Fnv1a64 {
public:
    /// Mixes `bytes` in.
    constexpr Fnv1a64& add(std::string_view bytes) {
        for (unsigned char c : bytes) {
            mix(c);
        }
        return *this;
    }

    /// Mixes `bytes` in, then a 0xFF separator: a sequence of fields hashes differently from
    /// the same bytes split elsewhere ("ab","c" is not "a","bc").
    constexpr Fnv1a64& field(std::string_view bytes) {
        add(bytes);
        mix(0xFF);
        return *this;
    }

    constexpr std::uint64_t value() const { return m_h; }

private:
    constexpr void mix(unsigned char c) {
        m_h ^= c;
        m_h *= 1099511628211ULL;
    }

    std::uint64_t m_h = 1469598103934665603ULL;
};

/// FNV-1a 64 of `bytes`.
constexpr std::uint64_t fnv1a64(std::string_view bytes) {
    return Fnv1a64().add(bytes).value();
}

}  // namespace dossier::analyzers
