/// search: parse the command line, run one search (or a batch), render it. Exit status follows
/// grep: 0 when something was listed (hits, figures or quotes), 1 when nothing was, 2 on an error.
/// --batch: 0 when every line ran, 1 when some lines were answered with an error object, 2 when
/// the batch could not run (unreadable file, missing database).
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>
#include <xapian.h>

#include "analyzers/error.hpp"
#include "searcher/batch.hpp"
#include "searcher/cli/options.hpp"
#include "searcher/errors.hpp"
#include "searcher/render.hpp"
#include "searcher/searcher.hpp"

/// jemalloc's options when the program is linked with it (DOSSIER_JEMALLOC; unused otherwise):
/// one `search` process answers one query and exits, so its heap is never given back, and every
/// fresh 4 KB page is a fault. Transparent huge pages for jemalloc's extents cut a cold broad
/// query's time by a fifth to a third for ~5% more peak memory (README, issue 13). One arena:
/// the thread that counts facets beside the match (FacetSpy) would otherwise get an arena of its
/// own, and huge pages of its own (~10 MB more at the peak). The server, which lives on, keeps
/// jemalloc's defaults.
extern "C" {
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): jemalloc reads this name
const char* malloc_conf = "thp:always,metadata_thp:auto,narenas:1";
}

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
        dossier::searcher::Searcher searcher(opts.db, opts.allow_partial);
        if (!opts.batch.empty()) {
            std::ifstream file;
            if (opts.batch != "-") {
                file.open(opts.batch);
                if (!file) {
                    throw dossier::Error("cannot read batch file '" + opts.batch + "'");
                }
            }
            std::istream& in = opts.batch == "-" ? std::cin : file;
            auto summary = dossier::searcher::run_batch(
                searcher,
                opts.request(),
                in,
                [](const nlohmann::json& j) {
                    fmt::print(
                        "{}\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                    );
                    std::fflush(stdout);
                }
            );
            if (in.bad()) {
                throw dossier::Error("error reading batch file '" + opts.batch + "'");
            }
            return summary.errors == 0 ? 0 : 1;
        }
        searcher.set_document_memo(false);  // one query: nothing would read the memo again
        const dossier::searcher::Result result = searcher.search(opts.request());
        if (opts.csv) {
            fmt::print("{}", dossier::searcher::to_csv(result));
        } else if (opts.json) {
            fmt::print(
                "{}\n",
                dossier::searcher::to_json(result).dump(
                    -1, ' ', false, nlohmann::json::error_handler_t::replace
                )
            );
        } else {
            fmt::print("{}", dossier::searcher::render_text(result, terminal_highlight()));
        }
        // The answer is out: leave without tearing down the result, the Searcher's facet
        // dictionaries and the read-only database one by one (a few percent of a cold search;
        // nothing of a reader needs closing).
        if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
            fmt::print(stderr, "search: error: cannot write the answer to standard output\n");
            std::_Exit(2);
        }
        std::_Exit(dossier::searcher::listed_total(result) > 0 ? 0 : 1);
    } catch (...) {
        const auto error = dossier::searcher::classify(std::current_exception());
        fmt::print(stderr, "search: error: {}\n", error.message);
        return error.exit_code;
    }
}
