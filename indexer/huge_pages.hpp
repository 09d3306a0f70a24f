/// An allocator for the facet counters' large random-access arrays (hash tables, counts by id):
/// blocks of 2 MB or more come from mmap with madvise(MADV_HUGEPAGE), so a cold process takes
/// one page fault per 2 MB instead of 512, and random probes miss the TLB far less. Debian's
/// kernels default transparent huge pages to "madvise": without the advice every 4 KB page of a
/// fresh table costs a fault, which was a fifth of a broad cold search (issue 13, measured in
/// README). Smaller blocks use operator new as usual. Where the kernel has no huge pages the
/// advice is ignored and the block is an ordinary mapping.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <vector>

#include <sys/mman.h>

namespace dossier::indexer {

template <class T>
class HugePageAllocator {
public:
    using value_type = T;

    /// The smallest block worth mapping on its own: one huge page.
    static constexpr std::size_t HUGE_PAGE = std::size_t{2} << 20;

    HugePageAllocator() noexcept = default;

    template <class U>
    HugePageAllocator(const HugePageAllocator<U>& /*other*/) noexcept {}

    T* allocate(std::size_t n) {
        const std::size_t bytes = n * sizeof(T);
        if (bytes < HUGE_PAGE) {
            return static_cast<T*>(::operator new(bytes));
        }
        // Huge pages need 2 MB-aligned addresses: map one page more and trim both ends.
        const std::size_t size = round_up(bytes);
        void* p = ::mmap(
            nullptr, size + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0
        );
        if (p == MAP_FAILED) {
            throw std::bad_alloc();
        }
        auto* const raw = static_cast<char*>(p);
        const std::size_t head =
            (HUGE_PAGE - reinterpret_cast<std::uintptr_t>(raw) % HUGE_PAGE) % HUGE_PAGE;
        if (head > 0) {
            ::munmap(raw, head);
        }
        ::munmap(raw + head + size, HUGE_PAGE - head);
        ::madvise(raw + head, size, MADV_HUGEPAGE);  // advice only: failure changes nothing
        return reinterpret_cast<T*>(raw + head);
    }

    void deallocate(T* p, std::size_t n) noexcept {
        const std::size_t bytes = n * sizeof(T);
        if (bytes < HUGE_PAGE) {
            ::operator delete(p);
        } else {
            ::munmap(p, round_up(bytes));
        }
    }

    friend bool operator==(const HugePageAllocator&, const HugePageAllocator&) { return true; }

    friend bool operator!=(const HugePageAllocator&, const HugePageAllocator&) { return false; }

private:
    static std::size_t round_up(std::size_t bytes) {
        return (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    }
};

/// A vector whose large buffers are advised to live on huge pages.
template <class T>
using HugeVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace dossier::indexer
