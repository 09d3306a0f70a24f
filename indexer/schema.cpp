#include "indexer/schema.hpp"

#include <algorithm>

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

std::string id_term(std::string_view id) {
    return std::string(PREFIX_ID) + std::string(id);
}

}  // namespace dossier::indexer::schema
