#include "indexer/hash_ids.hpp"

#include <algorithm>

namespace dossier::indexer {

std::uint32_t HashIds::find_or_add(std::uint64_t hash, std::uint32_t next) {
    if ((m_size + 1) * 10 > m_slots.size() * 7) {  // load at most 0.7
        HugeVector<Slot> old = std::move(m_slots);
        m_slots.assign(std::max<std::size_t>(4096, old.size() * 2), Slot{});
        m_mask = m_slots.size() - 1;
        for (const Slot& s : old) {
            if (s.id != NONE) {
                std::size_t i = slot_of(s.hash());
                while (m_slots[i].id != NONE) {
                    i = (i + 1) & m_mask;
                }
                m_slots[i] = s;
            }
        }
    }
    std::size_t i = slot_of(hash);
    for (;; i = (i + 1) & m_mask) {
        if (m_slots[i].id == NONE) {
            break;
        }
        if (m_slots[i].hash() == hash) {
            return m_slots[i].id;
        }
    }
    m_slots[i] = {static_cast<std::uint32_t>(hash), static_cast<std::uint32_t>(hash >> 32), next};
    ++m_size;
    return NONE;
}

}  // namespace dossier::indexer
