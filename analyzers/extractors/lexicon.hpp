/// The word lists and gazetteers the extractors use, loaded once from a data directory
/// (AnalysisConfig).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "analyzers/aliases.hpp"
#include "analyzers/extractors/tokens.hpp"

namespace dossier::analyzers::extract {

/// A known organization name form, as lower-cased words, and how it must be written to match.
struct OrgPattern {
    std::vector<std::string>
        words;              ///< lower-cased tokens ("south", "korea", "'s", "spy", "agency")
    std::size_t group = 0;  ///< index into Lexicon::org_names()
    /// Exact: an acronym, matched only in its written case ("NIS", not "nis").
    /// Capitalized: every word except connectors must be capitalized in the text.
    /// AnyCase: the form has lower-case words ("Ukraine's military intelligence").
    enum class Case { Exact, Capitalized, AnyCase } letter_case = Case::Capitalized;
    std::string exact;  ///< the acronym as written, for Case::Exact
};

/// All the lexical resources of extraction. Immutable after load(): thread-safe to share.
class Lexicon {
public:
    /// Loads every file from `dir` (organizations.tsv, organization-words.txt, person-titles.txt,
    /// reporting-verbs.txt, source-nouns.txt, places.txt) and merges in `aliases`. A missing file
    /// leaves that resource empty. @throws dossier::CorpusError for a malformed line.
    static Lexicon load(const std::string& dir, const AliasTable& aliases);

    /// Organization forms starting with this lower-cased word, longest first.
    const std::vector<OrgPattern>* org_patterns(const std::string& first_word) const;

    const std::string& org_name(std::size_t group) const { return m_org_names[group]; }

    bool is_org_head(const std::string& w) const {
        return m_org_heads.count(w) != 0;
    }  ///< "ministry", "agency"

    bool is_org_start(const std::string& w) const {
        return m_org_starts.count(w) != 0;
    }  ///< "ministry" of, "bank" of

    bool is_media_head(const std::string& w) const {
        return m_media_heads.count(w) != 0;
    }  ///< "times", "post"

    bool is_not_org(const std::string& w) const {
        return m_not_orgs.count(w) != 0;
    }  ///< "us", "gdp"

    bool is_title(const std::string& w) const {
        return m_titles.count(w) != 0;
    }  ///< "president", "gen"

    bool is_source_noun(const std::string& w) const {
        return m_source_nouns.count(w) != 0;
    }  ///< "official", "source"

    bool is_place(const std::string& key) const {
        return m_places.count(key) != 0;
    }  ///< fold_key of a place

    /// Display name of a place by its fold_key ("britain" -> "Britain", "ussr" -> "USSR"), or
    /// nullptr when the key is not a place.
    const std::string* place_name(const std::string& key) const {
        auto it = m_place_names.find(key);
        return it == m_place_names.end() ? nullptr : &it->second;
    }

    /// A country or a national side ("england", "soviet union"): ICU's country names and the
    /// [nations] section of data/places.txt. Other places (cities, states, counties) in a
    /// results table are clubs.
    bool is_nation(const std::string& key) const { return m_nations.count(key) != 0; }

    bool is_demonym(const std::string& w) const {
        return m_demonyms.count(w) != 0;
    }  ///< "ukrainian"

    /// A word that ends place, event and firm names, never a person's ("City", "Cup").
    bool is_not_surname(const std::string& w) const { return m_not_surnames.count(w) != 0; }

    bool is_stop_capital(const std::string& w) const {
        return m_stop_capitals.count(w) != 0;
    }  ///< "the", "monday"

    /// Reporting verbs by their first word; each entry is the whole verb as lower-cased words
    /// ("said"; "pointed", "out"). Entries of one first word are longest first.
    const std::vector<std::vector<std::string>>* reporting_verbs(const std::string& first_word
    ) const;

    /// Verbs of belief, intention and action ("decided", "wants", "called for"; the
    /// [attribution] section of reporting-verbs.txt), same form: they attribute only with a named
    /// subject before them ("the FBI decided").
    const std::vector<std::vector<std::string>>* attribution_verbs(const std::string& first_word
    ) const;

    /// Both kinds of verb by their first word, in one lookup (asked for every token).
    struct Verbs {
        std::vector<std::vector<std::string>> reporting, attribution;
    };

    const Verbs* verbs(const std::string& first_word) const {
        auto it = m_verbs.find(first_word);
        return it == m_verbs.end() ? nullptr : &it->second;
    }

    const AliasTable& aliases() const { return m_aliases; }

    /// The alias canonical of a name, else the name itself.
    std::string canonical(std::string_view name) const;

private:
    std::unordered_map<std::string, std::vector<OrgPattern>> m_orgs;
    std::vector<std::string> m_org_names;
    std::unordered_set<std::string> m_org_heads, m_org_starts, m_media_heads, m_not_orgs, m_titles,
        m_source_nouns, m_places, m_demonyms, m_stop_capitals, m_nations, m_not_surnames;
    std::unordered_map<std::string, Verbs> m_verbs;
    std::unordered_map<std::string, std::string> m_place_names;  // fold_key -> display form
    AliasTable m_aliases;
};

}  // namespace dossier::analyzers::extract
