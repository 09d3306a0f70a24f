#include "server/http_server.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include <fmt/format.h>
#include <httplib.h>

#include "analyzers/error.hpp"

namespace dossier::server {

namespace fs = std::filesystem;

bool is_loopback(const std::string& host) {
    return host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

std::vector<std::string> read_tokens(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        throw Error("cannot read token file '" + path + "'");
    }
    std::vector<std::string> tokens;
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')
        ) {
            line.pop_back();
        }
        if (!line.empty() && line[0] != '#') {
            tokens.push_back(line);
        }
    }
    if (tokens.empty()) {
        throw Error("token file '" + path + "' holds no token");
    }
    return tokens;
}

namespace {

/// Prometheus text exposition of request counts and latencies, by route and status.
class Metrics {
public:
    static constexpr std::array<double, 12> BOUNDS = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    void record(const std::string& route, int status, double seconds) {
        std::lock_guard lock(m_mutex);
        ++m_requests[{route, status}];
        Histogram& h = m_latency[route];
        for (std::size_t i = 0; i < BOUNDS.size(); ++i) {
            if (seconds <= BOUNDS[i]) {
                ++h.buckets[i];
            }
        }
        ++h.count;
        h.sum += seconds;
    }

    std::string text(
        unsigned long revision, std::size_t articles, std::size_t reloads, std::size_t facet_threads
    ) const {
        std::lock_guard lock(m_mutex);
        std::string out;
        out += "# HELP dossier_http_requests_total HTTP requests answered, by route and status.\n";
        out += "# TYPE dossier_http_requests_total counter\n";
        std::size_t errors = 0;
        for (const auto& [key, n] : m_requests) {
            out += fmt::format(
                "dossier_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n",
                key.first,
                key.second,
                n
            );
            if (key.second >= 400) {
                errors += n;
            }
        }
        out += "# HELP dossier_http_errors_total HTTP requests answered with a status of 400 or "
               "more.\n";
        out += "# TYPE dossier_http_errors_total counter\n";
        out += fmt::format("dossier_http_errors_total {}\n", errors);
        out += "# HELP dossier_http_request_duration_seconds Time from request read to response "
               "built.\n";
        out += "# TYPE dossier_http_request_duration_seconds histogram\n";
        for (const auto& [route, h] : m_latency) {
            for (std::size_t i = 0; i < BOUNDS.size(); ++i) {
                out += fmt::format(
                    "dossier_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                    route,
                    BOUNDS[i],
                    h.buckets[i]
                );
            }
            out += fmt::format(
                "dossier_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n",
                route,
                h.count
            );
            out += fmt::format(
                "dossier_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", route, h.sum
            );
            out += fmt::format(
                "dossier_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", route, h.count
            );
        }
        out += "# HELP dossier_index_revision Revision of the open database.\n";
        out += "# TYPE dossier_index_revision gauge\n";
        out += fmt::format("dossier_index_revision {}\n", revision);
        out += "# HELP dossier_index_articles Articles in the open database.\n";
        out += "# TYPE dossier_index_articles gauge\n";
        out += fmt::format("dossier_index_articles {}\n", articles);
        out += "# HELP dossier_index_reloads_total Changes of the database picked up without "
               "restart.\n";
        out += "# TYPE dossier_index_reloads_total counter\n";
        out += fmt::format("dossier_index_reloads_total {}\n", reloads);
        out += "# HELP dossier_search_facet_threads_total Helper threads lent to searches to count "
               "their facets beside the match (one per idle search slot, at most cores - 1).\n";
        out += "# TYPE dossier_search_facet_threads_total counter\n";
        out += fmt::format("dossier_search_facet_threads_total {}\n", facet_threads);
        return out;
    }

private:
    struct Histogram {
        std::array<std::size_t, BOUNDS.size()> buckets{};
        std::size_t count = 0;
        double sum = 0;
    };

    mutable std::mutex m_mutex;
    std::map<std::pair<std::string, int>, std::size_t> m_requests;
    std::map<std::string, Histogram> m_latency;
};

/// The route label of a path, for metrics.
std::string route_of(const std::string& path) {
    static const std::pair<const char*, const char*> prefixes[] = {
        {"/api/search", "search"},
        {"/api/figures", "figures"},
        {"/api/quotes", "quotes"},
        {"/api/articles/", "article"},
        {"/api/facets/", "facets"},
        {"/api/health", "health"},
        {"/api/stats", "stats"},
        {"/metrics", "metrics"}};
    for (const auto& [prefix, name] : prefixes) {
        if (path.rfind(prefix, 0) == 0) {
            return name;
        }
    }
    return path.rfind("/api/", 0) == 0 ? "api_other" : "static";
}

std::string mime_type(const std::string& name) {
    static const std::pair<const char*, const char*> types[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".json", "application/json"},
        {".txt", "text/plain; charset=utf-8"}};
    for (const auto& [ext, type] : types) {
        if (name.size() >= std::char_traits<char>::length(ext)
            && name.compare(
                   name.size() - std::char_traits<char>::length(ext), std::string::npos, ext
               ) == 0) {
            return type;
        }
    }
    return "application/octet-stream";
}

bool same_token(const std::string& a, const std::string& b) {
    // Constant time in the length of the presented token.
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (std::size_t i = 0; i < a.size(); ++i) {
        diff |= static_cast<unsigned char>(a[i] ^ b[i % std::max<std::size_t>(b.size(), 1)]);
    }
    return diff == 0 && !b.empty();
}

thread_local std::chrono::steady_clock::time_point t_request_start;

}  // namespace

struct HttpServer::Impl {
    ServerOptions options;
    Index index;
    httplib::Server http;
    Metrics metrics;
    /// The web folder read once at start: request paths are looked up here and never reach the
    /// filesystem, so no path (../, %2e%2e, encoded slashes) can name a file outside the folder.
    std::map<std::string, std::pair<std::string, std::string>> files;

    explicit Impl(ServerOptions o)
        : options(std::move(o)), index(options.db, options.limits, options.reload_poll) {}

    void headers(const httplib::Request& req, httplib::Response& res) const {
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_header(
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        );
        res.set_header("Referrer-Policy", "no-referrer");
        res.set_header("X-Frame-Options", "DENY");
        if (!options.cors_origin.empty()) {
            res.set_header("Access-Control-Allow-Origin", options.cors_origin);
            res.set_header("Vary", "Origin");
        } else {
            res.set_header("Cross-Origin-Resource-Policy", "same-origin");
        }
        if (req.path.rfind("/api/", 0) == 0 || req.path == "/metrics") {
            res.set_header("Cache-Control", "no-store");
        } else {
            res.set_header("Cache-Control", "no-cache");
        }
    }

    static void send(httplib::Response& res, const Reply& r) {
        res.status = r.status;
        if (!r.filename.empty()) {
            res.set_header("Content-Disposition", "attachment; filename=\"" + r.filename + "\"");
        }
        res.set_content(r.body, r.content_type.c_str());
    }

    void load_web_files() {
        if (options.web_dir.empty()) {
            return;
        }
        std::error_code ec;
        for (fs::recursive_directory_iterator it(options.web_dir, ec), end; !ec && it != end;
             it.increment(ec)) {
            if (!it->is_regular_file()) {
                continue;
            }
            const std::string rel = fs::relative(it->path(), options.web_dir).generic_string();
            std::ifstream in(it->path(), std::ios::binary);
            std::ostringstream body;
            body << in.rdbuf();
            files["/" + rel] = {body.str(), mime_type(rel)};
        }
        if (ec) {
            throw Error("cannot read web folder '" + options.web_dir + "': " + ec.message());
        }
        if (files.count("/index.html")) {
            files["/"] = files["/index.html"];
        }
    }

    bool authorized(const httplib::Request& req) const {
        if (options.tokens.empty()) {
            return true;
        }
        const std::string auth = req.get_header_value("Authorization");
        const std::string scheme = "Bearer ";
        if (auth.rfind(scheme, 0) != 0) {
            return false;
        }
        const std::string presented = auth.substr(scheme.size());
        bool ok = false;
        for (const auto& t : options.tokens) {
            ok |= same_token(presented, t);
        }
        return ok;
    }

    void routes() {
        using httplib::Request;
        using httplib::Response;
        auto api = [this](auto fn) {
            return [this, fn](const Request& req, Response& res) {
                httplib::Params params = req.params;
                send(res, fn(req, Params(params.begin(), params.end())));
                const double ms = std::chrono::duration<double, std::milli>(
                                      std::chrono::steady_clock::now() - t_request_start
                )
                                      .count();
                res.set_header("Server-Timing", fmt::format("search;dur={:.1f}", ms));
            };
        };
        // [\s\S]: a decoded path may hold any byte, even a newline ('.' stops there).
        http.Get(R"(/api/[\s\S]*)", api([this](const Request& req, const Params& p) {
                     return index.api(req.path, p);
                 }));
        http.Get("/metrics", [this](const Request&, Response& res) {
            res.set_content(
                metrics.text(
                    index.revision(), index.documents(), index.reloads(), index.facet_threads()
                ),
                "text/plain; version=0.0.4; charset=utf-8"
            );
        });
        http.Get(R"(/.*)", [this](const Request& req, Response& res) {
            auto it = req.path.rfind("/api/", 0) == 0 ? files.end() : files.find(req.path);
            if (it == files.end()) {
                send(res, error_reply(404, "not found"));
                return;
            }
            res.set_content(it->second.first, it->second.second.c_str());
        });
        auto not_allowed = [](const Request& req, Response& res) {
            send(
                res, error_reply(405, "method " + req.method + " not allowed: the API is read-only")
            );
            res.set_header("Allow", "GET, HEAD");
        };
        http.Post(R"(/.*)", not_allowed);
        http.Put(R"(/.*)", not_allowed);
        http.Patch(R"(/.*)", not_allowed);
        http.Delete(R"(/.*)", not_allowed);
    }

    void hooks() {
        http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
            t_request_start = std::chrono::steady_clock::now();
            if (req.method == "OPTIONS") {
                if (options.cors_origin.empty()) {
                    send(res, error_reply(405, "method OPTIONS not allowed (CORS is off)"));
                } else {
                    res.status = 204;
                    res.set_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
                    res.set_header("Access-Control-Allow-Headers", "Authorization");
                    res.set_header("Access-Control-Max-Age", "600");
                }
                headers(req, res);
                return httplib::Server::HandlerResponse::Handled;
            }
            const bool protected_path = req.path.rfind("/api/", 0) == 0 || req.path == "/metrics";
            if (protected_path && !authorized(req)) {
                send(res, error_reply(401, "missing or invalid Bearer token"));
                res.set_header("WWW-Authenticate", "Bearer");
                headers(req, res);
                return httplib::Server::HandlerResponse::Handled;
            }
            return httplib::Server::HandlerResponse::Unhandled;
        });
        http.set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
            headers(req, res);
        });
        http.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
            if (res.body.empty()) {
                const char* what = res.status == 413 ? "request too large"
                    : res.status == 414              ? "request URI too long"
                    : res.status == 431              ? "request headers too large"
                    : res.status == 404              ? "not found"
                                                     : "malformed request";
                send(res, error_reply(res.status, what));
            }
            headers(req, res);
        });
        http.set_exception_handler(
            [this](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
                send(res, error_reply(500, "internal error"));
                headers(req, res);
            }
        );
        http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
            const double s =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t_request_start)
                    .count();
            metrics.record(route_of(req.path), res.status, s);
        });
    }
};

HttpServer::HttpServer(ServerOptions options) : m_impl(std::make_unique<Impl>(std::move(options))) {
    Impl& s = *m_impl;
    s.load_web_files();
    const std::size_t threads = std::max<std::size_t>(1, s.options.threads);
    s.http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    s.http.set_payload_max_length(s.options.max_body_bytes);
    const auto io = static_cast<time_t>(s.options.io_timeout.count());
    s.http.set_read_timeout(io, 0);
    s.http.set_write_timeout(io, 0);
    s.http.set_keep_alive_timeout(io);
    s.http.set_keep_alive_max_count(100000);
    s.routes();
    s.hooks();
}

HttpServer::~HttpServer() = default;

int HttpServer::bind() {
    Impl& s = *m_impl;
    std::string host = s.options.host;
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    int port = s.options.port;
    if (port == 0) {
        port = s.http.bind_to_any_port(host);
    } else if (!s.http.bind_to_port(host, port)) {
        port = -1;
    }
    if (port <= 0) {
        throw Error(fmt::format("cannot listen on {}:{}", s.options.host, s.options.port));
    }
    return port;
}

void HttpServer::serve() {
    m_impl->http.listen_after_bind();
    m_impl->index.drain();
}

void HttpServer::stop() {
    m_impl->http.stop();
}

}  // namespace dossier::server
