// libFuzzer target: the server's request parsing and routing. The input is a raw request target
// as a client sends it ("/api/search?q=budanov&limit=5"): split at the first '?', the path
// URL-decoded and the query string parsed into parameters by cpp-httplib's own functions (those
// its server calls), then routed by server::Index::api() to the endpoints, on a small real index
// (corpus/, built once into a temporary directory at start-up). Every reply must be a known
// status (200, 400, 404, 413) with a JSON body that parses, or CSV; a 500 (an exception the
// handlers did not map), a 503 (a search past its time budget) or anything escaping is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "server/handlers.hpp"
#include "tests/fuzz/corpus_index.hpp"

namespace {

std::unique_ptr<dossier::server::Index> g_index;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    g_index = std::make_unique<dossier::server::Index>(
        dossier::fuzz::corpus_index("http"), dossier::server::Limits{}
    );
    std::atexit([] { g_index.reset(); });  // before the index is removed
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string target(reinterpret_cast<const char*>(data), size);
    const auto question = target.find('?');
    const std::string path = httplib::detail::decode_url(target.substr(0, question), false);
    httplib::Params params;
    if (question != std::string::npos) {
        httplib::detail::parse_query_text(target.substr(question + 1), params);
    }
    const dossier::server::Reply reply =
        g_index->api(path, dossier::server::Params(params.begin(), params.end()));
    if (reply.status != 200 && reply.status != 400 && reply.status != 404 && reply.status != 413) {
        std::fprintf(stderr, "fuzz_http: status %d: %s\n", reply.status, reply.body.c_str());
        std::abort();
    }
    if (reply.content_type == "application/json" && !nlohmann::json::accept(reply.body)) {
        std::fprintf(stderr, "fuzz_http: status %d, a body that is not JSON\n", reply.status);
        std::abort();
    }
    return 0;
}
