/// Xapian 1.4's snippet generator (MSet::snippet with SNIPPET_BACKGROUND_MODEL and
/// SNIPPET_EXHAUSTIVE), written again over caches that outlive one MSet (issue 13).
///
/// Why our own: on the 23.8k news archive a warm query spent 2.2 ms of its 3.9 ms (p50) in
/// MSet::snippet, which stems every word of every hit's text again, hashes each into its
/// per-MSet tables several times and asks the database for the frequency of every word the MSet
/// has not met (`scripts/bench` figures in docs/query.md, "Snippets"). This generator keeps, for
/// as long as the Searcher's database is open, each word's stem and term frequencies, and for
/// one page each word's resolution (query term, phrase end or background entry); it reads the
/// text with Xapian's own tokenizer rules and Unicode tables and chooses and draws the passage
/// exactly as Xapian 1.4.22 does (queryparser/termgenerator_internal.cc, read, not copied):
/// - the window of `length` + 1 bytes slides over the words; a word entering it has its
///   relevance added to the window's sum and its stored relevance halved (DECAY), and doubled
///   back as it leaves; the best window is the last one whose sum is >= the best so far;
/// - query terms, matched as the word or as "Z" + its stem, weigh their term weight in the MSet
///   plus the largest one (× 1 + 1/64), tight phrases of terms the largest × their length;
/// - every other word weighs by its term frequency in the database, cached per page under the
///   word when the database has it, else under its stem, and a later word of that stem takes
///   the stem's entry; the halving persists in that cache for the page's next snippet.
/// Query parts whose details Xapian's public API does not show (wildcards) and CJK n-grams
/// (XAPIAN_CJK_NGRAM) are left to MSet::snippet: supports() says so.
/// tests/searcher/test_snippets.cpp compares the two generators on thousands of snippets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "indexer/columns.hpp"

namespace dossier::searcher {

/// What snippets learn about words, kept across pages: each word's stem (for the process) and
/// its term frequencies and its stem's (until clear_frequencies(), i.e. until the database is
/// reopened).
class SnippetWords {
public:
    /// Forgets the term frequencies (a reopened database may have changed them).
    void clear_frequencies();

    /// Words known; the cache is emptied past a bound (a long-running server).
    std::size_t size() const { return m_words.size(); }

private:
    friend class PageSnippets;
    static constexpr Xapian::doccount UNKNOWN = static_cast<Xapian::doccount>(-1);

    struct Word {
        std::string stem;                      ///< "Z" + the stem; empty until first needed
        Xapian::doccount freq = UNKNOWN;       ///< the word's term frequency
        Xapian::doccount stem_freq = UNKNOWN;  ///< its stem's
        /// The word's resolution on page `page` (PageSnippets): valid when page matches.
        std::uint64_t page = 0;
        int loose = -1;                ///< index of the query term the word is, or -1
        int loose_stem = -1;           ///< index of the query term its stem is, or -1
        bool phrase_end = false;       ///< the last term of a tight phrase of the query
        double* background = nullptr;  ///< its entry in the page's background model
    };

    std::unordered_map<std::string, Word> m_words;
    std::uint64_t m_pages = 0;
};

/// The snippets of one page of hits (one MSet), equal to MSet::snippet()'s in the same order.
class PageSnippets {
public:
    /// Whether this generator reproduces Xapian's for `query` (no wildcards) in this process
    /// (no CJK n-grams).
    static bool supports(const Xapian::Query& query);

    /// `query` is the query the MSet's Enquire ran, `db` its database, `stemmer` the one the
    /// snippets are asked with. `freqs`: the term-frequency tables that mirror `db`'s
    /// sub-databases (indexer::TermFreqs::open(); one per sub-database that has documents),
    /// whose sum is asked instead of `db` for the words they cover; empty: none. Requires
    /// supports(query).
    PageSnippets(
        const Xapian::MSet& mset,
        const Xapian::Query& query,
        const Xapian::Database& db,
        const Xapian::Stem& stemmer,
        SnippetWords& words,
        std::vector<const indexer::TermFreqs*> freqs = {}
    );
    ~PageSnippets();
    PageSnippets(const PageSnippets&) = delete;
    PageSnippets& operator=(const PageSnippets&) = delete;

    /// Reads the page's `texts` (kept by reference until the last snippet()) into words once,
    /// and asks the term-frequency table, or else the database in the order of its keys, for the
    /// frequencies of the words not known yet, which the snippets would ask for in text order:
    /// consecutive look-ups then share the B-tree's blocks (a pread each otherwise). Changes no
    /// snippet.
    void read(const std::vector<std::string>& texts);

    /// operator()(texts[i], ...) of the texts given to read(), without reading them again.
    std::string snippet(
        std::size_t i,
        std::size_t length,
        const std::string& hi_start,
        const std::string& hi_end,
        const std::string& omit
    );

    /// MSet::snippet(text, length, stemmer, SNIPPET_BACKGROUND_MODEL | SNIPPET_EXHAUSTIVE,
    /// hi_start, hi_end, omit) as the MSet would answer it after this page's earlier calls.
    std::string operator()(
        const std::string& text,
        std::size_t length,
        const std::string& hi_start,
        const std::string& hi_end,
        const std::string& omit
    );

private:
    struct Page;

    /// One word of a text read by read(): its entry in SnippetWords, and where it ends.
    struct Token {
        const std::string* term;
        SnippetWords::Word* word;
        std::size_t end;
    };
    /// The snippet of `text`; `tokens(f)` calls f(term, word, end) for each of its words.
    template <class Tokens>
    std::string draw(
        const std::string& text,
        Tokens tokens,
        std::size_t length,
        const std::string& hi_start,
        const std::string& hi_end,
        const std::string& omit
    );
    std::unique_ptr<Page> m_page;
    const std::vector<std::string>* m_texts = nullptr;  ///< read()
    std::vector<std::vector<Token>> m_tokens;           ///< read(): each text's words
};

}  // namespace dossier::searcher
