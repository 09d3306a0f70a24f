/// A table from 64-bit hashes to 32-bit ids (HashIds): the facet counters' key tables, and the
/// numbering of the facet ids' column (indexer/columns.hpp).
#pragma once

#include <cstddef>
#include <cstdint>

#include "indexer/huge_pages.hpp"

namespace dossier::indexer {

/// A table from 64-bit hashes to 32-bit ids: open addressing, linear probing, a power-of-two
/// capacity at most half full. std::unordered_map allocates a node per entry; for the hundreds
/// of thousands of distinct values one broad query meets on a large archive, those allocations
/// and their page faults were most of a cold search (docs/facets.md). Own code for that reason.
class HashIds {
public:
    static constexpr std::uint32_t NONE = UINT32_MAX;

    /// The id of `hash`, or NONE.
    std::uint32_t find(std::uint64_t hash) const {
        if (m_slots.empty()) {
            return NONE;
        }
        for (std::size_t i = slot_of(hash);; i = (i + 1) & m_mask) {
            const Slot& s = m_slots[i];
            if (s.id == NONE || s.hash() == hash) {
                return s.id;
            }
        }
    }

    /// The id of `hash`; when absent, adds it with id `next` (not NONE) and returns NONE.
    std::uint32_t find_or_add(std::uint64_t hash, std::uint32_t next);

    std::size_t size() const { return m_size; }

private:
    /// 12 bytes: the hash in two halves, so that no padding follows the id (a broad query's
    /// tables hold a million slots).
    struct Slot {
        std::uint32_t low = 0;
        std::uint32_t high = 0;
        std::uint32_t id = NONE;

        std::uint64_t hash() const { return std::uint64_t{high} << 32 | low; }
    };

    std::size_t slot_of(std::uint64_t hash) const {
        return static_cast<std::size_t>((hash ^ (hash >> 29)) * 0x9E3779B97F4A7C15ULL >> 20)
            & m_mask;
    }

    HugeVector<Slot> m_slots;
    std::size_t m_mask = 0;
    std::size_t m_size = 0;
};

}  // namespace dossier::indexer
