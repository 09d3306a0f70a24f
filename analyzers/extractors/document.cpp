#include "analyzers/extractors/document.hpp"

#include <algorithm>

namespace dossier::analyzers::extract {

Document::Document(std::string_view t)
    : text(t), tokens(tokenize(analyzers::unwrap_lines(t))), sentences(analyzers::sentences(t)) {
    token_sentence.assign(tokens.size(), 0);
    std::size_t s = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        while (s + 1 < sentences.size() && tokens[i].begin >= sentences[s + 1].begin) {
            ++s;
        }
        token_sentence[i] = s;
    }
    sentence_first.assign(sentences.size(), tokens.size());
    for (std::size_t i = tokens.size(); i-- > 0;) {
        sentence_first[token_sentence[i]] = i;
    }
    for (std::size_t k = sentence_first.size(); k-- > 1;) {  // empty sentences (none in practice)
        sentence_first[k - 1] = std::min(sentence_first[k - 1], sentence_first[k]);
    }
    m_opening_end.assign(sentences.size(), tokens.size());
    for (std::size_t k = 0; k < sentences.size(); ++k) {
        std::size_t i = sentence_first[k];
        while (i < sentence_end(k) && tokens[i].kind == TokenKind::Punct && tokens[i].lower != "."
               && tokens[i].lower != ",") {
            ++i;
        }
        m_opening_end[k] = i;
    }
    org_at.assign(tokens.size(), -1);
    in_quote.assign(tokens.size(), false);
    for (const auto& tok : tokens) {
        if (tok.kind == TokenKind::Word && !tok.capitalized) {
            m_lower_words.push_back(tok.lower);
        }
    }
    std::sort(m_lower_words.begin(), m_lower_words.end());
    m_lower_words.erase(
        std::unique(m_lower_words.begin(), m_lower_words.end()), m_lower_words.end()
    );
}

bool Document::sentence_initial(std::size_t i) const {
    if (i >= tokens.size()) {
        return false;
    }
    // Every token before i in its sentence is an opening quote or bracket.
    return i <= m_opening_end[token_sentence[i]];
}

std::pair<std::size_t, bool> Document::occurrences(const std::string& s) const {
    auto [it, fresh] = m_occurrences.try_emplace(s, std::string_view::npos, false);
    if (fresh) {
        const std::size_t first = text.find(s);
        it->second = {
            first,
            first != std::string_view::npos && text.find(s, first + 1) != std::string_view::npos};
    }
    return it->second;
}

bool Document::capitalized_inside_sentence(const std::string& lower) const {
    if (!capitalized_inside) {
        capitalized_inside.emplace();
        for (std::size_t k = 0; k < tokens.size(); ++k) {
            if (tokens[k].capitalized && !sentence_initial(k)) {
                capitalized_inside->insert(tokens[k].lower);
            }
        }
    }
    return capitalized_inside->count(lower) != 0;
}

bool Document::occurs_lowercase(const std::string& lower) const {
    return std::binary_search(m_lower_words.begin(), m_lower_words.end(), lower);
}

}  // namespace dossier::analyzers::extract
