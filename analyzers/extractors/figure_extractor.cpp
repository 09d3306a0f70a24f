#include "analyzers/extractors/figure_extractor.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <unicode/fmtable.h>
#include <unicode/parsepos.h>
#include <unicode/rbnf.h>

#include "analyzers/internal/icu_utils.hpp"
#include "analyzers/text.hpp"

namespace dossier::analyzers::extract {

namespace {

/// The sentence of a figure as stored: whole, or for a sentence longer than 1,000 bytes (no real
/// one is, but a text without full stops is one "sentence") the 500 bytes either side of the
/// figure, with "…": a copy of the whole sentence per figure made such texts quadratic in time
/// and memory.
std::string figure_sentence(std::string_view text, Span s, std::size_t begin, std::size_t end) {
    constexpr std::size_t MAX = 1000, SIDE = 500;
    if (s.end - s.begin <= MAX) {
        return collapse_space(s.in(text));
    }
    std::size_t b = begin > s.begin + SIDE ? begin - SIDE : s.begin;
    std::size_t e = std::min(s.end, end + SIDE);
    while (b > s.begin && (static_cast<unsigned char>(text[b]) & 0xC0) == 0x80) {
        --b;  // never inside a UTF-8 sequence
    }
    while (e < s.end && (static_cast<unsigned char>(text[e]) & 0xC0) == 0x80) {
        ++e;
    }
    return (b > s.begin ? "…" : "") + collapse_space(text.substr(b, e - b))
        + (e < s.end ? "…" : "");
}

const std::unordered_set<std::string> NUMBER_WORDS = {
    "zero",     "one",      "two",     "three",     "four",     "five",     "six",
    "seven",    "eight",    "nine",    "ten",       "eleven",   "twelve",   "thirteen",
    "fourteen", "fifteen",  "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
    "thirty",   "forty",    "fifty",   "sixty",     "seventy",  "eighty",   "ninety",
    "hundred",  "thousand", "million", "billion",   "trillion",
};
const std::unordered_map<std::string, double> SCALES = {
    {"thousand", 1e3},
    {"million", 1e6},
    {"billion", 1e9},
    {"trillion", 1e12},
    {"bn", 1e9},
    {"mln", 1e6},
    {"bln", 1e9},
    {"trn", 1e12},
    {"tn", 1e12},
    {"m", 1e6},
    {"k", 1e3},
    {"billions", 1e9},
    {"millions", 1e6},
};
const std::unordered_map<std::string, std::string> CURRENCY_WORDS = {
    {"dollars", "USD"}, {"dollar", "USD"},  {"dlrs", "USD"},   {"dlr", "USD"},
    {"euros", "EUR"},   {"euro", "EUR"},    {"pounds", "GBP"}, {"sterling", "GBP"},
    {"yen", "JPY"},     {"roubles", "RUB"}, {"rubles", "RUB"}, {"hryvnias", "UAH"},
    {"hryvnia", "UAH"}, {"hryvnia", "UAH"}, {"yuan", "CNY"},   {"francs", "CHF"},
    {"rupees", "INR"},  {"marks", "DEM"},   {"won", "KRW"},
};
const std::unordered_map<std::string, std::string> CURRENCY_SIGNS = {
    {"$", "USD"},
    {"\xC2\xA3", "GBP"},
    {"\xE2\x82\xAC", "EUR"},
    {"\xC2\xA5", "JPY"},
    {"\xE2\x82\xB4", "UAH"},
    {"\xE2\x82\xBD", "RUB"},
};
const std::unordered_map<std::string, int> MONTHS = {
    {"january", 1},   {"february", 2},  {"march", 3},  {"april", 4},     {"may", 5},
    {"june", 6},      {"july", 7},      {"august", 8}, {"september", 9}, {"october", 10},
    {"november", 11}, {"december", 12}, {"jan", 1},    {"feb", 2},       {"mar", 3},
    {"apr", 4},       {"jun", 6},       {"jul", 7},    {"aug", 8},       {"sep", 9},
    {"sept", 9},      {"oct", 10},      {"nov", 11},   {"dec", 12},
};
const std::unordered_map<std::string, std::string> TIME_UNITS = {
    {"second", "seconds"},
    {"seconds", "seconds"},
    {"minute", "minutes"},
    {"minutes", "minutes"},
    {"hour", "hours"},
    {"hours", "hours"},
    {"day", "days"},
    {"days", "days"},
    {"week", "weeks"},
    {"weeks", "weeks"},
    {"month", "months"},
    {"months", "months"},
    {"year", "years"},
    {"years", "years"},
    {"decade", "decades"},
    {"decades", "decades"},
};
const std::unordered_set<std::string> YEAR_PREPOSITIONS = {
    "in",    "since", "by",  "until",  "till",   "of",      "from",       "during",
    "early", "late",  "mid", "before", "after",  "through", "throughout", "between",
    "and",   "to",    "for", "summer", "winter", "spring",  "autumn",     "fall",
};
const std::unordered_set<std::string> KILLED = {
    "killed",
    "dead",
    "died",
    "deaths",
    "death",
    "fatalities",
    "slain",
    "lives",
    "killing",
    "perished",
    "die"};
const std::unordered_set<std::string> WOUNDED = {
    "wounded", "injured", "injuries", "hurt", "wounds", "injuring", "wounding", "injury"};
const std::unordered_set<std::string> CASUALTIES = {"casualties", "casualty", "losses"};
const std::unordered_set<std::string> CAPTURED = {
    "captured", "capture", "prisoners", "prisoner", "pows", "detained", "surrendered", "seized"};
const std::unordered_set<std::string> TROOPS = {
    "troops",
    "soldiers",
    "personnel",
    "servicemen",
    "fighters",
    "forces",
    "mercenaries",
    "conscripts",
    "reservists",
    "recruits",
    "sailors",
    "marines",
    "paratroopers",
    "servicemembers",
    "infantry",
    "men",
    "contingent",
    "soldier",
};

struct QualifierPhrase {
    std::vector<std::string> words;
    Qualifier q;
};

const std::vector<QualifierPhrase> QUALIFIERS = {
    {{"as", "many", "as"}, Qualifier::UpperBound},
    {{"as", "high", "as"}, Qualifier::UpperBound},
    {{"as", "much", "as"}, Qualifier::UpperBound},
    {{"no", "more", "than"}, Qualifier::UpperBound},
    {{"no", "fewer", "than"}, Qualifier::LowerBound},
    {{"no", "less", "than"}, Qualifier::LowerBound},
    {{"in", "excess", "of"}, Qualifier::LowerBound},
    {{"more", "than"}, Qualifier::LowerBound},
    {{"at", "least"}, Qualifier::LowerBound},
    {{"up", "to"}, Qualifier::UpperBound},
    {{"less", "than"}, Qualifier::UpperBound},
    {{"fewer", "than"}, Qualifier::UpperBound},
    {{"just", "over"}, Qualifier::LowerBound},
    {{"well", "over"}, Qualifier::LowerBound},
    {{"just", "under"}, Qualifier::UpperBound},
    {{"at", "most"}, Qualifier::UpperBound},
    {{"close", "to"}, Qualifier::Approximate},
    {{"an", "estimated"}, Qualifier::Approximate},
    {{"upwards", "of"}, Qualifier::LowerBound},
    {{"over"}, Qualifier::LowerBound},
    {{"above"}, Qualifier::LowerBound},
    {{"exceeding"}, Qualifier::LowerBound},
    {{"exceeded"}, Qualifier::LowerBound},
    {{"exceed"}, Qualifier::LowerBound},
    {{"exceeds"}, Qualifier::LowerBound},
    {{"under"}, Qualifier::UpperBound},
    {{"below"}, Qualifier::UpperBound},
    {{"about"}, Qualifier::Approximate},
    {{"around"}, Qualifier::Approximate},
    {{"approximately"}, Qualifier::Approximate},
    {{"roughly"}, Qualifier::Approximate},
    {{"some"}, Qualifier::Approximate},
    {{"nearly"}, Qualifier::Approximate},
    {{"almost"}, Qualifier::Approximate},
    {{"estimated"}, Qualifier::Approximate},
    {{"approx"}, Qualifier::Approximate},
    {{"between"}, Qualifier::Approximate},
    {{"circa"}, Qualifier::Approximate},
    {{"approaching"}, Qualifier::Approximate},
};

/// Parses spelled-out English numbers with ICU's spell-out rules ("twenty thousand" → 20000).
std::optional<double> parse_spellout_icu(const std::string& words) {
    thread_local std::unique_ptr<icu::RuleBasedNumberFormat> rbnf = [] {
        UErrorCode status = U_ZERO_ERROR;
        auto f = std::make_unique<icu::RuleBasedNumberFormat>(
            icu::URBNF_SPELLOUT, icu::Locale::getEnglish(), status
        );
        internal::check_icu(status, "RuleBasedNumberFormat");
        f->setLenient(true);
        return f;
    }();
    icu::Formattable result;
    icu::ParsePosition pos(0);
    icu::UnicodeString u = internal::from_utf8(words);
    rbnf->parse(u, result, pos);
    if (pos.getIndex() != u.length()) {
        return std::nullopt;
    }
    UErrorCode status = U_ZERO_ERROR;
    double v = result.getDouble(status);
    if (U_FAILURE(status)) {
        return std::nullopt;
    }
    return v;
}

/// parse_spellout_icu() through a per-thread memo: news repeats a few hundred number phrases
/// ("two", "three hundred"), and a lenient RBNF parse was 4% of indexing time (perf, news set).
std::optional<double> parse_spellout(const std::string& words) {
    thread_local std::unordered_map<std::string, std::optional<double>> memo;
    if (auto it = memo.find(words); it != memo.end()) {
        return it->second;
    }
    if (memo.size() >= 65536) {
        memo.clear();  // bounded: memory stays flat whatever the corpus
    }
    std::optional<double> v = parse_spellout_icu(words);
    memo.emplace(words, v);
    return v;
}

std::optional<double> parse_digits(std::string_view s) {
    std::string plain;
    for (char c : s) {
        if (c != ',') {
            plain.push_back(c);
        }
    }
    if (plain.empty()) {
        return std::nullopt;
    }
    char* end = nullptr;
    double v = std::strtod(plain.c_str(), &end);
    if (end != plain.c_str() + plain.size()) {
        return std::nullopt;
    }
    return v;
}

bool is_number_word(const std::string& w) {
    if (NUMBER_WORDS.count(w)) {
        return true;
    }
    auto dash = w.find('-');  // "twenty-one"
    return dash != std::string::npos && NUMBER_WORDS.count(w.substr(0, dash))
        && NUMBER_WORDS.count(w.substr(dash + 1));
}

struct Candidate {
    std::size_t first = 0, last = 0;  ///< tokens of the figure itself (without qualifier)
    double value = 0;
    FigureType type = FigureType::Other;
    bool typed = false;  ///< the type comes from the figure's form (money, date, ...)
    bool words = false;  ///< written in words
    std::string currency, unit, date;
};

class Scanner {
public:
    explicit Scanner(const Document& doc) : m_doc(doc), m_toks(doc.tokens) {}

    std::vector<Figure> run(const std::vector<Quote>& quotes);

private:
    const std::string& low(std::size_t k) const {
        static const std::string empty;
        return k < m_toks.size() ? m_toks[k].lower : empty;
    }

    bool number(std::size_t k) const {
        return k < m_toks.size() && m_toks[k].kind == TokenKind::Number;
    }

    std::optional<Candidate> date_at(std::size_t k) const;
    std::optional<Candidate> amount_at(std::size_t k) const;
    void classify(Candidate& c, const std::vector<Figure>& so_far) const;
    Qualifier qualifier(std::size_t first, std::size_t& qfirst) const;

    const Document& m_doc;
    const std::vector<Token>& m_toks;
};

std::optional<Candidate> Scanner::date_at(std::size_t k) const {
    auto month_at = [&](std::size_t i) -> int {
        if (i >= m_toks.size() || !m_toks[i].capitalized) {
            return 0;
        }
        auto it = MONTHS.find(low(i));
        return it == MONTHS.end() ? 0 : it->second;
    };
    auto day_at = [&](std::size_t i) -> int {
        if (!number(i) || m_toks[i].in(m_doc.text).size() > 2) {
            return 0;
        }
        int d = std::atoi(std::string(m_toks[i].in(m_doc.text)).c_str());
        return d >= 1 && d <= 31 ? d : 0;
    };
    auto year_at = [&](std::size_t i) -> int {
        if (!number(i)) {
            return 0;
        }
        std::string_view s = m_toks[i].in(m_doc.text);
        if (s.size() != 4) {
            return 0;
        }
        int y = std::atoi(std::string(s).c_str());
        return y >= 1000 && y <= 2099 ? y : 0;
    };
    auto skip_ordinal = [&](std::size_t i) {  // "14th"
        return i < m_toks.size()
                && (low(i) == "th" || low(i) == "st" || low(i) == "nd" || low(i) == "rd")
                && !m_toks[i].space_before
            ? i + 1
            : i;
    };
    Candidate c;
    c.type = FigureType::Date;
    c.typed = true;
    int y = 0, m = 0, d = 0;
    std::size_t last = k;
    if (int mo = month_at(k)) {
        std::size_t i = k + 1;
        if (low(i) == ".") {
            ++i;
        }
        if (int dd = day_at(i)) {
            m = mo;
            d = dd;
            i = skip_ordinal(i + 1);
            last = i;
            std::size_t j = low(i) == "," ? i + 1 : i;
            if (int yy = year_at(j)) {
                y = yy;
                last = j + 1;
            }
        } else if (int yy = year_at(i)) {
            m = mo;
            y = yy;
            last = i + 1;
        } else {
            return std::nullopt;
        }
    } else if (int dd = day_at(k)) {
        std::size_t i = skip_ordinal(k + 1);
        if (low(i) == "of") {
            ++i;
        }
        int mo2 = month_at(i);
        if (!mo2) {
            return std::nullopt;
        }
        d = dd;
        m = mo2;
        last = i + 1;
        if (low(last) == ".") {
            ++last;
        }
        if (int yy = year_at(last)) {
            y = yy;
            ++last;
        } else if (low(last) == "." || low(i + 1) == ".") {
            last = i + 1;
        }
    } else if (int yy = year_at(k)) {
        // a bare year needs a preposition or a season before it, and no unit after it
        if (k == 0 || !YEAR_PREPOSITIONS.count(low(k - 1))
            || m_toks[k].in(m_doc.text).find(',') != std::string_view::npos) {
            return std::nullopt;
        }
        const std::string& next = low(k + 1);
        if (next == "%" || SCALES.count(next) || TIME_UNITS.count(next) || TROOPS.count(next)
            || CASUALTIES.count(next)) {
            return std::nullopt;
        }
        y = yy;
        last = k + 1;
    } else {
        return std::nullopt;
    }
    c.first = k;
    c.last = last;
    c.value = y * 10000.0 + m * 100.0 + d;
    if (y && m && d) {
        c.date = fmt::format("{:04}-{:02}-{:02}", y, m, d);
    } else if (y && m) {
        c.date = fmt::format("{:04}-{:02}", y, m);
    } else if (y) {
        c.date = fmt::format("{:04}", y);
    } else {
        c.date = fmt::format("--{:02}-{:02}", m, d);
    }
    return c;
}

std::optional<Candidate> Scanner::amount_at(std::size_t k) const {
    Candidate c;
    std::size_t i = k;
    // currency sign before: "$5.6 billion", "US$5", "£300m"
    if (auto it = CURRENCY_SIGNS.find(std::string(m_toks[i].in(m_doc.text)));
        it != CURRENCY_SIGNS.end() && number(i + 1) && !m_toks[i + 1].space_before) {
        c.currency = it->second;
        ++i;
    }
    if (number(i)) {
        // ranges and scores glued by a hyphen ("2-1", "2003-04") and times ("10:30") are not
        // figures
        if ((low(i + 1) == "-" || low(i + 1) == ":" || low(i + 1) == "/") && number(i + 2)
            && !m_toks[i + 1].space_before && !m_toks[i + 2].space_before) {
            return std::nullopt;
        }
        if (i > 0 && (low(i - 1) == "-" || low(i - 1) == ":" || low(i - 1) == "/") && number(i - 2)
            && !m_toks[i].space_before) {
            return std::nullopt;
        }
        auto v = parse_digits(m_toks[i].in(m_doc.text));
        if (!v) {
            return std::nullopt;
        }
        c.value = *v;
        ++i;
        const std::string& next = low(i);
        if (next == "th" || next == "st" || next == "nd" || next == "rd") {
            if (!m_toks[i].space_before) {
                return std::nullopt;  // ordinal: "8th Regiment"
            }
        }
        if (next == "-" && !m_toks[i].space_before && i + 1 < m_toks.size()
            && !m_toks[i + 1].space_before) {
            // "25-year-old", "10-day"
            const std::string& w = low(i + 1);
            if (w.rfind("year-old", 0) == 0 || w == "year-olds") {
                c.type = FigureType::Age;
                c.typed = true;
                c.unit = "years";
                c.first = k;
                c.last = i + 2;
                return c;
            }
            auto unit = TIME_UNITS.find(w);
            if (unit != TIME_UNITS.end()) {
                c.type = FigureType::Duration;
                c.typed = true;
                c.unit = unit->second;
                c.first = k;
                c.last = i + 2;
                return c;
            }
            return std::nullopt;
        }
    } else if (is_number_word(low(i)) && low(i) != "one" && (!m_toks[i].capitalized || m_doc.sentence_initial(i))) {
        std::string words;
        std::size_t j = i;
        while (j < m_toks.size()
               && (is_number_word(low(j))
                   || (low(j) == "and" && j > i && low(j - 1) == "hundred"
                       && is_number_word(low(j + 1))))) {
            words += (words.empty() ? "" : " ") + low(j);
            ++j;
        }
        // the scale words are handled below, the rest by the spell-out rules
        std::size_t scale_from = j;
        while (scale_from > i + 1 && SCALES.count(low(scale_from - 1))
               && low(scale_from - 1) != "hundred") {
            --scale_from;
        }
        std::string head;
        for (std::size_t t = i; t < scale_from; ++t) {
            head += (head.empty() ? "" : " ") + low(t);
        }
        auto v = parse_spellout(head);
        if (!v) {
            return std::nullopt;
        }
        c.value = *v;
        for (std::size_t t = scale_from; t < j; ++t) {
            c.value *= SCALES.at(low(t));
        }
        c.words = true;
        i = j;
    } else if (low(i) == "a" && low(i + 1) == "couple" && low(i + 2) == "of") {
        c.value = 2;  // "a couple of days"
        c.words = true;
        i += 3;
    } else if (low(i) == "a" && low(i + 1) == "dozen") {
        c.value = 1;
        c.words = true;
        ++i;
    } else {
        // fractions in words: "about half", "a third", "two-thirds", "a quarter"
        static const std::unordered_map<std::string, double> FRACTIONS = {
            {"half", 0.5},
            {"third", 1.0 / 3},
            {"quarter", 0.25},
            {"one-third", 1.0 / 3},
            {"two-thirds", 2.0 / 3},
            {"one-quarter", 0.25},
            {"three-quarters", 0.75},
            {"one-half", 0.5},
            {"one-fifth", 0.2},
            {"two-fifths", 0.4},
            {"fifth", 0.2},
            {"tenth", 0.1},
        };
        auto f = FRACTIONS.find(low(i));
        if (f == FRACTIONS.end()) {
            return std::nullopt;
        }
        const std::string& prev = i > 0 ? low(i - 1) : std::string();
        bool plain_half = low(i) == "half"
            && (prev != "first" && prev != "second" && prev != "the" && prev != "and")
            && (low(i + 1) == "of" || low(i + 1) == "the" || low(i + 1) == "their"
                || low(i + 1) == "its" || low(i + 1) == "a" || low(i + 1) == "an");
        bool counted = (prev == "a" || prev == "one") && low(i).find('-') == std::string::npos
            && low(i) != "half" && (low(i + 1) == "of");
        if (!(plain_half || counted || low(i).find('-') != std::string::npos
              || (low(i) == "half"
                  && (prev == "about" || prev == "nearly" || prev == "almost" || prev == "than"
                      || prev == "over")))) {
            return std::nullopt;
        }
        c.first = counted ? i - 1 : i;
        c.last = i + 1;
        c.value = f->second;
        c.type = FigureType::Proportion;
        c.typed = true;
        c.words = true;
        return c;
    }
    // scale, dozen, currency word, percent, unit
    if (auto s = SCALES.find(low(i)); s != SCALES.end()) {
        bool letter_scale = low(i) == "m" || low(i) == "k";
        bool glued = !m_toks[i].space_before;
        if (!letter_scale || (!c.currency.empty() && glued) || (glued && low(i) == "m" && false)) {
            c.value *= s->second;
            ++i;
        }
    }
    if (low(i) == "dozen") {
        c.value *= 12;
        ++i;
    }
    if (auto w = CURRENCY_WORDS.find(low(i)); w != CURRENCY_WORDS.end() && c.currency.empty()
        && !(low(i) == "won" || low(i) == "marks")) {
        c.currency = w->second;
        ++i;
    }
    c.first = k;
    c.last = i;
    if (!c.currency.empty()) {
        c.type = FigureType::Money;
        c.typed = true;
        return c;
    }
    if (low(i) == "%" || low(i) == "percent" || low(i) == "pct"
        || (low(i) == "per" && low(i + 1) == "cent")) {
        c.last = i + (low(i) == "per" ? 2 : 1);
        c.value /= 100.0;
        c.type = FigureType::Proportion;
        c.unit = "percent";
        c.typed = true;
        return c;
    }
    if (auto u = TIME_UNITS.find(low(i)); u != TIME_UNITS.end()) {
        if (low(i + 1) == "old"
            || (u->second == "years" && low(i + 1) == "of" && low(i + 2) == "age")) {
            c.type = FigureType::Age;
            c.unit = u->second;  // "six months old"
            c.last = i + 2;
        } else {
            c.type = FigureType::Duration;
            c.unit = u->second;
            c.last = i + 1;
        }
        c.typed = true;
        return c;
    }
    if (k > 0
        && (low(k - 1) == "aged" || low(k - 1) == "ages"
            || (low(k - 1) == "of" && k > 1 && low(k - 2) == "age"))) {
        c.type = FigureType::Age;
        c.unit = "years";
        c.typed = true;
        return c;
    }
    if (k > 1 && low(k - 1) == "and" && (low(k - 2) != "and") && k > 2
        && (low(k - 3) == "aged" || low(k - 3) == "ages")) {
        c.type = FigureType::Age;  // "aged 19 and 25"
        c.unit = "years";
        c.typed = true;
        return c;
    }
    return c;
}

void Scanner::classify(Candidate& c, const std::vector<Figure>& so_far) const {
    if (c.typed) {
        return;
    }
    std::size_t s = m_doc.token_sentence[c.first];
    std::size_t sb = m_doc.sentence_first[s], se = m_doc.sentence_end(s);
    auto boundary = [&](std::size_t k) {
        const Token& t = m_toks[k];
        return t.kind == TokenKind::Punct
            && (t.lower == "," || t.lower == ";" || t.lower == "." || t.lower == ":"
                || t.lower == "(" || t.lower == ")" || t.lower == "\"" || t.lower == "-");
    };
    // the event governing the number: "the deaths of eight", "injuries sustained by 40", "capture
    // of two"
    for (std::size_t k = c.first, n = 0; k-- > sb && n < 4; ++n) {
        if (boundary(k) || m_toks[k].kind == TokenKind::Number) {
            break;
        }
        const std::string& w = low(k);
        if (KILLED.count(w)) {
            c.type = FigureType::Killed;
            return;
        }
        if (WOUNDED.count(w)) {
            c.type = FigureType::Wounded;
            return;
        }
        if (CAPTURED.count(w)) {
            c.type = FigureType::Captured;
            return;
        }
        if (CASUALTIES.count(w)) {
            c.type = FigureType::Casualties;
            return;
        }
    }
    bool killed = false, wounded = false, casualties = false, captured = false, troops = false;
    std::size_t words_seen = 0;
    for (std::size_t k = c.last; k < se && words_seen < 10; ++k) {
        if (boundary(k) || m_toks[k].kind == TokenKind::Number) {
            break;
        }
        ++words_seen;
        const std::string& w = low(k);
        killed = killed || KILLED.count(w);
        wounded = wounded || WOUNDED.count(w);
        casualties = casualties || CASUALTIES.count(w);
        captured = captured || CAPTURED.count(w);
        troops = troops || TROOPS.count(w);
        if (words_seen == 1 && (w == "of" || w == "others")) {
            continue;
        }
    }
    if (casualties || (killed && wounded)) {
        c.type = FigureType::Casualties;
    } else if (killed) {
        c.type = FigureType::Killed;
    } else if (wounded) {
        c.type = FigureType::Wounded;
    } else if (captured) {
        c.type = FigureType::Captured;
    } else if (troops) {
        c.type = FigureType::Troops;
    } else if (words_seen == 0 || c.last >= se || boundary(c.last)) {
        // a bare number takes the type of the previous count in its sentence
        for (auto it = so_far.rbegin(); it != so_far.rend() && it->sentence_index == s; ++it) {
            if (it->type != FigureType::Other && it->type != FigureType::Date
                && it->type != FigureType::Duration && it->type != FigureType::Age) {
                c.type = it->type;
                break;
            }
        }
    }
}

Qualifier Scanner::qualifier(std::size_t first, std::size_t& qfirst) const {
    qfirst = first;
    for (const auto& q : QUALIFIERS) {
        std::size_t n = q.words.size();
        if (first < n) {
            continue;
        }
        bool ok = true;
        for (std::size_t j = 0; j < n && ok; ++j) {
            ok = low(first - n + j) == q.words[j];
        }
        if (ok) {
            qfirst = first - n;
            return q.q;
        }
    }
    return Qualifier::Exact;
}

std::vector<Figure> Scanner::run(const std::vector<Quote>& quotes) {
    std::vector<Figure> out;
    // A figure comes from the speaker of the quote or reported statement that contains it; a
    // figure outside every quote of a sentence that has exactly one attributed statement comes
    // from that statement's speaker (the figure's sentence "says so").
    auto attribution =
        [&quotes, this](std::size_t begin, std::size_t sentence) -> std::optional<std::string> {
        // Inside several statements ("…, which estimated that over 1,000 …, while Zelenskyy claimed
        // …"), the innermost one speaks; at equal length a named speaker before an unnamed one.
        const Quote* best = nullptr;
        for (const auto& q : quotes) {
            if (begin >= q.begin && begin < q.end) {
                bool better = !best || q.end - q.begin < best->end - best->begin
                    || (q.end - q.begin == best->end - best->begin && q.speaker && !best->speaker);
                if (better) {
                    best = &q;
                }
            }
        }
        if (best) {
            return best->speaker;
        }
        std::optional<std::string> only;
        std::size_t n = 0;
        for (const auto& q : quotes) {
            if (q.sentence == sentence) {
                ++n;
                only = q.speaker;
            }
        }
        (void)m_doc;
        (void)n;
        (void)only;
        return std::nullopt;
    };
    for (std::size_t k = 0; k < m_toks.size(); ++k) {
        const Token& t = m_toks[k];
        bool candidate_start = t.kind == TokenKind::Number
            || CURRENCY_SIGNS.count(std::string(t.in(m_doc.text)))
            || (t.kind == TokenKind::Word
                && (MONTHS.count(t.lower) || is_number_word(t.lower) || t.lower == "a"
                    || t.lower == "half" || t.lower.find("third") != std::string::npos
                    || t.lower.find("quarter") != std::string::npos
                    || t.lower.find("fifth") != std::string::npos || t.lower == "tenth"));
        if (!candidate_start) {
            continue;
        }
        std::optional<Candidate> c = date_at(k);
        if (!c) {
            c = amount_at(k);
        }
        if (!c || c->last <= c->first) {
            continue;
        }
        classify(*c, out);
        if (c->words && c->type == FigureType::Other) {
            continue;  // "the two leaders", "both of the two"
        }
        std::size_t qfirst = c->first;
        Qualifier q = c->type == FigureType::Date ? Qualifier::Exact : qualifier(c->first, qfirst);
        Figure f;
        f.type = c->type;
        f.value = c->value;
        f.date = c->date;
        f.currency = c->currency;
        f.unit = c->unit;
        f.qualifier = q;
        f.begin = m_toks[qfirst].begin;
        f.end = m_toks[c->last - 1].end;
        f.surface = collapse_space(m_doc.text.substr(f.begin, f.end - f.begin));
        f.sentence_index = m_doc.token_sentence[c->first];
        f.sentence = figure_sentence(m_doc.text, m_doc.sentences[f.sentence_index], f.begin, f.end);
        f.attributed_to = attribution(f.begin, f.sentence_index);
        out.push_back(std::move(f));
        k = c->last - 1;
    }
    return out;
}

}  // namespace

std::vector<Figure>
FigureExtractor::extract(const Document& doc, const std::vector<Quote>& quotes) const {
    Scanner scanner(doc);
    return scanner.run(quotes);
}

}  // namespace dossier::analyzers::extract
