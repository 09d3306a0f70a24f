#include <catch2/catch.hpp>

#include "indexer/cli/options.hpp"

using dossier::indexer::IndexOptions;

TEST_CASE("indexer options: --db and paths", "[indexer][cli]") {
    CLI::App app;
    IndexOptions opts;
    dossier::indexer::cli::configure(app, opts);
    app.parse("--db /tmp/x corpus/ more.txt", false);
    CHECK(opts.db == "/tmp/x");
    CHECK(opts.inputs == std::vector<std::string>{"corpus/", "more.txt"});
}

TEST_CASE("indexer options: a path is required", "[indexer][cli]") {
    CLI::App app;
    IndexOptions opts;
    dossier::indexer::cli::configure(app, opts);
    REQUIRE_THROWS_AS(app.parse("--db x", false), CLI::RequiredError);
}
