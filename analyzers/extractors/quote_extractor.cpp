#include "analyzers/extractors/quote_extractor.hpp"

#include <algorithm>
#include <iterator>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "analyzers/normalizer.hpp"
#include "analyzers/text.hpp"

namespace dossier::analyzers::extract {

namespace {

const std::unordered_set<std::string> SKIP_BEFORE_VERB = {
    "also",         "recently", "has",        "have",       "had",      "would",      "will",
    "then",         "later",    "previously", "reportedly", "publicly", "repeatedly", "did",
    "does",         "already",  "further",    "once",       "again",    "earlier",    "separately",
    "subsequently", "still",    "just",       "may",        "might",    "could",      "can",
    "should",       "must",     "not",        "never",      "now",      "today",      "yesterday",
    "privately",    "openly",   "first",      "initially",  "all",      "both",
};
const std::unordered_set<std::string> DETERMINERS = {
    "the",   "a",    "an",    "these", "those",   "this", "that",  "its",
    "their", "his",  "her",   "our",   "such",    "some", "any",   "no",
    "my",    "your", "other", "many",  "several", "two",  "three", "'s",
};
const std::unordered_set<std::string> BE_FORMS = {
    "is", "was", "were", "are", "be", "been", "being"};
/// -s forms that are as often nouns ("these claims", "media reports"): need a named subject.
const std::unordered_set<std::string> NOUNISH = {
    "claims",
    "reports",
    "remarks",
    "notes",
    "comments",
    "estimates",
    "states",
    "says",
    "forecasts",
    "tells",
    "points"};
/// Prepositions before a name that make it something other than the subject ("consulted by X").
const std::unordered_set<std::string> PREPOSITIONS = {
    "by",
    "to",
    "with",
    "for",
    "against",
    "about",
    "on",
    "over",
    "than",
    "into",
    "toward",
    "towards",
    "at",
    "in",
};
// (with the contractions of "I", which is written capitalized anywhere: "as I've suggested")
const std::unordered_set<std::string> PRONOUNS = {
    "he", "she", "i", "we", "they", "it", "you", "i've", "i'm", "i'd", "i'll"};

bool is_word(const Token& t) {
    return t.kind == TokenKind::Word;
}

/// A dash or horizontal bar: "-", "–", "—", "―".
bool is_dash(const Token& t) {
    return t.kind == TokenKind::Punct
        && (t.lower == "-" || t.lower == "\xE2\x80\x93" || t.lower == "\xE2\x80\x94"
            || t.lower == "\xE2\x80\x95");
}

bool clause_punct(const Token& t) {
    return t.kind == TokenKind::Punct
        && (t.lower == "." || t.lower == ";" || t.lower == "?" || t.lower == "!");
}

/// Who a reporting verb or a quotation is attributed to.
struct Who {
    enum class Kind { None, Unnamed, Named } kind = Kind::None;
    Mention mention;                  ///< valid when Named
    std::size_t first = 0, last = 0;  ///< token span of the subject in the text (Named or Unnamed)
};

struct DirectQuote {
    std::size_t open = 0, close = 0;  ///< tokens of the marks; close == open when unterminated
    std::size_t text_begin = 0, text_end = 0;  ///< bytes of the quoted words
};

bool opens(const Document& doc, std::size_t k) {
    const Token& t = doc.tokens[k];
    std::string_view raw = t.in(doc.text);
    if (raw == "\xE2\x80\x9C" || raw == "\xE2\x80\x9E" || raw == "\xC2\xAB") {
        return true;  // “ „ «
    }
    if (raw == "\xE2\x80\x9D" && (k == 0 || t.newline_before)) {
        return true;  // a paragraph opened by a right mark, typed for a left one: ”Mr. Trump …”
    }
    if (raw != "\"" && raw != "''") {
        return false;
    }
    if (k == 0 || t.space_before) {
        return true;
    }
    const Token& p = doc.tokens[k - 1];
    return p.kind == TokenKind::Punct
        && (p.lower == "(" || p.lower == "[" || p.lower == "-" || p.lower == ":");
}

bool closes(const Document& doc, std::size_t k) {
    const Token& t = doc.tokens[k];
    std::string_view raw = t.in(doc.text);
    if (raw == "\xE2\x80\x9D" || raw == "\xC2\xBB") {
        return !(raw == "\xE2\x80\x9D" && (k == 0 || t.newline_before));  // ” » (see opens)
    }
    return (raw == "\"" || raw == "''")
        && (!t.space_before || k + 1 >= doc.tokens.size() || doc.tokens[k + 1].space_before);
}

std::vector<DirectQuote> pair_quotes(const Document& doc) {
    std::vector<DirectQuote> out;
    const auto& toks = doc.tokens;
    bool inside = false;
    DirectQuote cur;
    auto finish = [&](std::size_t close, std::size_t end_byte) {
        cur.close = close;
        cur.text_end = end_byte;
        out.push_back(cur);
        inside = false;
    };
    for (std::size_t k = 0; k < toks.size(); ++k) {
        if (inside && toks[k].newline_before) {
            // A quotation does not run over a paragraph break: keep what was quoted so far.
            finish(cur.open, toks[k - 1].end);
        }
        if (toks[k].lower != "\"") {
            continue;
        }
        if (!inside) {
            if (opens(doc, k) || !closes(doc, k)) {
                inside = true;
                cur = DirectQuote{k, k, toks[k].end, toks[k].end};
            }
        } else if (closes(doc, k) || !opens(doc, k)) {
            finish(k, toks[k].begin);
        } else {
            // two opening marks in a row: the first was never closed
            finish(cur.open, toks[k].begin);
            inside = true;
            cur = DirectQuote{k, k, toks[k].end, toks[k].end};
        }
    }
    if (inside) {
        finish(cur.open, toks.back().end);
    }
    return out;
}

std::size_t count_words(std::string_view s) {
    std::size_t n = 0;
    bool in = false;
    for (char c : s) {
        bool sp = c == ' ' || c == '\n' || c == '\t' || c == '\r';
        n += !sp && !in;
        in = !sp;
    }
    return n;
}

/// A quotation of one or two words is a statement, not a scare quote or a title, when it opens its
/// sentence and ends its clause inside the marks: '"Elections matter," Kelly said.', '"No!" he
/// said.' (not 'the "deplorables," he said' in mid-sentence).
bool short_statement(const Document& doc, const DirectQuote& q, std::string_view quoted) {
    if (q.close == q.open || count_words(quoted) == 0 || q.open >= doc.tokens.size()) {
        return false;
    }
    std::size_t s = doc.token_sentence[q.open];
    if (doc.sentence_first[s] != q.open) {
        return false;
    }
    const std::string& end = doc.tokens[q.close - 1].lower;
    return end == "," || end == "!" || end == "?";
}

std::string clean_text(std::string_view s) {
    std::string t = collapse_space(s);
    auto strip = [](char c) { return c == ',' || c == ' ' || c == ':' || c == ';' || c == '.'; };
    while (!t.empty() && strip(t.back())) {
        t.pop_back();
    }
    std::size_t b = 0;
    while (b < t.size() && strip(t[b])) {
        ++b;
    }
    return t.substr(b);
}

class Pass {
public:
    Pass(const Lexicon& lex, const EntityExtractor& ent, Document& doc)
        : m_lex(lex), m_ent(ent), m_doc(doc), m_names(ent.person_names(doc)) {}

    std::vector<Quote> run();

private:
    std::size_t verb_at(std::size_t k, bool attribution = false) const;

    /// The verb at k names its listener after it ("told Politico"), never its speaker.
    bool listener_after(std::size_t k) const {
        const std::string& w = m_doc.tokens[k].lower;
        return w == "told" || w == "tells" || w == "telling";
    }

    Who subject_left(std::size_t v, std::size_t floor) const;
    Who subject_right(std::size_t after, std::size_t ceiling) const;
    Who agent_after_by(std::size_t by, std::size_t ceiling) const;
    /// The people conjoined with a quotation's named speaker around its verb at `verb`, within
    /// tokens [floor, ceiling): '"…," X and Y wrote', '"…," wrote A, B and C'. In text order.
    std::vector<Who> conjoined_speakers(
        const Who& who, std::size_t verb, std::size_t floor, std::size_t ceiling
    ) const;
    Who noun_phrase_left(std::size_t k, std::size_t floor) const;
    Who as_subject(const Mention& m, std::size_t floor) const;
    /// The name ending at token e; when that is a place or an organization after "of", the
    /// person before it ("Senator John Cornyn of Texas", "Mr. Morgan of the Sierra Club").
    std::optional<Mention> name_or_owner(std::size_t e, std::size_t floor) const;

    Who named(const Mention& m) const {
        Who w;
        w.kind = Who::Kind::Named;
        w.mention = m;
        w.first = m.first;
        w.last = m.last;
        return w;
    }

    std::vector<Who> entities_in(std::size_t from, std::size_t to) const;
    /// The names after "according to", less the owners of a document: "according to an ABC
    /// News-Washington Post poll", "according to Federal Election Commission filings" cite the
    /// poll or the filings, not a named source ("a report from Bloomberg" keeps Bloomberg).
    std::vector<Who> according_to(std::size_t from, std::size_t to) const;
    std::optional<std::string> speaker_name(const Who& w) const;
    /// Adds the paragraphs of a transcript ("WALLACE: ...") as quotations of their speaker.
    void transcript_labels(std::vector<Quote>& out) const;
    Who pronoun(std::size_t k) const;
    /// The person m (its titles start at token t) reads as the subject of its clause, so a
    /// he/she at token k after it may be that person: the name opens its sentence (within its
    /// first six tokens, no preposition, conjunction or quotation mark before it), or is
    /// followed by an appositive comma, a verb of saying or attribution, or an auxiliary or
    /// adverb before one ("Bill McInturff, the Republican half of …", "Nigel Lawson said. He").
    /// Not a name after a preposition or as an object ("amid attacks from Senator Marco Rubio").
    bool subject_like(const Mention& m, std::size_t t, std::size_t k) const;
    /// Token k ends a clause: ".", ";", "?", "!", but not the dot of a title or an initial
    /// ("Ms. Moore", "John D. Podesta").
    bool ends_clause(std::size_t k) const;
    /// Token k can be a surname on its own: a capitalized word that is not a pronoun, a stop
    /// word, a place, an organization, a title, nor written in lower case in the article.
    bool lone_name(std::size_t k) const;
    /// A name no rule knows, as the subject of a reporting verb: "The Blaze" / "the Texan"
    /// (an organization: "the" and one to three capitalized words), or one to three
    /// capitalized words that pass lone_name after a comma, "as" or at the sentence start
    /// ("Sharption said", "Bamberg, who is 28, said"). Ends at token e.
    std::optional<Mention> unknown_name_ending_at(std::size_t e, std::size_t floor) const;
    void remember(const Who& w, std::size_t sentence);
    Who attribute_verb(std::size_t v, std::size_t ve, std::size_t floor, std::size_t ceiling) const;

    const Lexicon& m_lex;
    const EntityExtractor& m_ent;
    Document& m_doc;
    EntityExtractor::PersonNames m_names;
    std::optional<Mention> m_last_person;
    std::size_t m_last_person_sentence = 0;
};

/// Reporting verb at token k (outside quotations): one past its last token, else 0. With
/// `attribution`, a verb of belief, intention or action instead ("decided", "called for").
std::size_t Pass::verb_at(std::size_t k, bool attribution) const {
    const auto& toks = m_doc.tokens;
    if (k >= toks.size() || !is_word(toks[k]) || toks[k].capitalized || m_doc.in_quote[k]) {
        return 0;
    }
    const Lexicon::Verbs* both = m_lex.verbs(toks[k].lower);
    if (!both) {
        return 0;
    }
    for (const auto& v : attribution ? both->attribution : both->reporting) {
        std::size_t j = 0;
        while (j < v.size() && k + j < toks.size() && toks[k + j].lower == v[j]) {
            ++j;
        }
        if (j == v.size()) {
            if (k > 0 && DETERMINERS.count(toks[k - 1].lower)) {
                return 0;  // "the reported setback", "these claims"
            }
            return k + v.size();
        }
    }
    return 0;
}

bool Pass::lone_name(std::size_t k) const {
    const Token& t = m_doc.tokens[k];
    return is_word(t) && t.capitalized && !t.all_caps && t.lower.size() > 2 && m_doc.org_at[k] < 0
        && !PRONOUNS.count(t.lower) && !m_lex.is_stop_capital(t.lower) && !m_lex.is_place(t.lower)
        && !m_lex.is_demonym(t.lower) && !m_lex.is_title(t.lower) && !m_lex.is_source_noun(t.lower)
        && !m_doc.occurs_lowercase(t.lower);
}

std::optional<Mention> Pass::unknown_name_ending_at(std::size_t e, std::size_t floor) const {
    const auto& toks = m_doc.tokens;
    if (e >= toks.size() || e < floor || !lone_name(e) || m_doc.in_quote[e]) {
        return std::nullopt;
    }
    std::size_t b = e;
    while (b > floor && b + 2 > e && lone_name(b - 1)) {
        --b;
    }
    bool opener = b == floor + 1
        && (toks[floor].lower == "and" || toks[floor].lower == "but" || toks[floor].lower == "so");
    if (b > floor && is_word(toks[b - 1]) && toks[b - 1].capitalized && toks[b - 1].lower != "the"
        && !opener) {
        return std::nullopt;  // part of a longer capitalized run the entity rules did not take
    }
    static const std::unordered_set<std::string> INDEFINITE = {
        "everyone", "everybody", "someone",  "somebody", "anyone",  "anybody", "nobody", "none",
        "others",   "whoever",   "whenever", "both",     "neither", "either",  "most",   "few",
        "all",      "many",      "several",  "each",     "god",     "another"};
    for (std::size_t x = b; x <= e; ++x) {
        const std::string& w = toks[x].lower;
        if (INDEFINITE.count(w) || (w.back() == 's' && m_lex.is_demonym(w.substr(0, w.size() - 1)))
            || (b == e && (m_lex.is_org_head(w) || m_lex.is_org_start(w)))) {
            return std::nullopt;  // "Others said", "Russians believe", "the Commission said"
        }
    }
    if (b == e && m_doc.sentence_first[m_doc.token_sentence[b]] == b
        && toks[b].lower.back() == 's') {
        // a plural opening the sentence ("Figures reported on Sunday"): a name ("Sanders") only
        // when the article also writes it capitalized inside a sentence
        if (!m_doc.capitalized_inside_sentence(toks[b].lower)) {
            return std::nullopt;
        }
    }
    std::string name = std::string(m_doc.text.substr(toks[b].begin, toks[e].end - toks[b].begin));
    if (b > floor && toks[b - 1].lower == "the") {
        if (toks[b - 1].capitalized && m_doc.sentence_first[m_doc.token_sentence[b - 1]] != b - 1) {
            name = "The " + name;  // "according to The Hill": the article is part of the name
        }
        return Mention{MentionKind::Organization, b - 1, e + 1, name};  // "the" included
    }
    static const std::unordered_set<std::string> BEFORE = {",", "as", "\""};
    if (b == floor || BEFORE.count(toks[b - 1].lower) || opener) {
        return Mention{MentionKind::Person, b, e + 1, name};
    }
    return std::nullopt;
}

bool Pass::ends_clause(std::size_t k) const {
    const auto& toks = m_doc.tokens;
    if (!clause_punct(toks[k])) {
        return false;
    }
    if (toks[k].lower != "." || k == 0 || !is_word(toks[k - 1])) {
        return true;
    }
    const std::string& before = toks[k - 1].lower;
    if (m_lex.is_title(before) || (before.size() == 1 && toks[k - 1].capitalized)) {
        return false;
    }
    // the dot of a party and state label (one token): "Mitch McConnell, R-Ky., said"
    return !(
        before.size() >= 3 && before[1] == '-'
        && (before[0] == 'r' || before[0] == 'd' || before[0] == 'i') && k > 1
        && (toks[k - 2].lower == "," || toks[k - 2].lower == "(")
    );
}

std::optional<std::string> Pass::speaker_name(const Who& w) const {
    if (w.kind != Who::Kind::Named) {
        return std::nullopt;
    }
    if (w.mention.kind == MentionKind::Organization) {
        if (m_lex.is_place(fold_key(w.mention.name))) {
            return std::nullopt;  // "Britain said": a country (alias of "UK") is no named speaker
        }
        const Token& t = m_doc.tokens[w.mention.first];
        if (w.mention.last == w.mention.first + 1 && t.lower.size() > 3 && t.lower.back() == 's'
            && fold_key(w.mention.name).find(t.lower) == std::string::npos) {
            return std::nullopt;  // "Republicans said" (alias of "Republican Party"): members
        }
        return w.mention.name;
    }
    std::vector<std::size_t> words;
    std::size_t first = w.mention.first;
    if (first + 1 < w.mention.last) {
        // "Continued Stone: …", "Says Clinton would …": a verb of saying opening the sentence is
        // no part of the name
        const Lexicon::Verbs* v = m_lex.verbs(m_doc.tokens[first].lower);
        bool saying = v != nullptr
            && std::any_of(v->reporting.begin(), v->reporting.end(), [](const auto& phrase) {
                          return phrase.size() == 1;
                      });
        if (saying) {
            ++first;
        }
    }
    for (std::size_t k = first; k < w.mention.last; ++k) {
        words.push_back(k);
    }
    std::string name = m_ent.canonical_person(m_doc, words, m_names);
    if (m_lex.is_place(fold_key(name))) {
        return std::nullopt;  // an alias can turn a word into a country ("UK" → "United Kingdom")
    }
    return name;
}

Who Pass::pronoun(std::size_t k) const {
    Who w;
    const std::string& p = m_doc.tokens[k].lower;
    const auto& toks = m_doc.tokens;
    if ((p == "he" || p == "she") && m_last_person
        && m_doc.token_sentence[k] <= m_last_person_sentence + 2) {
        // the speaker of this or the previous sentence goes on speaking
        w = named(*m_last_person);
        w.first = k;
        w.last = k + 1;
        return w;
    }
    if (p == "he" || p == "she") {
        // The most recent person named in this or the three sentences before, whose title does
        // not contradict the pronoun ("Mrs Hassan ... Mr Galloway ... he said" → Galloway).
        static const std::unordered_set<std::string> MALE = {
            "mr", "sir", "lord", "king", "prince", "father"};
        static const std::unordered_set<std::string> FEMALE = {
            "mrs", "ms", "miss", "lady", "queen", "dame", "sister"};
        std::size_t s0 = m_doc.token_sentence[k];
        std::size_t floor = m_doc.sentence_first[s0 >= 3 ? s0 - 3 : 0];
        for (std::size_t j = k; j-- > floor;) {
            if (m_doc.in_quote[j] || !toks[j].capitalized
                || (j + 1 < k && toks[j + 1].capitalized && toks[j + 1].kind == TokenKind::Word)) {
                continue;
            }
            auto m = m_ent.name_ending_at(m_doc, j);
            if (!m || m->kind != MentionKind::Person) {
                continue;
            }
            std::size_t t = m->first;
            while (t > 0 && (toks[t - 1].lower == "." || m_lex.is_title(toks[t - 1].lower))) {
                --t;
            }
            if (t > 0
                && (toks[t - 1].lower == "the" || toks[t - 1].lower == "via"
                    || toks[t - 1].lower == "a" || toks[t - 1].lower == "an")) {
                continue;  // "via the Al-Jazeera channel": a name used as a modifier
            }
            if (!subject_like(*m, t, k)) {
                continue;  // "… amid attacks from Senator Marco Rubio …. He": not who speaks
            }
            bool male = false, female = false;
            for (std::size_t x = t; x < m->first; ++x) {
                male = male || MALE.count(toks[x].lower);
                female = female || FEMALE.count(toks[x].lower);
            }
            if ((p == "he" && female) || (p == "she" && male)) {
                continue;
            }
            w = named(*m);
            w.first = k;
            w.last = k + 1;
            return w;
        }
    }
    if ((p == "he" || p == "she") && m_last_person
        && m_doc.token_sentence[k] <= m_last_person_sentence + 4) {
        w = named(*m_last_person);
    } else {
        w.kind = Who::Kind::Unnamed;
    }
    w.first = k;  // the subject in the text is the pronoun
    w.last = k + 1;
    return w;
}

bool Pass::subject_like(const Mention& m, std::size_t t, std::size_t k) const {
    const auto& toks = m_doc.tokens;
    static const std::unordered_set<std::string> BEFORE_OBJECT = {
        "by",   "to",     "with",    "for", "against", "about", "on",        "over",    "than",
        "into", "toward", "towards", "at",  "in",      "of",    "from",      "between", "under",
        "like", "behind", "versus",  "vs",  "and",     "or",    "including", "named"};
    std::size_t sf = m_doc.sentence_first[m_doc.token_sentence[t]];
    bool opens = t < sf + 6;
    for (std::size_t x = sf; x < t && opens; ++x) {
        opens = !BEFORE_OBJECT.count(toks[x].lower) && !m_doc.in_quote[x] && toks[x].lower != "\"";
    }
    if (opens) {
        return true;
    }
    std::size_t e = m.last;
    if (e >= k) {
        return false;
    }
    if (toks[e].lower == "," || verb_at(e) || verb_at(e, true)) {
        return true;  // "Bill McInturff, the Republican half …", "Nigel Lawson said."
    }
    // "Clinton has taken", "Mr. Kasich forcefully differed"
    const std::string& next = toks[e].lower;
    return e + 1 < k && is_word(toks[e]) && !toks[e].capitalized
        && (BE_FORMS.count(next) || next == "has" || next == "had" || verb_at(e + 1));
}

void Pass::remember(const Who& w, std::size_t sentence) {
    if (w.kind == Who::Kind::Named && w.mention.kind == MentionKind::Person) {
        m_last_person = w.mention;
        m_last_person_sentence = sentence;
    }
}

Who Pass::noun_phrase_left(std::size_t k, std::size_t floor) const {
    const auto& toks = m_doc.tokens;
    Who w;
    // "one intelligence source", "U.S. intelligence officials", "military sources"
    std::size_t j = k + 1;
    bool source = false;
    while (j > floor) {
        const Token& t = toks[j - 1];
        if (!is_word(t) && t.kind != TokenKind::Number) {
            break;
        }
        if (m_lex.is_source_noun(t.lower)) {
            source = true;
        }
        if (DETERMINERS.count(t.lower) || t.lower == "one") {
            --j;
            break;
        }
        if (j - 1 < k
            && (t.lower == "and" || t.lower == "of" || t.lower == "for" || t.lower == "from")) {
            break;
        }
        --j;
        if (k + 1 - j > 5) {
            break;
        }
    }
    if (source) {
        w.kind = Who::Kind::Unnamed;
        w.first = j;
        w.last = k + 1;
    }
    return w;
}

Who Pass::as_subject(const Mention& m, std::size_t floor) const {
    // "analysts consulted by the Kyiv Independent suggested": the name is not the subject.
    const auto& toks = m_doc.tokens;
    std::size_t b = m.first;
    if (b > floor && toks[b - 1].lower == "the") {
        --b;
    }
    if (b > floor && PREPOSITIONS.count(toks[b - 1].lower)) {
        // "a spokeswoman for YouTube said", "a spokesman for the Pentagon said": the
        // organization or person a spokesperson speaks for is the source
        static const std::unordered_set<std::string> SPOKES = {
            "spokesman",
            "spokeswoman",
            "spokesperson",
            "spokespeople",
            "spokesmen",
            "spokeswomen",
            "representative",
            "representatives"};
        const std::string& prep = toks[b - 1].lower;
        if ((prep == "for" || prep == "of" || prep == "at") && b - 1 > floor
            && SPOKES.count(toks[b - 2].lower)) {
            return named(m);
        }
        if (b - 1 > floor + 1 && toks[b - 2].lower != ",") {
            Who w = noun_phrase_left(b - 2, floor);
            if (w.kind == Who::Kind::None && is_word(toks[b - 2])) {
                // "consulted by": skip the participle to reach the noun ("analysts")
                if (b - 2 > floor) {
                    w = noun_phrase_left(b - 3, floor);
                }
            }
            return w;
        }
        return {};
    }
    return named(m);
}

std::optional<Mention> Pass::name_or_owner(std::size_t e, std::size_t floor) const {
    const auto& toks = m_doc.tokens;
    if (e >= toks.size()) {
        return std::nullopt;
    }
    auto m = m_ent.name_ending_at(m_doc, e);
    if (m && m->kind == MentionKind::Person) {
        return m;
    }
    std::size_t b = m ? m->first : e;
    if (!m) {  // a place: one to three capitalized words ending at e
        if (!is_word(toks[e]) || !toks[e].capitalized) {
            return m;
        }
        std::string key = toks[e].lower;
        while (b > floor + 1 && b + 3 > e && !m_lex.is_place(key) && is_word(toks[b - 1])
               && toks[b - 1].capitalized) {
            --b;
            key = toks[b].lower + " " + key;
        }
        if (!m_lex.is_place(key)) {
            return m;
        }
    }
    if (b > floor && toks[b - 1].lower == "the") {
        --b;
    }
    if (b > floor + 1 && toks[b - 1].lower == "of") {
        if (auto p = m_ent.name_ending_at(m_doc, b - 2); p && p->kind == MentionKind::Person) {
            return p;
        }
    }
    return m;
}

Who Pass::subject_left(std::size_t v, std::size_t floor) const {
    const auto& toks = m_doc.tokens;
    if (v == 0 || v <= floor) {
        return {};
    }
    std::size_t k = v - 1;
    while (k > floor && is_word(toks[k]) && !toks[k].capitalized
           && (SKIP_BEFORE_VERB.count(toks[k].lower)
               || (toks[k].lower.size() > 4 && toks[k].lower.ends_with("ly")))) {
        --k;
    }
    if (k > floor + 2 && toks[k].lower == "."
        && (toks[k - 1].lower == "jr" || toks[k - 1].lower == "sr")) {
        k -= 2;  // "Vice President Joseph R. Biden Jr. said"
    }
    // a parenthetical adverb between commas: "Hunter, meanwhile, told Politico"
    static const std::unordered_set<std::string> ASIDES = {
        "meanwhile", "however", "though", "too", "instead", "also", "likewise", "similarly"};
    if (k > floor + 2 && toks[k].lower == "," && ASIDES.count(toks[k - 1].lower)
        && toks[k - 2].lower == ",") {
        k -= 3;
    }
    if ((toks[k].lower == "which" || toks[k].lower == "who") && k > floor + 1
        && toks[k - 1].lower == ",") {
        // "the New York Times and CNN, which reported": the antecedent speaks
        if (auto m = m_ent.name_ending_at(m_doc, k - 2)) {
            return as_subject(*m, floor);
        }
        return noun_phrase_left(k - 2, floor);
    }
    if (toks[k].lower == ")") {
        std::size_t p = k;
        while (p > floor && toks[p].lower != "(") {
            --p;
        }
        if (p > floor) {
            if (auto m = m_ent.name_ending_at(m_doc, p - 1)) {
                return as_subject(*m, floor);
            }
        }
        return {};
    }
    if (toks[k].lower == ",") {
        // appositive: "Kyrylo Budanov, head of Ukraine's Defense Intelligence Directorate,
        // asserted"
        std::size_t c = k;
        while (c > floor && c + 20 > k) {
            --c;
            if (toks[c].lower == "," || toks[c].lower == "\"") {
                break;
            }
        }
        // a relative clause with commas of its own: "Joseph R. Biden Jr., who was to travel to
        // Columbus, Ohio, on Wednesday ..., said"
        for (std::size_t w = c; w > floor + 1 && w + 30 > k; --w) {
            if (toks[w].lower == "\"" || clause_punct(toks[w])) {
                break;
            }
            if ((toks[w].lower == "who" || toks[w].lower == "which") && toks[w - 1].lower == ",") {
                c = w - 1;
                break;
            }
        }
        // A name opening the sentence, then an appositive of any shape before the verb: "Tad
        // Devine, Sanders' senior media adviser, said", "Rachel Berg, a philanthropist from
        // Monsey, New York, said", "Yin Myint May, 60, a doctor, said"
        std::size_t open = floor;
        static const std::unordered_set<std::string> OPENERS = {"but", "and", "yet", "so"};
        if (open + 1 < k && OPENERS.count(toks[open].lower)) {
            ++open;
        }
        if (k < open + 60) {
            auto m = m_ent.name_starting_at(m_doc, open);
            if (!m && open + 1 < k && toks[open + 1].lower == ",") {
                m = unknown_name_ending_at(open, open);  // '"…," Ramos, 58, told AFP'
            }
            std::size_t after_name = m ? m->last : k;
            if (after_name + 2 < k && toks[after_name].lower == "(") {
                // a party label: "Rep. Elijah Cummings (D-Md.), chair of the Platform Committee,"
                std::size_t close = after_name + 1;
                while (close < k && close < after_name + 8 && toks[close].lower != ")") {
                    ++close;
                }
                after_name = close < k && toks[close].lower == ")" ? close + 1 : k;
            }
            if (m && after_name + 1 < k && toks[after_name].lower == ",") {
                bool plain = true;      // one clause: no quotation, clause mark or other verb
                bool relative = false;  // ", which endorsed Mr. Sanders in December,": its verb
                for (std::size_t x = after_name; x < k && plain; ++x) {
                    bool abbreviation = toks[x].lower == "."
                        && (toks[x + 1].lower == "," || m_lex.is_title(toks[x - 1].lower));
                    if (toks[x].lower == ",") {
                        relative = x + 1 < k
                            && (toks[x + 1].lower == "who" || toks[x + 1].lower == "which");
                    }
                    plain = (!clause_punct(toks[x]) || abbreviation) && toks[x].lower != "\""
                        && !m_doc.in_quote[x] && (relative || (!verb_at(x) && !verb_at(x, true)));
                }
                if (plain) {
                    return named(*m);
                }
            }
        }
        if (c > floor && toks[c].lower == "," && c + 1 < k) {
            // a role, then the name between commas: "The Podesta Group's CEO, Kimberley
            // Fritts, said", "Another delegate on the Cruz slate, Jim Poolman, said"
            if (auto m = m_ent.name_starting_at(m_doc, c + 1);
                m && m->kind == MentionKind::Person && m->last == k) {
                return named(*m);
            }
            const Token& first = toks[c + 1];
            bool descriptive = (is_word(first) && !first.capitalized) || m_lex.is_title(first.lower)
                || first.lower == "the" || first.lower == "a";
            if (descriptive) {
                std::size_t e = c - 1;
                if (e > floor + 1 && toks[e].lower == "."
                    && (toks[e - 1].lower == "jr" || toks[e - 1].lower == "sr")) {
                    --e;  // "Joseph R. Biden Jr., who"
                }
                if (auto m = name_or_owner(e, floor)) {
                    return as_subject(*m, floor);
                }
                if (auto m = unknown_name_ending_at(e, floor)) {
                    return named(*m);
                }
                return noun_phrase_left(c - 1, floor);
            }
        }
        return {};
    }
    if (auto m = name_or_owner(k, floor)) {
        return as_subject(*m, floor);
    }
    if (auto m = NOUNISH.count(toks[v].lower) ? std::nullopt : unknown_name_ending_at(k, floor)) {
        // "George Zornick of The Nation wrote": the person of an outlet no list knows
        if (m->kind == MentionKind::Organization && m->first > floor + 1
            && toks[m->first - 1].lower == "of") {
            if (auto p = m_ent.name_ending_at(m_doc, m->first - 2);
                p && p->kind == MentionKind::Person && p->first >= floor) {
                return as_subject(*p, floor);
            }
        }
        return named(*m);  // not "Initial estimates put …", "Harsh comments are …"
    }
    if (PRONOUNS.count(toks[k].lower)) {
        return pronoun(k);
    }
    if (is_word(toks[k])) {
        return noun_phrase_left(k, floor);
    }
    return {};
}

Who Pass::subject_right(std::size_t after, std::size_t ceiling) const {
    const auto& toks = m_doc.tokens;
    if (after >= ceiling) {
        return {};
    }
    // In "…, said X" the subject closes the clause: "said Mr Smith." / "said Mr Smith on Monday"
    auto closes_clause = [&](std::size_t k) {
        if (k >= ceiling) {
            return true;
        }
        static const std::unordered_set<std::string> FOLLOWERS = {
            ".",   ",",     ";",     ":",    "?",    "!",      ")",         "\"",    "(",
            "-",   "on",    "in",    "at",   "last", "this",   "yesterday", "today", "earlier",
            "who", "which", "after", "when", "told", "adding", "noting",
        };
        return FOLLOWERS.count(toks[k].lower) != 0;
    };
    // ", reported the Washington Examiner.": an organization after "the"
    if (toks[after].lower == "the" && !toks[after].capitalized && after + 1 < ceiling) {
        if (auto m = m_ent.name_starting_at(m_doc, after + 1);
            m && m->kind == MentionKind::Organization) {
            return closes_clause(m->last) ? named(*m) : Who{};
        }
    }
    if (auto m = m_ent.name_starting_at(m_doc, after)) {
        std::size_t end = m->last;
        if (m->kind == MentionKind::Person && end + 1 < ceiling && toks[end].lower == "of") {
            // "said Gov. Terry E. Branstad of Iowa, a Republican": his state or organization
            std::size_t x = end + 1 + (toks[end + 1].lower == "the" ? 1 : 0);
            std::size_t y = x;
            while (y < ceiling && y < x + 6 && is_word(toks[y]) && toks[y].capitalized) {
                ++y;
            }
            if (y == x) {
                // a described organization: "said Phil Musser of digital consulting firm IMGE"
                while (y < ceiling && y < x + 6 && is_word(toks[y]) && !closes_clause(y)
                       && !verb_at(y) && !PRONOUNS.count(toks[y].lower)) {
                    ++y;
                }
                if (y == x || !toks[y - 1].capitalized) {
                    y = x;  // the phrase ends with the organization's name
                }
            }
            if (y > x) {
                end = y;
            }
        }
        if (closes_clause(end)) {
            return named(*m);
        }
        // "said Huckabee campaign spokesman Hogan Gidley", "said Air Force 1st Lt. Tyler
        // Livingston": the first name only describes
    }
    // "said Virginia delegate Beau Correll,", "said Cruz constituent Dan Golvach when",
    // "said Florida's Rick Wilson, a …": a short description, then the name
    for (std::size_t j = after + 1; j < ceiling && j < after + 9; ++j) {
        const Token& p = toks[j - 1];
        static const std::unordered_set<std::string> NOT_ROLE = {
            "that", "of", "and", "but", "if", "when", "as", "while", "because", "so", "after"};
        bool title_dot = p.lower == "." && j >= after + 2 && m_lex.is_title(toks[j - 2].lower);
        if (!(is_word(p) || p.lower == "'s" || title_dot || p.kind == TokenKind::Number)
            || PREPOSITIONS.count(p.lower) || NOT_ROLE.count(p.lower)) {
            break;
        }
        if (!is_word(toks[j]) || !toks[j].capitalized) {
            continue;
        }
        if (auto m = m_ent.name_starting_at(m_doc, j);
            m && m->kind == MentionKind::Person && closes_clause(m->last)) {
            return named(*m);
        }
    }
    const std::string& w = toks[after].lower;
    if ((w == "he" || w == "she") && closes_clause(after + 1)) {
        return pronoun(after);
    }
    // "said a spokesman", "said one official"
    if (w != "a" && w != "an" && w != "one" && w != "the" && w != "another") {
        return {};
    }
    for (std::size_t k = after + 1; k < ceiling && k < after + 4 && is_word(toks[k]); ++k) {
        if (m_lex.is_source_noun(toks[k].lower)
            && (closes_clause(k + 1) || toks[k + 1].lower == "for" || toks[k + 1].lower == "of")) {
            Who u;
            u.kind = Who::Kind::Unnamed;
            u.first = after;
            u.last = k + 1;
            return u;
        }
    }
    return {};
}

std::vector<Who> Pass::entities_in(std::size_t from, std::size_t to) const {
    std::vector<Who> out;
    for (std::size_t k = from; k < to; ++k) {
        if (m_doc.in_quote[k]) {
            continue;
        }
        if (auto m = m_ent.name_starting_at(m_doc, k)) {
            out.push_back(named(*m));
            k = m->last - 1;
        }
    }
    return out;
}

std::vector<Who> Pass::according_to(std::size_t from, std::size_t to) const {
    static const std::unordered_set<std::string> DOCUMENTS = {
        "poll",     "polls",     "survey",     "surveys",      "report",      "reports",
        "analysis", "data",      "study",      "studies",      "filings",     "filing",
        "records",  "figures",   "estimates",  "estimate",     "statistics",  "documents",
        "summary",  "average",   "tally",      "calculations", "projections", "review",
        "website",  "statement", "transcript", "research",     "exit",        "ratings",
        "profile",  "page",      "tracker",    "account",      "feed",        "count"};
    const auto& toks = m_doc.tokens;
    std::vector<Who> out;
    // "according to a State Department official", "according to a Crossroads official who …",
    // "according to the average of recent polls": an article, modifiers (names among them), then
    // a document or source noun with no name after it cite that document or person, unnamed
    // ("according to a report from Bloomberg" keeps Bloomberg)
    if (from + 1 < to
        && (toks[from].lower == "a" || toks[from].lower == "an" || toks[from].lower == "the")) {
        for (std::size_t x = from + 1; x < to && x < from + 6; ++x) {
            const Token& t = toks[x];
            if (!(is_word(t) || t.lower == "'s" || t.lower == "-" || t.lower == "/"
                  || t.kind == TokenKind::Number)
                || (!t.capitalized && PREPOSITIONS.count(t.lower)) || t.lower == "of") {
                break;
            }
            if (!is_word(t) || t.capitalized
                || !(DOCUMENTS.count(t.lower) || m_lex.is_source_noun(t.lower))) {
                continue;
            }
            if ((x == from + 1 && toks[from].lower == "the") || !entities_in(x + 1, to).empty()) {
                break;  // "according to the data", "according to a study by X"
            }
            Who u;
            u.kind = Who::Kind::Unnamed;
            u.first = from;
            u.last = x + 1;
            out.push_back(u);
            return out;
        }
    }
    for (const auto& w : entities_in(from, to)) {
        std::size_t after = w.mention.last;
        while (after < to
               && ((is_word(toks[after]) && toks[after].capitalized) || toks[after].lower == "-"
                   || toks[after].lower == "/")) {
            ++after;  // the rest of a joined name: "an ABC News-Washington Post poll"
        }
        // ... and its possessive with up to three modifiers: "according to Kantar Media's
        // political ad tracker", "according to his Facebook profile"; or up to two modifiers
        // without it: "according to a new Washington Post-ABC News national poll"
        std::size_t noun = after;
        const bool possessive = noun < to && toks[noun].lower == "'s";
        noun += possessive ? 1 : 0;
        while (noun < to && noun < after + (possessive ? 4 : 2) && is_word(toks[noun])
               && !toks[noun].capitalized && !DOCUMENTS.count(toks[noun].lower)) {
            ++noun;
        }
        if (noun < toks.size() && is_word(toks[noun]) && !toks[noun].capitalized
            && DOCUMENTS.count(toks[noun].lower)) {
            continue;
        }
        // an organization's officer named after it is the source: "according to NYPD
        // Commissioner James O'Neill", "according to Pentagon spokesman John Kirby"
        if (w.mention.kind == MentionKind::Organization) {
            std::size_t p = w.mention.last;
            while (p < to && p < w.mention.last + 3 && is_word(toks[p])
                   && m_lex.is_title(toks[p].lower)) {
                ++p;
            }
            if (p > w.mention.last && p < to) {
                if (auto m = m_ent.name_starting_at(m_doc, p);
                    m && m->kind == MentionKind::Person && m->last <= to) {
                    out.push_back(named(*m));
                    continue;
                }
            }
        }
        out.push_back(w);
    }
    return out;
}

std::vector<Who> Pass::conjoined_speakers(
    const Who& who, std::size_t verb, std::size_t floor, std::size_t ceiling
) const {
    const auto& toks = m_doc.tokens;
    std::vector<Who> out;
    auto person = [](const std::optional<Mention>& m) {
        return m && m->kind == MentionKind::Person;
    };
    if (who.mention.last <= verb) {
        // before the verb: '"…," Edward-Isaac Dovere and Gabriel Debenedetti wrote'
        std::size_t b = who.mention.first;
        bool more = b > floor + 1 && toks[b - 1].lower == "and";
        for (std::size_t n = 0; more && n < 6; ++n) {
            auto m = m_ent.name_ending_at(m_doc, b - 2);
            if (!person(m) || m->first < floor) {
                break;
            }
            out.insert(out.begin(), named(*m));
            b = m->first;
            more = b > floor + 1 && toks[b - 1].lower == ",";
        }
        return out;
    }
    // after it: '"…," wrote Jason Dana, Robyn Dawes and Nathanial Peterson' (a list that ends
    // in "and"; "…, said John Smith, Mayor of Springfield" is no list)
    std::size_t e = who.mention.last;
    bool closed = false;
    for (std::size_t n = 0; !closed && n < 6 && e + 1 < ceiling; ++n) {
        std::size_t st = e + 1;
        if (toks[e].lower == "," && toks[st].lower == "and") {
            ++st;
        } else if (toks[e].lower != "," && toks[e].lower != "and") {
            break;
        }
        auto m = st < ceiling ? m_ent.name_starting_at(m_doc, st) : std::nullopt;
        if (!person(m) || m->last > ceiling) {
            break;
        }
        closed = st > e + 1 || toks[e].lower == "and";
        out.push_back(named(*m));
        e = m->last;
    }
    if (!closed) {
        out.clear();
    }
    return out;
}

Who Pass::agent_after_by(std::size_t by, std::size_t ceiling) const {
    auto found = entities_in(by + 1, std::min(ceiling, by + 12));
    if (!found.empty()) {
        return found.front();
    }
    return subject_right(by + 1, ceiling);
}

Who Pass::attribute_verb(std::size_t v, std::size_t ve, std::size_t floor, std::size_t ceiling)
    const {
    const auto& toks = m_doc.tokens;
    // passive or "as reported by X"
    if (ve < ceiling && toks[ve].lower == "by") {
        return agent_after_by(ve, ceiling);
    }
    // a passive with an adverb of time before its agent: "The meeting was first reported by
    // Politico", "which was first reported last week by The Post's Greg Sargent"
    static const std::unordered_set<std::string> WHEN = {
        "first",
        "initially",
        "originally",
        "earlier",
        "previously",
        "also",
        "last",
        "week",
        "month",
        "year",
        "today",
        "yesterday"};
    for (std::size_t b = ve; b < ceiling && b < ve + 4 && WHEN.count(toks[b].lower); ++b) {
        if (b + 1 < ceiling && toks[b + 1].lower == "by") {
            return agent_after_by(b + 1, ceiling);
        }
    }
    if (v > floor && BE_FORMS.count(toks[v - 1].lower)) {
        return {};
    }
    // inverted: ", said Mr Smith" / ", revealed The New York Times" (never "told X": the
    // listener)
    if (v > floor && (toks[v - 1].lower == "," || toks[v - 1].lower == "\"")
        && !listener_after(v)) {
        Who r = subject_right(ve, ceiling);
        // ... unless the name runs into the quotation it introduces: 'Mike Murphy, who ran a
        // super PAC, said the Trump "train may have left the station."' (Trump is what is said)
        bool opens_quote = r.kind == Who::Kind::Named && r.last >= ceiling && ceiling < toks.size()
            && opens(m_doc, ceiling) && v > floor + 1;
        if (r.kind != Who::Kind::None && !opens_quote) {
            return r;
        }
        if (opens_quote) {
            return subject_left(v, floor);
        }
    }
    // participle after a comma: the subject of its clause
    if (toks[v].lower.ends_with("ing")) {
        if (v == floor || toks[v - 1].lower != ",") {
            if (v > floor) {
                if (auto m = m_ent.name_ending_at(m_doc, v - 1)) {
                    return named(*m);  // "with Special Operations Forces confirming"
                }
            }
            return {};
        }
        for (std::size_t k = v - 1; k > floor; --k) {
            if (verb_at(k - 1) && !toks[k - 1].lower.ends_with("ing")) {
                return subject_left(k - 1, floor);
            }
        }
        auto found = entities_in(floor, v);
        if (!found.empty() && found.front().first <= floor + (toks[floor].lower == "the" ? 1 : 0)) {
            return found.front();
        }
        return {};
    }
    Who who = subject_left(v, floor);
    if (who.kind == Who::Kind::None) {
        // the second of two verbs of one subject: "McConnell was quick to embrace the mogul
        // after he clinched the nomination and said this week that ...", "Gary Emineth, a former
        // state party chairman, became a delegate and said he is leaning ..." - the subject is
        // the name that opens the sentence and is followed by its verb or an appositive
        std::size_t a = v;
        while (a > floor && SKIP_BEFORE_VERB.count(toks[a - 1].lower)) {
            --a;
        }
        if (a > floor + 2 && toks[a - 1].lower == "and") {
            std::size_t start = floor;
            while (start < a
                   && (toks[start].lower == "but" || toks[start].lower == "and"
                       || toks[start].lower == "the" || toks[start].lower == ",")) {
                ++start;
            }
            auto m = m_ent.name_starting_at(m_doc, start);
            bool clear = m && m->last + 1 < a && a - m->last < 30
                && (toks[m->last].lower == ","
                    || (is_word(toks[m->last]) && !toks[m->last].capitalized
                        && !PREPOSITIONS.count(toks[m->last].lower) && toks[m->last].lower != "and")
                );
            for (std::size_t k = m ? m->last : a; clear && k + 1 < a; ++k) {
                clear = !m_doc.in_quote[k] && toks[k].lower != "\"" && toks[k].lower != ";"
                    && !ends_clause(k) && !PRONOUNS.count(toks[k].lower);
            }
            if (clear) {
                return named(*m);
            }
        }
    }
    return who;
}

std::vector<Quote> Pass::run() {
    auto& doc = m_doc;
    const auto& toks = doc.tokens;
    std::vector<DirectQuote> direct;
    for (const auto& q : pair_quotes(doc)) {
        std::string_view quoted =
            std::string_view(doc.text).substr(q.text_begin, q.text_end - q.text_begin);
        if (count_words(quoted) >= 3 || short_statement(doc, q, quoted)) {
            direct.push_back(q);
        }
    }
    for (const auto& q : direct) {
        std::size_t last = q.close == q.open ? toks.size() : q.close;
        for (std::size_t k = q.open + 1; k < last && toks[k].end <= q.text_end; ++k) {
            doc.in_quote[k] = true;
        }
    }

    std::vector<Quote> out;
    std::vector<bool> used_verb(toks.size(), false);
    std::vector<bool> sentence_has_direct(doc.sentences.size(), false);
    std::size_t next_direct = 0;
    std::optional<std::string> last_direct_speaker;
    std::size_t last_direct_paragraph_token = 0;

    // The first token of each token's paragraph, in one pass: a walk back per quotation was
    // quadratic in a text without line breaks.
    std::vector<std::size_t> paragraph_start(toks.size(), 0);
    for (std::size_t k = 1; k < toks.size(); ++k) {
        paragraph_start[k] = toks[k].newline_before ? k : paragraph_start[k - 1];
    }
    auto paragraph_of = [&](std::size_t k) { return paragraph_start[k]; };

    // Past MAX_QUOTES + 1 the rest is left unread (extract() keeps MAX_QUOTES).
    for (std::size_t s = 0; s < doc.sentences.size() && out.size() <= MAX_QUOTES; ++s) {
        std::size_t sb = doc.sentence_first[s], se = doc.sentence_end(s);
        if (sb >= se) {
            continue;
        }
        // 1. Direct quotations that open in this sentence.
        while (next_direct < direct.size() && direct[next_direct].open < se) {
            const DirectQuote& q = direct[next_direct++];
            if (q.open < sb) {
                continue;
            }
            std::size_t close = q.close == q.open ? toks.size() - 1 : q.close;
            std::size_t close_sentence = doc.token_sentence[std::min(close, toks.size() - 1)];
            std::size_t after_end = doc.sentence_end(close_sentence);
            // the mark before the closing one, past a nested quotation's closing mark ("…, 'What
            // can I do?'" Weaver said)
            std::size_t before_close = close > 0 ? close - 1 : 0;
            if (before_close > 0
                && (toks[before_close].lower == "'"
                    || toks[before_close].in(doc.text) == "\xE2\x80\x99")) {
                --before_close;
            }
            if (after_end <= close + 1 && close + 1 < toks.size() && is_word(toks[close + 1])
                && !toks[close + 1].newline_before && close > 0
                && (toks[before_close].lower == "?" || toks[before_close].lower == "!")) {
                // '"We're vetting VP candidates!" said Arturo Vargas', '"… taxes?" Priebus said.':
                // the sentence goes on when a reporting verb follows within a few words
                bool goes_on = false;
                for (std::size_t j = close + 1; j < close + 6 && j < toks.size() && !goes_on; ++j) {
                    goes_on = verb_at(j) != 0;
                }
                if (goes_on) {
                    after_end = doc.sentence_end(doc.token_sentence[close + 1]);
                }
            } else if (after_end <= close + 1 && close + 2 < toks.size() && is_word(toks[close + 1])
                       && toks[close + 1].capitalized && !toks[close + 1].newline_before
                       && close > 0 && toks[before_close].lower == ".") {
                // '"… that are missing." Trump said.': a sentence of a name and a reporting
                // verb alone, after a quotation closed with a full stop, is its attribution
                std::size_t next_end = doc.sentence_end(doc.token_sentence[close + 1]);
                for (std::size_t j = close + 2; j < close + 5 && j < next_end; ++j) {
                    if (!is_word(toks[j - 1]) || !toks[j - 1].capitalized) {
                        break;
                    }
                    if (std::size_t ve = verb_at(j);
                        ve != 0 && ve + 1 == next_end && toks[ve].lower == ".") {
                        after_end = next_end;
                        break;
                    }
                }
            }
            for (std::size_t n = next_direct; n < direct.size(); ++n) {
                if (direct[n].open > close) {
                    after_end = std::min(after_end, direct[n].open);
                    break;
                }
            }
            Who who;
            std::vector<Who> co_speakers;  // named beside `who`: '"…," X and Y wrote'
            // (a) after the quotation: "…," Kindratenko stated / "…," revealed The New York Times
            if (q.close != q.open) {
                std::size_t a = close + 1;
                while (a < after_end && (toks[a].lower == "," || toks[a].lower == "-")) {
                    ++a;
                }
                for (std::size_t k = a, span = 0; k < after_end && span < 20; ++k, ++span) {
                    if (toks[k].lower == "(") {
                        // a party and state, "Sen. Claire McCaskill (D-Mo.) said", is skipped
                        std::size_t c = k + 1;
                        while (c < after_end && c < k + 8 && toks[c].lower != ")") {
                            ++c;
                        }
                        if (c < after_end && toks[c].lower == ")") {
                            k = c;
                            continue;
                        }
                    }
                    if (ends_clause(k)) {
                        break;
                    }
                    if (std::size_t ve = verb_at(k)) {
                        who = k == a ? (listener_after(k) ? Who{} : subject_right(ve, after_end))
                                     : subject_left(k, a);
                        if (who.kind == Who::Kind::None && k == a + 1 && lone_name(a)) {
                            // '"…," Labbot said': one capitalized word between a quotation
                            // and its verb is the speaker's name, known or not
                            who = named(Mention{
                                MentionKind::Person, a, a + 1, std::string(toks[a].in(doc.text))});
                        }
                        if (who.kind != Who::Kind::None || k == a) {
                            used_verb[k] = true;
                        }
                        if (who.kind == Who::Kind::Named) {
                            co_speakers = conjoined_speakers(who, k, a, after_end);
                        }
                        break;
                    }
                }
            }
            // (a2) a credit line after the quotation: "…" ― Carla Sanchez / "…" - Jill Stein
            if (who.kind == Who::Kind::None && q.close != q.open && close + 2 < toks.size()
                && is_dash(toks[close + 1])) {
                if (auto m = m_ent.name_starting_at(doc, close + 2);
                    m && m->kind == MentionKind::Person) {
                    who = named(*m);
                }
            }
            // (a3) a panel: 'Jonathan Martin, New York Times: "…"' or 'Sanders: "…"' - a
            // paragraph that names a person, perhaps an outlet, then a colon and the quotation
            if (who.kind == Who::Kind::None && q.open >= 2 && toks[q.open - 1].lower == ":") {
                std::size_t p = q.open - 1;
                while (p > 0 && !toks[p].newline_before && q.open - p < 10) {
                    --p;
                }
                if (toks[p].newline_before || p == 0) {
                    if (auto m = m_ent.name_starting_at(doc, p); m && m->kind == MentionKind::Person
                        && (m->last == q.open - 1 || toks[m->last].lower == ",")) {
                        who = named(*m);
                    }
                }
                // 'RED STATES OUTNUMBER BLUE STATES - Jeffrey M. Jones: "…"': a heading, a dash,
                // then the name; 'TOO EARLY - Mark Blumenthal and Jon Cohen: "…"': two authors
                auto after_heading = [&](const std::optional<Mention>& name) {
                    return name && name->kind == MentionKind::Person && name->first > 0
                        && is_dash(toks[name->first - 1])
                        && paragraph_of(name->first) + 40 > name->first;
                };
                auto m = m_ent.name_ending_at(doc, q.open - 2);
                if (who.kind == Who::Kind::None && after_heading(m)) {
                    who = named(*m);
                } else if (who.kind == Who::Kind::None && m && m->kind == MentionKind::Person
                           && m->first > 2 && toks[m->first - 1].lower == "and") {
                    if (auto first = m_ent.name_ending_at(doc, m->first - 2);
                        after_heading(first)) {
                        who = named(*first);
                        co_speakers.push_back(named(*m));
                    }
                }
            }
            // (b) before it in its sentence: the last reporting verb, or "according to X"
            if (who.kind == Who::Kind::None) {
                for (std::size_t k = q.open; k-- > sb;) {
                    if (doc.in_quote[k]) {
                        break;
                    }
                    if (std::size_t ve = verb_at(k)) {
                        who = attribute_verb(k, ve, sb, q.open);
                        used_verb[k] = true;
                        break;
                    }
                    if (toks[k].lower == "according" && k + 1 < q.open
                        && toks[k + 1].lower == "to") {
                        auto found = according_to(k + 2, std::min(q.open, k + 12));
                        if (!found.empty()) {
                            who = found.front();
                        } else if (std::size_t c = k + 2; c < q.open
                                   && (c = std::find_if(
                                               toks.begin() + static_cast<long>(c),
                                               toks.begin() + static_cast<long>(q.open),
                                               [](const Token& t) { return t.lower == ","; }
                                           )
                                           - toks.begin())
                                       < q.open) {
                            if (auto m = unknown_name_ending_at(c - 1, k + 2)) {
                                m->kind = MentionKind::Organization;
                                who = named(*m);  // 'According to HuffPo, "…"'
                            }
                        }
                        break;
                    }
                }
            }
            // (c) the previous sentence introduces it ("…, he said:").
            if (who.kind == Who::Kind::None && q.open == sb && s > 0) {
                std::size_t pe = doc.sentence_end(s - 1);
                if (pe > 0 && toks[pe - 1].lower == ":") {
                    for (std::size_t k = pe - 1; k-- > doc.sentence_first[s - 1];) {
                        if (std::size_t ve = verb_at(k)) {
                            who = attribute_verb(k, ve, doc.sentence_first[s - 1], pe);
                            break;
                        }
                    }
                }
            }
            Quote quote;
            quote.text = collapse_space(doc.text.substr(q.text_begin, q.text_end - q.text_begin));
            quote.direct = true;
            quote.begin = q.text_begin;
            quote.end = q.text_end;
            quote.sentence = s;
            quote.speaker = speaker_name(who);
            // (d) a quotation with no attribution continues the previous one of its paragraph
            if (who.kind == Who::Kind::None && last_direct_speaker
                && paragraph_of(q.open) == last_direct_paragraph_token) {
                quote.speaker = last_direct_speaker;
            }
            // one quotation per conjoined speaker, in text order around the main one
            std::vector<Quote> after_main;
            for (const Who& co : co_speakers) {
                Quote also = quote;
                also.speaker = speaker_name(co);
                if (also.speaker && also.speaker != quote.speaker) {
                    (co.first < who.first ? out : after_main).push_back(std::move(also));
                }
            }
            remember(who, s);
            last_direct_speaker = quote.speaker;
            last_direct_paragraph_token = paragraph_of(q.open);
            for (std::size_t t = s; t <= close_sentence && t < sentence_has_direct.size(); ++t) {
                sentence_has_direct[t] = sentence_has_direct[t] || quote.speaker.has_value();
            }
            out.push_back(std::move(quote));
            std::move(after_main.begin(), after_main.end(), std::back_inserter(out));
        }

        // 2. Reported speech and "according to" outside quotations.
        for (std::size_t k = sb; k < se; ++k) {
            if (doc.in_quote[k] || used_verb[k]) {
                continue;
            }
            std::vector<Who> whos;
            std::size_t text_from = 0, text_to = 0, said = 0, believed = 0;
            if ((toks[k].lower == "according" && k + 1 < se && toks[k + 1].lower == "to")
                || (toks[k].lower == "as" && k + 1 < se && toks[k + 1].lower == "per")) {
                std::size_t stop = k + 2;
                while (stop < se && !clause_punct(toks[stop]) && toks[stop].lower != ","
                       && toks[stop].lower != "\"" && stop < k + 14) {
                    ++stop;
                }
                whos = according_to(k + 2, stop);
                if (whos.empty()) {
                    // "according to Gallup", "According to The Federalist,": the phrase names
                    // its source even when no rule knows the name
                    if (auto m = unknown_name_ending_at(stop - 1, k + 2)) {
                        m->kind = MentionKind::Organization;
                        whos.push_back(named(*m));
                    }
                }
                if (whos.empty()) {
                    Who u = noun_phrase_left(stop - 1, k + 2);
                    if (u.kind == Who::Kind::Unnamed) {
                        whos.push_back(u);
                    }
                }
                if (k > sb + 2) {
                    text_from = toks[sb].begin;
                    text_to = toks[k - 1].end;
                } else {
                    text_from = stop < se ? toks[stop].begin : toks[se - 1].end;
                    text_to = toks[se - 1].end;
                }
                k = stop - 1;
            } else if ((said = verb_at(k)) != 0
                       || (k > sb && !toks[k].capitalized && m_lex.verbs(toks[k].lower)
                           && (believed = verb_at(k, true)) != 0)) {
                // A verb of belief, intention or action ("the FBI decided", "Clinton wants",
                // "Sanders called for") attributes only with a name as its subject, before it.
                bool belief = said == 0;
                std::size_t ve = said != 0 ? said : believed;
                Who who = belief ? subject_left(k, sb) : attribute_verb(k, ve, sb, se);
                if (who.kind == Who::Kind::None
                    || (belief
                        && (who.kind != Who::Kind::Named || who.first > k
                            || PRONOUNS.count(toks[who.first].lower)
                            || (k > sb && BE_FORMS.count(toks[k - 1].lower))))) {
                    continue;
                }
                if (NOUNISH.count(toks[k].lower) && who.kind != Who::Kind::Named) {
                    continue;
                }
                if (ve < se && (toks[ve].lower == "from" || toks[ve].lower == "reporting")) {
                    continue;  // a byline: "Julie Hirschfeld Davis reported from Honolulu"
                }
                if (who.kind == Who::Kind::Unnamed && PRONOUNS.count(toks[who.first].lower)) {
                    continue;  // "it read", "they said": nobody to name, and rarely speech
                }
                if (ve < se && toks[ve].lower == "by" && k > sb && toks[k - 1].lower == "as"
                    && sentence_has_direct[s]) {
                    continue;  // "…," Kindratenko stated, as reported by Ukrainska Pravda: the
                               // outlet relays
                }
                if (toks[k].lower.ends_with("ing")) {
                    auto name = speaker_name(who);
                    bool repeat = std::any_of(out.begin(), out.end(), [&](const Quote& q) {
                        return q.sentence == s && q.speaker == name;
                    });
                    if (repeat) {
                        continue;  // "X confirmed the trend, stating ...": one statement
                    }
                }
                whos.push_back(who);
                // conjoined subjects: "the New York Times and CNN, which reported", "HUR and the
                // Pentagon said"
                // and lists with titles: "Hillary Clinton, Bernie Sanders and Martin O'Malley
                // have promised", "former Maryland Gov. Martin O'Malley and former Secretary of
                // State Hillary Clinton called for"
                if (who.kind == Who::Kind::Named && who.first < k) {
                    std::size_t b = who.first;
                    auto describes = [&](const Token& t) {
                        return t.lower == "the" || t.lower == "former" || t.lower == "."
                            || t.lower == "of" || m_lex.is_title(t.lower)
                            || (is_word(t) && t.capitalized);
                    };
                    while (b > sb && who.first - b < 6 && describes(toks[b - 1])
                           && toks[b - 1].lower != "and") {
                        --b;
                    }
                    bool more = b > sb + 1 && toks[b - 1].lower == "and";
                    for (std::size_t n = 0; more && n < 6; ++n) {
                        std::size_t e = b - 2;
                        if (toks[e].lower == ")") {
                            // a party label: "Sens. Jon Tester (D-Mont.) and David Vitter"
                            std::size_t open = e;
                            while (open > sb && open + 8 > e && toks[open].lower != "(") {
                                --open;
                            }
                            if (open <= sb || toks[open].lower != "(") {
                                break;
                            }
                            e = open - 1;
                        }
                        auto m = m_ent.name_ending_at(m_doc, e);
                        if (!m) {
                            break;
                        }
                        whos.insert(whos.begin(), named(*m));
                        b = m->first;
                        more = b > sb + 1 && toks[b - 1].lower == ",";
                    }
                }
                // the reported clause: after the verb, or before the subject in "…, X said."
                std::size_t after = ve;
                while (after < se
                       && (toks[after].lower == "that" || toks[after].lower == ","
                           || toks[after].lower == ":" || toks[after].lower == "by")) {
                    ++after;
                }
                // "…, X said (on Monday)." ends the sentence: the statement is what comes before
                static const std::unordered_set<std::string> TRAILERS = {
                    "on",       "in",        "at",       "monday", "tuesday",   "wednesday",
                    "thursday", "friday",    "saturday", "sunday", "yesterday", "today",
                    "last",     "this",      "week",     "night",  "earlier",   "later",
                    "a",        "statement", "the",      "bbc",    "reporters"};
                bool ends_sentence = true;
                std::size_t words_after = 0;
                for (std::size_t j = std::max(after, who.last); j < se; ++j) {
                    if (is_word(toks[j]) || toks[j].kind == TokenKind::Number) {
                        ++words_after;
                        ends_sentence = ends_sentence && TRAILERS.count(toks[j].lower) != 0;
                    }
                }
                std::size_t subject = who.first;  // "…, the Treasury has announced."
                // "…, Mr. Van Voorhis said.", "…, Sen. Ted Cruz said.": titles before the name
                // (the name itself starts after them)
                while (subject > sb + 1
                       && ((toks[subject - 1].lower == "." && subject > sb + 2
                            && m_lex.is_title(toks[subject - 2].lower))
                           || (toks[subject - 1].capitalized
                               && m_lex.is_title(toks[subject - 1].lower)))) {
                    subject -= toks[subject - 1].lower == "." ? 2 : 1;
                }
                if (subject > sb && toks[subject - 1].lower == "the") {
                    --subject;
                }
                // "…, pollster Frank Luntz said.", "…, digital consultant Phil Musser says.": a
                // role in lower case before the name, back to the comma
                if (std::size_t r = subject; who.kind == Who::Kind::Named && r > sb + 2) {
                    while (r > sb + 2 && subject - r < 4 && is_word(toks[r - 1])
                           && !toks[r - 1].capitalized && !PREPOSITIONS.count(toks[r - 1].lower)
                           && !PRONOUNS.count(toks[r - 1].lower) && toks[r - 1].lower != "and"
                           && toks[r - 1].lower != "that" && verb_at(r - 1) == 0) {
                        --r;
                    }
                    if (r < subject && toks[r - 1].lower == ",") {
                        subject = r;
                    }
                }
                if ((ends_sentence || toks[k].lower == "told" || toks[k].lower == "tells")
                    && words_after <= 6 && subject > sb + 2 && toks[subject - 1].lower == ",") {
                    text_from = toks[sb].begin;
                    text_to = toks[subject - 1].end;
                } else if (who.first >= ve && k > sb + 2 && toks[k - 1].lower == "," && !doc.in_quote[k - 2]) {
                    // inverted: "The economy is slowing, said John Smith." / "…, reported the
                    // Washington Examiner."
                    text_from = toks[sb].begin;
                    text_to = toks[k - 2].end;
                } else {
                    std::size_t from = who.first >= ve ? std::max(after, who.last) : after;
                    std::size_t to = se;
                    // The reported clause ends at a quotation, a semicolon, or a comma opening
                    // another clause (", while Zelenskyy claimed ...", ", but", ", noting ...").
                    static const std::unordered_set<std::string> CLAUSE_OPENERS = {
                        "while",
                        "whereas",
                        "but",
                        "although",
                        "though",
                        "however",
                        "yet",
                        "and",
                        "which",
                    };
                    for (std::size_t j = from; j < se; ++j) {
                        if (doc.in_quote[j] || (toks[j].lower == "\"" && j > from)
                            || (toks[j].lower == ";" && j > from)
                            || (toks[j].lower == "whereas" && j > from)) {
                            to = j;
                            break;
                        }
                        if (toks[j].lower == "," && j > from && j + 1 < se) {
                            const std::string& w = toks[j + 1].lower;
                            bool opener = CLAUSE_OPENERS.count(w)
                                && (w != "and"
                                    || (j + 2 < se
                                        && (PRONOUNS.count(toks[j + 2].lower) || verb_at(j + 3)
                                            || m_ent.name_starting_at(m_doc, j + 2))));
                            if (opener) {
                                to = j;
                                break;
                            }
                        }
                    }
                    // a reporting participle left dangling before a quotation: "…the growing
                    // presence of North Korean forces, noting" "…" is not part of what was reported
                    for (std::size_t was = 0; was != to;) {
                        was = to;
                        while (to > from + 1
                               && (toks[to - 1].lower == "," || toks[to - 1].lower == ":")) {
                            --to;
                        }
                        if (to > from + 1 && (verb_at(to - 1) || toks[to - 1].lower == "that")
                            && toks[to - 2].lower == ",") {
                            --to;
                        }
                    }
                    // a passive that ends its sentence with the agent ("The meeting was first
                    // reported by Politico."): what was reported is its subject
                    std::size_t be = k;
                    while (be > sb
                           && (toks[be - 1].lower == "first" || toks[be - 1].lower == "also"
                               || toks[be - 1].lower == "initially")) {
                        --be;
                    }
                    bool nothing_after = true;
                    for (std::size_t j = from; j < to && nothing_after; ++j) {
                        nothing_after = !is_word(toks[j]) && toks[j].kind != TokenKind::Number;
                    }
                    static const std::unordered_set<std::string> PUBLISHED = {
                        "reported", "revealed", "disclosed", "published", "obtained", "detailed"};
                    if (nothing_after && who.first >= ve && be > sb + 1
                        && BE_FORMS.count(toks[be - 1].lower) && PUBLISHED.count(toks[k].lower)) {
                        from = sb;
                        to = be - 1;
                    }
                    if (from >= to) {
                        continue;
                    }
                    text_from = toks[from].begin;
                    text_to = toks[to - 1].end;
                }
                k = ve - 1;
            } else {
                continue;
            }
            std::vector<std::optional<std::string>> seen;
            for (const Who& who : whos) {
                Quote quote;
                quote.text = clean_text(
                    doc.text.substr(text_from, text_to > text_from ? text_to - text_from : 0)
                );
                quote.speaker = speaker_name(who);
                if (quote.text.empty()
                    || std::find(seen.begin(), seen.end(), quote.speaker) != seen.end()) {
                    continue;
                }
                seen.push_back(quote.speaker);
                quote.direct = false;
                quote.begin = text_from;
                quote.end = text_to;
                quote.sentence = s;
                remember(who, s);
                out.push_back(std::move(quote));
            }
        }
    }
    transcript_labels(out);
    std::stable_sort(out.begin(), out.end(), [](const Quote& a, const Quote& b) {
        return a.sentence < b.sentence;
    });
    return out;
}

void Pass::transcript_labels(std::vector<Quote>& out) const {
    // "WALLACE: Let's start with ..." (a transcript): a paragraph that opens with one or two words
    // in capitals and a colon is what that person said. The label must name someone the article
    // also writes in ordinary case ("Chris Wallace", "Wallace"), so headings ("UPDATE:"),
    // datelines ("WASHINGTON:") and labels "Q:" / "A:" are not speakers.
    const auto& toks = m_doc.tokens;
    // lower-case spelling → its first token written capitalized (not all capitals) outside an
    // organization
    std::optional<std::unordered_map<std::string, std::size_t>> first_ordinary;
    for (std::size_t k = 0; k < toks.size() && out.size() <= MAX_QUOTES; ++k) {
        if (k > 0 && !toks[k].newline_before) {
            continue;
        }
        std::size_t first = k;
        if (toks[first].kind == TokenKind::Punct && toks[first].lower == "\""
            && first + 1 < toks.size()) {
            ++first;
        }
        std::size_t last = first;
        while (last < toks.size() && last < first + 2 && toks[last].kind == TokenKind::Word
               && toks[last].all_caps && (last == first || !toks[last].newline_before)) {
            ++last;
        }
        if (last == first || last >= toks.size() || toks[last].lower != ":"
            || toks[last].newline_before) {
            continue;
        }
        const std::string& surname = toks[last - 1].lower;
        if (m_lex.is_place(surname) || m_lex.is_stop_capital(surname) || m_lex.is_not_org(surname)
            || m_doc.occurs_lowercase(surname)) {
            continue;
        }
        // the fullest ordinary-case name of the article ending in the label's last word
        std::optional<std::string> name;
        std::size_t best = 0;
        if (auto group = m_names.ending_in.find(surname); group != m_names.ending_in.end()) {
            for (std::size_t g : group->second) {
                const auto& n = m_names.all[g];
                if (n.size() > best) {
                    best = n.size();
                    name = m_ent.canonical_person(m_doc, n, m_names);
                }
            }
        }
        if (!name) {
            if (!first_ordinary) {  // built once: a scan of the text per label was quadratic
                first_ordinary.emplace();
                for (std::size_t x = 0; x < toks.size(); ++x) {
                    if (toks[x].capitalized && !toks[x].all_caps && m_doc.org_at[x] < 0) {
                        first_ordinary->emplace(toks[x].lower, x);
                    }
                }
            }
            if (auto x = first_ordinary->find(surname); x != first_ordinary->end()) {
                name = m_lex.canonical(toks[x->second].in(m_doc.text));
            }
        }
        if (!name && last == first + 2) {
            // "JOEL BENENSON: This is a man who …": a label of two words that are no common word
            // of the article, place, title or heading word names a person the article does not
            // otherwise write
            const std::string& given = toks[first].lower;
            static const std::unordered_set<std::string> HEADINGS = {
                "breaking", "news",    "update", "editor", "note",       "exclusive",
                "watch",    "live",    "video",  "photos", "correction", "developing",
                "read",     "more",    "full",   "text",   "transcript", "related",
                "top",      "story",   "state",  "city",   "county",     "province",
                "region",   "district"};
            bool person = given.size() > 1 && !HEADINGS.count(given) && !HEADINGS.count(surname)
                && !m_lex.is_media_head(given) && !m_lex.is_media_head(surname)
                && !m_lex.is_place(given) && !m_lex.is_title(given) && !m_lex.is_title(surname)
                && !m_lex.is_stop_capital(given) && !m_lex.is_not_org(given)
                && !m_doc.occurs_lowercase(given) && !m_lex.is_org_head(surname)
                && !m_lex.is_org_head(given) && !m_lex.is_demonym(given)
                && !m_lex.is_source_noun(surname);
            if (person) {
                std::string label;
                for (std::size_t x = first; x < last; ++x) {
                    std::string w = std::string(toks[x].in(m_doc.text));
                    for (std::size_t c = 1; c < w.size(); ++c) {
                        if (w[c] >= 'A' && w[c] <= 'Z' && w[c - 1] != '\'' && w[c - 1] != '-') {
                            w[c] = static_cast<char>(w[c] - 'A' + 'a');
                        }
                    }
                    label += (label.empty() ? "" : " ") + w;
                }
                name = m_lex.canonical(label);
            }
        }
        if (!name) {
            continue;
        }
        std::size_t end = last + 1;
        while (end < toks.size() && !toks[end].newline_before) {
            ++end;
        }
        if (end <= last + 1) {
            continue;
        }
        Quote q;
        q.begin = toks[last + 1].begin;
        q.end = toks[end - 1].end;
        q.text = collapse_space(m_doc.text.substr(q.begin, q.end - q.begin));
        q.speaker = name;
        q.direct = true;
        q.sentence = m_doc.token_sentence[last + 1];
        bool known = false;  // a quotation found by the other rules at the same place
        for (auto& o : out) {
            if (o.begin <= q.begin && q.begin < o.end + 2) {
                o.speaker = o.speaker ? o.speaker : name;
                known = true;
            }
        }
        if (!known) {
            out.push_back(std::move(q));
        }
        k = end - 1;
    }
}

}  // namespace

std::optional<std::string> QuoteExtractor::headline_speaker(
    std::string_view title, const std::vector<std::string>& names
) const {
    std::vector<Token> toks = tokenize(title.substr(0, std::min<std::size_t>(title.size(), 400)));
    // the subject: capitalized words from the start, up to a colon or a verb of saying or
    // attribution (headlines capitalize their verbs: "Says", "Tells", "Endorses")
    auto verb_at = [&](std::size_t k) {
        const Lexicon::Verbs* both = m_lex.verbs(toks[k].lower);
        for (const auto* list :
             {both ? &both->reporting : nullptr, both ? &both->attribution : nullptr}) {
            for (std::size_t i = 0; list && i < list->size(); ++i) {
                const auto& v = (*list)[i];
                std::size_t j = 0;
                while (j < v.size() && k + j < toks.size() && toks[k + j].lower == v[j]) {
                    ++j;
                }
                if (j == v.size()) {
                    return true;
                }
            }
        }
        return false;
    };
    // the first colon or verb, and the run of capitalized words right before it ("The Latest:
    // Hillary Clinton tells voters …", "Guns Are …, Howard Dean Tells …", "EXCLUSIVE – Roger
    // Stone: …")
    std::size_t b = 0, e = 0;
    bool colon = false;
    for (std::size_t k = 1; k < toks.size() && k < 40; ++k) {
        colon = toks[k].lower == ":";
        if (!colon && !verb_at(k)) {
            continue;
        }
        b = k;
        while (b > 0 && k - b < 5 && toks[b - 1].kind == TokenKind::Word && toks[b - 1].capitalized
               && !(colon && toks[b - 1].all_caps && toks[b - 1].lower.size() > 4)) {
            --b;
        }
        if (b < k && !(colon && b > 0 && !is_dash(toks[b - 1]))) {
            e = k;
        }
        break;
    }
    if (e == 0) {
        return std::nullopt;
    }
    if (toks[b].lower == "the" && b + 1 < e) {
        ++b;
    }
    std::string subject(title.substr(toks[b].begin, toks[e - 1].end - toks[b].begin));
    std::string key = fold_key(subject), canonical = fold_key(m_lex.canonical(subject));
    if (m_lex.is_place(key) || m_lex.is_place(canonical)) {
        return std::nullopt;
    }
    for (const auto& n : names) {  // the same name, or its alias
        std::string nk = fold_key(n);
        if (nk == key || nk == canonical) {
            return n;
        }
    }
    for (const auto& n : names) {  // "Clinton Says …": the full name the article gives
        std::string nk = fold_key(n);
        if (nk.find(' ') != std::string::npos && nk.ends_with(" " + key)) {
            return n;
        }
    }
    // 'Ann Coulter: …' (the author of an opinion piece, named nowhere else): two or three
    // capitalized words that are no title, place, organization word or common word
    if (colon && e - b >= 2 && e - b <= 3) {
        for (std::size_t k = b; k < e; ++k) {
            const std::string& w = toks[k].lower;
            if (toks[k].all_caps || w.size() < 2 || m_lex.is_title(w) || m_lex.is_place(w)
                || m_lex.is_demonym(w) || m_lex.is_stop_capital(w) || m_lex.is_org_head(w)
                || m_lex.is_org_start(w) || m_lex.is_source_noun(w) || m_lex.is_not_org(w)) {
                return std::nullopt;
            }
        }
        return m_lex.canonical(subject);
    }
    return std::nullopt;
}

std::vector<Quote> QuoteExtractor::extract(Document& doc, bool* capped) const {
    Pass pass(m_lex, m_entities, doc);
    std::vector<Quote> out = pass.run();
    if (out.size() > MAX_QUOTES) {
        out.resize(MAX_QUOTES);
        if (capped != nullptr) {
            *capped = true;
        }
    }
    return out;
}

}  // namespace dossier::analyzers::extract
