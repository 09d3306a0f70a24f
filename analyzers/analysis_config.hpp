/// The analysis configuration: everything text analysis reads from outside the program.
#pragma once

#include <memory>
#include <string>

#include "analyzers/aliases.hpp"
#include "analyzers/extractor.hpp"

namespace dossier::analyzers {

/// The data directory, the alias table loaded from it (aliases.tsv) and the Extractor over it
/// (gazetteers, word lists). A front end builds one (from_environment()), a test or a tool its
/// own (load(dir)), and passes it down to the indexer explicitly: no library code reads the
/// environment or a process-wide default. (The searcher needs none: it reads the alias table the
/// index was built with from the index itself.)
/// Thread-safety: immutable once built; copies share the table and the extractor, whose const
/// members are safe to call from several threads at once.
struct AnalysisConfig {
    std::string data_dir;
    std::shared_ptr<const AliasTable> aliases;   ///< empty table when the file is absent
    std::shared_ptr<const Extractor> extractor;  ///< never null after load()

    /// Loads `data_dir`/aliases.tsv (an empty table when absent) and an Extractor over `data_dir`.
    /// @throws dossier::Error naming the file for an unreadable or malformed data file.
    static AnalysisConfig load(const std::string& data_dir);

    /// load(default_data_dir()).
    static AnalysisConfig from_environment();
};

/// Directory of Dossier's data files: $DOSSIER_DATA_DIR when set, else the installed
/// share/dossier when it exists, else the source tree's data/. The only reader of the variable.
std::string default_data_dir();

}  // namespace dossier::analyzers
