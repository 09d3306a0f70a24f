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

TEST_CASE("indexer options: --in-place, not with --rebuild", "[indexer][cli]") {
    CLI::App app;
    IndexOptions opts;
    dossier::indexer::cli::configure(app, opts);
    CHECK_FALSE(opts.in_place);
    app.parse("--in-place --db x corpus/", false);
    CHECK(opts.in_place);
    CHECK_FALSE(opts.rebuild);
    CLI::App both;
    IndexOptions other;
    dossier::indexer::cli::configure(both, other);
    CHECK_THROWS_AS(both.parse("--in-place --rebuild --db x corpus/", false), CLI::ExcludesError);
}
