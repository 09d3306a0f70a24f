// HugePageAllocator: large blocks are mapped on 2 MB boundaries (where transparent huge pages
// can back them), small ones come from operator new, and vectors on it behave as vectors.
#include <cstdint>
#include <numeric>

#include <catch2/catch.hpp>

#include "indexer/huge_pages.hpp"

using dossier::indexer::HugePageAllocator;
using dossier::indexer::HugeVector;

TEST_CASE(
    "a large HugeVector lies on a 2 MB boundary and keeps its values as it grows", "[facets]"
) {
    constexpr std::size_t page = HugePageAllocator<char>::HUGE_PAGE;
    HugeVector<std::uint32_t> v;
    for (std::uint32_t i = 0; i < 3'000'000; ++i) {
        v.push_back(i * 7);
        if (v.size() * sizeof(std::uint32_t) >= page && v.size() == v.capacity()) {
            CHECK(reinterpret_cast<std::uintptr_t>(v.data()) % page == 0);
        }
    }
    CHECK(v.capacity() * sizeof(std::uint32_t) >= page);
    CHECK(reinterpret_cast<std::uintptr_t>(v.data()) % page == 0);
    bool all = true;
    for (std::uint32_t i = 0; i < v.size(); ++i) {
        all = all && v[i] == i * 7;
    }
    CHECK(all);
    // Moved, copied and shrunk across the threshold, in both directions.
    HugeVector<std::uint32_t> copy = v;
    CHECK(copy == v);
    copy.resize(1000);
    copy.shrink_to_fit();
    CHECK(copy.size() == 1000);
    CHECK(copy[999] == 999 * 7);
    HugeVector<std::uint32_t> moved = std::move(v);
    CHECK(moved.size() == 3'000'000);
    CHECK(moved[2'999'999] == 2'999'999u * 7);
    // A value-initialised large block reads as zeros (fresh mappings are zero pages).
    HugeVector<std::uint64_t> zeros(page);  // 16 MB
    CHECK(std::accumulate(zeros.begin(), zeros.end(), std::uint64_t{0}) == 0);
}
