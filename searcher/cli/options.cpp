#include "searcher/cli/options.hpp"

#include <cstdlib>
#include <map>
#include <string>

#include "analyzers/error.hpp"
#include "searcher/dates.hpp"

namespace dossier::searcher::cli {

namespace {

std::string facet_names() {
    std::string out;
    for (Facet f : ALL_FACETS) {
        out += (out.empty() ? "" : ", ") + std::string(facet_name(f));
    }
    return out;
}

}  // namespace

Request Options::request() const {
    switch (kind) {
    case Kind::Figures: {
        FiguresRequest r;
        static_cast<QueryRequest&>(r) = hits;
        r.min_value = min_value;
        r.max_value = max_value;
        return r;
    }
    case Kind::Quotes: {
        QuotesRequest r;
        static_cast<QueryRequest&>(r) = hits;
        return r;
    }
    case Kind::Timeline:
    case Kind::QuoteTimeline: {
        TimelineRequest r;
        static_cast<QueryRequest&>(r) = hits;
        r.of = kind == Kind::Timeline ? TimelineRequest::Of::Figures : TimelineRequest::Of::Quotes;
        return r;
    }
    case Kind::Hits:
        break;
    }
    return hits;
}

void configure(CLI::App& app, Options& opts) {
    app.description("Search a Dossier database of news articles (BM25, snippets, facets, figures, "
                    "quotes, JSON).");
    if (const char* env = std::getenv("DOSSIER_DB"); env && *env) {
        opts.db = env;
    }
    app.add_option(
        "--db", opts.db, "database directory or stub file (default: $DOSSIER_DB or index/)"
    );
    app.add_option("--limit,-n", opts.hits.limit, "number of hits, figures or quotes to show")
        ->check(CLI::Range(0, 100000));
    app.add_option("--offset", opts.hits.offset, "number of hits, figures or quotes to skip")
        ->check(CLI::Range(0, 100000000));
    app.add_option("--snippet-length", opts.hits.snippet_bytes, "snippet length in bytes")
        ->check(CLI::Range(20, 100000));
    auto* json = app.add_flag("--json", opts.json, "print one JSON object instead of text");
    app.add_flag("--csv", opts.csv, "print the hits, figures or quotes as CSV")->excludes(json);
    app.add_flag(
        "--allow-partial",
        opts.allow_partial,
        "sharded --db: answer from the shards that can be reached, and say which failed"
    );
    // Date bounds are checked and completed here (YYYY → YYYY0101 / YYYY1231).
    auto date_option = [&](const char* name, std::string& to, bool upper, const char* help) {
        app.add_option_function<std::string>(
               name,
               [&to, upper](const std::string& v) {
                   try {
                       to = date_bound(v, upper);
                   } catch (const Error& e) {
                       throw CLI::ValidationError(e.what());
                   }
               },
               help
        )
            ->type_name("DATE");
    };
    date_option(
        "--date-from",
        opts.hits.date_from,
        false,
        "only articles dated on or after (YYYY, YYYY-MM or YYYY-MM-DD)"
    );
    date_option("--date-to", opts.hits.date_to, true, "only articles dated on or before");
    app.add_option(
           "--facets",
           opts.hits.facet_limit,
           "top values per facet (" + facet_names() + "); 0 = none"
    )
        ->check(CLI::Range(0, 100000));
    // Repeatable, one value per occurrence (so a value never swallows the query).
    for (Facet f : ALL_FACETS) {
        app.add_option(facet_spec(f).cli_flag, opts.hits.filters[f], facet_spec(f).cli_help)
            ->allow_extra_args(false)
            ->type_name("VALUE");
    }
    auto* figures = app.add_flag_callback(
        "--figures",
        [&opts] { opts.kind = Options::Kind::Figures; },
        "list the figures of the matching articles, by type then value"
    );
    auto* quotes = app.add_flag_callback(
        "--quotes",
        [&opts] { opts.kind = Options::Kind::Quotes; },
        "list the quotations whose own text matches the query"
    );
    figures->excludes(quotes);
    app.add_flag_callback(
        "--no-collapse",
        [&opts] { opts.hits.folding = Folding::Articles; },
        "show every copy of a story (default: copies fold into one hit, \"+N similar\")"
    );
    app.add_flag(
        "--similar", opts.hits.similar_ids, "list the ids of the copies folded into each hit"
    );
    const std::map<std::string, Counting> countings{
        {"articles", Counting::Articles}, {"stories", Counting::Stories}};
    app.add_option(
           "--count",
           opts.hits.counting,
           "what facet counts count: articles (default) or stories (copies of a story count once)"
    )
        ->transform(CLI::CheckedTransformer(countings, CLI::ignore_case))
        ->type_name("articles|stories");
    auto* timeline = app.add_flag(
        "--timeline",
        opts.timeline,
        "the figures (with --quotes: the quotations) of the matching stories in date order, by "
        "source"
    );
    timeline->excludes(figures);
    app.add_option_function<double>(
           "--min",
           [&opts](const double& v) { opts.min_value = v; },
           "with --figures: smallest value"
    )
        ->needs(figures);
    app.add_option_function<double>(
           "--max",
           [&opts](const double& v) { opts.max_value = v; },
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
        "query", opts.hits.query, "the query (see README: Query syntax); \"\" browses everything"
    );
    query->excludes(batch);
    app.callback([&opts, query, timeline] {
        if (timeline->count() > 0) {
            opts.kind = opts.kind == Options::Kind::Quotes ? Options::Kind::QuoteTimeline
                                                           : Options::Kind::Timeline;
        }
        if (opts.batch.empty() && opts.kind == Options::Kind::Hits && query->count() == 0) {
            throw CLI::RequiredError("query (or --batch FILE, --figures, --quotes, --timeline)");
        }
    });
}

}  // namespace dossier::searcher::cli
