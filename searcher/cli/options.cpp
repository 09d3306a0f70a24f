#include "searcher/cli/options.hpp"

#include <cstdlib>

namespace dossier::searcher::cli {

void configure(CLI::App& app, Options& opts) {
    app.description("Search a Dossier database of news articles (BM25, snippets, JSON).");
    if (const char* env = std::getenv("DOSSIER_DB"); env && *env) {
        opts.db = env;
    }
    app.add_option("--db", opts.db, "database directory or stub file (default: $DOSSIER_DB or index/)");
    app.add_option("--limit,-n", opts.request.limit, "number of hits to show")->check(CLI::Range(0, 100000));
    app.add_option("--offset", opts.request.offset, "number of hits to skip")->check(CLI::Range(0, 100000000));
    app.add_option("--snippet-length", opts.request.snippet_bytes, "snippet length in bytes")->check(CLI::Range(20, 100000));
    app.add_flag("--json", opts.json, "print one JSON object instead of text");
    app.add_option("query", opts.request.query, "the query (see README: Query syntax); \"\" browses everything")->required();
}

}  // namespace dossier::searcher::cli
