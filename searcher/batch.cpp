#include "searcher/batch.hpp"

#include <chrono>
#include <string>

#include "analyzers/normalizer.hpp"
#include "searcher/errors.hpp"
#include "searcher/render.hpp"

namespace dossier::searcher {

BatchSummary run_batch(
    Searcher& searcher,
    const Request& base,
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
        Request request = base;
        QueryRequest& query = common(request);
        query.query = analyzers::repair_utf8(line);
        const auto start = std::chrono::steady_clock::now();
        auto elapsed_ms = [&start] {
            return std::chrono::duration<double, std::milli>(
                       std::chrono::steady_clock::now() - start
            )
                .count();
        };
        nlohmann::json out;
        try {
            Result result = searcher.search(request);
            const double took = elapsed_ms();
            out = to_json(result);
            out["took_ms"] = took;
        } catch (...) {
            const ErrorInfo error = classify(std::current_exception());
            out = {{"query", query.query}, {"error", error.message}, {"took_ms", elapsed_ms()}};
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
