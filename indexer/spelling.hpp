/// Keeps Xapian's spelling table equal to the index's vocabulary of words, document by document.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>

#include <xapian.h>

namespace dossier::indexer {

/// The longest word the spelling table takes, in letters (UTF-8 characters). The longest word of
/// BBC News + Reuters-21578 is 31 letters ("southernplayalisticadillacmuzik", an album), the next
/// 24; longer "words" are text written without white space, glued between punctuation marks, which
/// no one types as a query. Xapian's spelling table files a word under one fragment per letter (a
/// sorted set of words each), so such text filed some 60 fragments per word, one distinct word
/// every ~60 bytes: the spelling table was most of the cost of indexing it, and of its memory.
inline constexpr std::size_t MAX_SPELLING_WORD_LETTERS = 32;

/// True for the terms that feed spelling correction: unprefixed, two to
/// MAX_SPELLING_WORD_LETTERS letters and nothing else ("casualties", not "12,000", "russia's",
/// "Zcasualti" or "Qid").
bool is_spelling_word(const std::string& term);

/// Adds each spelling word of `doc` to the spelling table once (frequency = number of documents
/// containing the word, like a term's document frequency).
void add_spellings(Xapian::WritableDatabase& db, const Xapian::Document& doc);

/// Undoes add_spellings() for a document that is being replaced or deleted, so words that no
/// article contains any more stop being suggested.
void remove_spellings(Xapian::WritableDatabase& db, const Xapian::Document& doc);

/// The spelling-table changes of a batch of documents, applied at once: one add_spelling (or
/// remove_spelling) per distinct word per batch instead of one per word per document. The final
/// table is the same as with add_spellings()/remove_spellings() per document (frequencies add up);
/// measured on the news set, per-document calls were a quarter of the single writer's time.
class SpellingChanges {
public:
    void add(const Xapian::Document& doc) { count(doc, +1); }

    void remove(const Xapian::Document& doc) { count(doc, -1); }

    /// Writes the net changes into `db` (inside its open transaction, if any) and forgets them.
    void apply(Xapian::WritableDatabase& db);

    bool empty() const { return m_delta.empty(); }

    /// The letters of the words waiting to be applied (each letter is about one fragment of
    /// Xapian's spelling table): a measure of the spelling work, for tests.
    std::size_t letters() const;

private:
    void count(const Xapian::Document& doc, std::int64_t by);

    std::unordered_map<std::string, std::int64_t> m_delta;
};

}  // namespace dossier::indexer
