/// indexer: parse the command line, run one indexing job, map errors to exit codes.
#include <cstdio>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>
#include <xapian.h>

#include "analyzers/error.hpp"
#include "analyzers/extractor.hpp"
#include "indexer/cli/options.hpp"
#include "indexer/explain.hpp"
#include "indexer/indexer.hpp"
#include "indexer/shards.hpp"

namespace {

std::string clock_time(double seconds) {
    auto s = static_cast<long>(seconds + 0.5);
    return s >= 3600 ? fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
                     : fmt::format("{}:{:02}", s / 60, s % 60);
}

/// One status line, redrawn in place: articles, MB, rate, ETA (when the input size is known).
void draw_progress(const dossier::indexer::Progress& p) {
    const double mb = static_cast<double>(p.bytes_done) / 1e6;
    const double rate = p.seconds > 0 ? static_cast<double>(p.records) / p.seconds : 0;
    std::string line = fmt::format(
        "{} articles  {:.1f} MB  {:.0f} articles/s  {:.1f} MB/s",
        p.records,
        mb,
        rate,
        p.seconds > 0 ? mb / p.seconds : 0
    );
    if (p.bytes_total > 0) {
        const double frac =
            std::min(1.0, static_cast<double>(p.bytes_done) / static_cast<double>(p.bytes_total));
        const int width = 24;
        const int filled = static_cast<int>(frac * width);
        std::string bar = "[" + std::string(static_cast<std::size_t>(filled), '#')
            + std::string(static_cast<std::size_t>(width - filled), '.') + "]";
        line = fmt::format("{} {:3.0f}%  {}", bar, frac * 100, line);
        if (frac > 0.01 && !p.finished) {
            line += "  ETA " + clock_time(p.seconds * (1 - frac) / frac);
        }
    }
    fmt::print(stderr, "\r\x1b[K{}{}", line, p.finished ? "\n" : "");
    std::fflush(stderr);
}

}  // namespace

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
    const bool tty = isatty(STDERR_FILENO) != 0;
    bool bar_drawn = false;
    auto warn = [&](const std::string& w) {
        if (bar_drawn) {
            fmt::print(
                stderr, "\r\x1b[K"
            );  // the warning replaces the bar; the next report redraws it
        }
        fmt::print(stderr, "indexer: warning: {}\n", w);
    };
    dossier::indexer::ProgressSink progress;
    if (tty) {
        progress = [&](const dossier::indexer::Progress& p) {
            draw_progress(p);
            bar_drawn = !p.finished;
        };
    }
    try {
        if (opts.quotes_databases) {
            for (const auto& dir : dossier::indexer::quotes_databases(opts.db)) {
                fmt::print("{}\n", dir);
            }
            return 0;
        }
        opts.analysis = dossier::analyzers::AnalysisConfig::from_environment();
        if (!opts.explain.empty()) {
            auto article = dossier::indexer::read_article_for_explain(opts.explain);
            auto format = opts.json ? dossier::indexer::ExplainFormat::Json
                                    : dossier::indexer::ExplainFormat::Text;
            fmt::print("{}", dossier::indexer::explain(article, *opts.analysis.extractor, format));
            return 0;
        }
        auto stats = dossier::indexer::run(opts, warn, progress);
        const double mb = static_cast<double>(stats.input_bytes) / 1e6;
        const std::size_t articles = stats.added + stats.updated + stats.unchanged + stats.skipped;
        std::string tail = fmt::format(
            "; {} records, {:.1f} MB in {:.1f} s ({:.0f} records/s, {:.2f} MB/s)",
            articles,
            mb,
            stats.seconds,
            stats.seconds > 0 ? static_cast<double>(articles) / stats.seconds : 0.0,
            stats.seconds > 0 ? mb / stats.seconds : 0.0
        );
        if (!stats.version.empty()) {
            tail += "; switched " + opts.db + " to " + stats.version;
        }
        fmt::print(stderr, "indexer: {}{}\n", stats.summary(), tail);
        return 0;
    } catch (const dossier::Error& e) {
        if (bar_drawn) {
            fmt::print(stderr, "\n");
        }
        fmt::print(stderr, "indexer: error: {}\n", e.what());
    } catch (const Xapian::Error& e) {
        fmt::print(stderr, "{}indexer: error: {}\n", bar_drawn ? "\n" : "", e.get_description());
    } catch (const std::exception& e) {
        fmt::print(stderr, "{}indexer: error: {}\n", bar_drawn ? "\n" : "", e.what());
    }
    return 1;
}
