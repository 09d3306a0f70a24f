#include "searcher/snippet_generator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <deque>
#include <limits>
#include <optional>
#include <utility>

#include "searcher/term_chars.hpp"

namespace dossier::searcher {

namespace {

namespace U = Xapian::Unicode;
using Xapian::Utf8Iterator;
using namespace term_chars;

/// How much a word's relevance is divided by while it is in the window.
constexpr double DECAY = 2.0;
/// Longer words are skipped (Xapian's hard-coded limit in snippets).
constexpr std::size_t MAX_WORD_BYTES = 64;
/// SnippetWords empties itself past this many words (a server running for months): about 130
/// bytes a word, so at most ~35 MB a Searcher; a page of ten long articles has ~2,000 words.
constexpr std::size_t MAX_WORDS = std::size_t{1} << 18;

/// The lower-cased `ch` when it is a word character, else 0.
unsigned word_char(unsigned ch) {
    if (ch < 0x80) {
        if (ascii_upper(ch)) {
            return ch + ('a' - 'A');
        }
        return is_wordchar(ch) ? ch : 0;
    }
    return U::is_wordchar(ch) ? U::tolower(ch) : 0;
}

void append_char(std::string& s, unsigned ch) {
    if (ch < 0x80) {
        s += static_cast<char>(ch);
    } else {
        U::append_utf8(s, ch);
    }
}

/// Calls action(term, after) for each term of `itor`'s text, as Xapian's TermGenerator reads it
/// without CJK n-grams: lower-cased, initials ("U.N.") as one term, infixes and suffixes as
/// above. Stops when action returns false.
template <class Action>
void for_each_term(Utf8Iterator itor, Action action) {
    const Utf8Iterator end;
    std::string term;
    for (;;) {
        unsigned ch = 0;
        for (;;) {
            if (itor == end) {
                return;
            }
            ch = word_char(*itor);
            if (ch != 0) {
                break;
            }
            ++itor;
        }
        term.clear();
        if (ascii_upper(*itor)) {
            // Initials separated by '.', with or without a last '.'.
            Utf8Iterator p = itor;
            do {
                append_char(term, U::tolower(*p));
                ++p;
            } while (p != end && *p == '.' && ++p != end && ascii_upper(*p));
            // One letter is not initials; nor are they followed by a word character.
            if (term.size() > 1 && (p == end || !is_wordchar(*p))) {
                itor = p;
                if (!action(term, itor)) {
                    return;
                }
                continue;
            }
            term.clear();
        }
        bool at_end = false;
        for (;;) {
            unsigned prev = 0;
            do {
                append_char(term, ch);
                prev = ch;
                if (++itor == end) {
                    at_end = true;
                    break;
                }
                ch = word_char(*itor);
            } while (ch != 0);
            if (at_end) {
                break;
            }
            Utf8Iterator next(itor);
            ++next;
            if (next == end) {
                break;
            }
            const unsigned next_ch = word_char(*next);
            if (next_ch == 0) {
                break;
            }
            unsigned joiner = *itor;
            joiner = is_digit(prev) && is_digit(*next) ? digit_infix(joiner) : infix(joiner);
            if (joiner == 0) {
                break;
            }
            if (joiner != IGNORE) {
                append_char(term, joiner);
            }
            ch = next_ch;
            itor = next;
        }
        if (!at_end) {
            const std::size_t len = term.size();
            unsigned count = 0;
            while ((ch = suffix(*itor)) != 0) {
                if (++count > 3) {
                    term.resize(len);
                    break;
                }
                append_char(term, ch);
                if (++itor == end) {
                    at_end = true;
                    break;
                }
            }
            // fish+chips is not "fish+" and "chips".
            if (!at_end && is_wordchar(*itor)) {
                term.resize(len);
            }
        }
        if (!action(term, itor)) {
            return;
        }
    }
}

/// One word in the window: its relevance (shared by every occurrence, null for none), where it
/// ends in the text, and the length of the phrase it ends (0: not highlighted).
struct Sniplet {
    Sniplet(double* r, std::size_t t, std::size_t h) : relevance(r), term_end(t), highlight(h) {}

    double* relevance;
    std::size_t term_end;
    std::size_t highlight;
};

bool leading_punctuation(unsigned ch) {
    if (U::is_currency(ch) || U::get_category(ch) == U::OPEN_PUNCTUATION
        || U::get_category(ch) == U::INITIAL_QUOTE_PUNCTUATION) {
        return true;
    }
    switch (ch) {
    case '"':
    case '#':
    case '%':
    case '&':
    case '\'':
    case '+':
    case '-':
    case '/':
    case '<':
    case '@':
    case '\\':
    case '`':
    case '~':
    case 0x00a1:
    case 0x00a7:
    case 0x00bf:
        return true;
    default:
        return false;
    }
}

bool trailing_punctuation(unsigned ch) {
    if (U::is_currency(ch) || U::get_category(ch) == U::CLOSE_PUNCTUATION
        || U::get_category(ch) == U::FINAL_QUOTE_PUNCTUATION) {
        return true;
    }
    switch (ch) {
    case '"':
    case '%':
    case '\'':
    case '+':
    case '-':
    case '/':
    case '>':
    case '@':
    case '\\':
    case '`':
    case '~':
        return true;
    default:
        return false;
    }
}

void append_escaping_xml(const char* p, const char* end, std::string& output) {
    for (; p != end; ++p) {
        switch (*p) {
        case '&':
            output += "&amp;";
            break;
        case '<':
            output += "&lt;";
            break;
        case '>':
            output += "&gt;";
            break;
        default:
            output += *p;
        }
    }
}

/// The sliding window and the best one so far (exhaustive: every window is weighed).
class Window {
public:
    explicit Window(std::size_t length) : m_length(length + 1) {}  // + 1: the space between

    void pump(double* r, std::size_t t, std::size_t h) {
        if (h > 1) {
            if (m_pipe.size() >= h - 1) {
                // The phrase's last word enters: its relevance rides on its first word, and leaves
                // the sum with it.
                Sniplet& start = m_pipe[m_pipe.size() - (h - 1)];
                if (start.relevance != nullptr) {
                    *start.relevance *= DECAY;
                    m_sum -= *start.relevance;
                }
                m_sum += *r;
                start.relevance = r;
                start.highlight = h;
                *r /= DECAY;
            }
            r = nullptr;
            h = 0;
        }
        m_pipe.emplace_back(r, t, h);
        if (r != nullptr) {
            m_sum += *r;
            *r /= DECAY;
        }
        while (t - m_begin > m_length) {
            const Sniplet& word = m_pipe.front();
            if (word.relevance != nullptr) {
                *word.relevance *= DECAY;
                m_sum -= *word.relevance;
            }
            m_begin = word.term_end;
            if (m_best_end >= m_begin) {
                m_best_pipe.push_back(word);
            }
            m_pipe.pop_front();
            if (m_pipe.empty()) {
                break;
            }
        }
        if (m_sum >= m_best_sum) {
            if (m_begin >= m_best_end) {
                m_best_pipe.clear();
            } else {
                while (!m_best_pipe.empty() && m_best_pipe.front().term_end <= m_begin) {
                    m_best_pipe.pop_front();
                }
            }
            m_best_sum = m_sum;
            m_best_begin = m_begin;
            m_best_end = t;
        }
    }

    void done() {
        if (m_begin >= m_best_end) {
            m_pipe.clear();
        } else {
            while (!m_pipe.empty() && m_pipe.back().term_end > m_best_end) {
                m_pipe.pop_back();
            }
        }
    }

    /// Appends the next word of the best window (and what goes before or after it) to
    /// `output`; false once the snippet is complete.
    bool drain(
        const std::string& input,
        const std::string& hi_start,
        const std::string& hi_end,
        const std::string& omit,
        std::string& output
    ) {
        if (m_best_pipe.empty() && !m_pipe.empty()) {
            std::swap(m_best_pipe, m_pipe);
        }
        if (m_best_pipe.empty()) {
            return drain_tail(input, omit, output);
        }
        const Sniplet& word = m_best_pipe.front();
        if (output.empty()) {
            start(input, word, omit, output);
        }
        if (word.highlight != 0) {
            // The characters between the words stay outside the highlight.
            Utf8Iterator i(input.data() + m_best_begin, input.size() - m_best_begin);
            for (; i != Utf8Iterator(); ++i) {
                if (U::is_wordchar(*i)) {
                    append_escaping_xml(input.data() + m_best_begin, i.raw(), output);
                    m_best_begin = static_cast<std::size_t>(i.raw() - input.data());
                    break;
                }
            }
        }
        if (m_phrase_len == 0) {
            m_phrase_len = word.highlight;
            if (m_phrase_len != 0) {
                output += hi_start;
            }
        }
        append_escaping_xml(input.data() + m_best_begin, input.data() + word.term_end, output);
        m_best_begin = word.term_end;
        if (m_phrase_len != 0 && --m_phrase_len == 0) {
            output += hi_end;
        }
        m_best_pipe.pop_front();
        return true;
    }

private:
    /// The end of the snippet: a sentence's end, or some punctuation and `omit`.
    bool drain_tail(const std::string& input, const std::string& omit, std::string& output) const {
        const std::size_t tail_len = input.size() - m_best_end;
        if (tail_len == 0) {
            return false;
        }
        bool sentence_end = false;
        Utf8Iterator i(input.data() + m_best_end, tail_len);
        while (i != Utf8Iterator()) {
            const unsigned ch = *i;
            if (sentence_end && U::is_whitespace(ch)) {
                break;
            }
            sentence_end = (ch == '.' || ch == '?' || ch == '!');
            if (U::is_wordchar(ch)) {
                break;
            }
            ++i;
        }
        if (sentence_end) {
            append_escaping_xml(input.data() + m_best_end, i.raw(), output);
            return false;
        }
        i.assign(input.data() + m_best_end, tail_len);
        int trailing = 0;
        while (i != Utf8Iterator() && trailing_punctuation(*i)) {
            if (++trailing > 4) {
                trailing = 0;
                break;
            }
            ++i;
        }
        if (trailing != 0) {
            append_escaping_xml(input.data() + m_best_end, i.raw(), output);
            if (i == Utf8Iterator()) {
                return false;
            }
        }
        output += omit;
        return false;
    }

    /// The start of the snippet: from its first word, with some leading punctuation, after
    /// `omit` unless it starts a sentence.
    void start(
        const std::string& input, const Sniplet& word, const std::string& omit, std::string& output
    ) {
        enum { NO, PUNC, YES } boundary = m_best_begin == 0 ? YES : NO;

        Utf8Iterator i(input.data() + m_best_begin, word.term_end - m_best_begin);
        while (i != Utf8Iterator()) {
            const unsigned ch = *i;
            switch (boundary) {
            case NO:
                if (ch == '.' || ch == '?' || ch == '!') {
                    boundary = PUNC;
                }
                break;
            case PUNC:
                if (U::is_whitespace(ch)) {
                    boundary = YES;
                } else if (ch != '.' && ch != '?' && ch != '!') {
                    boundary = NO;
                }
                break;
            case YES:
                break;
            }
            if (U::is_wordchar(ch)) {
                const std::size_t word_begin = static_cast<std::size_t>(i.raw() - input.data());
                if (word_begin - m_best_begin > 4) {
                    m_best_begin = word_begin;
                }
                break;
            }
            ++i;
            if (!leading_punctuation(ch)) {
                m_best_begin = static_cast<std::size_t>(i.raw() - input.data());
            }
        }
        if (boundary != YES) {
            output += omit;
        }
    }

    std::deque<Sniplet> m_pipe;
    std::deque<Sniplet> m_best_pipe;
    std::size_t m_length;
    std::size_t m_begin = 0;
    double m_sum = 0;
    std::size_t m_phrase_len = 0;
    std::size_t m_best_begin = 0;
    std::size_t m_best_end = 0;
    double m_best_sum = 0;
};

bool has_wildcard(const Xapian::Query& query) {
    if (query.get_type() == Xapian::Query::OP_WILDCARD) {
        return true;
    }
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
        if (has_wildcard(query.get_subquery(i))) {
            return true;
        }
    }
    return false;
}

/// Whether the phrase `query` is tight (its window is its number of subqueries): Xapian's API
/// does not show the window, its description does.
bool tight_phrase(const Xapian::Query& query) {
    std::vector<Xapian::Query> parts;
    const std::size_t n = query.get_num_subqueries();
    parts.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        parts.push_back(query.get_subquery(i));
    }
    const Xapian::Query tight(
        Xapian::Query::OP_PHRASE, parts.begin(), parts.end(), static_cast<Xapian::termcount>(n)
    );
    return tight.get_description() == query.get_description();
}

}  // namespace

void SnippetWords::clear_frequencies() {
    for (auto& [term, word] : m_words) {
        word.freq = UNKNOWN;
        word.stem_freq = UNKNOWN;
        word.page = 0;
    }
}

struct PageSnippets::Page {
    Page(
        SnippetWords& w,
        const Xapian::Database& d,
        const Xapian::Stem& s,
        std::vector<const indexer::TermFreqs*> f
    )
        : words(w), db(d), stemmer(s), freqs(std::move(f)) {}

    SnippetWords& words;
    Xapian::Database db;
    Xapian::Stem stemmer;
    std::vector<const indexer::TermFreqs*> freqs;

    /// The term frequency of `term`: from the tables where they cover the term (a stub's is the
    /// sum of its parts'), else, or when a table cannot be read, the database.
    Xapian::doccount termfreq(const std::string& term) const {
        if (freqs.empty() || !indexer::TermFreqs::covers(term)) {
            return db.get_termfreq(term);
        }
        Xapian::doccount tf = 0;
        for (const indexer::TermFreqs* f : freqs) {
            const std::optional<Xapian::doccount> part = f->get(term);
            if (!part) {
                return db.get_termfreq(term);
            }
            tf += *part;
        }
        return tf;
    }

    std::uint64_t id = 0;
    double max_tw = 0;
    Xapian::doccount collection_size = 0;
    /// The query's terms (check_query's "loose terms"): index, and relevance when available.
    std::unordered_map<std::string, int> loose_index;
    std::vector<double> loose_relevance;            ///< term weight + max_tw; NaN: not available
    std::vector<std::vector<std::string>> phrases;  ///< tight phrases of terms
    std::size_t longest_phrase = 0;
    /// The background model: relevance by word, or by stem for words the database lacks.
    std::unordered_map<std::string, double> background;

    void check_query(const Xapian::Query& query) {
        const std::size_t n = query.get_num_subqueries();
        const Xapian::Query::op op = query.get_type();
        if (op == Xapian::Query::LEAF_TERM) {
            const std::string term = *query.get_terms_begin();
            loose_index.emplace(term, static_cast<int>(loose_index.size()));
        } else if (op == Xapian::Query::OP_PHRASE && tight_phrase(query)) {
            bool terms_only = true;
            for (std::size_t i = 0; i < n; ++i) {
                terms_only =
                    terms_only && query.get_subquery(i).get_type() == Xapian::Query::LEAF_TERM;
            }
            if (terms_only) {
                std::vector<std::string> terms;
                terms.reserve(n);
                for (std::size_t i = 0; i < n; ++i) {
                    terms.push_back(*query.get_subquery(i).get_terms_begin());
                }
                phrases.push_back(std::move(terms));
                longest_phrase = std::max(longest_phrase, n);
                return;
            }
        }
        for (std::size_t i = 0; i < n; ++i) {
            check_query(query.get_subquery(i));
        }
    }

    SnippetWords::Word& resolve(SnippetWords::Word& w, const std::string& term) {
        if (w.page != id) {
            w.page = id;
            w.loose = find_loose(term);
            w.loose_stem = -1;
            w.phrase_end = false;
            for (const auto& p : phrases) {
                w.phrase_end = w.phrase_end || p.back() == term;
            }
            w.background = nullptr;
            if (w.loose < 0) {
                w.loose_stem = find_loose(stem(w, term));
            }
        }
        return w;
    }

    const std::string& stem(SnippetWords::Word& w, const std::string& term) {
        if (w.stem.empty()) {
            const std::string stemmed = stemmer(term);
            w.stem.reserve(stemmed.size() + 1);
            w.stem.push_back('Z');
            w.stem.append(stemmed);
        }
        return w.stem;
    }

    int find_loose(const std::string& term) const {
        const auto it = loose_index.find(term);
        if (it == loose_index.end() || std::isnan(loose_relevance[it->second])) {
            return -1;
        }
        return it->second;
    }

    double* background_of(SnippetWords::Word& w, const std::string& term, std::size_t length) {
        if (w.background != nullptr) {
            return w.background;
        }
        const std::string& z = stem(w, term);
        auto it = background.find(term);
        if (it == background.end()) {
            it = background.find(z);
        }
        if (it == background.end()) {
            if (w.freq == SnippetWords::UNKNOWN) {
                w.freq = termfreq(term);
            }
            Xapian::doccount tf = w.freq;
            const std::string* key = &term;
            if (tf == 0) {
                if (w.stem_freq == SnippetWords::UNKNOWN) {
                    w.stem_freq = termfreq(z);
                }
                tf = w.stem_freq;
                key = &z;
            }
            double r = 0.0;
            if (tf != 0) {
                // One more than the documents, so that a word in all of them has no log(0).
                const Xapian::doccount num_docs = collection_size + 1;
                r = max_tw * std::log((num_docs - tf) / double(tf));
                r /= double(length + 1) * std::log(double(num_docs));
            }
            it = background.emplace(*key, r).first;
        }
        w.background = &it->second;
        return w.background;
    }
};

bool PageSnippets::supports(const Xapian::Query& query) {
    static const bool cjk_ngrams = [] {
        const char* p = std::getenv("XAPIAN_CJK_NGRAM");
        return p != nullptr && *p != '\0';
    }();
    return !cjk_ngrams && !has_wildcard(query);
}

PageSnippets::PageSnippets(
    const Xapian::MSet& mset,
    const Xapian::Query& query,
    const Xapian::Database& db,
    const Xapian::Stem& stemmer,
    SnippetWords& words,
    std::vector<const indexer::TermFreqs*> freqs
)
    : m_page(std::make_unique<Page>(words, db, stemmer, std::move(freqs))) {
    Page& p = *m_page;
    if (words.m_words.size() > MAX_WORDS) {
        words.m_words.clear();
    }
    p.id = ++words.m_pages;
    p.collection_size = db.get_doccount();
    // The largest term weight of the match, as the MSet's statistics have it.
    double max_tw = 0;
    for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t) {
        try {
            max_tw = std::max(max_tw, mset.get_termweight(*t));
        } catch (const Xapian::InvalidArgumentError&) {
            // not in the statistics
        }
    }
    // 1 + 1/64: terms of weight 0 (in nearly every document) are still highlighted.
    p.max_tw = max_tw == 0.0 ? 1.0 : max_tw * 1.015625;
    p.check_query(query);
    p.loose_relevance.assign(p.loose_index.size(), std::numeric_limits<double>::quiet_NaN());
    for (const auto& [term, index] : p.loose_index) {
        try {
            p.loose_relevance[index] = mset.get_termweight(term) + p.max_tw;
        } catch (const Xapian::InvalidArgumentError&) {
            // check_term() drops it
        }
    }
}

PageSnippets::~PageSnippets() = default;

void PageSnippets::read(const std::vector<std::string>& texts) {
    Page& p = *m_page;
    m_texts = &texts;
    m_tokens.assign(texts.size(), {});
    std::vector<std::pair<const std::string*, SnippetWords::Word*>> unknown;
    for (std::size_t t = 0; t < texts.size(); ++t) {
        const std::string& text = texts[t];
        for_each_term(Utf8Iterator(text), [&](const std::string& term, const Utf8Iterator& it) {
            if (term.size() <= MAX_WORD_BYTES) {
                auto& entry = *p.words.m_words.try_emplace(term).first;
                if (entry.second.freq == SnippetWords::UNKNOWN) {
                    unknown.emplace_back(&entry.first, &entry.second);
                }
                m_tokens[t].push_back({&entry.first, &entry.second, text.size() - it.left()});
            }
            return true;
        });
    }
    std::sort(unknown.begin(), unknown.end(), [](const auto& a, const auto& b) {
        return *a.first < *b.first;
    });
    for (const auto& [term, word] : unknown) {
        if (word->freq == SnippetWords::UNKNOWN) {  // not a repeat
            word->freq = p.termfreq(*term);
        }
    }
    // Words the database lacks are looked up by stem (rare: the indexer read the same text).
    for (const auto& [term, word] : unknown) {
        if (word->freq == 0 && word->stem_freq == SnippetWords::UNKNOWN) {
            word->stem_freq = p.termfreq(p.stem(*word, *term));
        }
    }
}

std::string PageSnippets::snippet(
    std::size_t i,
    std::size_t length,
    const std::string& hi_start,
    const std::string& hi_end,
    const std::string& omit
) {
    return draw(
        m_texts->at(i),
        [&](auto&& f) {
            for (const Token& t : m_tokens.at(i)) {
                f(*t.term, *t.word, t.end);
            }
        },
        length,
        hi_start,
        hi_end,
        omit
    );
}

std::string PageSnippets::operator()(
    const std::string& text,
    std::size_t length,
    const std::string& hi_start,
    const std::string& hi_end,
    const std::string& omit
) {
    return draw(
        text,
        [&](auto&& f) {
            for_each_term(Utf8Iterator(text), [&](const std::string& term, const Utf8Iterator& it) {
                if (term.size() <= MAX_WORD_BYTES) {
                    f(term, m_page->words.m_words[term], text.size() - it.left());
                }
                return true;
            });
        },
        length,
        hi_start,
        hi_end,
        omit
    );
}

template <class Tokens>
std::string PageSnippets::draw(
    const std::string& text,
    Tokens tokens,
    std::size_t length,
    const std::string& hi_start,
    const std::string& hi_end,
    const std::string& omit
) {
    if (hi_start.empty() && hi_end.empty() && text.size() <= length) {
        return text;
    }
    Page& p = *m_page;
    // Per call, as Xapian's: the query terms' and phrases' relevance (halved in the window).
    std::vector<double> loose = p.loose_relevance;
    std::vector<double> phrase_relevance;
    phrase_relevance.reserve(p.phrases.size());
    for (const auto& terms : p.phrases) {
        phrase_relevance.push_back(p.max_tw * double(terms.size()));
    }
    std::vector<std::string> recent(p.longest_phrase > 0 ? p.longest_phrase - 1 : 0);
    std::size_t recent_next = 0;

    Window window(length);
    tokens([&](const std::string& term, SnippetWords::Word& word, std::size_t term_end) {
        double* relevance = nullptr;
        std::size_t highlight = 0;
        SnippetWords::Word& w = p.resolve(word, term);
        if (w.phrase_end) {
            const std::size_t ring = p.longest_phrase - 1;
            for (std::size_t i = 0; i < p.phrases.size() && relevance == nullptr; ++i) {
                const auto& terms = p.phrases[i];
                if (term != terms.back()) {
                    continue;
                }
                bool match = true;
                for (std::size_t n = terms.size() - 1; n-- > 0;) {
                    if (terms[n] != recent[(n + recent_next) % ring]) {
                        match = false;
                        break;
                    }
                }
                if (match) {
                    relevance = &phrase_relevance[i];
                    highlight = terms.size();
                }
            }
        }
        // As Xapian's check_term: a query term whose relevance the window has halved to exactly
        // 0.0 (a term repeated ~1,075 times within one long snippet) starts again from its weight.
        const auto loose_slot = [&](int i) {
            double& r = loose[static_cast<std::size_t>(i)];
            if (r == 0.0) {
                r = p.loose_relevance[static_cast<std::size_t>(i)];
            }
            return &r;
        };
        if (relevance == nullptr && w.loose >= 0) {
            relevance = loose_slot(w.loose);
            highlight = 1;
        }
        if (relevance == nullptr && w.loose_stem >= 0) {
            relevance = loose_slot(w.loose_stem);
            highlight = 1;
        }
        if (relevance == nullptr) {
            relevance = p.background_of(w, term, length);
        }
        if (p.longest_phrase > 0) {
            recent[recent_next] = term;
            recent_next = (recent_next + 1) % (p.longest_phrase - 1);
        }
        window.pump(relevance, term_end, highlight);
    });
    window.done();
    std::string result;
    while (window.drain(text, hi_start, hi_end, omit, result)) {
    }
    return result;
}

}  // namespace dossier::searcher
