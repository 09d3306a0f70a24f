/// Where the tests find the repository's corpus, test data, the shared news sets and the binaries.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace dossier::test {

inline std::string corpus_dir() { return DOSSIER_CORPUS_DIR; }

inline std::string test_data_dir() { return DOSSIER_TEST_DATA_DIR; }

/// ../shared/data beside the repository; tests that need it SKIP when it is absent.
inline std::string shared_data_dir() {
    if (const char* env = std::getenv("DOSSIER_SHARED_DATA"); env && *env) {
        return env;
    }
    return DOSSIER_SHARED_DATA_DIR;
}

inline bool have_shared_data() { return std::filesystem::exists(shared_data_dir() + "/bbc-news/bbc"); }

inline std::string indexer_binary() { return DOSSIER_INDEXER_BIN; }

inline std::string search_binary() { return DOSSIER_SEARCH_BIN; }

}  // namespace dossier::test
