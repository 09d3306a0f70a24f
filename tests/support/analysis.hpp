/// The analysis configuration the tests index with: the data directory a front end would use
/// (analyzers::default_data_dir(): the source tree's data/ unless $DOSSIER_DATA_DIR is set),
/// loaded once per test process.
#pragma once

#include "analyzers/analysis_config.hpp"

namespace dossier::test {

inline const analyzers::AnalysisConfig& analysis() {
    static const analyzers::AnalysisConfig config = analyzers::AnalysisConfig::from_environment();
    return config;
}

}  // namespace dossier::test
