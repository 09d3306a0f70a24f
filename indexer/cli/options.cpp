#include "indexer/cli/options.hpp"

#include <cstdlib>
#include <map>

namespace dossier::indexer::cli {

void configure(CLI::App& app, IndexOptions& opts) {
    app.description(
        "Index news articles into a Dossier database: text and Markdown files, directories "
        "(recursively), "
        "JSONL (one article per line), '-' for standard input; .gz files are read transparently."
    );
    if (const char* env = std::getenv("DOSSIER_DB"); env && *env) {
        opts.db = env;
    }
    app.add_option("--db", opts.db, "database directory (default: $DOSSIER_DB or index/)");
    app.add_flag(
        "--strict", opts.strict, "stop at the first bad input instead of repairing or skipping it"
    );
    app.add_flag(
        "--prune", opts.prune, "delete articles whose source file is gone or no longer holds them"
    );
    auto* rebuild = app.add_flag(
        "--rebuild",
        opts.rebuild,
        "build a new database from PATHS beside the live one, compact it and switch to it "
        "atomically"
    );
    app.add_flag(
           "--in-place",
           opts.in_place,
           "write a first import into a new directory batch by batch, as later runs do (a "
           "killed run keeps its committed batches), instead of on every core and switched to at "
           "the end"
    )
        ->excludes(rebuild);
    app.add_option(
           "--shards",
           opts.shards,
           "partition the articles by a hash of their id into N databases under --db, joined by "
           "a stub (later runs find N themselves)"
    )
        ->check(CLI::Range(1, 1024));
    app.add_option("-j,--threads", opts.threads, "analysis threads (default: one per core)")
        ->check(CLI::Range(1, 1024));
    app.add_option(
           "--batch-size",
           opts.batch_size,
           "articles per atomic commit (--rebuild and a first import: per block, the first three "
           "an eighth, a quarter and a half of it)"
    )
        ->capture_default_str()
        ->check(CLI::Range(1, 1000000));
    const std::map<std::string, InputFormat> formats{
        {"auto", InputFormat::Auto}, {"text", InputFormat::Text}, {"jsonl", InputFormat::Jsonl}};
    app.add_option(
           "--format",
           opts.format,
           "format of standard input and of named files with an unknown extension: auto (stdin: "
           "JSONL if it "
           "starts with '{', else one text article), text, jsonl"
    )
        ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case));
    app.add_option("--id-field", opts.fields.id, "JSONL field holding the article id")
        ->capture_default_str();
    app.add_option("--title-field", opts.fields.title, "JSONL field holding the title")
        ->capture_default_str();
    app.add_option(
           "--text-field", opts.fields.text, "JSONL field holding the body (else 'body' is tried)"
    )
        ->capture_default_str();
    app.add_option(
        "--stdin-id", opts.stdin_id, "id of a text article read from '-' (default: a content hash)"
    );
    app.add_option(
        "--explain",
        opts.explain,
        "print what is extracted from one article (text or JSON file); no database needed"
    );
    app.add_flag("--json", opts.json, "with --explain: print JSON instead of text");
    app.add_flag(
        "--quotes-databases",
        opts.quotes_databases,
        "print the quotations databases of --db, one per line in the order of its stubs (a "
        "sharded index: meta, then each shard), and index nothing; for scripts/shards"
    );
    app.add_option(
        "paths",
        opts.inputs,
        "files and directories to index (directories recursively), '-' for stdin"
    );
    app.callback([&opts] {
        if (opts.explain.empty() && !opts.quotes_databases && opts.inputs.empty()) {
            throw CLI::RequiredError("paths");
        }
    });
}

}  // namespace dossier::indexer::cli
