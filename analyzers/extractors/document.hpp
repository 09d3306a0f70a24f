/// One article prepared for the extractors: tokens, sentences and the entity mentions found in it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "analyzers/extractors/tokens.hpp"
#include "analyzers/text.hpp"

namespace dossier::analyzers::extract {

enum class MentionKind { Organization, Person };

/// A named entity in the text: tokens [first, last) and its canonical display name.
struct Mention {
    MentionKind kind = MentionKind::Organization;
    std::size_t first = 0, last = 0;  ///< token range, half-open
    std::string name;                 ///< canonical display name
};

/// The longest name, person or organization, the extractors look for, in tokens ("Institute for
/// the Study of War" is 6): a name rule scans at most this many tokens from where it starts, so a
/// run of capitalized words as long as the text ("Jones Jones Jones ...", a page in capitals)
/// costs time linear in the text, not quadratic.
inline constexpr std::size_t MAX_NAME_TOKENS = 12;

/// The text under analysis. Built once per extract() call; never shared between threads.
struct Document {
    std::string_view text;
    TokenList tokens;
    std::vector<Span> sentences;              ///< byte spans (analyzers::sentences())
    std::vector<std::size_t> sentence_first;  ///< first token of each sentence
    std::vector<std::size_t> token_sentence;  ///< sentence of each token
    std::vector<Mention> orgs;                ///< organization mentions, in text order
    std::vector<int> org_at;                  ///< per token: index into orgs, or -1
    std::vector<bool> in_quote;               ///< per token: inside a direct quotation

    explicit Document(std::string_view t);

    std::size_t sentence_end(std::size_t s) const {  ///< one past the last token of sentence s
        return s + 1 < sentence_first.size() ? sentence_first[s + 1] : tokens.size();
    }

    bool sentence_initial(std::size_t i
    ) const;  ///< first word of its sentence (after quotes/brackets)
    /// True when the word occurs written in lower case somewhere in the text ("reports"),
    /// i.e. it is a common word, not a name, when seen capitalized at a sentence start.
    bool occurs_lowercase(const std::string& lower) const;
    /// Where `s` first occurs in the text (npos: nowhere) and whether it occurs again after
    /// that. Memoized per string: asked for every candidate name, a scan of the whole text each
    /// time made long articles quadratic.
    std::pair<std::size_t, bool> occurrences(const std::string& s) const;

    /// Memos of EntityExtractor::person_from_run(), built on first use (after the organizations
    /// are found): lower-case spellings written capitalized inside a sentence, and per spelling
    /// the number of tokens right after a capitalized first name. They replace a scan of every
    /// token per candidate name, which made long articles quadratic.
    mutable std::optional<std::unordered_set<std::string>> capitalized_inside;
    /// The lower-case spelling is written capitalized inside a sentence somewhere (memoized in
    /// capitalized_inside).
    bool capitalized_inside_sentence(const std::string& lower) const;
    mutable std::optional<std::unordered_map<std::string, std::size_t>> after_first_name;

    std::string_view
    slice(std::size_t first, std::size_t last) const {  ///< text of tokens [first, last)
        return first >= last
            ? std::string_view()
            : text.substr(tokens[first].begin, tokens[last - 1].end - tokens[first].begin);
    }

private:
    std::vector<std::string> m_lower_words;  // sorted lower-case spellings written lower-case
    std::vector<std::size_t> m_opening_end;  // per sentence: its first token not an opening
                                             // quote or bracket (sentence_initial() in O(1))
    mutable std::unordered_map<std::string, std::pair<std::size_t, bool>> m_occurrences;
};

}  // namespace dossier::analyzers::extract
