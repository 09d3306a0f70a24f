/// The server's one adapter to the searcher: HTTP query parameters in, status + JSON/CSV body out.
/// Everything that knows the searcher API lives in handlers.cpp, so the HTTP layer (http_server.*)
/// never sees a SearchRequest. Thread-safe: every member may be called from any thread at once.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace dossier::server {

/// Query parameters, repeatable ones repeated (the shape of httplib::Params).
using Params = std::multimap<std::string, std::string>;

/// A response body and its status; content_type is "application/json" unless said otherwise.
struct Reply {
    int status = 200;
    std::string body;
    std::string content_type = "application/json";
    std::string filename;  ///< for CSV: suggested download name (Content-Disposition)
};

/// Request limits (the server enforces them before any search runs).
struct Limits {
    std::size_t max_query_bytes = 2048;            ///< longer q → 413
    std::size_t max_limit = 1000;                  ///< limit above → 400
    std::size_t max_offset = 100000;               ///< offset above → 400
    std::chrono::milliseconds time_budget{10000};  ///< a search slower than this → 503
    /// Searches past their budget still running; beyond this many, new ones get 503 at once.
    std::size_t max_overdue = 4;
    /// Searches run at once (0 = one per core, at least 2); more wait their turn, inside their
    /// time budget. Bounds CPU thrashing and the number of open searchers (memory).
    std::size_t max_concurrent = 0;
};

/// One error as the API reports it: {"error": message, "status": status}.
Reply error_reply(int status, const std::string& message);

/// The index the server answers from: a pool of searchers (one per concurrent request, reused),
/// reopened when the database changes on disk (an incremental indexer run commits, or
/// scripts/rebuild-index switches the stub): a watcher notices within `poll` and later requests
/// get fresh searchers while requests in flight finish on the old ones, so none fails.
class Index {
public:
    Index(
        std::string path,
        Limits limits,
        std::chrono::milliseconds poll = std::chrono::milliseconds(500)
    );
    ~Index();
    Index(const Index&) = delete;
    Index& operator=(const Index&) = delete;

    /// GET /api/...: the API's one routing table. `path` is URL-decoded, as the HTTP layer
    /// gives it; an unknown path → 404, parameters of an endpoint that takes none (articles)
    /// → 400. http_server.cpp routes /api/ here; tests/fuzz/fuzz_http feeds it raw request
    /// targets through cpp-httplib's own decoding.
    Reply api(const std::string& path, const Params& params);

    Reply search(const Params& params);                                  ///< GET /api/search
    Reply figures(const Params& params);                                 ///< GET /api/figures
    Reply quotes(const Params& params);                                  ///< GET /api/quotes
    Reply article(const std::string& id);                                ///< GET /api/articles/{id}
    Reply facet_values(const std::string& facet, const Params& params);  ///< GET /api/facets/{f}
    Reply health();                                                      ///< GET /api/health
    Reply stats();                                                       ///< GET /api/stats

    /// Gauges for /metrics: the open database's revision and article count (0 when unavailable).
    unsigned long revision();
    std::size_t documents();

    std::size_t reloads() const { return m_reloads.load(); }

    /// Helper threads lent to searches for their facets since start (a search gets one per search
    /// slot free and not lent to another running search when it starts, at most the Searcher's
    /// default).
    std::size_t facet_threads() const;

    /// Blocks until every search past its time budget has finished (shutdown).
    void drain();

private:
    Reply listing(const Params& params, int view);  ///< view: searcher::View as int (no include)
    struct Pool;
    std::shared_ptr<Pool> m_pool;
    Limits m_limits;
    std::atomic<std::size_t> m_reloads{0};
    std::atomic<bool> m_stop{false};
    std::mutex m_watch_mutex;
    std::condition_variable m_watch_cv;
    std::thread m_watcher;
};

}  // namespace dossier::server
