// The analysis configuration (analyzers/analysis_config.hpp): loaded from the directory it is
// given, not from a process-wide default.
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "analyzers/analysis_config.hpp"
#include "support/analysis.hpp"
#include "support/temp_dir.hpp"

using dossier::analyzers::AnalysisConfig;

TEST_CASE("an analysis configuration reads the data directory it is given", "[analyzers][config]") {
    const AnalysisConfig& shipped = dossier::test::analysis();
    REQUIRE(shipped.aliases);
    REQUIRE(shipped.extractor);
    CHECK(shipped.aliases->canonical("Zelenskyy") == "Volodymyr Zelensky");
    CHECK_FALSE(shipped.aliases->canonical("Dossierland"));

    // A copy of the data directory with one more alias group: only that configuration knows it,
    // and its fingerprints (which decide re-analysis) differ.
    dossier::test::TempDir dir;
    std::filesystem::copy(shipped.data_dir, dir.path(), std::filesystem::copy_options::recursive);
    std::ofstream(dir.str() + "/aliases.tsv", std::ios::app) << "Dossierland\tDossier Land\n";
    const AnalysisConfig edited = AnalysisConfig::load(dir.str());
    CHECK(edited.data_dir == dir.str());
    CHECK(edited.aliases->canonical("Dossier Land") == "Dossierland");
    CHECK_FALSE(shipped.aliases->canonical("Dossier Land"));
    CHECK(edited.aliases->fingerprint() != shipped.aliases->fingerprint());
    CHECK(edited.extractor->fingerprint() != shipped.extractor->fingerprint());
}

TEST_CASE("the default data directory follows DOSSIER_DATA_DIR", "[analyzers][config]") {
    dossier::test::TempDir dir;
    const char* before = std::getenv("DOSSIER_DATA_DIR");
    const std::string saved = before ? before : "";
    ::setenv("DOSSIER_DATA_DIR", dir.str().c_str(), 1);
    CHECK(dossier::analyzers::default_data_dir() == dir.str());
    if (before) {
        ::setenv("DOSSIER_DATA_DIR", saved.c_str(), 1);
    } else {
        ::unsetenv("DOSSIER_DATA_DIR");
    }
    CHECK(dossier::analyzers::default_data_dir() != dir.str());
}
