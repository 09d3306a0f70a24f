#pragma once

/// A growable set of small integers, one bit each (the facet counts' marks of rare keys, by key
/// id or by merged number: searcher/facets.hpp). std::vector<bool> does not say how it grows nor
/// iterate its set bits by word; std::bitset has a fixed size.

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace dossier::searcher {

class Bitset {
public:
    /// Empties the set and makes room for the integers below `bits` (no allocation after, below).
    void assign(std::size_t bits) { m_words.assign(bits / 64 + 1, 0); }

    /// Empties the set, keeping its room.
    void clear() { std::fill(m_words.begin(), m_words.end(), 0); }

    /// Whether `i` is in the set.
    bool test(std::size_t i) const {
        return i / 64 < m_words.size() && (m_words[i / 64] & bit(i)) != 0;
    }

    /// Adds `i`; true when it was not in the set. Growing, it makes room for the integers below
    /// `room_hint` too (so that a set expected to hold ids below n grows once).
    bool insert(std::size_t i, std::size_t room_hint = 0) {
        if (i / 64 >= m_words.size()) {
            m_words.resize(std::max(i, room_hint) / 64 + 1, 0);
        }
        std::uint64_t& w = m_words[i / 64];
        const bool added = (w & bit(i)) == 0;
        w |= bit(i);
        return added;
    }

    /// The integers in the set.
    std::size_t count() const {
        std::size_t n = 0;
        for (const std::uint64_t w : m_words) {
            n += static_cast<std::size_t>(std::popcount(w));
        }
        return n;
    }

    /// Calls `f(i)` for each integer in the set, in ascending order.
    template <class F>
    void for_each(F&& f) const {
        for (std::size_t w = 0; w < m_words.size(); ++w) {
            for (std::uint64_t bits = m_words[w]; bits != 0; bits &= bits - 1) {
                f(64 * w + static_cast<std::size_t>(std::countr_zero(bits)));
            }
        }
    }

private:
    static std::uint64_t bit(std::size_t i) { return std::uint64_t{1} << (i % 64); }

    std::vector<std::uint64_t> m_words;
};

}  // namespace dossier::searcher
