/// The words of a page's texts in the order of the database's keys, to prime Xapian's snippet
/// generator (issue 13).
///
/// With MSet::SNIPPET_BACKGROUND_MODEL, Xapian 1.4's snippet generator asks the database for the
/// frequency of every word of a text it has not met before in the same MSet (it caches each
/// word's relevance in the MSet). Met in text order, nearly every lookup walks the postlist
/// B-tree from the root again and reads its blocks (a pread each): on the 23.8k news archive
/// those lookups were 37% of a warm query. One snippet() call over the page's words in key order
/// first lets consecutive lookups share the blocks they lie in; the real snippets then find every
/// such word cached, with the same value, so they come out the same.
///
/// Two properties of Xapian's generator keep that exact, and snippet_words() respects both:
/// - a word's cached relevance is keyed by the word when the database has it, else by its stem
///   ("Z" + stem), and a later word with that stem takes the stem's entry. Only words that are
///   whole terms of the text as Xapian's own tokenizer reads it are listed, and the indexer
///   indexed that text with the same tokenizer, so the database has each of them (none is
///   keyed by a stem);
/// - the generator halves a word's cached relevance as it enters its window and doubles it back
///   as it leaves, so the words still in the window at the end stay halved. The list ends with
///   `tail_bytes` of a word that no text contains, which pushes every listed word out again.
///
/// tests/searcher/test_snippets.cpp checks both: every listed word is a term TermGenerator makes
/// of the text, and the Searcher's snippets with and without the priming are identical.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace dossier::searcher {

/// The distinct words of `texts` that Xapian's snippet generator (and TermGenerator) reads as
/// whole terms, lower-cased as it does, in byte order (the postlist table's key order), each
/// followed by one space; then a filler word that occurs in none of `texts`, repeated to more
/// than `tail_bytes` bytes. Words next to characters that Xapian may join to them or read
/// otherwise (apostrophes, '&', '.', ',' or ';' beside a digit, '+', '#', initials such as
/// "U.S.", zero-width characters), CJK words (n-grams) and words over 64 bytes are left out:
/// the generator looks those up itself, in text order.
std::string snippet_words(const std::vector<std::string>& texts, std::size_t tail_bytes);

}  // namespace dossier::searcher
