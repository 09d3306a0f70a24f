/// Where the tests find the repository's corpus, test data, the shared news sets and the binaries.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace dossier::test {

inline std::string corpus_dir() {
    return DOSSIER_CORPUS_DIR;
}

inline std::string test_data_dir() {
    return DOSSIER_TEST_DATA_DIR;
}

/// ../shared/data beside the repository; tests that need it SKIP when it is absent.
inline std::string shared_data_dir() {
    if (const char* env = std::getenv("DOSSIER_SHARED_DATA"); env && *env) {
        return env;
    }
    return DOSSIER_SHARED_DATA_DIR;
}

inline bool have_shared_data() {
    return std::filesystem::exists(shared_data_dir() + "/bbc-news/bbc");
}

inline std::string indexer_binary() {
    return DOSSIER_INDEXER_BIN;
}

inline std::string search_binary() {
    return DOSSIER_SEARCH_BIN;
}

/// The whole content of a file ("" when it cannot be read).
inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace dossier::test
