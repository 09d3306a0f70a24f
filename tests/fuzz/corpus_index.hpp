// For the fuzz targets that search: an index of corpus/ built once into a temporary directory at
// start-up and removed at exit (after the target's own atexit handlers, registered later).
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

#include <unistd.h>

#include "indexer/indexer.hpp"

namespace dossier::fuzz {

/// Builds the index of corpus/ for target `name`; returns its directory.
inline const std::string& corpus_index(const std::string& name) {
    static std::string dir;
    const char* tmp = std::getenv("TMPDIR");
    dir = std::string(tmp && *tmp ? tmp : "/tmp") + "/dossier-fuzz-" + name + "-"
        + std::to_string(getpid());
    dossier::indexer::IndexOptions opts;
    opts.db = dir;
    opts.inputs = {DOSSIER_CORPUS_DIR};
    opts.threads = 1;
    opts.analysis = dossier::analyzers::AnalysisConfig::from_environment();
    dossier::indexer::run(opts, [](const std::string&) {});
    std::atexit([] {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    });
    return dir;
}

}  // namespace dossier::fuzz
