/// Organizations and person names: gazetteer matches, name patterns, acronym links, full names.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "analyzers/extractors/document.hpp"
#include "analyzers/extractors/lexicon.hpp"

namespace dossier::analyzers::extract {

/// Finds the organizations of a document and resolves person names. Stateless apart from the
/// shared Lexicon: one instance can serve every thread.
class EntityExtractor {
public:
    explicit EntityExtractor(const Lexicon& lexicon) : m_lex(lexicon) {}

    /// Fills doc.orgs and doc.org_at:
    /// - gazetteer forms (data/organizations.tsv and the alias groups that share a form with it);
    /// - capitalized spans ending in a head word ("... Service", "... Ministry", "... Times") or
    ///   starting with "Ministry of", "Institute for" ...; ordinal units ("8th Regiment");
    /// - "Full Name (ACR)" defines ACR for the rest of the article; other unknown acronyms of
    ///   3 to 5 capitals count unless listed as not organizations.
    /// Possessive and nationality prefixes are dropped ("South Korea's National Intelligence
    /// Service" → "National Intelligence Service"); a sentence-initial word that the article
    /// also writes in lower case is not taken as part of a name.
    void find_organizations(Document& doc) const;

    /// The person or organization whose name ends at token `k` (titles stripped), if any.
    std::optional<Mention> name_ending_at(const Document& doc, std::size_t k) const;

    /// The person or organization whose name (possibly after titles) starts at token `k`.
    std::optional<Mention> name_starting_at(const Document& doc, std::size_t k) const;

    /// Every person named in the document with two words or more ("Kyrylo Budanov"), after
    /// title stripping; used to expand "Budanov" to the fullest form.
    struct PersonNames {
        std::vector<std::vector<std::size_t>> all;  ///< token indexes of each name, in text order
        /// per lower-case last word: indexes into `all`, in text order (a look-up instead of a
        /// scan of every name per name, which was quadratic in the number of names)
        std::unordered_map<std::string, std::vector<std::size_t>> ending_in;
    };

    PersonNames person_names(const Document& doc) const;

    /// Canonical display name of the person tokens `words` (a run inside doc): the fullest
    /// form the article gives among `names`, then the alias table.
    std::string canonical_person(
        const Document& doc, const std::vector<std::size_t>& words, const PersonNames& names
    ) const;

    /// Places named in the document, in order of first mention: runs of one to three
    /// capitalized words (any case for a dateline in capitals, "LONDON") that data/places.txt or
    /// ICU's country names know, longest first; never inside an organization mention, nor
    /// inside a person's name ("Paris Hilton", "Jordan Thompson"). Display name: the alias
    /// table's canonical form ("Britain", "UK" -> "United Kingdom"), else the gazetteer's.
    std::vector<std::string> places(const Document& doc) const;

    /// People named in the document, quoted or not: every person name of two words or more
    /// (titles stripped, the fullest form the article gives, then the alias table), in order of
    /// first mention.
    std::vector<std::string> people(const Document& doc) const;

private:
    /// The capitalized-name run around token k: [first, last) of name words (may include
    /// connectors inside organization names), or nullopt.
    bool is_name_word(const Document& doc, std::size_t k) const;
    /// Token k is a lower-case particle inside a person's name ("Gerhard de Kock", "Richard von
    /// Weizsaecker"): between a capitalized name word and a capitalized surname.
    bool is_name_particle(const Document& doc, std::size_t k) const;
    std::optional<Mention>
    person_from_run(const Document& doc, std::size_t first, std::size_t last) const;

    /// Club names in results tables and standings: first token -> one past the last.
    std::unordered_map<std::size_t, std::size_t> table_clubs(const Document& doc) const;

    const Lexicon& m_lex;
};

}  // namespace dossier::analyzers::extract
