/// BBC prose laid out in the ways a hostile or broken input may be (issue 15), for the tests that
/// count analysis work at two sizes: tests/analyzers/test_linear.cpp,
/// tests/indexer/test_spelling.cpp.
#pragma once

#include <string>

#include "support/news_samples.hpp"

namespace dossier::test {

/// The first `bytes` of `source` repeated, cut at a character boundary.
inline std::string sized(const std::string& source, std::size_t bytes) {
    std::string out;
    while (out.size() < bytes) {
        out += source;
    }
    out.resize(bytes);
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) {
        out.pop_back();
    }
    if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) {
        out.pop_back();  // a lead byte without its continuation
    }
    return out;
}

/// BBC News articles (title, then text) one after the other, a little over `bytes` of them.
inline std::string bbc_prose(std::size_t bytes) {
    std::string all;
    for (const auto& a : bbc_sample(1)) {
        all += a.title + "\n" + a.text + "\n";
        if (all.size() > bytes) {
            break;
        }
    }
    return all;
}

/// `s` without the characters of `chars` (or with each replaced by a space).
inline std::string without(const std::string& s, const std::string& chars, bool replace_by_space) {
    std::string out;
    for (char c : s) {
        if (chars.find(c) == std::string::npos) {
            out += c;
        } else if (replace_by_space) {
            out += ' ';
        }
    }
    return out;
}

}  // namespace dossier::test
