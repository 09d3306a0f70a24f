// libFuzzer target: the query compiler and the searcher, on a small real index (corpus/, built
// once into a temporary directory at start-up). The first byte picks the view (hits, figures,
// quotes); the rest is the query. A malformed query must fail with dossier::QueryError, nothing
// else; anything else escaping search() is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include <unistd.h>

#include "analyzers/error.hpp"
#include "indexer/indexer.hpp"
#include "searcher/searcher.hpp"

namespace {

std::string g_dir;
std::unique_ptr<dossier::searcher::Searcher> g_searcher;

void remove_index() {
    g_searcher.reset();
    std::error_code ec;
    std::filesystem::remove_all(g_dir, ec);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    const char* tmp = std::getenv("TMPDIR");
    g_dir =
        std::string(tmp && *tmp ? tmp : "/tmp") + "/dossier-fuzz-query-" + std::to_string(getpid());
    dossier::indexer::IndexOptions opts;
    opts.db = g_dir;
    opts.inputs = {DOSSIER_CORPUS_DIR};
    opts.threads = 1;
    opts.analysis = dossier::analyzers::AnalysisConfig::from_environment();
    dossier::indexer::run(opts, [](const std::string&) {});
    g_searcher = std::make_unique<dossier::searcher::Searcher>(g_dir);
    std::atexit(remove_index);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace dossier::searcher;
    if (size == 0) {
        return 0;
    }
    const std::string query(reinterpret_cast<const char*>(data) + 1, size - 1);
    try {
        if (data[0] % 3 == 0) {
            FiguresRequest r;
            r.query = query;
            r.limit = 3;
            (void)g_searcher->figures(r);
        } else if (data[0] % 3 == 1) {
            QuotesRequest r;
            r.query = query;
            r.limit = 3;
            (void)g_searcher->quotes(r);
        } else {
            HitsRequest r;
            r.query = query;
            r.limit = 3;
            r.facet_limit = 5;
            (void)g_searcher->hits(r);
        }
    } catch (const dossier::QueryError&) {
    }
    return 0;
}
