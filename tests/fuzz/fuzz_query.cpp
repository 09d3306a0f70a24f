// libFuzzer target: the query compiler and the searcher, on a small real index (corpus/, built
// once into a temporary directory at start-up). The first byte picks the view (hits, figures,
// quotes); the rest is the query. A malformed query must fail with dossier::QueryError, nothing
// else; anything else escaping search() is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "analyzers/error.hpp"
#include "searcher/searcher.hpp"
#include "tests/fuzz/corpus_index.hpp"

namespace {

std::unique_ptr<dossier::searcher::Searcher> g_searcher;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    g_searcher =
        std::make_unique<dossier::searcher::Searcher>(dossier::fuzz::corpus_index("query"));
    std::atexit([] { g_searcher.reset(); });  // before the index is removed
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
