/// dossier-server: the JSON API and the web page over one Dossier database.
/// Exit status: 0 after SIGTERM/SIGINT (in-flight requests answered first), 2 on bad usage or
/// when it cannot start (address in use, unsafe listen address, unreadable token file).
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <pthread.h>

#include "analyzers/error.hpp"
#include "server/http_server.hpp"

namespace {

/// $DOSSIER_WEB_DIR, else the installed web files, else this source tree's web/.
std::string default_web_dir() {
    namespace fs = std::filesystem;
    if (const char* env = std::getenv("DOSSIER_WEB_DIR"); env && *env) {
        return env;
    }
    for (const char* dir : {DOSSIER_INSTALL_WEB_DIR, DOSSIER_SOURCE_WEB_DIR}) {
        std::error_code ec;
        if (fs::exists(fs::path(dir) / "index.html", ec)) {
            return dir;
        }
    }
    return DOSSIER_SOURCE_WEB_DIR;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"dossier-server: HTTP JSON API and web page over a Dossier database"};
    app.set_version_flag("--version", std::string("dossier-server (dossier) ") + DOSSIER_VERSION);
    dossier::server::ServerOptions opts;
    if (const char* env = std::getenv("DOSSIER_DB"); env && *env) {
        opts.db = env;
    }
    opts.web_dir = default_web_dir();
    std::string listen = "127.0.0.1:8080";
    std::string token_file;
    bool no_auth = false;
    std::size_t budget_ms = 10000;
    app.add_option(
        "--db", opts.db, "database directory or stub file (default: $DOSSIER_DB or index/)"
    );
    app.add_option(
        "--listen", listen, "ADDR:PORT to listen on (default 127.0.0.1:8080; port 0 = any free)"
    );
    app.add_option("--threads", opts.threads, "connections served at once")
        ->check(CLI::Range(1, 1024));
    app.add_option(
        "--token-file",
        token_file,
        "accept only requests with Authorization: Bearer <a line of FILE>"
    );
    app.add_flag("--no-auth", no_auth, "allow a non-loopback --listen without --token-file");
    app.add_option(
        "--cors", opts.cors_origin, "allow this one ORIGIN to call the API from a browser"
    );
    app.add_option("--web", opts.web_dir, "folder of the web page's static files");
    app.add_option("--time-budget-ms", budget_ms, "longest a search may take before 503")
        ->check(CLI::Range(1, 600000));
    app.add_option(
        "--search-threads",
        opts.limits.max_concurrent,
        "searches run at once, others wait (default: one per core, at least 2)"
    );
    app.add_option("--max-limit", opts.limits.max_limit, "largest limit= accepted")
        ->check(CLI::Range(1, 100000));
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    opts.limits.time_budget = std::chrono::milliseconds(budget_ms);
    const auto colon = listen.rfind(':');
    try {
        if (colon == std::string::npos || colon + 1 == listen.size()) {
            throw dossier::Error("invalid --listen '" + listen + "': expected ADDR:PORT");
        }
        opts.host = listen.substr(0, colon);
        std::size_t used = 0;
        opts.port = std::stoi(listen.substr(colon + 1), &used);
        if (used != listen.size() - colon - 1 || opts.port < 0 || opts.port > 65535) {
            throw dossier::Error("invalid --listen '" + listen + "': bad port");
        }
    } catch (const std::logic_error&) {
        fmt::print(stderr, "dossier-server: error: invalid --listen '{}': bad port\n", listen);
        return 2;
    } catch (const dossier::Error& e) {
        fmt::print(stderr, "dossier-server: error: {}\n", e.what());
        return 2;
    }
    try {
        if (!token_file.empty()) {
            opts.tokens = dossier::server::read_tokens(token_file);
        } else if (!dossier::server::is_loopback(opts.host) && !no_auth) {
            throw dossier::Error(
                "refusing to listen on '" + opts.host
                + "' without authentication: give --token-file FILE, or --no-auth to accept anyone"
            );
        }
        // Signals are taken by one thread (sigwait) so a SIGTERM stops the server cleanly.
        sigset_t signals;
        sigemptyset(&signals);
        sigaddset(&signals, SIGTERM);
        sigaddset(&signals, SIGINT);
        pthread_sigmask(SIG_BLOCK, &signals, nullptr);
        std::signal(SIGPIPE, SIG_IGN);

        dossier::server::HttpServer server(opts);
        const int port = server.bind();
        fmt::print(
            "dossier-server: listening on http://{}:{}/ (database {})\n", opts.host, port, opts.db
        );
        std::fflush(stdout);
        std::thread([&server, signals] {
            int sig = 0;
            sigwait(&signals, &sig);
            server.stop();
        }).detach();
        server.serve();
        fmt::print("dossier-server: stopped\n");
        std::fflush(stdout);
        return 0;
    } catch (const dossier::Error& e) {
        fmt::print(stderr, "dossier-server: error: {}\n", e.what());
    } catch (const std::exception& e) {
        fmt::print(stderr, "dossier-server: error: {}\n", e.what());
    }
    return 2;
}
