/// The alias and synonym table (data/aliases.tsv): name variants that mean the same thing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzers/normalizer.hpp"

namespace dossier::analyzers {

/// One group of variants that mean the same entity or concept.
struct AliasGroup {
    std::string canonical;              ///< display form, e.g. "Volodymyr Zelensky"
    std::vector<std::string> variants;  ///< every form, canonical included, as written in the table
    /// normalize() of each variant, in the same order: from the index's folded forms when the
    /// table was stored there, so a reader never loads ICU's transliterators for them.
    std::vector<std::string> normalized;
    /// fold_key() of each variant, in the same order, from the same stored forms: a reader keys
    /// a Cyrillic variant without ICU's transliterators (facet filters select every variant).
    std::vector<std::string> keys;

    /// name_key(kind, variants[i]), from keys[i].
    std::string key(std::size_t i, KeyKind kind) const {
        return kind == KeyKind::Organization ? organization_key_of_folded(keys[i]) : keys[i];
    }

    /// name_key(kind, canonical): the canonical form is the first variant.
    std::string canonical_key(KeyKind kind) const { return key(0, kind); }
};

/// A variant of an alias group found in a text: byte offsets into the (normalized) text searched.
struct AliasMention {
    std::size_t group = 0;  ///< index into AliasTable::groups()
    std::size_t begin = 0;  ///< first byte of the variant's first word
    std::size_t end = 0;    ///< one past the last byte of its last word (a possessive 's included)
};

/// Which mentions find_mentions() reports.
enum class MentionMode {
    Longest,  ///< the longest variant at each place, none overlapping (what a query means)
    All,      ///< every variant at every word, nested ones too (what an article mentions:
              ///< "The Kyiv Independent" mentions the newspaper and Kyiv)
};

/// Name variants and synonyms, looked up by fold_key() of a form. Immutable after load:
/// thread-safe.
///
/// Matching rules, the same for articles and queries (find_mentions()):
/// - words are compared lower-cased, after normalize() (accents, quotes, Cyrillic → Latin);
/// - hyphens and other punctuation between words do not matter ("Kim Jong-un" = "Kim Jong Un");
/// - a possessive does not matter ("North Korea's" mentions "North Korea");
/// - dotted initials are one word ("U.S." = "US");
/// - a word written in capitals in the table (an acronym: NIS, DPRK, UN) matches only a word
///   written in capitals, so the "un" of "Jong-un" or the word "us" never mean UN or US.
class AliasTable {
public:
    AliasTable() = default;

    /// Parses the TSV format of data/aliases.tsv (canonical TAB variant TAB ...; # comments).
    /// @throws dossier::CorpusError naming `origin` and the line for a malformed line.
    static AliasTable parse(std::string_view tsv, const std::string& origin = "aliases.tsv");

    /// parse() of to_tsv() output, taking each variant's fold_key() and normalize() forms from
    /// `folded` (to_folded_tsv() of the same table) instead of computing them: a reader then
    /// never loads ICU's transliterators for the table's Cyrillic variants (most of a cold
    /// `search`'s start-up). A `folded` that does not fit `tsv` line for line is ignored.
    static AliasTable
    parse(std::string_view tsv, const std::string& origin, std::string_view folded);

    /// Loads a table file. @throws dossier::Error if it cannot be read.
    static AliasTable load(const std::string& path);

    /// The canonical form of `name` when it is a known variant (any case, accents, quotes).
    std::optional<std::string> canonical(std::string_view name) const;

    /// The group a variant belongs to.
    const AliasGroup* group_of(std::string_view name) const;

    /// group_of() for a name already keyed: `key` = fold_key(name), or organization_key(name) for
    /// kind Organization (the organization and speaker facets' keys). No normalization.
    const AliasGroup* group_of_key(const std::string& key, KeyKind kind = KeyKind::Plain) const;

    const std::vector<AliasGroup>& groups() const { return m_groups; }

    /// Calls `f(key, group)` for every key group_of_key(key, kind) knows (each variant's key).
    template <class F>
    void for_each_key(F&& f, KeyKind kind = KeyKind::Plain) const {
        for (const auto& [key, group] :
             kind == KeyKind::Organization ? m_by_organization_key : m_by_key) {
            f(key, m_groups[group]);
        }
    }

    /// The mentions of variants in `text` (which must be normalize()d), left to right.
    std::vector<AliasMention>
    find_mentions(std::string_view text, MentionMode mode = MentionMode::Longest) const;

    /// The index term key of a group: fold_key() of its canonical form ("north korea").
    std::string group_key(std::size_t group) const;

    /// FNV-1a 64 of to_tsv(): changes whenever the table changes (part of every content hash).
    std::uint64_t fingerprint() const;

    /// The table serialised back to TSV (stored in the index so queries use the indexing table).
    std::string to_tsv() const;

    /// One line per group of to_tsv(), per variant fold_key(variant) U+001F normalize(variant),
    /// separated by TABs: the forms parse() computes, for parse(tsv, origin, folded).
    std::string to_folded_tsv() const;

private:
    struct Pattern {
        std::vector<std::string> words;  ///< match keys of the variant's words
        std::vector<bool> caps;          ///< the word must be written in capitals
        std::size_t group = 0;
    };

    std::vector<AliasGroup> m_groups;
    std::unordered_map<std::string, std::vector<Pattern>>
        m_patterns;  // first word key → patterns, longest first
    std::unordered_map<std::string, std::size_t> m_by_key;  // fold_key(variant) → group index
    // organization_key(variant) → group index
    std::unordered_map<std::string, std::size_t> m_by_organization_key;
};

}  // namespace dossier::analyzers
