/// search: parse the command line, run one search, render it. Exit status follows grep:
/// 0 when something matched, 1 when nothing did, 2 on an error.
#include <cstdio>
#include <cstdlib>

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <xapian.h>

#include "analyzers/error.hpp"
#include "searcher/cli/options.hpp"
#include "searcher/render.hpp"
#include "searcher/searcher.hpp"

namespace {

dossier::searcher::Highlight terminal_highlight() {
    const char* no_color = std::getenv("NO_COLOR");
    bool color = isatty(STDOUT_FILENO) && !(no_color && *no_color);
    return color ? dossier::searcher::Highlight::Ansi : dossier::searcher::Highlight::Plain;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"search"};
    app.set_version_flag("--version", std::string("search (dossier) ") + DOSSIER_VERSION);
    dossier::searcher::cli::Options opts;
    dossier::searcher::cli::configure(app, opts);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    try {
        dossier::searcher::Searcher searcher(opts.db);
        auto result = searcher.search(opts.request);
        if (opts.json) {
            fmt::print("{}\n", dossier::searcher::to_json(result).dump());
        } else {
            fmt::print("{}", dossier::searcher::render_text(result, terminal_highlight()));
        }
        return result.total > 0 ? 0 : 1;
    } catch (const dossier::Error& e) {
        fmt::print(stderr, "search: error: {}\n", e.what());
    } catch (const Xapian::Error& e) {
        fmt::print(stderr, "search: error: {}\n", e.get_description());
    } catch (const std::exception& e) {
        fmt::print(stderr, "search: error: {}\n", e.what());
    }
    return 2;
}
