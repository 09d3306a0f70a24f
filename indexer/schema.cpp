#include "indexer/schema.hpp"

#include <algorithm>
#include <cstdint>

#include "analyzers/error.hpp"
#include "analyzers/normalizer.hpp"

namespace dossier::indexer::schema {

std::string pack_values(std::vector<std::string> values) {
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    std::string out;
    for (const auto& v : values) {
        std::size_t n = v.size();
        while (n >= 0x80) {
            out.push_back(static_cast<char>((n & 0x7F) | 0x80));
            n >>= 7;
        }
        out.push_back(static_cast<char>(n));
        out += v;
    }
    return out;
}

std::vector<std::string> unpack_values(std::string_view packed) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < packed.size()) {
        std::size_t n = 0;
        int shift = 0;
        while (true) {
            if (i >= packed.size() || shift > 56) {
                throw SchemaError("truncated packed value list");
            }
            auto byte = static_cast<unsigned char>(packed[i++]);
            n |= static_cast<std::size_t>(byte & 0x7F) << shift;
            if (!(byte & 0x80)) {
                break;
            }
            shift += 7;
        }
        if (n > packed.size() - i) {
            throw SchemaError("truncated packed value list");
        }
        out.emplace_back(packed.substr(i, n));
        i += n;
    }
    return out;
}

std::string facet_term(const char* prefix, std::string_view value) {
    return std::string(prefix) + analyzers::fold_key(value);
}

namespace {

/// Prefix + value, or for a value too long for one term, a readable head + "#" + hash.
std::string bounded_term(const char* prefix, std::string_view value) {
    std::string term = std::string(prefix) + std::string(value);
    if (term.size() <= MAX_TERM_BYTES) {
        return term;
    }
    // FNV-1a 64: dependency-free and stable across platforms and releases (std::hash is neither).
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : value) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    std::size_t cut = 200;
    while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) {
        --cut;  // do not split a UTF-8 sequence
    }
    static constexpr char hex[] = "0123456789abcdef";
    std::string out = std::string(prefix) + std::string(value.substr(0, cut)) + "#";
    for (int shift = 60; shift >= 0; shift -= 4) {
        out.push_back(hex[(h >> shift) & 0xF]);
    }
    return out;
}

}  // namespace

std::string id_term(std::string_view id) {
    return bounded_term(PREFIX_ID, id);
}

std::string source_term(std::string_view source) {
    return bounded_term(PREFIX_PATH, source);
}

}  // namespace dossier::indexer::schema
