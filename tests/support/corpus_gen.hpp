/// Writes larger JSONL corpora for tests, made of corpus/ articles with numbered variations.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/paths.hpp"

namespace dossier::test {

/// Writes `n` JSONL records ("id": "gen-<i>") to `path`; record i is corpus article i % 5 with a
/// numbered sentence added, so every record is distinct. Returns `path`.
inline std::string
write_generated_jsonl(const std::string& path, std::size_t n, const std::string& tag = "") {
    std::vector<std::string> texts;
    for (const auto& e : std::filesystem::directory_iterator(corpus_dir())) {
        std::ifstream in(e.path());
        texts.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    std::sort(texts.begin(), texts.end());
    std::ofstream out(path);
    for (std::size_t i = 0; i < n; ++i) {
        nlohmann::json rec = {
            {"id", "gen-" + std::to_string(i)},
            {"title", "Generated report number " + std::to_string(i) + tag},
            {"text",
             texts[i % texts.size()] + "\nThis is generated report " + std::to_string(i) + tag
                 + "."},
            {"source", "generator"},
        };
        out << rec.dump() << "\n";
    }
    return path;
}

}  // namespace dossier::test
