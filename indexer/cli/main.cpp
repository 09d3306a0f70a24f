/// indexer: parse the command line, run one indexing job, map errors to exit codes.
#include <cstdio>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <xapian.h>

#include "analyzers/error.hpp"
#include "analyzers/extractor.hpp"
#include "indexer/cli/options.hpp"
#include "indexer/explain.hpp"
#include "indexer/indexer.hpp"

int main(int argc, char** argv) {
    CLI::App app{"indexer"};
    app.set_version_flag("--version", std::string("indexer (dossier) ") + DOSSIER_VERSION);
    dossier::indexer::IndexOptions opts;
    dossier::indexer::cli::configure(app, opts);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    try {
        if (!opts.explain.empty()) {
            auto article = dossier::indexer::read_article_for_explain(opts.explain);
            auto format = opts.json ? dossier::indexer::ExplainFormat::Json : dossier::indexer::ExplainFormat::Text;
            fmt::print("{}", dossier::indexer::explain(article, dossier::analyzers::Extractor::builtin(), format));
            return 0;
        }
        auto stats = dossier::indexer::run(opts, [](const std::string& w) { fmt::print(stderr, "indexer: warning: {}\n", w); });
        fmt::print(stderr, "indexer: {}\n", stats.summary());
        return 0;
    } catch (const dossier::Error& e) {
        fmt::print(stderr, "indexer: error: {}\n", e.what());
    } catch (const Xapian::Error& e) {
        fmt::print(stderr, "indexer: error: {}\n", e.get_description());
    } catch (const std::exception& e) {
        fmt::print(stderr, "indexer: error: {}\n", e.what());
    }
    return 1;
}
