/// The alias and synonym table (data/aliases.tsv): name variants that mean the same thing.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dossier::analyzers {

/// One group of variants that mean the same entity or concept.
struct AliasGroup {
    std::string canonical;              ///< display form, e.g. "Volodymyr Zelensky"
    std::vector<std::string> variants;  ///< every form, canonical included, as written in the table
};

/// Name variants and synonyms, looked up by fold_key() of a form. Immutable after load: thread-safe.
class AliasTable {
public:
    AliasTable() = default;

    /// Parses the TSV format of data/aliases.tsv (canonical TAB variant TAB ...; # comments).
    /// @throws dossier::CorpusError naming `origin` and the line for a malformed line.
    static AliasTable parse(std::string_view tsv, const std::string& origin = "aliases.tsv");

    /// Loads a table file. @throws dossier::Error if it cannot be read.
    static AliasTable load(const std::string& path);

    /// The table from data_dir()/aliases.tsv, loaded once per process (empty if the file is absent).
    static const AliasTable& builtin();

    /// The canonical form of `name` when it is a known variant (any case, accents, quotes).
    std::optional<std::string> canonical(std::string_view name) const;

    /// The group a variant belongs to.
    const AliasGroup* group_of(std::string_view name) const;

    const std::vector<AliasGroup>& groups() const { return m_groups; }

    /// The table serialised back to TSV (stored in the index so queries use the indexing table).
    std::string to_tsv() const;

private:
    std::vector<AliasGroup> m_groups;
    std::unordered_map<std::string, std::size_t> m_by_key;  // fold_key(variant) → group index
};

}  // namespace dossier::analyzers
