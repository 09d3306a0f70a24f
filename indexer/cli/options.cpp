#include "indexer/cli/options.hpp"

#include <cstdlib>

namespace dossier::indexer::cli {

void configure(CLI::App& app, IndexOptions& opts) {
    app.description("Index news articles (text, Markdown) into a Dossier database.");
    if (const char* env = std::getenv("DOSSIER_DB"); env && *env) {
        opts.db = env;
    }
    app.add_option("--db", opts.db, "database directory (default: $DOSSIER_DB or index/)");
    app.add_flag("--strict", opts.strict, "stop at the first bad input instead of skipping it");
    app.add_option("--explain", opts.explain, "print what is extracted from one article (text or JSON file); no database needed");
    app.add_flag("--json", opts.json, "with --explain: print JSON instead of text");
    app.add_option("paths", opts.inputs, "files and directories to index (directories recursively)");
    app.callback([&opts] {
        if (opts.explain.empty() && opts.inputs.empty()) {
            throw CLI::RequiredError("paths");
        }
    });
}

}  // namespace dossier::indexer::cli
