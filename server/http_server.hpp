/// dossier-server's HTTP layer: routes, limits, authentication, security headers, static web
/// files, metrics. Knows nothing of the searcher: every answer comes from server::Index.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "server/handlers.hpp"

namespace dossier::server {

struct ServerOptions {
    std::string db = "index";  ///< database directory or stub file
    std::string host = "127.0.0.1";
    int port = 8080;                  ///< 0 = any free port (the bound one is reported)
    std::size_t threads = 16;         ///< connections served at once (httplib: one thread each)
    std::vector<std::string> tokens;  ///< accepted Bearer tokens; empty = no authentication
    std::string cors_origin;          ///< the one origin allowed by CORS; empty = no CORS headers
    std::string web_dir;              ///< static files of the page; empty = no page
    Limits limits;
    std::size_t max_body_bytes = 16 * 1024;      ///< request bodies above → 413
    std::chrono::seconds io_timeout{5};          ///< read/write timeout per socket (slow clients)
    std::chrono::milliseconds reload_poll{500};  ///< how often the database is checked for changes
};

/// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback(const std::string& host);

/// Reads one token per line (blank lines and #comments skipped).
/// @throws dossier::Error naming `path` when unreadable or holding no token.
std::vector<std::string> read_tokens(const std::string& path);

class HttpServer {
public:
    /// Loads the web files and opens the index (lazily: a missing index answers 503).
    /// @throws dossier::Error when the web folder cannot be read.
    explicit HttpServer(ServerOptions options);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Binds the address. @returns the bound port. @throws dossier::Error when it cannot bind.
    int bind();
    /// Serves until stop(); in-flight requests are answered before it returns.
    void serve();
    /// Stops accepting; callable from any thread (a signal-watching thread).
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace dossier::server
