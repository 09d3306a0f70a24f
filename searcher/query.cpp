#include "searcher/query.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "analyzers/error.hpp"
#include "analyzers/normalizer.hpp"
#include "indexer/schema.hpp"
#include "searcher/facets.hpp"

namespace dossier::searcher {

namespace schema = dossier::indexer::schema;

namespace {

/// The internal field through which an alias mention reaches its FieldProcessor. Not documented
/// to users: the query rewriting in prepare() generates it.
constexpr const char* ALIAS_FIELD = "xalias";

const char* const FIELDS[] = {"title", "speaker", "org", "figure", ALIAS_FIELD};

/// speaker:, org: and figure: values, resolved by facet_filter_query() with the index's alias
/// table (case, accents, aliases, whole words of the stored names: "budanov" selects "Kyrylo
/// Budanov"): the one implementation shared with the --speaker, --org and --figure filters.
class FacetFieldProcessor : public Xapian::FieldProcessor {
public:
    FacetFieldProcessor(
        Xapian::Database db,
        Facet facet,
        std::shared_ptr<const analyzers::AliasTable> aliases,
        std::shared_ptr<const NameMerges> names
    )
        : m_db(std::move(db)),
          m_facet(facet),
          m_aliases(std::move(aliases)),
          m_names(std::move(names)) {}

    Xapian::Query operator()(const std::string& value) override {
        return facet_filter_query(m_db, m_facet, value, *m_aliases, m_names.get());
    }

private:
    Xapian::Database m_db;
    Facet m_facet;
    std::shared_ptr<const analyzers::AliasTable> m_aliases;
    std::shared_ptr<const NameMerges> m_names;
};

/// xalias:N → the alias group term of group N ("XAnorth korea"), which the indexer added to
/// every article mentioning any variant of the group. The variants' own words ride along with
/// weight 0 (AND_MAYBE: they add no matches and no score) so snippets highlight "North Korea"
/// in an article found by "DPRK".
class AliasFieldProcessor : public Xapian::FieldProcessor {
public:
    AliasFieldProcessor(
        Xapian::Database db,
        Xapian::Stem stemmer,
        std::shared_ptr<const analyzers::AliasTable> aliases
    )
        : m_stemmer(std::move(stemmer)), m_aliases(std::move(aliases)) {
        m_words.set_database(db);
        m_words.set_stemmer(m_stemmer);
        m_words.set_stemming_strategy(Xapian::QueryParser::STEM_NONE);
    }

    Xapian::Query operator()(const std::string& value) override {
        std::size_t group = 0;
        for (char c : value) {
            if (c < '0' || c > '9' || group > m_aliases->groups().size()) {
                return Xapian::Query(std::string(schema::PREFIX_ALIAS) + value);  // matches nothing
            }
            group = group * 10 + static_cast<std::size_t>(c - '0');
        }
        if (group >= m_aliases->groups().size()) {
            return Xapian::Query(std::string(schema::PREFIX_ALIAS) + value);
        }
        // NOTE: loose words, not phrases: MSet::snippet() in Xapian 1.4 only highlights
        // phrases of the query's longest phrase length, so adding a variant's phrase would stop
        // a user's own "phrase" from being highlighted.
        std::vector<Xapian::Query> words;
        for (const auto& normalized : m_aliases->groups()[group].normalized) {
            const std::string text = Xapian::Unicode::tolower(normalized);
            const Xapian::Query parsed = m_words.parse_query(text, 0);
            for (auto t = parsed.get_terms_begin(); t != parsed.get_terms_end(); ++t) {
                const std::string term = *t;
                if (term.size() <= 3 && parsed.get_type() != Xapian::Query::LEAF_TERM) {
                    continue;  // "of", "the", "us" inside a longer name
                }
                words.emplace_back(term);
                words.emplace_back(schema::stem_term(m_stemmer, term)
                );  // "Budanov's" for "Budanov"
            }
        }
        const Xapian::Query group_term(
            std::string(schema::PREFIX_ALIAS) + m_aliases->group_key(group)
        );
        if (words.empty()) {
            return group_term;
        }
        return Xapian::Query(
            Xapian::Query::OP_AND_MAYBE,
            group_term,
            Xapian::Query(
                Xapian::Query::OP_SCALE_WEIGHT,
                Xapian::Query(Xapian::Query::OP_OR, words.begin(), words.end()),
                0.01
            )
        );
    }

private:
    Xapian::Stem m_stemmer;
    std::shared_ptr<const analyzers::AliasTable> m_aliases;
    Xapian::QueryParser m_words;  ///< parses variants into words; never sees user syntax
};

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_ascii_upper(unsigned ch) {
    return ch >= 'A' && ch <= 'Z';
}

bool is_ascii_digit(unsigned ch) {
    return ch >= '0' && ch <= '9';
}

/// One word of a query as Xapian's QueryParser will lex it (a simplified copy of its
/// parse_term(): the same word characters, infix apostrophes and digit separators, acronyms).
/// NOTE: we lex the query ourselves because QueryParser offers no token stream, and we need
/// the words to lower-case them, recognise operators, rewrite aliases and correct spelling.
/// Any "a..b" that no other range processor takes (it is not date:FROM..TO): the words on
/// either side, as plain words. Without it, QueryParser fails with "Unknown range operation" on
/// text like "line..." or "allies...have" once a range processor is registered (the date: one):
/// punctuation must never be an error.
class WordsRangeProcessor : public Xapian::RangeProcessor {
public:
    WordsRangeProcessor(const Xapian::Database& db, const Xapian::Stem& stemmer) {
        m_words.set_database(db);
        m_words.set_stemmer(stemmer);
        m_words.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    }

    Xapian::Query operator()(const std::string& begin, const std::string& end) override {
        // The ends keep their dots: QueryParser reads "N.C" as the acronym nc, as the indexer
        // did, and ".have" (from "allies...have") as have. QueryParser gives range results no
        // weight: such odd tokens filter rather than rank.
        return m_words.parse_query(begin + " " + end, 0);  // no words: matches nothing
    }

private:
    Xapian::QueryParser m_words;
};

struct Word {
    std::size_t begin = 0;
    std::size_t end = 0;
    bool acronym = false;      ///< "U.S.": initials, kept in capitals so Xapian joins them
    bool in_quotes = false;    ///< inside a "phrase"
    bool field_name = false;   ///< "title" of title:... (followed by ':')
    bool field_value = false;  ///< directly after a field name's colon
    bool wildcard = false;     ///< followed by '*'
    std::string op;            ///< "AND", "OR", "NOT", "XOR", "NEAR", "ADJ" when an operator
};

bool is_field(std::string_view word) {
    std::string lower(word);
    for (auto& c : lower) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return std::find(std::begin(FIELDS), std::end(FIELDS), lower) != std::end(FIELDS);
}

std::string_view operator_of(std::string_view w) {
    for (std::string_view op : {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"}) {
        if (w == op) {
            return op;
        }
    }
    return {};
}

std::vector<Word> scan(const std::string& s) {
    std::vector<Word> words;
    const Xapian::Utf8Iterator end;
    Xapian::Utf8Iterator it(s);
    bool in_quotes = false;
    auto offset = [&s](const Xapian::Utf8Iterator& i) {
        return static_cast<std::size_t>(i.raw() - s.data());
    };
    while (it != end) {
        const unsigned ch = *it;
        if (!Xapian::Unicode::is_wordchar(ch)) {
            if (ch == '"') {
                in_quotes = !in_quotes;
            }
            ++it;
            continue;
        }
        Word w;
        w.begin = offset(it);
        w.in_quotes = in_quotes;
        if (is_ascii_upper(ch)) {  // initials: U.S., N.Z.
            Xapian::Utf8Iterator p = it;
            std::size_t letters = 0;
            do {
                ++p;
                ++letters;
            } while (p != end && *p == '.' && ++p != end && is_ascii_upper(*p));
            if (letters > 1 && (p == end || !Xapian::Unicode::is_wordchar(*p))) {
                w.acronym = true;
                it = p;
            }
        }
        if (!w.acronym) {
            unsigned prev = ch;
            ++it;
            while (it != end) {
                unsigned c = *it;
                if (!Xapian::Unicode::is_wordchar(c)) {
                    Xapian::Utf8Iterator p = it;
                    ++p;
                    if (p == end || !Xapian::Unicode::is_wordchar(*p)) {
                        break;
                    }
                    bool digits = is_ascii_digit(prev) && is_ascii_digit(*p);
                    bool infix = digits ? (c == ',' || c == '.' || c == ';')
                                        : (c == '\'' || c == '&' || c == 0xb7);
                    if (!infix) {
                        break;
                    }
                }
                prev = c;
                ++it;
            }
        }
        w.end = offset(it);
        std::string_view text = std::string_view(s).substr(w.begin, w.end - w.begin);
        if (w.end < s.size() && s[w.end] == ':' && w.end + 1 < s.size() && !is_space(s[w.end + 1])
            && s[w.end + 1] != ')' && !in_quotes && is_field(text)) {
            w.field_name = true;
        }
        if (w.end < s.size() && s[w.end] == '*') {
            w.wildcard = true;
        }
        if (!words.empty() && words.back().field_name && words.back().end + 1 == w.begin) {
            w.field_value = true;
        }
        if (!in_quotes && !w.acronym && !w.field_value) {
            w.op = operator_of(text);
        }
        if ((w.op == "NEAR" || w.op == "ADJ") && w.end < s.size() && s[w.end] == '/') {
            // As Xapian lexes it: NEAR/n (n > 0, then a space or the end) is one operator;
            // any other NEAR/... is a word.
            std::size_t p = w.end + 1;
            unsigned long width = 0;
            while (p < s.size() && is_ascii_digit(static_cast<unsigned char>(s[p]))) {
                width = std::min(width * 10 + static_cast<unsigned long>(s[p] - '0'), 1000000UL);
                ++p;
            }
            if (width > 0 && (p == s.size() || is_space(s[p]))) {
                w.end = p;
                it = p < s.size() ? Xapian::Utf8Iterator(s.data() + p, s.size() - p) : end;
            } else {
                w.op.clear();
            }
        }
        words.push_back(w);
    }
    return words;
}

struct Replacement {
    std::size_t begin;
    std::size_t end;
    std::string text;
};

std::string apply(const std::string& s, std::vector<Replacement> reps) {
    std::sort(reps.begin(), reps.end(), [](const Replacement& a, const Replacement& b) {
        return a.begin < b.begin;
    });
    std::string out;
    std::size_t pos = 0;
    for (const auto& r : reps) {
        if (r.begin < pos) {
            continue;  // overlapping: keep the first
        }
        out.append(s, pos, r.begin - pos);
        out += r.text;
        pos = r.end;
    }
    out.append(s, pos, std::string::npos);
    return out;
}

/// Punctuation QueryParser would choke on, found so it can be dropped: a ')' without its '('
/// (QueryParser opens a group only at a '(' after a space, a bracket, + or -, and ignores "()").
/// `depth`: set to the deepest nesting of the groups that QueryParser will open.
std::vector<Replacement> unmatched_brackets(const std::string& s, std::size_t& depth) {
    std::vector<Replacement> reps;
    std::size_t open = 0;
    depth = 0;
    bool in_quotes = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '"') {
            in_quotes = !in_quotes;
        } else if (in_quotes) {
            continue;
        } else if (c == '(') {
            bool after_break = i == 0 || is_space(s[i - 1])
                || std::string_view("()+-").find(s[i - 1]) != std::string_view::npos
                || s[i - 1] == ':';
            std::size_t next = i + 1;
            while (next < s.size() && is_space(s[next])) {
                ++next;
            }
            if (next == s.size() || !after_break) {
                continue;
            }
            if (s[next] == ')') {
                i = next;  // "()" is ignored by QueryParser
                continue;
            }
            ++open;
            depth = std::max(depth, open);
        } else if (c == ')') {
            if (open == 0) {
                reps.push_back({i, i + 1, " "});
            } else {
                --open;
            }
        }
    }
    return reps;
}

/// A '-' that starts a number ("-5", "-0.3%") is a minus sign, not "must not".
std::vector<Replacement> minus_signs(const std::string& s) {
    std::vector<Replacement> reps;
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
        if (s[i] == '-' && is_ascii_digit(static_cast<unsigned char>(s[i + 1]))
            && (i == 0 || is_space(s[i - 1]) || s[i - 1] == '(')) {
            reps.push_back({i, i + 1, " "});
        }
    }
    return reps;
}

std::string lower(std::string_view text) {
    return Xapian::Unicode::tolower(std::string(text));
}

constexpr const char* GENERIC_OPERATOR_PROBLEM =
    "its operators (AND, OR, NOT, XOR, NEAR, ADJ) do not fit together";

/// Why a query with operators failed to parse, in words, naming the first operator at fault.
std::string explain_operators(const std::string& s, const std::vector<Word>& words) {
    auto is_operand_end = [&](std::size_t i) {  // something that can stand left of an operator
        return i > 0 && words[i - 1].op.empty();
    };
    for (std::size_t i = 0; i < words.size(); ++i) {
        const Word& w = words[i];
        if (w.op.empty()) {
            continue;
        }
        const bool last = i + 1 == words.size() || !words[i + 1].op.empty();
        const bool first = !is_operand_end(i);
        if (w.op == "NOT") {
            if (last) {
                return "NOT needs a word or (group) after it";
            }
            continue;
        }
        if (first || last) {
            return w.op + " needs a word or (group) on both sides";
        }
        if (w.op == "NEAR" || w.op == "ADJ") {
            // NEAR and ADJ take single words: no phrases, groups or wildcards.
            auto plain = [&](std::size_t k) {
                const Word& x = words[k];
                return !x.wildcard && !x.in_quotes && !x.field_name;
            };
            bool bracket = false;
            for (std::size_t k = words[i - 1].end; k < words[i + 1].begin; ++k) {
                bracket |= s[k] == '(' || s[k] == ')' || s[k] == '"';
            }
            if (bracket || !plain(i - 1) || !plain(i + 1)) {
                return w.op
                    + " joins single words (budanov NEAR korea), not phrases, groups or wildcards";
            }
        }
    }
    return GENERIC_OPERATOR_PROBLEM;
}

/// The whitespace-delimited stretch of `s` around word `w`: {begin, end}.
std::pair<std::size_t, std::size_t> token_of(const std::string& s, const Word& w) {
    std::size_t b = w.begin;
    while (b > 0 && !is_space(s[b - 1])) {
        --b;
    }
    std::size_t e = w.end;
    while (e < s.size() && !is_space(s[e])) {
        ++e;
    }
    return {b, e};
}

bool is_positional(const Word& w) {
    return w.op == "NEAR" || w.op == "ADJ";
}

bool starts_with_field(std::string_view text, std::string_view field) {
    return text.size() >= field.size() + 1 && lower(text.substr(0, field.size())) == field
        && text[field.size()] == ':';
}

/// What check_positional() found: a reason to reject the query, or the brackets to add.
struct Positional {
    std::optional<std::string> problem;
    std::vector<Replacement> reps;
};

/// NEAR and ADJ (and NEAR/n, ADJ/n) checked before QueryParser sees them, on the text it will see.
/// NOTE: this contains a leak in Xapian 1.4.22's QueryParser (tests/lsan.supp had it). Its lemon
/// parser forgets the look-ahead token when a grammar action gives up inside a reduction (the
/// VET_BOOL_ARGS check of AND/OR/NOT/XOR, "Can't just hate!"): the token's Term, 96 bytes, is never
/// freed. The tokens that carry a Term there are NEAR/n and ADJ/n after an operator or a range
/// ("AND NEAR/3", "a OR ADJ/2 b", "x.. NEAR/3 y") and the word after a hated NEAR chain at the
/// start ("-a NEAR b c"). So NEAR and ADJ must stand alone between two plain words (a word,
/// U.S., title:word; no operator, phrase, group, wildcard or range; only brackets at the ends of
/// the chain), else the query is an error before parsing; and a + or - in front of a chain is
/// put in front of brackets around it ("-a NEAR b" is parsed as "-(a NEAR b)", which means the
/// same).
Positional check_positional(const std::string& s, const std::vector<Word>& words) {
    Positional out;
    const std::string reason =
        " joins single words (budanov NEAR korea), not phrases, groups, wildcards or ranges";
    auto plain = [&](std::size_t k) {
        const Word& x = words[k];
        if (!x.op.empty() || x.wildcard || x.in_quotes || x.field_name) {
            return false;
        }
        return !x.field_value
            || lower(s.substr(words[k - 1].begin, words[k - 1].end - words[k - 1].begin))
            == "title";
    };
    for (std::size_t i = 0; i < words.size(); ++i) {
        const Word& w = words[i];
        if (!is_positional(w)) {
            continue;
        }
        auto spaces = [&](std::size_t from, std::size_t to) {
            return std::all_of(s.begin() + from, s.begin() + to, is_space);
        };
        const auto [tb, te] = token_of(s, w);
        if (tb != w.begin || te != w.end || i == 0 || i + 1 == words.size() || !plain(i - 1)
            || !plain(i + 1) || !spaces(words[i - 1].end, w.begin)
            || !spaces(w.end, words[i + 1].begin)) {
            out.problem = w.op + reason;
            return out;
        }
    }
    for (std::size_t k = 0; k < words.size(); ++k) {
        const bool left_of = k + 1 < words.size() && is_positional(words[k + 1]);
        const bool right_of = k > 0 && is_positional(words[k - 1]);
        if (!left_of && !right_of) {
            continue;
        }
        const Word& x = words[k];
        const auto [tb, te] = token_of(s, x);
        std::string_view prefix = std::string_view(s).substr(tb, x.begin - tb);
        const std::string_view suffix = std::string_view(s).substr(x.end, te - x.end);
        if (x.field_value) {
            prefix.remove_suffix(std::string_view("title:").size());
        }
        const std::string& op = left_of ? words[k + 1].op : words[k - 1].op;
        bool ok = true;
        if (left_of) {
            ok &= suffix.empty();
        } else {  // the end of a chain: "b)", "b," or "b." are fine, "b.." is a range
            ok &= suffix.find("..") == std::string_view::npos
                && suffix.find_first_not_of("),;!?.") == std::string_view::npos;
        }
        if (right_of) {
            ok &= prefix.empty();
        } else {  // the start of a chain: "(a", "title:(a", "-a", "(-a"
            std::size_t sign = std::string_view::npos;
            if (!prefix.empty() && (prefix.back() == '+' || prefix.back() == '-')) {
                sign = tb + prefix.size() - 1;
                prefix.remove_suffix(1);
            }
            if (starts_with_field(prefix, "title") && prefix.size() > 6) {
                prefix.remove_prefix(6);
            }
            ok &= prefix.find_first_not_of('(') == std::string_view::npos;
            if (ok && sign != std::string_view::npos) {
                std::size_t last = k + 2;  // the chain's last word
                while (last + 2 < words.size() && is_positional(words[last + 1])) {
                    last += 2;
                }
                out.reps.push_back({sign, sign + 1, std::string(1, s[sign]) + "("});
                out.reps.push_back({words[last].end, words[last].end, ")"});
            }
        }
        if (!ok) {
            out.problem = op + reason;
            out.reps.clear();
            return out;
        }
    }
    return out;
}

/// The error for a query past one of its limits, quoting its first 40 bytes.
QueryError over_limit(const std::string& text, const std::string& what) {
    return QueryError(
        fmt::format("invalid query '{}…': {}", analyzers::repair_utf8(text.substr(0, 40)), what)
    );
}

/// The wildcards (Xapian::Query::OP_WILDCARD) in `query`, as QueryParser built it.
std::size_t count_wildcards(const Xapian::Query& query) {
    if (query.get_type() == Xapian::Query::OP_WILDCARD) {
        return 1;
    }
    std::size_t n = 0;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
        n += count_wildcards(query.get_subquery(i));
    }
    return n;
}

const unsigned PARSE_FLAGS = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD
    | Xapian::QueryParser::FLAG_PURE_NOT;

}  // namespace

bool has_wildcard(const Xapian::Query& query) {
    return count_wildcards(query) > 0;
}

QueryCompiler::QueryCompiler(const Xapian::Database& db) : QueryCompiler(db, db) {}

QueryCompiler::QueryCompiler(
    const Xapian::Database& db, const Xapian::Database& spelling, std::optional<NameMerges> names
)
    : m_db(db), m_spelling(spelling), m_stemmer(schema::stemmer()) {
    m_aliases = std::make_shared<analyzers::AliasTable>(schema::stored_alias_table(m_db));
    m_names = std::make_shared<const NameMerges>(
        names ? std::move(*names) : NameMerges::of_database(m_db)
    );

    m_parser.set_database(m_db);
    m_parser.set_stemmer(m_stemmer);
    // STEM_SOME: words outside phrases match by stem ("Z" terms), phrases by the exact
    // positional terms. STEM_SOME leaves capitalised words unstemmed; prepare() lower-cases them
    // first so "Russia" finds "Russia's". (STEM_ALL_Z would break phrases: stemmed terms carry
    // no positions.)
    m_parser.set_stemming_strategy(schema::QUERY_STEM_STRATEGY);
    m_parser.set_default_op(Xapian::Query::OP_OR);
    m_parser.add_prefix("title", schema::PREFIX_TITLE);
    // date:2024-01-01..2024-06-30, date:20240101.., date:..2024-06-30 against SLOT_DATE (YYYYMMDD).
    m_parser.add_rangeprocessor(
        (new Xapian::DateRangeProcessor(schema::SLOT_DATE, "date:"))->release()
    );
    m_parser.add_rangeprocessor((new WordsRangeProcessor(m_db, m_stemmer))->release());
    for (Facet facet : ALL_FACETS) {
        m_parser.add_boolean_prefix(
            facet_field(facet),
            (new FacetFieldProcessor(m_db, facet, m_aliases, m_names))->release(),
            facet_field(facet)
        );
    }
    m_parser.add_prefix(
        ALIAS_FIELD, (new AliasFieldProcessor(m_db, m_stemmer, m_aliases))->release()
    );
}

Xapian::Query QueryCompiler::parse(const std::string& text) {
    if (text.size() > MAX_QUERY_BYTES) {
        throw over_limit(
            text, fmt::format("{} bytes long, the limit is {}", text.size(), MAX_QUERY_BYTES)
        );
    }
    if (std::all_of(text.begin(), text.end(), [](char c) { return is_space(c); })) {
        // What Query::MatchAll is, but a Query of its own: copying that static from several
        // threads races on its reference count (Xapian 1.4 counts without atomics).
        return Xapian::Query(std::string());
    }
    const std::string normalized = analyzers::normalize(text);
    std::vector<Word> words = scan(normalized);

    // Operators need something to operate on: a query made of nothing but "AND", "OR", "NOT"...
    // searches them as words.
    const bool only_operators =
        std::all_of(words.begin(), words.end(), [](const Word& w) { return !w.op.empty(); });
    if (only_operators) {
        for (auto& w : words) {
            w.op.clear();
        }
    }
    bool has_operators = false;
    std::size_t depth = 0;
    std::vector<Replacement> reps = unmatched_brackets(normalized, depth);
    if (depth > MAX_QUERY_DEPTH) {
        // NOTE: Xapian 1.4's matcher takes time that grows steeply with the nesting of mixed
        // operators: 100 levels of "(a AND b) NOT c) XOR d)..." took 30 s of CPU on five
        // articles (in Enquire::get_mset), 55 levels 3 s, 40 levels too little to measure.
        throw over_limit(
            text, fmt::format("brackets nested {} deep, the limit is {}", depth, MAX_QUERY_DEPTH)
        );
    }
    for (auto& r : minus_signs(normalized)) {
        reps.push_back(std::move(r));
    }

    // Alias mentions become one xalias:N token each, where that keeps the query's meaning: not
    // inside phrases, field values or wildcards, not next to NEAR/ADJ, and not glued to other
    // words by punctuation that makes QueryParser build a phrase ("pro-DPRK").
    std::vector<bool> in_alias(words.size(), false);
    for (const auto& m : m_aliases->find_mentions(normalized)) {
        std::size_t first = words.size();
        std::size_t last = 0;
        bool ok = true;
        for (std::size_t i = 0; i < words.size(); ++i) {
            if (words[i].end <= m.begin || words[i].begin >= m.end) {
                continue;
            }
            first = std::min(first, i);
            last = i;
            const Word& w = words[i];
            ok &= !w.in_quotes && !w.field_name && !w.field_value && !w.wildcard && w.op.empty();
        }
        if (!ok || first == words.size()) {
            continue;
        }
        auto positional = [](const Word& w) { return w.op == "NEAR" || w.op == "ADJ"; };
        if ((first > 0 && positional(words[first - 1]))
            || (last + 1 < words.size() && positional(words[last + 1]))) {
            continue;
        }
        const char before = m.begin == 0 ? ' ' : normalized[m.begin - 1];
        const bool before_ok = is_space(before) || before == '(' || before == '"'
            || ((before == '+' || before == '-')
                && (m.begin < 2 || is_space(normalized[m.begin - 2])));
        const char after = m.end >= normalized.size() ? ' ' : normalized[m.end];
        const char after2 = m.end + 1 >= normalized.size() ? ' ' : normalized[m.end + 1];
        const bool after_ok = is_space(after)
            || std::string_view("),;!?").find(after) != std::string_view::npos
            || ((after == '.' || after == ':') && is_space(after2));
        if (before == '"' || !before_ok || !after_ok) {
            continue;
        }
        reps.push_back({m.begin, m.end, std::string(ALIAS_FIELD) + ":" + std::to_string(m.group)});
        for (std::size_t i = first; i <= last; ++i) {
            in_alias[i] = true;
        }
    }

    // Lower-case every word except operators and initials: QueryParser takes operators only in
    // capitals (so a pasted sentence's "and", "or" and "not" stay words), joins initials only in
    // capitals ("U.S." → us, as the indexer did), and does not stem capitalised words.
    for (std::size_t i = 0; i < words.size(); ++i) {
        const Word& w = words[i];
        if (in_alias[i]) {
            continue;
        }
        if (w.field_name
            && lower(std::string_view(normalized).substr(w.begin, w.end - w.begin))
                == ALIAS_FIELD) {
            reps.push_back({w.end, w.end + 1, " "});  // xalias: is internal, not user syntax
        }
        if (!w.op.empty()) {
            has_operators = true;
            continue;
        }
        if (w.acronym) {
            continue;
        }
        std::string_view t = std::string_view(normalized).substr(w.begin, w.end - w.begin);
        std::string l = lower(t);
        if (l != t) {
            reps.push_back({w.begin, w.end, std::move(l)});
        }
    }
    std::string prepared = apply(normalized, std::move(reps));
    {
        const std::vector<Word> prepared_words = scan(prepared);
        Positional positional = check_positional(prepared, prepared_words);
        if (positional.problem) {
            std::string why = explain_operators(prepared, prepared_words);
            if (why == GENERIC_OPERATOR_PROBLEM) {
                why = *positional.problem;
            }
            throw QueryError("invalid query '" + text + "': " + why);
        }
        if (!positional.reps.empty()) {
            prepared = apply(std::as_const(prepared), std::move(positional.reps));
        }
    }

    Xapian::Query query;
    try {
        m_parser.set_max_expansion(MAX_WILDCARD_TERMS, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
        query = m_parser.parse_query(prepared, PARSE_FLAGS);
        // The wildcards share one budget of MAX_WILDCARD_TERMS expansions (query.hpp). Counted
        // in the parsed query, so exactly the wildcards QueryParser made; parsing again with the
        // share costs microseconds (the expansion happens in the match).
        if (const std::size_t wildcards = count_wildcards(query); wildcards > 1) {
            if (wildcards > MAX_QUERY_WILDCARDS) {
                throw over_limit(
                    text,
                    fmt::format("{} wildcards, the limit is {}", wildcards, MAX_QUERY_WILDCARDS)
                );
            }
            m_parser.set_max_expansion(
                static_cast<Xapian::termcount>(MAX_WILDCARD_TERMS / wildcards),
                Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT
            );
            query = m_parser.parse_query(prepared, PARSE_FLAGS);
        }
        // NOTE: on a "parse error" QueryParser silently parses again with every flag off, so
        // "budanov AND" would quietly become budanov OR and. Parsing with no flags ourselves
        // and comparing tells whether that happened.
        if (has_operators
            && query.get_description() == m_parser.parse_query(prepared, 0).get_description()) {
            throw QueryError(
                "invalid query '" + text + "': " + explain_operators(prepared, scan(prepared))
            );
        }
    } catch (const Xapian::QueryParserError& e) {
        throw QueryError(
            "invalid query '" + text + "': " + explain_operators(prepared, scan(prepared)) + " ("
            + e.get_msg() + ")"
        );
    }
    return query;
}

std::optional<std::string> QueryCompiler::correct(const std::string& text) const {
    if (text.size() > MAX_QUERY_BYTES) {
        return std::nullopt;
    }
    const std::string normalized = analyzers::normalize(text);
    const std::vector<Word> words = scan(normalized);
    std::vector<bool> alias_word(words.size(), false);
    for (const auto& m : m_aliases->find_mentions(normalized)) {
        for (std::size_t i = 0; i < words.size(); ++i) {
            alias_word[i] = alias_word[i] || (words[i].begin < m.end && words[i].end > m.begin);
        }
    }
    std::vector<Replacement> reps;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const Word& w = words[i];
        if (alias_word[i] || !w.op.empty() || w.acronym || w.field_name || w.field_value
            || w.wildcard) {
            continue;
        }
        std::string_view t = std::string_view(normalized).substr(w.begin, w.end - w.begin);
        bool letters_only = true;
        bool has_lower = false;
        for (unsigned char c : t) {
            letters_only &= std::isalpha(c) || c >= 0x80;
            has_lower |= std::islower(c) != 0 || c >= 0x80;
        }
        if (!letters_only || !has_lower || t.size() < 3) {
            continue;  // numbers, acronyms in capitals, "it's", short words
        }
        const std::string term = lower(t);
        if (m_db.term_exists(term) || m_db.term_exists(schema::stem_term(m_stemmer, term))) {
            continue;
        }
        // One edit for short words, two for longer ones, like Lucene's fuzzy defaults.
        const unsigned max_edits = term.size() <= 4 ? 1 : 2;
        std::string suggestion = m_spelling.get_spelling_suggestion(term, max_edits);
        if (!suggestion.empty() && suggestion != term) {
            reps.push_back({w.begin, w.end, std::move(suggestion)});
        }
    }
    if (reps.empty()) {
        return std::nullopt;
    }
    return apply(normalized, std::move(reps));
}

}  // namespace dossier::searcher
