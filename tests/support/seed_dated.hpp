/// The five seed articles of corpus/ as JSONL with publication dates (as a newsroom would supply
/// them), plus a later revision of one of them, for timeline tests.
#pragma once

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "support/paths.hpp"

namespace dossier::test {

/// Dates given to the seed articles (their reporting order: 30 casualties in November 2024,
/// "over 3,000" late December, "as high as 4,000" in February 2025).
inline const std::map<std::string, std::string>& seed_dates() {
    static const std::map<std::string, std::string> dates = {
        {"002_59abcb7cce7c1883", "2024-11-22"},
        {"001_1eb6d0dfee52ccb7", "2024-12-27"},
        {"003_b153a9dce5a7b7c6", "2025-01-03"},
        {"000_2b5076e200270314", "2025-02-12"},
        {"004_0da5bea54c4e428b", "2025-03-14"},
    };
    return dates;
}

/// Writes the seed articles with their dates to `path`; with `revision`, also
/// "001-update" (2025-01-14): article 001 re-issued with the National Intelligence Service's
/// figure revised from "at least 1,100" to "at least 3,000". Returns `path`.
inline std::string write_seed_jsonl(const std::string& path, bool revision) {
    std::ofstream out(path);
    for (const auto& [id, date] : seed_dates()) {
        std::ifstream in(corpus_dir() + "/" + id + ".txt");
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        out << nlohmann::json{{"id", id}, {"text", text}, {"date", date}}.dump() << "\n";
        if (revision && id == "001_1eb6d0dfee52ccb7") {
            const std::string from = "at least 1,100 casualties";
            auto at = text.find(from);
            if (at != std::string::npos) {
                text.replace(at, from.size(), "at least 3,000 casualties");
            }
            out << nlohmann::json{{"id", "001-update"}, {"text", text}, {"date", "2025-01-14"}}
                       .dump()
                << "\n";
        }
    }
    return path;
}

}  // namespace dossier::test
