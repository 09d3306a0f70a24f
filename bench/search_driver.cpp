/// bench_search: runs queries (one per line on standard input) through searcher::Searcher, top 10
/// with snippets, and prints one JSON object per line with "took_ms" (the same shape as
/// `search --batch`), for indexes built before `search --batch` existed.
///   bench_search DB < queries.txt
#include <chrono>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "searcher/searcher.hpp"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: bench_search DB < queries\n";
        return 2;
    }
    dossier::searcher::Searcher searcher(argv[1]);
    std::string q;
    while (std::getline(std::cin, q)) {
        const auto start = std::chrono::steady_clock::now();
        nlohmann::json out;
        try {
            dossier::searcher::HitsRequest request;
            request.query = q;
            auto r = searcher.hits(request);
            out = {{"query", q}, {"total", r.total}, {"hits", r.hits.size()}};
        } catch (const std::exception& e) {
            out = {{"query", q}, {"error", e.what()}};
        }
        out["took_ms"] =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        std::cout << out.dump() << "\n";
    }
    return 0;
}
