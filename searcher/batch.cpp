#include "searcher/batch.hpp"

#include <chrono>
#include <string>

#include "analyzers/error.hpp"
#include "analyzers/normalizer.hpp"
#include "searcher/render.hpp"

namespace dossier::searcher {

BatchSummary run_batch(
    Searcher& searcher,
    const SearchRequest& base,
    std::istream& in,
    const std::function<void(const nlohmann::json&)>& emit
) {
    BatchSummary summary;
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        ++summary.queries;
        SearchRequest request = base;
        request.query = analyzers::repair_utf8(line);
        const auto start = std::chrono::steady_clock::now();
        auto elapsed_ms = [&start] {
            return std::chrono::duration<double, std::milli>(
                       std::chrono::steady_clock::now() - start
            )
                .count();
        };
        nlohmann::json out;
        try {
            SearchResult result = searcher.search(request);
            const double took = elapsed_ms();
            out = to_json(result);
            out["took_ms"] = took;
        } catch (const Error& e) {
            out = {{"query", request.query}, {"error", e.what()}, {"took_ms", elapsed_ms()}};
        } catch (const Xapian::Error& e) {
            out = {
                {"query", request.query},
                {"error", e.get_description()},
                {"took_ms", elapsed_ms()}};
        }
        if (out.contains("error")) {
            ++summary.errors;
        }
        out["line"] = number;
        emit(out);
    }
    return summary;
}

}  // namespace dossier::searcher
