#include "analyzers/extractors/figure_extractor.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
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
    {"dollars", "USD"},    {"dollar", "USD"},  {"dlrs", "USD"},    {"dlr", "USD"},
    {"euros", "EUR"},      {"euro", "EUR"},    {"pounds", "GBP"},  {"sterling", "GBP"},
    {"yen", "JPY"},        {"roubles", "RUB"}, {"rubles", "RUB"},  {"hryvnias", "UAH"},
    {"hryvnia", "UAH"},    {"hryvnia", "UAH"}, {"yuan", "CNY"},    {"francs", "CHF"},
    {"rupees", "INR"},     {"marks", "DEM"},   {"won", "KRW"},     {"stg", "GBP"},
    {"guilders", "NLG"},   {"guilder", "NLG"}, {"pesetas", "ESP"}, {"lire", "ITL"},
    {"schillings", "ATS"}, {"rand", "ZAR"},    {"ecus", "XEU"},    {"ecu", "XEU"},
    {"franc", "FRF"},      {"reais", "BRL"},
};
/// A nationality before a currency word names another currency: "65 Canadian cents", "20
/// Australian dollars", "40 Swiss francs".
const std::unordered_map<std::string, std::string> NATIONAL_CURRENCIES = {
    {"canadian dollars", "CAD"},    {"canadian dollar", "CAD"},   {"canadian cents", "CAD"},
    {"australian dollars", "AUD"},  {"australian dollar", "AUD"}, {"australian cents", "AUD"},
    {"new zealand dollars", "NZD"}, {"hong kong dollars", "HKD"}, {"singapore dollars", "SGD"},
    {"taiwan dollars", "TWD"},      {"swiss francs", "CHF"},      {"french francs", "FRF"},
    {"belgian francs", "BEF"},      {"danish crowns", "DKK"},     {"swedish crowns", "SEK"},
    {"norwegian crowns", "NOK"},    {"mexican pesos", "MXN"},     {"egyptian pounds", "EGP"},
    {"irish pounds", "IEP"},        {"us dollars", "USD"},        {"u.s. dollars", "USD"},
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
    {"mths", "months"},
    {"wks", "weeks"},
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

/// Nouns that make a count a count of people ("2,000 jobs" is a count of people employed).
const std::unordered_set<std::string> PEOPLE_NOUNS = {
    "people",     "persons",   "workers",     "employees",  "staff",       "jobs",
    "residents",  "members",   "fans",        "users",      "customers",   "subscribers",
    "viewers",    "students",  "children",    "voters",     "patients",    "visitors",
    "passengers", "refugees",  "migrants",    "pupils",     "teachers",    "nurses",
    "doctors",    "officers",  "police",      "spectators", "listeners",   "readers",
    "households", "families",  "adults",      "women",      "civilians",   "protesters",
    "players",    "athletes",  "delegates",   "mps",        "consumers",   "shareholders",
    "investors",  "employers", "farmers",     "miners",     "unemployed",  "immigrants",
    "tourists",   "victims",   "inhabitants", "homeless",   "pensioners",  "applicants",
    "volunteers", "staffers",  "executives",  "managers",   "journalists", "boys",
    "girls",      "babies",    "individuals", "citizens",   "supporters",  "attendees",
};
/// Units of measure and of stock that make a count a volume ("1.2 million barrels").
const std::unordered_set<std::string> VOLUME_UNITS = {
    "barrels",   "barrel",     "bpd",        "tonnes",    "tonne",    "tons",       "ton",
    "ounces",    "ounce",      "oz",         "bushels",   "bushel",   "gallons",    "litres",
    "liters",    "shares",     "share",      "shrs",      "bales",    "bags",       "lbs",
    "pounds",    "kilos",      "kg",         "kilograms", "grams",    "cubic",      "cars",
    "vehicles",  "units",      "acres",      "hectares",  "miles",    "kilometres", "kilometers",
    "km",        "metres",     "meters",     "feet",      "sq",       "square",     "megawatts",
    "mw",        "kilowatts",  "gigawatts",  "watts",     "kwh",      "copies",     "contracts",
    "lots",      "mt",         "cwt",        "carats",    "warrants", "options",    "bonds",
    "notes",     "debentures", "sacks",      "cattle",    "head",     "ha",         "gb",
    "megabytes", "gigabytes",  "bytes",      "homes",     "houses",   "flats",      "lines",
    "cases",     "bottles",    "containers",
};
/// Words that drive a change up or down: the sign of "fell 3.2%", "a 3% fall", "down 0.5 points".
const std::unordered_set<std::string> CHANGE_UP = {
    "rose",     "rise",      "rises",      "rising",   "risen",    "up",       "increased",
    "increase", "increases", "increasing", "gained",   "gain",     "gains",    "grew",
    "grow",     "growth",    "jumped",     "jump",     "jumps",    "climbed",  "climb",
    "higher",   "added",     "surged",     "surge",    "soared",   "advanced", "rallied",
    "boosted",  "raised",    "raise",      "expanded", "improved", "firmed",   "strengthened",
    "grows",    "rebounded", "recovered",  "plus",     "hike",     "hikes",    "hiked",
};
const std::unordered_set<std::string> CHANGE_DOWN = {
    "fell",      "fall",       "falls",    "falling",   "fallen",    "down",      "dropped",
    "drop",      "drops",      "declined", "decline",   "declines",  "declining", "decrease",
    "decreased", "lower",      "lost",     "slipped",   "slid",      "shed",      "eased",
    "plunged",   "tumbled",    "slumped",  "slump",     "cut",       "cuts",      "reduced",
    "reduction", "contracted", "shrank",   "shrunk",    "sank",      "dipped",    "dip",
    "off",       "weakened",   "minus",    "lowered",   "plummeted", "plunge",    "loss",
    "losses",    "slowed",     "fallen",   "retreated", "slide",     "tumble",    "shedding",
    "sheds",     "losing",     "lose",     "loses",     "slip",      "slips",     "slipping",
};
/// Labels of Reuters results tables and business copy whose numbers are amounts of money
/// ("Net 22,522,000 vs 25,667,000", "Revs 50.8 mln").
const std::unordered_set<std::string> MONEY_LABELS = {
    "net",     "revs",     "revenue", "revenues", "sales",    "turnover", "profit",     "profits",
    "income",  "earnings", "shr",     "div",      "dividend", "assets",   "deposits",   "loans",
    "backlog", "loss",     "capital", "reserves", "debt",     "oper",     "pretax",     "spending",
    "budget",  "deficit",  "surplus", "exports",  "imports",  "funding",  "investment", "pre-tax",
};
/// Words before a number that make it a label, not a figure: "seat 14", "row 5", "page 3".
const std::unordered_set<std::string> LABEL_BEFORE = {
    "seat",   "seats",    "row",      "room",       "gate",      "platform", "page",
    "pages",  "flight",   "route",    "chapter",    "section",   "article",  "paragraph",
    "clause", "number",   "no",       "nos",        "apartment", "suite",    "floor",
    "bus",    "channel",  "track",    "lane",       "exit",      "junction", "stand",
    "box",    "pier",     "terminal", "act",        "verse",     "episode",  "version",
    "level",  "grade",    "tier",     "code",       "category",  "division", "zone",
    "ward",   "district", "highway",  "interstate", "building",  "block",    "unit",
    "reg",    "model",    "series",   "resolution", "amendment", "rule",     "question",
    "item",   "line",     "phase",    "stage",      "day",       "week",     "round",
    "top",    "game",     "match",    "hole",       "lap",       "figure",   "table",
    "note",
};
/// Words after a number that make it an address ("10 Downing Street").
const std::unordered_set<std::string> STREET_WORDS = {
    "street", "st",      "road",      "rd",   "avenue", "ave",     "lane",  "drive",
    "square", "place",   "boulevard", "blvd", "way",    "terrace", "court", "crescent",
    "close",  "gardens", "park",      "row",  "parade", "hill",    "walk",  "mews",
};
/// Words after a number that make it a time of day ("10am", "3 pm", "1500 GMT").
const std::unordered_set<std::string> TIME_OF_DAY = {
    "am",
    "pm",
    "a.m.",
    "p.m.",
    "gmt",
    "bst",
    "est",
    "edt",
    "cet",
    "utc",
    "hrs",
    "hgmt",
    "pst",
    "cst",
    "edt",
    "jst",
    "o'clock",
};
/// After a glued "m" these make it metres, not millions ("the 100m final").
const std::unordered_set<std::string> METRE_WORDS = {
    "race",   "sprint", "hurdles", "freestyle", "relay", "butterfly", "backstroke", "breaststroke",
    "medley", "final",  "title",   "record",    "gold",  "silver",    "bronze",     "champion",
    "indoor", "heat",   "heats",   "event",     "dash",  "run",       "semi-final", "world",
    "high",   "deep",   "long",    "tall",      "wide",  "away",      "from",
};
/// Words that end a noun phrase after a count: no unit noun beyond them.
const std::unordered_set<std::string> NOT_NOUNS = {
    "was",
    "is",
    "has",
    "does",
    "this",
    "its",
    "his",
    "as",
    "us",
    "yes",
    "plus",
    "thus",
    "less",
    "across",
    "unless",
    "always",
    "sometimes",
    "perhaps",
    "besides",
    "whereas",
    "towards",
    "afterwards",
    "per",
    "vs",
    "its",
    "hers",
    "ours",
    "theirs",
    "yours",
    "whose",
    "series",
    "news",
    "various",
    "previous",
    "famous",
    "serious",
    "bonus",
    "status",
    "focus",
    "campus",
    "virus",
    "census",
    "chassis",
    "crisis",
    "analysis",
    "basis",
    "thesis",
    "nevertheless",
    "regardless",
    "ltd",
    "plc",
    "inc",
    "co",
    "corp",
    "tonnes",
    // verbs and results words that end in -s
    "includes",
    "excludes",
    "represents",
    "compares",
    "remains",
    "means",
    "makes",
    "takes",
    "gives",
    "shows",
    "says",
    "looks",
    "seems",
    "comes",
    "goes",
    "becomes",
    "needs",
    "wants",
    "puts",
    "gets",
    "owns",
    "holds",
    "pays",
    "runs",
    "costs",
    "totals",
    "equals",
    "exceeds",
    "reflects",
    "follows",
    "contains",
    "involves",
    "requires",
    "accounts",
    "amounts",
    "results",
    "earnings",
    "sales",
    "profits",
    "revenues",
    "seasons",
    "mths",
    "qtrs",
    "times",
};
/// Currencies after a count or its modifier ("97.4 mln marks", "50,000 Danish crowns"): money,
/// the ISO code when the word names one currency, else the word as the unit.
const std::unordered_set<std::string> MONEY_NOUNS = {
    "marks",   "crowns",  "kronor",  "kroner", "krona",    "pesos",   "guilders", "pesetas",
    "lire",    "lira",    "rand",    "kwacha", "dinars",   "riyals",  "rupiah",   "ringgit",
    "baht",    "naira",   "shekels", "zlotys", "drachmas", "escudos", "ecus",     "schillings",
    "dlrs",    "dollars", "francs",  "pounds", "euros",    "yen",     "yuan",     "rupees",
    "roubles", "rubles",  "stg",     "franc",
};
const std::unordered_set<std::string> FUNCTION_WORDS = {
    "the",   "a",     "an",     "of",    "to",    "in",    "and",    "or",    "for",   "was",
    "were",  "is",    "are",    "has",   "have",  "had",   "will",   "would", "said",  "from",
    "by",    "at",    "on",     "with",  "than",  "as",    "per",    "vs",    "each",  "that",
    "which", "who",   "it",     "this",  "be",    "been",  "but",    "if",    "could", "can",
    "may",   "might", "should", "did",   "do",    "does",  "not",    "so",    "its",   "their",
    "his",   "her",   "they",   "he",    "she",   "we",    "i",      "you",   "more",  "most",
    "up",    "down",  "over",   "under", "into",  "after", "before", "since", "while", "last",
    "next",  "this",  "these",  "those", "there", "here",  "now",    "then",  "also",  "only",
    "just",  "about", "around",
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
    bool weak = false;   ///< a year-like number or one after a name ("Boeing 747"): a figure
                         ///< only when its form or a unit noun says so
    int sign = 0;        ///< -1 / +1 when written with a sign ("-4%", "+3%", "minus 2")
    std::optional<double> value_max;  ///< a range's upper end
    std::string currency, unit, date;

    void scale(double f) {
        value *= f;
        if (value_max) {
            *value_max *= f;
        }
    }
};

/// "thirds", "quarter", "half", "fifths", "tenth": the second word of "two-thirds".
bool fraction_word(const std::string& w) {
    static const std::unordered_set<std::string> WORDS = {
        "half",
        "halves",
        "third",
        "thirds",
        "quarter",
        "quarters",
        "fifth",
        "fifths",
        "sixth",
        "sixths",
        "eighth",
        "eighths",
        "tenth",
        "tenths",
    };
    return WORDS.count(w) > 0;
}

/// The unit word of a count glued by a hyphen ("133-hectare", "three-game", "100-metre"): a
/// lower-case word of letters only; a unit of measure makes a volume, another word a count.
bool compound_unit(Candidate& c, const Token& word) {
    const std::string& w = word.lower;
    if (word.kind != TokenKind::Word || word.capitalized || w.size() < 3
        || !std::all_of(w.begin(), w.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; })) {
        return false;
    }
    static const std::unordered_set<std::string> NOT_UNITS = {
        "odd",    "fold", "old", "plus", "something", "year", "way",   "and", "for", "or", "to",
        "figure",  // "a seven-figure sum"
        "digit",  "nil",  "all", "love", "under",     "over", "times", "sum",
    };
    if (NOT_UNITS.count(w) || w.ends_with("ed") || SCALES.count(w) || CURRENCY_WORDS.count(w)
        || w == "pct" || w == "percent" || w == "cent") {
        return false;
    }
    c.type = VOLUME_UNITS.count(w) || VOLUME_UNITS.count(w + "s") ? FigureType::Volume
                                                                  : FigureType::Count;
    c.unit = w;
    c.typed = true;
    return true;
}

class Scanner {
public:
    explicit Scanner(const Document& doc) : m_doc(doc), m_toks(doc.tokens) {}

    std::vector<Figure> run(const std::vector<Quote>& quotes, bool* capped);

private:
    const std::string& low(std::size_t k) const {
        static const std::string empty;
        return k < m_toks.size() ? m_toks[k].lower : empty;
    }

    bool number(std::size_t k) const {
        return k < m_toks.size() && m_toks[k].kind == TokenKind::Number;
    }

    bool glued(std::size_t k) const { return k < m_toks.size() && !m_toks[k].space_before; }

    bool not_a_figure(std::size_t k) const;

    /// "the 5C", "Apple's 5C": the number at k names a product, not a temperature.
    bool product_at(std::size_t k) const {
        return k > 0 && (low(k - 1) == "the" || low(k - 1) == "'s");
    }

    /// The direction (+1, -1, 0) of the nearest change word within `reach` words before token
    /// `first` of its clause: "fell 3.2%", "was down 0.5 points". "to", "from" and "at" mark a
    /// level ("rose to 5%"), "and" another clause ("toned down and 10% of").
    int change_before(std::size_t first, std::size_t reach) const;
    std::optional<Candidate> date_at(std::size_t k) const;
    std::optional<Candidate> amount_at(std::size_t k) const;
    void classify(Candidate& c, const std::vector<Figure>& so_far) const;
    bool unit_noun(Candidate& c) const;
    std::string result_label(const Candidate& c) const;
    void change(Candidate& c) const;
    Qualifier qualifier(std::size_t first, std::size_t& qfirst) const;

    const Document& m_doc;
    const TokenList& m_toks;
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
            || CASUALTIES.count(next)
            || (CURRENCY_WORDS.count(next) && next != "marks" && next != "won") || next == "points"
            || next == "pts" || next == "percent" || next == "pct" || next == "pence"
            || next == "cents" || next == "cts" || (next == "p" && glued(k + 1))) {
            return std::nullopt;  // "rose to 1250 points", "fell 247p to 1115p"
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

/// A number token at k that is no figure whatever follows: a code or phone number ("0800"), a
/// phone number's second group, a model or product number glued by a hyphen ("F-16", "Baa-3",
/// "mid-90s"), a decade ("1990s"), a time of day ("10am", "1500 GMT"), a label ("seat 14",
/// "row 5", "page 3") or an address ("10 Downing Street").
bool Scanner::not_a_figure(std::size_t k) const {
    std::string_view s = m_toks[k].in(m_doc.text);
    if (s.size() >= 2 && s[0] == '0' && s[1] >= '0' && s[1] <= '9') {
        return true;
    }
    if (k > 0 && number(k - 1) && m_toks[k].space_before) {
        return true;  // "0800 123 4567"
    }
    if (k > 1 && glued(k) && (low(k - 1) == "-" || low(k - 1) == "/") && glued(k - 1)
        && m_toks[k - 2].kind == TokenKind::Word) {
        return true;  // "F-16", "mid-1983", "over-50", "G/7"
    }
    const std::string& next = low(k + 1);
    if (glued(k + 1) && (next == "s" || next == "'s")) {
        return true;  // "the 1990s"
    }
    if (TIME_OF_DAY.count(next)) {
        return true;
    }
    if (glued(k + 1) && k + 1 < m_toks.size() && m_toks[k + 1].kind == TokenKind::Word
        && !SCALES.count(next) && next != "mbps" && next != "kbps" && next != "gb" && next != "mb"
        && next != "kg" && next != "km" && next != "mw" && next != "ghz" && next != "mhz") {
        std::string_view w = m_toks[k + 1].in(m_doc.text);
        const bool temperature = (w == "C" || w == "F") && s.size() <= 3 && !product_at(k);
        if (!temperature
            && std::any_of(w.begin(), w.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; })) {
            return true;  // a model or product name: "300Zx", "3GSM", "4G"
        }
    }
    if (k > 0 && LABEL_BEFORE.count(low(k - 1)) && m_toks[k - 1].kind == TokenKind::Word
        && s.find(',') == std::string_view::npos) {
        return true;
    }
    for (std::size_t j = k + 1; j < k + 4 && j < m_toks.size(); ++j) {
        if (m_toks[j].kind != TokenKind::Word || !m_toks[j].capitalized) {
            break;
        }
        if (STREET_WORDS.count(low(j)) && j > k + 1) {
            return true;
        }
    }
    return false;
}

std::optional<Candidate> Scanner::amount_at(std::size_t k) const {
    Candidate c;
    std::size_t i = k;
    // a sign: "-4%", "+3.5%", "minus 2"; a leading point: ".5"
    const std::string& t0 = low(i);
    if ((t0 == "-" || t0 == "\xE2\x88\x92" || t0 == "+") && number(i + 1) && glued(i + 1)
        && (i == 0 || m_toks[i].space_before || low(i - 1) == "(")) {
        c.sign = t0 == "+" ? 1 : -1;
        ++i;
    } else if (t0 == "minus" && number(i + 1)) {
        c.sign = -1;
        ++i;
    }
    bool leading_point = false;
    if (low(i) == "." && number(i + 1) && glued(i + 1) && (i == 0 || m_toks[i].space_before)) {
        std::string_view d = m_toks[i + 1].in(m_doc.text);
        if (d.find(',') == std::string_view::npos && d.find('.') == std::string_view::npos) {
            leading_point = true;
            ++i;
        }
    }
    // currency sign before: "$5.6 billion", "US$5", "£300m"
    if (auto it = CURRENCY_SIGNS.find(std::string(m_toks[i].in(m_doc.text)));
        it != CURRENCY_SIGNS.end() && number(i + 1) && !m_toks[i + 1].space_before) {
        c.currency = it->second;
        if (it->second == "USD" && i > 0 && glued(i)) {
            // a dollar of another country: "C$1.90", "A$4.17", "NZ$5", "HK$2"
            static const std::unordered_map<std::string, std::string> DOLLARS = {
                {"c", "CAD"}, {"a", "AUD"}, {"nz", "NZD"}, {"hk", "HKD"}, {"s", "SGD"}};
            if (auto d = DOLLARS.find(low(i - 1)); d != DOLLARS.end()) {
                c.currency = d->second;
            }
        }
        ++i;
    }
    if (number(i)) {
        if (!leading_point && c.currency.empty() && not_a_figure(i)) {
            return std::nullopt;
        }
        auto v = parse_digits(m_toks[i].in(m_doc.text));
        if (!v) {
            return std::nullopt;
        }
        c.value = leading_point ? *parse_digits("0." + std::string(m_toks[i].in(m_doc.text))) : *v;
        std::string_view digits = m_toks[i].in(m_doc.text);
        bool plain = digits.find_first_of(",.") == std::string_view::npos;
        if (plain && digits.size() == 4 && *v >= 1900 && *v <= 2099) {
            c.weak = true;  // a year unless a unit says otherwise ("2000 people")
        }
        // a capitalized word right before ("Boeing 747", "Windows 95", "FTSE 100", "iPhone 15")
        std::size_t before = c.sign ? k : i;
        if (plain && c.currency.empty() && before > 0 && m_toks[before - 1].kind == TokenKind::Word
            && !m_doc.sentence_initial(before - 1) && !MONTHS.count(low(before - 1))) {
            std::string_view w = m_toks[before - 1].in(m_doc.text);
            if (std::any_of(w.begin(), w.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; })) {
                c.weak = true;
            }
        }
        ++i;
        // fractions as the wires write prices: "9-1/2 pct", "rose 7/8", "14-1/2"
        auto eighths = [&](std::size_t n) -> std::optional<double> {
            if (!(number(n) && low(n + 1) == "/" && number(n + 2) && glued(n + 1) && glued(n + 2))
                || (n + 3 < m_toks.size() && glued(n + 3) && low(n + 3) == "/")) {
                return std::nullopt;
            }
            auto a = parse_digits(m_toks[n].in(m_doc.text));
            auto b = parse_digits(m_toks[n + 2].in(m_doc.text));
            bool binary = b && (*b == 2 || *b == 4 || *b == 8 || *b == 16 || *b == 32 || *b == 64);
            if (!a || !binary || *a <= 0 || *a >= *b) {
                return std::nullopt;
            }
            return *a / *b;
        };
        bool fraction = false;
        // a number glued after "/" or "-" is part of a date or a score: "11/3/16", "2004/3/4"
        const bool inside = i > 1 && glued(i - 1) && (low(i - 2) == "/" || low(i - 2) == "-");
        // a fraction alone needs a unit or a change before it: "rose 7/8", "3/8 pct", not a
        // date ("on 3/4"), odds ("odds of 1/4") or a tie-break ("(6/8)")
        auto priced = [&](std::size_t at) {
            const std::string& u = low(at);
            const std::string& verb = i > 1 ? low(i - 2) : low(m_toks.size());
            return u == "pct" || u == "percent" || u == "%" || u == "point" || u == "points"
                || u == "cent" || u == "cents" || u == "cts" || u == "dlr" || u == "dlrs"
                || CHANGE_UP.count(verb) || CHANGE_DOWN.count(verb);
        };
        if (!inside && low(i) == "-" && glued(i) && glued(i + 1)) {
            if (auto f = eighths(i + 1)) {
                // of the last decimal place written: "2.88-1/4 dlrs" is 2.8825
                const std::size_t point = digits.find('.');
                c.value += *f
                    * (point == std::string_view::npos
                           ? 1.0
                           : std::pow(10.0, -static_cast<double>(digits.size() - point - 1)));
                c.weak = false;
                fraction = true;
                i += 4;
            }
        } else if (auto f = eighths(i - 1); !inside && f && priced(i + 2)) {
            c.value = *f;
            c.weak = false;
            fraction = true;
            i += 2;
        }
        // ranges: "10-15 percent", "10 to 15", "between 10 and 12"; a hyphen between two numbers
        // with no unit after is a score or a season ("2-1", "2003-04"), a colon a time ("10:30")
        const std::string& sep = low(i);
        if ((sep == "-" || sep == ":" || sep == "/") && number(i + 1) && glued(i) && glued(i + 1)) {
            const std::string& after = low(i + 2);
            bool unit_after = sep == "-"
                && (after == "%" || after == "percent" || after == "pct"
                    || (after == "per" && low(i + 3) == "cent") || SCALES.count(after)
                    || PEOPLE_NOUNS.count(after) || VOLUME_UNITS.count(after)
                    || CURRENCY_WORDS.count(after));
            if (!unit_after) {
                return std::nullopt;
            }
            c.value_max = parse_digits(m_toks[i + 1].in(m_doc.text));
            i += 2;
        } else if (!fraction && i > 1 && (low(i - 2) == "-" || low(i - 2) == ":" || low(i - 2) == "/")
                   && number(i - 3) && !m_toks[i - 1].space_before) {
            return std::nullopt;
        } else if (!fraction && ((sep == "to" && low(k > 0 ? k - 1 : k) != "from") || (sep == "and" && k > 0 && low(k - 1) == "between"))) {
            if (number(i + 1) && !not_a_figure(i + 1)) {
                auto hi = parse_digits(m_toks[i + 1].in(m_doc.text));
                if (hi && *hi > c.value) {
                    c.value_max = hi;
                    c.weak = false;
                    i += 2;
                }
            }
        }
        const std::string& next = low(i);
        if (next == "th" || next == "st" || next == "nd" || next == "rd") {
            if (!m_toks[i].space_before) {
                return std::nullopt;  // ordinal: "8th Regiment"
            }
        }
        const std::string& joined = low(i + 1);
        const bool joins_unit = next == "-" && !m_toks[i].space_before
            && (SCALES.count(joined) || joined == "pct" || joined == "percent" || joined == "cent"
                || CURRENCY_WORDS.count(joined));
        if (joins_unit) {
            ++i;  // "a 500-mln dlr bond", "97.7-pct owned", "a 20-dlr bill": read as if spaced
        } else if (next == "-" && !m_toks[i].space_before && i + 1 < m_toks.size() && !m_toks[i + 1].space_before) {
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
            if (w.rfind("a-", 0) == 0 && w.size() > 2 && !c.currency.empty()) {
                c.type = FigureType::Price;  // "A$4.17-a-share"
                c.typed = true;
                c.unit = "per " + w.substr(2);
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
            if (!c.weak && c.currency.empty() && compound_unit(c, m_toks[i + 1])) {
                c.first = k;
                c.last = i + 2;  // "a 133-hectare ranch", "the 100-metre final"
                return c;
            }
            return std::nullopt;
        }
    } else if ((low(i) == "a" || low(i) == "one") && SCALES.count(low(i + 1))
               && low(i + 1).size() > 1 && m_toks[i + 1].kind == TokenKind::Word) {
        c.value = 1;  // "a billion barrels", "one million pounds": the scale is applied below
        c.words = true;
        ++i;
    } else if (low(i) == "half" && (low(i + 1) == "a" || low(i + 1) == "an")
               && SCALES.count(low(i + 2)) && low(i + 2).size() > 1) {
        c.value = 0.5;  // "half a million copies"
        c.words = true;
        i += 2;
    } else if (is_number_word(low(i))
               && (low(i) != "one"
                   || ((low(i + 1) == "or" || low(i + 1) == "to"
                        || (low(i + 1) == "and" && k > 0 && low(k - 1) == "between"))
                       && (is_number_word(low(i + 2)) || number(i + 2))))
               && (!m_toks[i].capitalized || m_doc.sentence_initial(i))) {
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
        // a range: "two or three pounds", "one to two years", "between one and 100 gigabytes"
        if ((low(i) == "or" || low(i) == "to"
             || (low(i) == "and" && k > 0 && low(k - 1) == "between"))
            && i + 1 < m_toks.size()) {
            std::optional<double> hi;
            std::size_t after = i + 2;
            if (number(i + 1) && !glued(i + 2)) {
                hi = parse_digits(m_toks[i + 1].in(m_doc.text));
            } else if (is_number_word(low(i + 1)) && !m_toks[i + 1].capitalized) {
                hi = parse_spellout(low(i + 1));
            }
            if (hi && *hi > c.value) {
                c.value_max = hi;
                i = after;
            }
        }
        // "two thirds", "three quarters": a proportion
        static const std::unordered_map<std::string, double> PARTS = {
            {"thirds", 3}, {"quarters", 4}, {"fifths", 5}, {"eighths", 8}, {"tenths", 10}};
        static const std::unordered_set<std::string> PERIODS = {
            "last",
            "past",
            "next",
            "first",
            "consecutive",
            "preceding",
            "successive",
            "straight",
            "the",
            "several",
            "previous",
            "coming",
            "final",
            "recent"};
        if (auto part = PARTS.find(low(i)); part != PARTS.end() && c.value < part->second
            && low(i + 1) == "of" && !(k > 0 && PERIODS.count(low(k - 1)))) {
            c.value /= part->second;
            c.type = FigureType::Proportion;
            c.typed = true;
            c.first = k;
            c.last = i + 1;
            return c;
        }
    } else if (auto dash = low(i).find('-'); dash != std::string::npos
               && low(i).rfind("one-", 0) != 0 && is_number_word(low(i).substr(0, dash))
               && (!m_toks[i].capitalized || m_doc.sentence_initial(i))
               && !fraction_word(low(i).substr(dash + 1))) {
        // a number word glued to a unit: "a three-game ban", "a two-week trip"
        const std::string& w = low(i);
        auto v = parse_spellout(w.substr(0, dash));
        Token unit = m_toks[i];
        unit.lower = w.substr(dash + 1);
        if (unit.lower == "year-old" || unit.lower == "year-olds" || unit.lower == "years-old") {
            if (!v) {  // "Ten-year-old Dakota Fanning"
                return std::nullopt;
            }
            c.value = *v;
            c.words = true;
            c.type = FigureType::Age;
            c.unit = "years";
            c.typed = true;
            c.first = k;
            c.last = i + 1;
            return c;
        }
        if (!v || unit.lower.find('-') != std::string::npos) {
            return std::nullopt;
        }
        c.value = *v;
        c.words = true;
        if (auto t = TIME_UNITS.find(unit.lower); t != TIME_UNITS.end()) {
            c.type = FigureType::Duration;
            c.unit = t->second;
            c.typed = true;
        } else if (!compound_unit(c, unit)) {
            return std::nullopt;
        }
        c.first = k;
        c.last = i + 1;
        return c;
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
        static const std::unordered_set<std::string> BEFORE_A = {
            "by", "almost", "nearly", "about", "around", "roughly", "over", "than", "some"};
        bool counted = (prev == "a" || prev == "one") && low(i).find('-') == std::string::npos
            && low(i) != "half"
            && (low(i + 1) == "of" || (prev == "a" && i >= 2 && BEFORE_A.count(low(i - 2))));
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
    // scale, dozen, currency word, percent, unit. A letter glued to the number is a scale
    // ("5m", "10k", "$3bn") unless it makes metres ("the 100m final").
    if (auto s = SCALES.find(low(i)); s != SCALES.end()) {
        bool letter_scale = low(i) == "m" || low(i) == "k";
        bool glued_scale = !m_toks[i].space_before;
        bool metres = low(i) == "m" && c.currency.empty()
            && (METRE_WORDS.count(low(i + 1)) || (k > 0 && low(k - 1) == "the" && c.value < 20000));
        if (!letter_scale || (glued_scale && !metres)) {
            c.scale(s->second);
            c.weak = false;
            ++i;
        }
    }
    if (low(i) == "dozen") {
        c.scale(12);
        ++i;
    }
    if (low(i) == "u.s." && CURRENCY_WORDS.count(low(i + 1))) {
        ++i;  // "2.50 billion U.S. dlrs"
    }
    for (std::size_t words = 3; words >= 2 && c.currency.empty(); --words) {
        std::string phrase;  // "Canadian dollars", "New Zealand dollars"
        for (std::size_t t = i; t < i + words; ++t) {
            phrase += (phrase.empty() ? "" : " ") + low(t);
        }
        if (auto n = NATIONAL_CURRENCIES.find(phrase); n != NATIONAL_CURRENCIES.end()) {
            c.currency = n->second;
            if (phrase.ends_with("cents")) {
                c.scale(0.01);
            }
            i += words;
        }
    }
    if (auto w = CURRENCY_WORDS.find(low(i)); w != CURRENCY_WORDS.end() && c.currency.empty()
        && !(low(i) == "won" || low(i) == "marks")) {
        c.currency = w->second;
        ++i;
    } else if (c.currency.empty() && (low(i) == "cts" || low(i) == "cents" || low(i) == "cent" || low(i) == "pence" || (low(i) == "p" && glued(i)))) {
        c.currency = low(i) == "pence" || low(i) == "p" ? "GBP" : "USD";  // "17 cts", "50p"
        c.scale(0.01);
        ++i;
    }
    if (c.sign < 0) {
        c.value = -c.value;
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
        c.scale(0.01);
        c.type = FigureType::Proportion;
        c.unit = "percent";
        if (low(c.last) == "points" || low(c.last) == "point") {
            c.unit = "percentage points";  // "1.5 percent points"
            ++c.last;
        }
        c.typed = true;
        return c;
    }
    if ((low(i) == "percentage" || low(i) == "pct")
        && (low(i + 1) == "points" || low(i + 1) == "point")) {
        c.last = i + 2;
        c.scale(0.01);
        c.type = FigureType::Proportion;
        c.unit = "percentage points";
        c.typed = true;
        return c;
    }
    if (low(i) == "basis" && (low(i + 1) == "points" || low(i + 1) == "point")) {
        c.last = i + 2;
        c.type = FigureType::Points;
        c.unit = "basis points";
        c.typed = true;
        return c;
    }
    if ((low(i) == "points" || low(i) == "point" || low(i) == "pts") && !c.words) {
        c.last = i + 1;
        c.type = FigureType::Points;
        c.unit = "points";
        c.typed = true;
        return c;
    }
    // a temperature: "41C", "-5 C", "86F", "30°C", "30 degrees Celsius" (a volume in degrees)
    if (!c.words) {
        std::size_t u = i;
        if (low(u) == "\xC2\xB0" && glued(u)) {
            ++u;
        }
        std::string_view as_written = u < m_toks.size() ? m_toks[u].in(m_doc.text) : "";
        bool letter = (as_written == "C" || as_written == "F") && (glued(u) || u > i)
            && (u + 1 >= m_toks.size() || !m_toks[u + 1].capitalized
                || m_doc.sentence_initial(u + 1));
        bool degrees = u == i && (low(u) == "degrees" || low(u) == "degree")
            && (low(u + 1) == "celsius" || low(u + 1) == "fahrenheit" || low(u + 1) == "centigrade"
                || low(u + 1) == "c" || low(u + 1) == "f");
        if ((letter && !c.weak && !product_at(k)) || degrees) {
            const std::string& scale = degrees ? low(u + 1) : low(u);
            c.type = FigureType::Volume;
            c.unit = scale == "f" || scale == "fahrenheit" ? "degrees F" : "degrees C";
            c.last = degrees ? u + 2 : u + 1;
            c.typed = true;
            return c;
        }
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

namespace {

bool clause_boundary(const Token& t) {
    return t.kind == TokenKind::Punct
        && (t.lower == "," || t.lower == ";" || t.lower == "." || t.lower == ":" || t.lower == "("
            || t.lower == ")" || t.lower == "\"" || t.lower == "-");
}

/// "jobs", "stores", "bids": a lower-case word that looks like a plural noun.
bool plural_noun(const Token& t) {
    const std::string& w = t.lower;
    return t.kind == TokenKind::Word && !t.capitalized && w.size() >= 4 && w.back() == 's'
        && w[w.size() - 2] != 's' && w[w.size() - 2] != 'u' && w[w.size() - 2] != '\''
        && !NOT_NOUNS.count(w) && !FUNCTION_WORDS.count(w);
}

/// "americans", "ukrainians", "britons", "iraqis": people named by their country.
bool plural_demonym(const std::string& w) {
    static const std::unordered_set<std::string> OTHERS = {
        "britons",
        "iraqis",
        "israelis",
        "pakistanis",
        "saudis",
        "kuwaitis",
        "somalis",
        "yemenis",
        "omanis",
        "qataris",
        "emiratis",
        "nepalis",
        "thais",
        "danes",
        "swedes",
        "finns",
        "filipinos",
        "bangladeshis",
    };
    static const std::unordered_set<std::string> ANS = {
        "americans",
        "mexicans",
        "africans",
        "germans",
        "afghans",
        "cubans",
        "dominicans",
        "kenyans",
        "ugandans",
        "rwandans",
        "moroccans"};
    // "-ians" and "-eans" ("Ukrainians", "Koreans", "Europeans"); not "Nissans", "Sedans"
    auto ends = [&w](const char* tail) {
        const std::size_t n = std::strlen(tail);
        return w.size() > n + 2 && w.compare(w.size() - n, n, tail) == 0;
    };
    return OTHERS.count(w) || ANS.count(w) || ends("ians") || ends("eans");
}

}  // namespace

/// What a count counts, from the words right after it (up to two modifiers, then the noun:
/// "3,000 troops", "1.2 million barrels", "450,000 social workers", "500 new stores"): a count
/// of people, a volume with its unit, votes, seats, or any other plural noun as a plain count.
/// The noun goes to `unit`. Returns whether one was found.
bool Scanner::unit_noun(Candidate& c) const {
    std::size_t s = m_doc.token_sentence[c.first];
    std::size_t se = m_doc.sentence_end(s);
    for (std::size_t k = c.last, n = 0; k < se && n < 3; ++k, ++n) {
        const Token& t = m_toks[k];
        if (n > 0 && k > c.last && (t.kind == TokenKind::Number || t.is_punct('-'))
            && (m_toks[k - 1].capitalized || m_toks[k - 1].kind != TokenKind::Word)) {
            --n;  // a model designation between count and noun: "70 Boeing 737-800 planes"
            continue;
        }
        if (t.kind != TokenKind::Word || FUNCTION_WORDS.count(t.lower)) {
            return false;
        }
        const std::string& w = t.lower;
        if (n == 0 && (w == "cubic" || w == "square" || w == "sq") && k + 1 < se) {
            c.type = FigureType::Volume;  // "50,000 square feet"
            c.unit = w + " " + low(k + 1);
            return true;
        }
        FigureType type = FigureType::Other;
        if (MONEY_NOUNS.count(w) && (w != "pounds" || c.value >= 1000 || n > 0)) {
            c.type = FigureType::Money;
            auto cur = CURRENCY_WORDS.find(w);
            if (cur != CURRENCY_WORDS.end() && (n == 0 || w != "francs")) {
                c.currency = cur->second;
            } else {
                c.unit = w;  // "Danish crowns", "Swiss francs": the country is in the modifier
            }
            return true;
        }
        if (w == "points" || w == "pts") {
            c.type = FigureType::Points;
            c.unit = "points";
            return true;
        }
        if (TROOPS.count(w)) {
            type = FigureType::Troops;
        } else if (PEOPLE_NOUNS.count(w)) {
            type = FigureType::People;
        } else if (VOLUME_UNITS.count(w)) {
            type = FigureType::Volume;
        } else if (w == "votes" || w == "ballots") {
            type = FigureType::Votes;
        } else if (w == "seats") {
            type = FigureType::Seats;
        } else if (plural_noun(t)) {
            type = FigureType::Count;
        } else if (t.capitalized && !t.all_caps && !c.weak && plural_demonym(w)
                   && (k + 1 >= se || !m_toks[k + 1].capitalized)) {
            type = FigureType::People;  // "2,500 Americans", "300 Britons", "40 Iraqis"
        } else if (t.capitalized && !t.all_caps && n < 2) {
            continue;  // "2,000 Russian troops"
        } else if (n < 2 && !t.capitalized) {
            continue;  // "500 new stores"
        } else {
            return false;
        }
        c.type = type;
        c.unit = w == "shrs" ? "shares" : w;
        return true;
    }
    return false;
}

/// A percentage or points figure governed by a word of change becomes a signed change: "fell
/// 3.2%", "was down 0.5 points", "a 3% rise", "up 12 pct"; a sign written before it ("-4%") is
/// one too.
void Scanner::change(Candidate& c) const {
    int dir = c.sign;
    std::size_t s = m_doc.token_sentence[c.first];
    std::size_t sb = m_doc.sentence_first[s], se = m_doc.sentence_end(s);
    // "by 10 pct" names a change whose verb may be further back: "cut tariffs on trade by 10 pct"
    // ("approved by 60% of voters": "of" after it names who, not how much)
    if (!dir) {
        dir = change_before(
            c.first, c.first > sb && low(c.first - 1) == "by" && low(c.last) != "of" ? 8 : 4
        );
    }
    for (std::size_t k = c.last, n = 0; !dir && k < se && n < 2; ++k, ++n) {
        const std::string& w = low(k);
        const bool level_before = low(k + 1) == "from" && number(k + 2)
            && (low(k + 3) == "%" || low(k + 3) == "pct" || low(k + 3) == "percent"
                || (low(k + 3) == "per" && low(k + 4) == "cent"));
        if (clause_boundary(m_toks[k]) || level_before) {
            break;  // "turnout was 61.4%, up from 59.4%": a level, then the one before
        }
        if (w == "higher" || w == "lower" || w == "up" || w == "down" || w == "rise" || w == "fall"
            || w == "increase" || w == "decline" || w == "drop" || w == "gain" || w == "jump"
            || w == "cut" || w == "growth" || w == "slump" || w == "rises" || w == "falls"
            || w == "increases" || w == "declines" || w == "drops" || w == "gains"
            || w == "reduction" || w == "loss" || w == "slide" || w == "decrease" || w == "slip"
            || w == "dip") {
            dir = CHANGE_UP.count(w) ? 1 : -1;
        }
    }
    if (!dir) {
        return;
    }
    if (c.type == FigureType::Proportion) {
        c.type = FigureType::PercentChange;
    }
    if (dir < 0 && c.value > 0) {
        c.value = -c.value;
        if (c.value_max) {
            *c.value_max = -*c.value_max;
        }
    }
}

int Scanner::change_before(std::size_t first, std::size_t reach) const {
    const std::size_t sb = m_doc.sentence_first[m_doc.token_sentence[first]];
    for (std::size_t k = first, n = 0; k-- > sb && n < reach; ++n) {
        if (clause_boundary(m_toks[k]) || m_toks[k].kind == TokenKind::Number || low(k) == "to"
            || low(k) == "from" || low(k) == "at" || low(k) == "and") {
            return 0;
        }
        if (const int dir = CHANGE_UP.count(low(k)) ? 1 : CHANGE_DOWN.count(low(k)) ? -1 : 0) {
            return dir;
        }
    }
    return 0;
}

/// The label of results or business copy a number follows, within three words of its clause:
/// money ("Net 22,522,000", "Revs 50.8 mln", "a profit of 2.3 mln") or shares ("Avg shrs 2.3
/// mln"); empty when none.
std::string Scanner::result_label(const Candidate& c) const {
    std::size_t s = m_doc.token_sentence[c.first];
    std::size_t sb = m_doc.sentence_first[s];
    bool moved = false;
    for (std::size_t k = c.first, n = 0; k-- > sb && n < 3; ++n) {
        if (clause_boundary(m_toks[k]) || m_toks[k].kind == TokenKind::Number) {
            return {};
        }
        const std::string& w = low(k);
        if (MONEY_LABELS.count(w)) {
            return w;
        }
        if (w == "shrs" || w == "shares" || w == "units") {
            return moved ? std::string() : w;  // "shares rose 7/8": a price moved, no count
        }
        moved = moved || CHANGE_UP.count(w) || CHANGE_DOWN.count(w);
    }
    return {};
}

void Scanner::classify(Candidate& c, const std::vector<Figure>& so_far) const {
    if (c.type == FigureType::Proportion || c.type == FigureType::Points) {
        change(c);
    }
    if (c.type == FigureType::Proportion && c.sign == 0 && !so_far.empty() && low(c.last) != "of") {
        // the same change again in percent ("rose $50 billion, or 2% of GDP" is a share): "fell 2.3
        // points, or 0.5%", "rose $3, or about 4%"
        std::size_t j = c.first;
        qualifier(c.first, j);
        const Figure& prev = so_far.back();
        const bool comma = j >= 3 && low(j - 2) == ",";  // "fell 2.3 points, or 0.5%"
        if (j >= 2 && low(j - 1) == "or" && prev.sentence_index == m_doc.token_sentence[c.first]
            && prev.end == m_toks[comma ? j - 3 : j - 2].end) {
            std::size_t first = comma ? j - 3 : j - 2;  // the previous figure's first token
            while (first > 0 && m_toks[first - 1].begin >= prev.begin) {
                --first;
            }
            if (const int dir = change_before(first, 4); dir != 0) {
                c.type = FigureType::PercentChange;
                if (dir < 0 && c.value > 0) {
                    c.scale(-1);
                }
            }
        }
    }
    if (c.type == FigureType::Proportion && c.sign == 0 && !so_far.empty()
        && so_far.back().type == FigureType::PercentChange
        && so_far.back().sentence_index == m_doc.token_sentence[c.first]) {
        // "retail sales rose 0.6% on the month and 6.1% on the year": the same verb
        const Figure& prev = so_far.back();
        std::size_t j = c.first;
        while (j > 0 && m_toks[j - 1].end > prev.end) {
            --j;
        }
        bool joined = false, clear = c.first - j <= 6;
        for (std::size_t t = j; clear && t < c.first; ++t) {
            joined = joined || low(t) == "and";
            clear = !clause_boundary(m_toks[t]) && m_toks[t].kind != TokenKind::Number
                && !CHANGE_UP.count(low(t)) && !CHANGE_DOWN.count(low(t)) && low(t) != "to"
                && low(t) != "from" && low(t) != "at";
        }
        if (clear && joined && low(c.first - 1) == "and") {
            c.type = FigureType::PercentChange;
            if (prev.value < 0 && c.value > 0) {
                c.scale(-1);
            }
        }
    }
    if (c.type == FigureType::Money) {
        // a price: "$18 a barrel", "17.50 dlrs per share", "3.28 dlrs each"
        const std::string& w = low(c.last);
        const std::string& after = low(c.last + 2);
        bool when = w != "per"
            && (after == "earlier" || after == "ago" || after == "before" || after == "later"
                || after == "previously");  // "$980m a year earlier"
        if ((w == "a" || w == "per" || w == "an") && c.last + 1 < m_toks.size()
            && m_toks[c.last + 1].kind == TokenKind::Word && !FUNCTION_WORDS.count(low(c.last + 1))
            && !when) {
            c.type = FigureType::Price;
            c.unit = "per " + low(c.last + 1);
        } else if (w == "each") {
            c.type = FigureType::Price;
            c.unit = "each";
        }
    }
    if (c.typed) {
        return;
    }
    std::size_t s = m_doc.token_sentence[c.first];
    std::size_t sb = m_doc.sentence_first[s], se = m_doc.sentence_end(s);
    auto boundary = [&](std::size_t k) { return clause_boundary(m_toks[k]); };
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
    {
        Candidate probe =
            c;  // the noun of a war count too: "3,000 troops", "eight soldiers killed"
        if (unit_noun(probe) && probe.type == FigureType::Troops) {
            c.unit = probe.unit;
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
    } else if (unit_noun(c)) {
        return;
    } else if (troops) {
        c.type = FigureType::Troops;
    } else if (auto label = result_label(c); !label.empty()) {
        if (label == "shrs" || label == "shares" || label == "units") {
            c.type = FigureType::Volume;  // "Avg shrs 2.3 mln vs 2.0 mln"
            c.unit = label == "units" ? "units" : "shares";
        } else {
            c.type = FigureType::Money;
        }
    } else if (words_seen == 0 || c.last >= se || boundary(c.last) || low(c.last) == "vs") {
        // a bare number takes the type of the previous count in its sentence
        for (auto it = so_far.rbegin(); it != so_far.rend() && it->sentence_index == s; ++it) {
            if (it->type != FigureType::Other && it->type != FigureType::Date
                && it->type != FigureType::Duration && it->type != FigureType::Age
                && it->type != FigureType::Proportion && it->type != FigureType::PercentChange) {
                // (a bare number is never a percentage: "fell 0.5%, to 11,203.45")
                if (it->unit.rfind("degrees", 0) == 0) {
                    break;  // "held to 1.5C by 2100": a temperature lends nothing
                }
                c.type = it->type;
                if (c.unit.empty() && c.type != FigureType::Count) {
                    c.unit = it->unit;  // "Avg shrs 2.3 mln vs 2.0 mln": shares both
                }
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

std::vector<Figure> Scanner::run(const std::vector<Quote>& quotes, bool* capped) {
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
        bool signed_start = t.kind == TokenKind::Punct
            && (t.lower == "-" || t.lower == "+" || t.lower == "." || t.lower == "\xE2\x88\x92")
            && number(k + 1) && glued(k + 1);
        bool candidate_start = t.kind == TokenKind::Number || signed_start || t.lower == "minus"
            || CURRENCY_SIGNS.count(std::string(t.in(m_doc.text)))
            || (t.kind == TokenKind::Word
                && (MONTHS.count(t.lower) || is_number_word(t.lower) || t.lower == "a"
                    || (t.lower.find('-') != std::string::npos
                        && is_number_word(t.lower.substr(0, t.lower.find('-'))))
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
        if (c->words && std::abs(c->value) < 1000
            && (c->type == FigureType::Other
                || (c->type == FigureType::Count && c->first > 0
                    && (low(c->first - 1) == "the" || low(c->first - 1) == "its"
                        || low(c->first - 1) == "their" || low(c->first - 1) == "both")))) {
            continue;  // "the two leaders", "both of the two", "the two companies"
        }
        if (c->weak && !c->typed
            && (c->unit.empty() || c->type == FigureType::Count || c->type == FigureType::Other)) {
            k = c->last - 1;
            continue;  // a year or a model number: "Award 2004", "Boeing 747", "Windows 95"
        }
        if (out.size() == MAX_FIGURES) {  // one figure more than the cap keeps
            if (capped != nullptr) {
                *capped = true;
            }
            break;
        }
        std::size_t qfirst = c->first;
        Qualifier q = c->type == FigureType::Date ? Qualifier::Exact : qualifier(c->first, qfirst);
        Figure f;
        f.type = c->type;
        f.value = c->value;
        f.value_max = c->value_max;
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

std::vector<Figure> FigureExtractor::extract(
    const Document& doc, const std::vector<Quote>& quotes, bool* capped
) const {
    Scanner scanner(doc);
    return scanner.run(quotes, capped);
}

}  // namespace dossier::analyzers::extract
