/// Keeps Xapian's spelling table equal to the index's vocabulary of words, document by document.
#pragma once

#include <string>

#include <xapian.h>

namespace dossier::indexer {

/// True for the terms that feed spelling correction: unprefixed, two or more letters and
/// nothing else ("casualties", not "12,000", "russia's", "Zcasualti" or "Qid").
bool is_spelling_word(const std::string& term);

/// Adds each spelling word of `doc` to the spelling table once (frequency = number of documents
/// containing the word, like a term's document frequency).
void add_spellings(Xapian::WritableDatabase& db, const Xapian::Document& doc);

/// Undoes add_spellings() for a document that is being replaced or deleted, so words that no
/// article contains any more stop being suggested.
void remove_spellings(Xapian::WritableDatabase& db, const Xapian::Document& doc);

}  // namespace dossier::indexer
