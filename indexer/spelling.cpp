#include "indexer/spelling.hpp"

namespace dossier::indexer {

// NOTE: TermGenerator::FLAG_SPELLING would add every occurrence and can never take a word back
// when an article is replaced or deleted; counting documents here keeps the table exact under
// incremental updates, at one add (or remove) per distinct word per document.

bool is_spelling_word(const std::string& term) {
    if (term.size() < 2) {
        return false;
    }
    std::size_t letters = 0;
    for (unsigned char c : term) {
        letters += (c & 0xC0) != 0x80;  // not a UTF-8 continuation byte
        if (c < 'a' || c > 'z') {
            // Terms are lower-cased by TermGenerator; any other byte (digits, apostrophes, the
            // capital letters of prefixes, non-Latin scripts left by normalize()) disqualifies.
            if (c < 0x80) {
                return false;
            }
        }
    }
    return letters <= MAX_SPELLING_WORD_LETTERS;
}

void add_spellings(Xapian::WritableDatabase& db, const Xapian::Document& doc) {
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        const std::string term = *it;
        if (is_spelling_word(term)) {
            db.add_spelling(term, 1);
        }
    }
}

void remove_spellings(Xapian::WritableDatabase& db, const Xapian::Document& doc) {
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        const std::string term = *it;
        if (is_spelling_word(term)) {
            db.remove_spelling(term, 1);
        }
    }
}

}  // namespace dossier::indexer

namespace dossier::indexer {

void SpellingChanges::count(const Xapian::Document& doc, std::int64_t by) {
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        std::string term = *it;
        if (is_spelling_word(term)) {
            m_delta[std::move(term)] += by;
        }
    }
}

std::size_t SpellingChanges::letters() const {
    std::size_t n = 0;
    for (const auto& [word, delta] : m_delta) {
        n += word.size();
    }
    return n;
}

void SpellingChanges::apply(Xapian::WritableDatabase& db) {
    for (const auto& [word, delta] : m_delta) {
        if (delta > 0) {
            db.add_spelling(word, static_cast<Xapian::termcount>(delta));
        } else if (delta < 0) {
            db.remove_spelling(word, static_cast<Xapian::termcount>(-delta));
        }
    }
    m_delta.clear();
}

}  // namespace dossier::indexer
