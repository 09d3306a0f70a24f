#include "searcher/cli/options.hpp"

#include <cstdlib>

namespace dossier::searcher::cli {

void configure(CLI::App& app, Options& opts) {
    app.description("Search a Dossier database of news articles (BM25, snippets, facets, figures, "
                    "quotes, JSON).");
    if (const char* env = std::getenv("DOSSIER_DB"); env && *env) {
        opts.db = env;
    }
    app.add_option(
        "--db", opts.db, "database directory or stub file (default: $DOSSIER_DB or index/)"
    );
    app.add_option("--limit,-n", opts.request.limit, "number of hits, figures or quotes to show")
        ->check(CLI::Range(0, 100000));
    app.add_option("--offset", opts.request.offset, "number of hits, figures or quotes to skip")
        ->check(CLI::Range(0, 100000000));
    app.add_option("--snippet-length", opts.request.snippet_bytes, "snippet length in bytes")
        ->check(CLI::Range(20, 100000));
    app.add_flag("--json", opts.json, "print one JSON object instead of text");
    app.add_flag(
        "--allow-partial",
        opts.allow_partial,
        "sharded --db: answer from the shards that can be reached, and say which failed"
    );
    app.add_option(
           "--facets",
           opts.request.facet_limit,
           "top values per facet (speaker, organization, figure_type); 0 = none"
    )
        ->check(CLI::Range(0, 100000));
    // Repeatable, one value per occurrence (so a value never swallows the query).
    auto facet_option = [&](const char* name, Facet facet, const char* help) {
        app.add_option(name, opts.request.filters[facet], help)
            ->allow_extra_args(false)
            ->type_name("VALUE");
    };
    facet_option(
        "--speaker",
        Facet::Speaker,
        "only articles quoting this speaker (repeat: any of them); same as speaker:VALUE"
    );
    facet_option(
        "--org",
        Facet::Organization,
        "only articles naming this organization (repeat: any of them); same as org:VALUE"
    );
    facet_option(
        "--figure",
        Facet::FigureType,
        "only articles with figures of this type (repeat: any of them); same as figure:TYPE"
    );
    auto* figures = app.add_flag_callback(
        "--figures",
        [&opts] { opts.request.view = View::Figures; },
        "list the figures of the matching articles, by type then value"
    );
    auto* quotes = app.add_flag_callback(
        "--quotes",
        [&opts] { opts.request.view = View::Quotes; },
        "list the quotations whose own text matches the query"
    );
    figures->excludes(quotes);
    app.add_option_function<double>(
           "--min",
           [&opts](const double& v) { opts.request.min_value = v; },
           "with --figures: smallest value"
    )
        ->needs(figures);
    app.add_option_function<double>(
           "--max",
           [&opts](const double& v) { opts.request.max_value = v; },
           "with --figures: largest value"
    )
        ->needs(figures);
    auto* batch =
        app.add_option(
               "--batch",
               opts.batch,
               "run one query per line of FILE (- = standard input), one JSON object per line"
        )
            ->type_name("FILE");
    auto* query = app.add_option(
        "query", opts.request.query, "the query (see README: Query syntax); \"\" browses everything"
    );
    query->excludes(batch);
    app.callback([&opts, query] {
        if (opts.batch.empty() && opts.request.view == View::Hits && query->count() == 0) {
            throw CLI::RequiredError("query (or --batch FILE, --figures, --quotes)");
        }
    });
}

}  // namespace dossier::searcher::cli
