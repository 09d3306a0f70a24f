#include "analyzers/analysis_config.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace dossier::analyzers {

AnalysisConfig AnalysisConfig::load(const std::string& data_dir) {
    AnalysisConfig out;
    out.data_dir = data_dir;
    const std::string table = data_dir + "/aliases.tsv";
    out.aliases = std::make_shared<const AliasTable>(
        std::ifstream(table) ? AliasTable::load(table) : AliasTable()
    );
    out.extractor = std::make_shared<const Extractor>(data_dir, *out.aliases);
    return out;
}

AnalysisConfig AnalysisConfig::from_environment() {
    return load(default_data_dir());
}

std::string default_data_dir() {
    namespace fs = std::filesystem;
    if (const char* env = std::getenv("DOSSIER_DATA_DIR"); env && *env) {
        return env;
    }
    std::error_code ec;
    if (fs::exists(fs::path(DOSSIER_INSTALL_DATA_DIR) / "aliases.tsv", ec)) {
        return DOSSIER_INSTALL_DATA_DIR;
    }
    return DOSSIER_SOURCE_DATA_DIR;
}

}  // namespace dossier::analyzers
