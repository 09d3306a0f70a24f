#include "analyzers/extractors/entity_extractor.hpp"

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "analyzers/normalizer.hpp"
#include "analyzers/text.hpp"

namespace dossier::analyzers::extract {

namespace {

bool is_connector_word(const Token& t) {
    return t.kind == TokenKind::Word && !t.capitalized
        && (t.lower == "of" || t.lower == "for" || t.lower == "on" || t.lower == "the"
            || t.lower == "de");
}

/// The dot after a one-letter initial inside a name: "John D. Podesta", "Loretta E. Lynch".
bool is_initial_dot(const Document& doc, std::size_t k) {
    const auto& toks = doc.tokens;
    return k > 0 && k + 1 < toks.size() && toks[k].lower == "." && !toks[k].space_before
        && toks[k - 1].kind == TokenKind::Word && toks[k - 1].capitalized
        && toks[k - 1].lower.size() == 1 && toks[k + 1].kind == TokenKind::Word
        && toks[k + 1].capitalized && !toks[k + 1].newline_before;
}

/// Initials written as one dotted word before a surname: "G.K. Butterfield", "J.K. Rowling".
bool is_dotted_initials(const Token& t) {
    return t.kind == TokenKind::Word && t.lower.size() == 4 && t.lower[1] == '.'
        && t.lower[3] == '.';
}

bool is_ordinal_suffix(const std::string& w) {
    return w == "th" || w == "st" || w == "nd" || w == "rd";
}

/// Display form of a token range: normalized (quotes folded, accents removed), spaces collapsed,
/// no space before a possessive.
std::string display(const Document& doc, std::size_t first, std::size_t last) {
    std::string out;
    for (std::size_t k = first; k < last; ++k) {
        const Token& t = doc.tokens[k];
        if (!out.empty() && t.space_before) {
            out += ' ';
        }
        out += t.in(doc.text);
    }
    return collapse_space(normalize(out));
}

/// Share of all-capital words in the sentence of token k: headlines and wire slugs in capitals
/// ("TOWER REPORT DIMINISHES ...") are not a source of acronyms.
bool shouting(const Document& doc, std::size_t k) {
    std::size_t s = doc.token_sentence[k];
    std::size_t words = 0, caps = 0;
    for (std::size_t i = doc.sentence_first[s]; i < doc.sentence_end(s); ++i) {
        if (doc.tokens[i].kind == TokenKind::Word) {
            ++words;
            caps += doc.tokens[i].all_caps;
        }
    }
    return words >= 3 && caps * 2 > words;
}

/// A corporate suffix ends the capitalized run starting at k ("… Investors Service Inc").
bool corporate_suffix_ahead(const Document& doc, std::size_t k) {
    static const std::unordered_set<std::string> SUFFIXES = {
        "inc",
        "corp",
        "co",
        "ltd",
        "plc",
        "llc",
        "ag",
        "sa",
        "nv",
        "corporation",
        "company",
        "limited"};
    const auto& toks = doc.tokens;
    std::string last;
    for (const std::size_t end = k + MAX_NAME_TOKENS;
         k < toks.size() && k < end && !toks[k].newline_before;
         ++k) {
        if (toks[k].kind != TokenKind::Word || !toks[k].capitalized) {
            break;
        }
        last = toks[k].lower;
    }
    return SUFFIXES.count(last) != 0;
}

/// An all-capital word next to another on the same line: a dateline or heading in capitals
/// ("NEW YORK", "HONG KONG", "PHNOM PENH"), not an acronym.
/// One past the last token of gazetteer form `p` written from token `i` ("Corp." matches
/// "corp"; a Capitalized form wants its words capitalized, connectors aside), or 0 when it is not
/// written there. The written case of an Exact form is the caller's to check.
std::size_t pattern_end(const Document& doc, std::size_t i, const OrgPattern& p) {
    const auto& toks = doc.tokens;
    std::size_t k = i, w = 0;
    while (w < p.words.size()) {
        if (k < toks.size() && toks[k].lower == "." && p.words[w] != "." && k > i) {
            ++k;  // "Corp." against "corp"
            continue;
        }
        if (k >= toks.size() || toks[k].lower != p.words[w]) {
            return 0;
        }
        if (p.letter_case == OrgPattern::Case::Capitalized && toks[k].kind == TokenKind::Word
            && !toks[k].capitalized && !is_connector_word(toks[k]) && toks[k].lower != "'s"
            && toks[k].lower != "and") {
            return 0;
        }
        ++k;
        ++w;
    }
    return k;
}

bool caps_neighbour(const Document& doc, std::size_t k) {
    const auto& toks = doc.tokens;
    bool before = k > 0 && !toks[k].newline_before && toks[k - 1].kind == TokenKind::Word
        && toks[k - 1].all_caps;
    bool after = k + 1 < toks.size() && !toks[k + 1].newline_before
        && toks[k + 1].kind == TokenKind::Word && toks[k + 1].all_caps;
    return before || after;
}

/// A one-word organization of the gazetteer read where it is a surname: after a title
/// ("President Ford") or after one capitalized given name that itself follows a title or
/// no capital ("Atlantic City Mayor Don Guardian", "said Robert Ford"). The word before is no
/// place ("Manchester Guardian"), no organization word, no stop capital ("The Guardian") and no
/// demonym, and the two share a line.
bool surname_after_name(const Document& doc, std::size_t i, const Lexicon& lex) {
    const auto& toks = doc.tokens;
    if (i == 0 || toks[i].newline_before || !toks[i].space_before) {
        return false;
    }
    // after a middle initial the word is a surname whatever precedes: "Robert S. Ford",
    // "J.K. Ford"
    if ((is_dotted_initials(toks[i - 1]) && !lex.is_place(fold_key(toks[i - 1].lower)))
        || (i >= 3 && is_initial_dot(doc, i - 1) && toks[i - 3].kind == TokenKind::Word
            && toks[i - 3].capitalized && !toks[i - 3].all_caps
            && !lex.is_stop_capital(toks[i - 3].lower))) {
        return true;
    }
    const Token& prev = toks[i - 1];
    if (prev.kind != TokenKind::Word || !prev.capitalized || prev.all_caps) {
        return false;
    }
    if (lex.is_title(prev.lower)) {
        return true;
    }
    if (prev.lower.size() < 2 || lex.is_place(fold_key(prev.lower))
        || lex.is_stop_capital(prev.lower) || lex.is_demonym(prev.lower)
        || lex.is_org_head(prev.lower) || lex.is_org_start(prev.lower)
        || lex.is_media_head(prev.lower) || lex.org_patterns(prev.lower) != nullptr
        || lex.is_not_surname(prev.lower)
        || (doc.sentence_initial(i - 1) && doc.occurs_lowercase(prev.lower))) {
        return false;
    }
    if (i < 2 || toks[i - 1].newline_before || doc.sentence_initial(i - 1)) {
        return true;
    }
    const Token& before = toks[i - 2];
    return before.kind != TokenKind::Word || !before.capitalized || lex.is_title(before.lower);
}

}  // namespace

std::unordered_map<std::size_t, std::size_t> EntityExtractor::table_clubs(const Document& doc
) const {
    // A line of a results table or standings: capitalized names each followed by a score
    // ("Bolton 3 Leeds 1": two names) or by six numbers or more ("Real Madrid 4 2 1 1 7 5 7").
    // The names are clubs (organizations) unless they are places (national sides) or common
    // words ("Net 1.2 mln vs 1.1 mln" in company results is not a club).
    const auto& toks = doc.tokens;
    std::unordered_map<std::size_t, std::size_t> out;
    // Lines are read in the raw text: a table is often hard-wrapped copy, whose line ends the
    // tokenizer reads as spaces (unwrap_lines).
    auto line_break_before = [&](std::size_t k) {
        return doc.text.substr(toks[k - 1].end, toks[k].begin - toks[k - 1].end).find('\n')
            != std::string_view::npos;
    };
    for (std::size_t b = 0; b < toks.size();) {
        std::size_t e = b + 1;
        while (e < toks.size() && !line_break_before(e)) {
            ++e;
        }
        // a line of a futures price table ("MAY7  4676  OFF 238  APR7 5069 OFF 485"): a contract
        // month, letters and a digit in one word, names no club, nor does "OFF"
        bool prices = false;
        for (std::size_t k = b; k < e && !prices; ++k) {
            prices = toks[k].kind == TokenKind::Word && toks[k].capitalized
                && std::any_of(toks[k].lower.begin(), toks[k].lower.end(), [](char c) {
                         return c >= '0' && c <= '9';
                     });
        }
        if (e - b <= 60 && !prices) {
            std::vector<std::pair<std::size_t, std::size_t>> names;  // [first, last) then numbers
            bool standings = false, innings = false;
            for (std::size_t k = b; k < e;) {
                // (names in capitals too: "DETROIT 4 Kansas City 1", home team in capitals)
                if (!(toks[k].kind == TokenKind::Word && toks[k].capitalized
                      && toks[k].lower != "'s")) {
                    ++k;
                    continue;
                }
                std::size_t last = k;
                while (last < e && last < k + 4 && toks[last].kind == TokenKind::Word
                       && (toks[last].capitalized || is_connector_word(toks[last]))) {
                    ++last;
                }
                std::size_t n = last, numbers = 0;
                while (n < e
                       && (toks[n].kind == TokenKind::Number
                           || (toks[n].lower == "." && n + 1 < e
                               && toks[n + 1].kind == TokenKind::Number))) {
                    numbers += toks[n].kind == TokenKind::Number ? 1 : 0;
                    ++n;
                }
                // a score (one number) or a standings row (six numbers or more: golf and
                // athletics rows, where the names are people, have fewer; three will do for a
                // city or county, "SEATTLE 70 63 .526 5", which is no person)
                auto town = [&] {
                    std::string key = fold_key(display(doc, k, last));
                    return m_lex.is_place(key) && !m_lex.is_nation(key);
                };
                // a town before its score after a colon or a comma, as in cricket scores:
                // "Hove : Sussex 363 ( W. Athey 111 ) , Lancashire 197-8"
                // (a score "363" or "197-8", not a bowler's "20-5-55-2")
                std::size_t after = n;
                if (after + 1 < e && toks[after].lower == "-"
                    && toks[after + 1].kind == TokenKind::Number) {
                    after += 2;
                }
                bool town_score = numbers == 1 && k > b
                    && (toks[k - 1].lower == ":" || toks[k - 1].lower == ",")
                    && (after == e || toks[after].lower == "," || toks[after].lower == "("
                        || toks[after].lower == "and" || toks[after].lower == ".");
                if (((numbers == 1 || numbers >= 6 || (numbers >= 3 && town()))
                     && (k == b || toks[k - 1].kind == TokenKind::Number))
                    || town_score) {
                    names.emplace_back(k, last);
                    standings = standings || numbers >= 3;
                    // an innings: runs-wickets ("197-8") or a total with a second innings or
                    // the bowling after it ("83 and 174", "363 ( W. Athey 111 )"), which a
                    // goalscorer's minute ("Drogba 107 , Kezman 112") never has
                    innings = innings
                        || (town_score
                            && (after > n
                                || (after < e
                                    && (toks[after].lower == "(" || toks[after].lower == "and"))));
                }
                k = std::max(n, last);
            }
            if (!innings) {  // names after a colon or a comma count only in a cricket line
                names.erase(
                    std::remove_if(
                        names.begin(),
                        names.end(),
                        [&](const auto& nm) {
                            return nm.first > b && toks[nm.first - 1].kind != TokenKind::Number;
                        }
                    ),
                    names.end()
                );
            }
            if (names.size() >= 2 || (standings && names.size() == 1)) {
                for (auto [f, l] : names) {
                    std::string key = fold_key(display(doc, f, l));
                    // a country is a national side (a place); a city, state or county
                    // ("Seattle 5 Boston 3", "Surrey 312 Kent 198") names a club
                    if (m_lex.is_nation(key) || m_lex.is_demonym(key)
                        || m_lex.is_stop_capital(toks[f].lower)
                        || (l - f == 1 && doc.occurs_lowercase(toks[f].lower))
                        || toks[l - 1].lower.size() < 3) {
                        continue;
                    }
                    out.emplace(f, l);
                }
            }
        }
        b = e;
    }
    // A town beside a verb of a result is a club: "Leicestershire beat Somerset by an innings",
    // "Durham drew with Kent" (a country stays a national side, a place).
    static const std::unordered_set<std::string> RESULTS = {
        "beat", "beats", "defeated", "thrashed", "routed", "edged", "drew", "lost", "overcame"};
    auto town_at = [&](std::size_t f, std::size_t l) {
        if (l == f || m_lex.is_stop_capital(toks[f].lower) || m_lex.is_title(toks[f].lower)
            || (l - f == 1 && doc.occurs_lowercase(toks[f].lower))) {
            return false;
        }
        std::string key = fold_key(display(doc, f, l));
        return !m_lex.is_nation(key) && !m_lex.is_demonym(key);
    };
    // The team named by up to three capitalized words before token k, or k when none: not a
    // national side ("New Zealand"), without a word opening the sentence that the article
    // writes in lower case ("Injured Chelsea striker")
    auto team_before = [&](std::size_t k) {
        std::size_t f = k;
        while (f > 0 && f + 3 > k && toks[f - 1].kind == TokenKind::Word && toks[f - 1].capitalized
        ) {
            --f;
        }
        if (f < k && m_lex.is_nation(fold_key(display(doc, f, k)))) {
            return k;
        }
        while (f < k
               && (m_lex.is_stop_capital(toks[f].lower) || m_lex.is_demonym(toks[f].lower)
                   || (doc.sentence_initial(f) && doc.occurs_lowercase(toks[f].lower)))) {
            ++f;
        }
        return f;
    };
    // what a result needs after it: a score ("2-1", "3 0") or a margin ("by an innings", "by
    // 39 runs", "by five wickets")
    auto result_follows = [&](std::size_t a) {
        if (a + 2 < toks.size() && toks[a].kind == TokenKind::Number && toks[a + 1].lower == "-"
            && toks[a + 2].kind == TokenKind::Number) {
            // one score ("3-1"), not the sets of a tennis match ("7-6 (8-6) 6-2")
            for (std::size_t x = a + 3; x + 2 < toks.size() && x < a + 9; ++x) {
                if (toks[x].kind == TokenKind::Number && toks[x + 1].lower == "-"
                    && toks[x + 2].kind == TokenKind::Number) {
                    return false;
                }
            }
            return true;
        }
        if (a + 2 >= toks.size() || toks[a].lower != "by") {
            return false;
        }
        static const std::unordered_set<std::string> MARGINS = {
            "innings", "runs", "wickets", "goals"};
        for (std::size_t x = a + 1; x < toks.size() && x < a + 4; ++x) {
            if (MARGINS.count(toks[x].lower)) {
                return true;
            }
        }
        return false;
    };
    // A team before a player's role and his name: "Surrey all-rounder Adam Hollioake",
    // "Lancashire batsman Graham Lloyd" ("England captain Mike Atherton": a national side)
    static const std::unordered_set<std::string> ROLES = {
        "captain",     "skipper",   "batsman",  "bowler",     "seamer",     "spinner",
        "paceman",     "opener",    "all",      "striker",    "midfielder", "defender",
        "goalkeeper",  "winger",    "pitcher",  "shortstop",  "outfielder", "infielder",
        "quarterback", "playmaker", "fullback", "centre-back"};
    for (std::size_t k = 1; k + 2 < toks.size(); ++k) {
        // (the cheap tests first: this runs over every token of every article) a capitalized
        // word, a verb or role in lower case, then a name, "with" / "to", or "-rounder"
        const Token& next = toks[k + 1];
        if (!toks[k - 1].capitalized || toks[k].capitalized || toks[k].kind != TokenKind::Word
            || !(
                next.capitalized || next.lower == "with" || next.lower == "to" || next.lower == "-"
            )) {
            continue;
        }
        if (RESULTS.count(toks[k].lower)) {
            std::size_t f = team_before(k);  // the subject
            std::size_t a = k + 1;           // the object, after "with" / "to"
            if (toks[a].lower == "with" || toks[a].lower == "to") {
                ++a;
            }
            std::size_t l = a;
            while (l < toks.size() && l < a + 3 && toks[l].kind == TokenKind::Word
                   && toks[l].capitalized) {
                ++l;
            }
            if (town_at(f, k) && town_at(a, l) && result_follows(l)) {
                out.emplace(f, k);
                out.emplace(a, l);
            }
            continue;
        }
        std::size_t r = k;  // the role word ("all-rounder" ends in "rounder")
        if (toks[k].lower == "all") {
            if (next.lower != "-" || next.space_before || k + 3 >= toks.size()
                || toks[k + 2].lower != "rounder") {
                continue;
            }
            r = k + 2;
        }
        if (!toks[r + 1].capitalized || toks[r + 1].kind != TokenKind::Word
            || !ROLES.count(toks[k].lower)) {
            continue;
        }
        std::size_t f = team_before(k);
        if (f < k && (f == 0 || toks[f - 1].lower != "'s") && town_at(f, k)) {
            out.emplace(f, k);
        }
    }
    // Once a club, everywhere in the article: "Essex , however , look certain to regain their
    // top spot" after "Essex 372"
    std::unordered_map<std::string, std::size_t> names;  // fold_key -> length in tokens
    for (auto [f, l] : out) {
        names.emplace(fold_key(display(doc, f, l)), l - f);
    }
    for (std::size_t k = 0; k < toks.size() && !names.empty(); ++k) {
        if (toks[k].kind != TokenKind::Word || !toks[k].capitalized || out.count(k)) {
            continue;
        }
        for (const auto& [key, len] : names) {
            if (k + len <= toks.size() && fold_key(display(doc, k, k + len)) == key
                && (k + len == toks.size() || !toks[k + len].capitalized
                    || toks[k + len].kind != TokenKind::Word)) {
                out.emplace(k, k + len);
                break;
            }
        }
    }
    return out;
}

bool EntityExtractor::is_name_word(const Document& doc, std::size_t k) const {
    const Token& t = doc.tokens[k];
    if (!t.capitalized && t.lower.size() <= 3 && is_name_particle(doc, k)) {
        return true;  // (the size test first: this runs for every word)
    }
    if (t.kind != TokenKind::Word || !t.capitalized || t.lower == "'s") {
        return false;
    }
    if (!m_lex.is_stop_capital(t.lower)) {
        return true;
    }
    // A month that is also a surname, right after a name word and not before a number or
    // another capitalized word: "Theresa May said", "Prime Minister May" (not "in May 2016",
    // "Friday, May 5", a title-case "Trump May Win").
    static const std::unordered_set<std::string> MONTH_SURNAMES = {"may", "march", "june"};
    const auto& toks = doc.tokens;
    return MONTH_SURNAMES.count(t.lower) && k > 0 && !t.newline_before
        && toks[k - 1].kind == TokenKind::Word && toks[k - 1].capitalized && !toks[k - 1].all_caps
        && !m_lex.is_stop_capital(toks[k - 1].lower)
        && (k + 1 == toks.size() || toks[k + 1].kind != TokenKind::Number)
        && (k + 1 == toks.size() || toks[k + 1].kind != TokenKind::Word || !toks[k + 1].capitalized
        );
}

bool EntityExtractor::is_name_particle(const Document& doc, std::size_t k) const {
    // "Gerhard de Kock", "Richard von Weizsaecker", "Barend du Plessis", "Pierre de Vos": a
    // lower-case particle between a first name and a capitalized surname
    static const std::unordered_set<std::string> PARTICLES = {
        "de", "du", "da", "di", "von", "van", "der", "den", "ter", "dos", "bin", "ibn"};
    const auto& toks = doc.tokens;
    const Token& t = toks[k];
    if (t.kind != TokenKind::Word || t.capitalized || !PARTICLES.count(t.lower) || k == 0) {
        return false;
    }
    if ((t.lower == "der" || t.lower == "den")
        && (toks[k - 1].lower == "van" || toks[k - 1].lower == "von")) {
        return is_name_particle(doc, k - 1);  // "Joost van der Westhuizen"
    }
    std::size_t next = k + 1;
    if (next < toks.size() && (toks[next].lower == "der" || toks[next].lower == "den")
        && (t.lower == "van" || t.lower == "von")) {
        ++next;  // "Jan van der Velde"
    }
    const Token& before = toks[k - 1];
    return next < toks.size() && !t.newline_before && !toks[next].newline_before
        && before.kind == TokenKind::Word && before.capitalized && !before.all_caps
        && !m_lex.is_stop_capital(before.lower) && !m_lex.is_title(before.lower)
        && !m_lex.is_place(before.lower) && toks[next].kind == TokenKind::Word
        && toks[next].capitalized && !toks[next].all_caps
        && !m_lex.is_stop_capital(toks[next].lower) && !m_lex.is_place(toks[next].lower);
}

void EntityExtractor::find_organizations(Document& doc) const {
    const auto& toks = doc.tokens;
    std::unordered_map<std::string, std::string> acronyms;  // defined in this article: "HUR" → name
    std::size_t person_of_until = 0;  // "Lynn Reaser of ...": no organization starts before "of"

    auto add = [&doc](std::size_t first, std::size_t last, std::string name) {
        int index = static_cast<int>(doc.orgs.size());
        doc.orgs.push_back({MentionKind::Organization, first, last, std::move(name)});
        for (std::size_t k = first; k < last; ++k) {
            doc.org_at[k] = index;
        }
    };

    // The wire sign-off: a last line "Reuter" (Reuters-21578) or "REUTERS" is not a mention.
    std::size_t signoff = toks.size();
    for (std::size_t k = toks.size(); k-- > 0;) {
        if (toks[k].kind == TokenKind::Word) {
            if ((toks[k].lower == "reuter" || toks[k].lower == "reuters")
                && toks[k].newline_before) {
                signoff = k;
            }
            break;
        }
    }

    std::unordered_map<std::size_t, std::size_t> clubs = table_clubs(doc);
    // Lower-case spellings written at least once without a possessive after them.
    std::optional<std::unordered_set<std::string>> written_bare;
    // Positions of capitalized words by their lower-case form (built on first use).
    std::optional<std::unordered_map<std::string, std::vector<std::size_t>>> capitalized_index;
    // The positions of capitalized words written `lower`, built on first use.
    auto capitalized_at = [&](const std::string& lower) -> const std::vector<std::size_t>* {
        if (!capitalized_index) {
            capitalized_index.emplace();
            for (std::size_t x = 0; x < toks.size(); ++x) {
                if (toks[x].kind == TokenKind::Word && toks[x].capitalized) {
                    (*capitalized_index)[toks[x].lower].push_back(x);
                }
            }
        }
        const auto it = capitalized_index->find(lower);
        return it == capitalized_index->end() ? nullptr : &it->second;
    };
    // True when the capitalized name after an "and" at `at - 1` (its first two words, or its one
    // word) is written elsewhere in the article, outside the span [from, at + 2) and not after
    // another "and" or "&": "Fiat and General Motors" is two companies when the article also
    // writes "General Motors" alone; "Food and Drug Administration" never writes "Drug
    // Administration" alone.
    auto written_apart = [&](std::size_t from, std::size_t at) {
        const bool two = at + 1 < toks.size() && toks[at + 1].kind == TokenKind::Word
            && toks[at + 1].capitalized && !toks[at + 1].newline_before;
        const std::vector<std::size_t>* positions = capitalized_at(toks[at].lower);
        if (positions == nullptr) {
            return false;
        }
        for (const std::size_t x : *positions) {
            if ((x >= from && x < at + 2)
                || (two && (x + 1 >= toks.size() || toks[x + 1].lower != toks[at + 1].lower))) {
                continue;
            }
            if (x > 0
                && (toks[x - 1].lower == "and" || toks[x - 1].lower == "&"
                    || (toks[x - 1].kind == TokenKind::Word && toks[x - 1].capitalized
                        && !toks[x].newline_before && !doc.sentence_initial(x - 1)))) {
                // (after "and", or the end of a longer name: "El Paso Electric Co")
                continue;
            }
            return true;
        }
        return false;
    };

    // True when the one word before an "and" at `word + 1` is written elsewhere in the article as
    // a name of one word (capitalized inside a sentence, then neither a capitalized word nor "and"
    // or "&"), outside [word, at + 2): "Fiat and General Motors" when the article also writes
    // "Fiat, Italy's largest private sector employer".
    auto written_alone = [&](std::size_t word, std::size_t at) {
        const std::vector<std::size_t>* positions = capitalized_at(toks[word].lower);
        if (positions == nullptr) {
            return false;
        }
        for (const std::size_t x : *positions) {
            if ((x >= word && x < at + 2) || doc.sentence_initial(x) || toks[x].all_caps
                || (x > 0 && toks[x - 1].kind == TokenKind::Word && toks[x - 1].capitalized
                    && !toks[x].newline_before)) {
                continue;  // (the end of a longer name: "Far West Savings said")
            }
            const bool alone = x + 1 >= toks.size() || toks[x + 1].newline_before
                || (!(toks[x + 1].kind == TokenKind::Word && toks[x + 1].capitalized)
                    && toks[x + 1].lower != "and" && toks[x + 1].lower != "&"
                    && toks[x + 1].lower != "'s");
            if (alone) {
                return true;
            }
        }
        return false;
    };

    // A gazetteer organization of one word ("Ford", "Exxon"): "Ford and General Motors" is two.
    auto known_one_word = [&](const std::string& w) {
        const std::vector<OrgPattern>* patterns = m_lex.org_patterns(w);
        return patterns != nullptr
            && std::any_of(patterns->begin(), patterns->end(), [](const OrgPattern& p) {
                   return p.words.size() == 1 && p.letter_case != OrgPattern::Case::Exact;
               });
    };

    // A gazetteer organization of several words starts at `at` ("... and General Motors").
    auto known_at = [&](std::size_t at) {
        const std::vector<OrgPattern>* patterns = m_lex.org_patterns(toks[at].lower);
        return patterns != nullptr
            && std::any_of(patterns->begin(), patterns->end(), [&](const OrgPattern& p) {
                   return p.words.size() >= 2 && pattern_end(doc, at, p) != 0;
               });
    };

    for (std::size_t i = 0; i < toks.size(); ++i) {
        const Token& t = toks[i];
        if (t.kind == TokenKind::Punct || i == signoff) {
            continue;
        }
        std::size_t best_len = 0;
        std::string best_name;

        // Results and standings lines: "Bolton 3 Leeds 1", "Real Madrid 4 2 1 1 7 5 7".
        if (auto c = clubs.find(i); c != clubs.end()) {
            best_len = c->second - i;
            best_name = m_lex.canonical(display(doc, i, c->second));
        }

        // 0. Wire conventions: "<TWA>" is a ticker, not a mention; "<Airbus Industrie>" names a
        // company.
        if (i > 0 && toks[i - 1].lower == "<" && !t.space_before) {
            std::size_t k = i;
            bool capitalized = true;
            while (k < toks.size() && k < i + 10 && toks[k].lower != ">" && !toks[k].newline_before
            ) {
                capitalized = capitalized
                    && (toks[k].kind != TokenKind::Word || toks[k].capitalized
                        || is_connector_word(toks[k]) || toks[k].lower == "'s"
                        || toks[k].lower == "and");
                ++k;
            }
            if (k < toks.size() && toks[k].lower == ">") {
                bool lower_case = false;
                for (std::size_t x = i; x < k; ++x) {
                    std::string_view raw = toks[x].in(doc.text);
                    lower_case = lower_case || std::any_of(raw.begin(), raw.end(), [](char ch) {
                                     return ch >= 'a' && ch <= 'z';
                                 });
                }
                if (!lower_case) {
                    i = k;
                    continue;  // ticker: "<TWA>", "<F>", "<BRT.T>"
                }
                if (capitalized && !t.all_caps) {
                    add(i, k, m_lex.canonical(display(doc, i, k)));
                    i = k;
                    continue;
                }
            }
        }

        // 1. Gazetteer forms.
        if (const auto* patterns = m_lex.org_patterns(t.lower)) {
            for (const auto& p : *patterns) {
                const std::size_t k = pattern_end(doc, i, p);
                if (k == 0) {
                    continue;
                }
                if (p.letter_case == OrgPattern::Case::Exact && toks[i].in(doc.text) != p.exact) {
                    continue;
                }
                if (p.words.size() == 1 && p.letter_case == OrgPattern::Case::Capitalized
                    && doc.sentence_initial(i) && doc.occurs_lowercase(t.lower)) {
                    continue;  // "Treasury bills ..." at a sentence start is not the Treasury
                }
                if (p.words.size() == 1 && p.letter_case == OrgPattern::Case::Capitalized
                    && surname_after_name(doc, i, m_lex)) {
                    continue;  // "Mayor Don Guardian" is no newspaper
                }
                if (k - i > best_len) {
                    best_len = k - i;
                    best_name = m_lex.org_name(p.group);
                }
                break;  // patterns are longest first
            }
        }

        // 2. Ordinal military units: "8th Regiment", "47th Mechanized Brigade".
        if (t.kind == TokenKind::Number && i + 2 < toks.size()
            && is_ordinal_suffix(toks[i + 1].lower) && !toks[i + 1].space_before) {
            std::size_t k = i + 2;
            while (k < toks.size() && k < i + 6 && toks[k].kind == TokenKind::Word
                   && toks[k].capitalized) {
                if (m_lex.is_org_head(toks[k].lower)) {
                    if (k + 1 - i > best_len) {
                        best_len = k + 1 - i;
                        best_name = display(doc, i, k + 1);
                    }
                }
                ++k;
            }
        }

        // 3. Capitalized spans with an organization head or start word. "New" starts one only
        // as part of a place ("the New York Post", "New Jersey Transit").
        bool new_place = t.lower == "new" && i + 1 < toks.size() && toks[i + 1].capitalized
            && (m_lex.is_place("new " + toks[i + 1].lower)
                || (i + 2 < toks.size()
                    && m_lex.is_place("new " + toks[i + 1].lower + " " + toks[i + 2].lower)));
        // (an acronym opens a name that ends in a head: "SITE Intelligence Group"; a known one
        // too when a media title's last word follows it: "CBS News reported", "ABC News")
        auto head_ahead = [&](std::size_t k) {
            std::size_t x = k;
            while (x < toks.size() && x < k + 6 && toks[x].kind == TokenKind::Word
                   && toks[x].capitalized && !toks[x].all_caps && !toks[x].newline_before) {
                ++x;
            }
            return x > k && m_lex.is_org_head(toks[x - 1].lower);
        };
        auto media_title = [&](std::size_t k) {
            return k < toks.size() && toks[k].kind == TokenKind::Word && toks[k].capitalized
                && !toks[k].all_caps && !toks[k].newline_before
                && m_lex.is_media_head(toks[k].lower);
        };
        if (t.kind == TokenKind::Word && (is_name_word(doc, i) || new_place)
            && (!t.all_caps
                || ((corporate_suffix_ahead(doc, i + 1)
                     || (!m_lex.is_place(fold_key(t.lower)) && !m_lex.is_not_org(t.lower)
                         && ((head_ahead(i + 1) && !m_lex.org_patterns(t.lower))
                             || media_title(i + 1))))
                    && !shouting(doc, i)))
            && !(doc.sentence_initial(i) && doc.occurs_lowercase(t.lower))) {
            std::vector<std::size_t> run{i};
            std::size_t k = i + 1;
            while (k < toks.size() && k < i + MAX_NAME_TOKENS && !toks[k].newline_before) {
                if (toks[k].kind == TokenKind::Word && toks[k].capitalized
                    && toks[k].lower != "'s") {
                    run.push_back(k++);
                    continue;
                }
                // connectors inside a name: "Ministry of Defence", "Institute for the Study of
                // War", "Marks & Spencer"; "and" after one word that is not a place or head ("Food
                // and Drug Administration", "Standard and Poor's Corp"), and a possessive kept only
                // when the name ends in a corporate suffix ("Moody's Investors Service Inc"; not
                // "South Korea's National Intelligence Service").
                std::size_t c = k;
                while (c < toks.size() && (is_connector_word(toks[c]) || toks[c].lower == "&")
                       && c < k + 2) {
                    ++c;
                }
                if (c == k && toks[k].lower == "and" && k + 1 < toks.size()) {
                    const std::string& prev = toks[k - 1].lower;
                    const std::string& next = toks[k + 1].lower;
                    // (a place opening the name does not count: "United States Citizenship
                    // and Immigration Services")
                    std::size_t place_words = 0;
                    for (std::size_t n = 2; n <= 3 && place_words == 0 && n < run.size(); ++n) {
                        if (run[n - 1] == i + n - 1
                            && m_lex.is_place(fold_key(display(doc, i, i + n)))) {
                            place_words = n;
                        }
                    }
                    bool short_start = run.size() <= 2 + place_words && k == run.back() + 1
                        && !m_lex.is_org_head(prev) && !m_lex.is_place(fold_key(prev))
                        && !m_lex.is_demonym(prev) && !m_lex.is_org_start(next)
                        && !written_apart(i, k + 1) && !written_alone(k - 1, k + 1)
                        && !known_one_word(prev) && !known_at(k + 1);
                    bool inside_of = m_lex.is_org_start(toks[i].lower) && k > i + 2
                        && !m_lex.is_org_start(next) && !m_lex.is_org_head(next);
                    bool and_co = next == "co" || next == "company" || next == "sons";
                    if (short_start || inside_of || and_co) {
                        c = k + 1;
                    }
                }
                if (c == k && toks[k].lower == "'s" && !toks[k].space_before
                    && corporate_suffix_ahead(doc, k + 1)
                    && !m_lex.is_place(fold_key(display(doc, i, k)))) {
                    // ... and only when the owner is never written without it: "Icahn's Transworld
                    // Airlines Inc" is Icahn's airline when the article also has "Icahn said".
                    if (!written_bare) {  // built once: a scan of the text per owner was quadratic
                        written_bare.emplace();
                        for (std::size_t x = 0; x + 1 < toks.size(); ++x) {
                            if (toks[x + 1].lower != "'s") {
                                written_bare->insert(toks[x].lower);
                            }
                        }
                    }
                    if (!written_bare->count(toks[k - 1].lower)) {
                        c = k + 1;
                    }
                }
                if (c > k && c < toks.size() && toks[c].kind == TokenKind::Word
                    && toks[c].capitalized && toks[c].lower != "'s"
                    && !m_lex.is_stop_capital(toks[c].lower)) {
                    k = c;
                    continue;
                }
                break;
            }
            std::size_t first = i;
            if (m_lex.is_demonym(toks[first].lower) && run.size() >= 3) {
                first = run[1];  // "Ukrainian Special Operations Forces": see below
            }
            std::size_t end = 0;  // one past the last token of the organization name
            for (std::size_t r = 0; r < run.size(); ++r) {
                const std::string& w = toks[run[r]].lower;
                if ((m_lex.is_org_head(w) || m_lex.is_media_head(w)) && run[r] > first) {
                    end = run[r] + 1;
                }
            }
            // (a head word opens "X of Y" names too: "Association of Retired Persons", "Bureau
            // of Labor Statistics")
            bool starts_with_start_word =
                (m_lex.is_org_start(toks[first].lower) || m_lex.is_org_head(toks[first].lower))
                && run.back() > first + 1 && is_connector_word(toks[first + 1]);
            if (starts_with_start_word) {
                end = std::max(end, run.back() + 1);
            }
            bool head_for = false;  // the name ends in what a head is "for" ("... for Justice")
            for (std::size_t r = 1; r + 1 < run.size(); ++r) {
                // "Chicago Board of Trade", "Federal Reserve Bank of New York": a start word inside
                // the run
                if (m_lex.is_org_start(toks[run[r]].lower) && is_connector_word(toks[run[r] + 1])
                    && toks[run[r] + 1].lower == "of") {
                    end = std::max(end, run.back() + 1);
                }
                // "Brennan Center for Justice", "Center for American Progress": a head word, then
                // "for" and what the organization is for
                if (m_lex.is_org_head(toks[run[r]].lower) && toks[run[r] + 1].lower == "for"
                    && run[r] >= first) {
                    end = std::max(end, run.back() + 1);
                    head_for = end == run.back() + 1;
                }
            }
            // "Lynn Reaser of Barnett Banks Inc", "Don Penney of the Rochester Fire Department":
            // a person of the organization, and "Results of Major League" a word about it;
            // "Minneapolis-based First Bank System Inc": where it is. The organization starts
            // after them.
            bool prefix = toks[i].lower.ends_with("-based");
            for (std::size_t of = i + 1; !prefix && of < end && of <= i + 3; ++of) {
                if (toks[of].lower != "of"
                    || (of == i + 1 && corporate_suffix_ahead(doc, end - 1))) {
                    continue;  // (one word before "of" in a company: "Fruit of the Loom Inc")
                }
                // (titles first: "Pastor Joseph Brown of Marion Avenue Baptist Church"; a
                // surname that is a nationality after a given name: "David French of the
                // National Retail Federation")
                std::size_t from = i;
                while (from + 1 < of && m_lex.is_title(toks[from].lower)) {
                    ++from;
                }
                bool person = true;
                for (std::size_t x = from; x < of && person; ++x) {
                    person = toks[x].kind == TokenKind::Word && toks[x].capitalized
                        && !toks[x].all_caps && !m_lex.is_org_head(toks[x].lower)
                        && !m_lex.is_org_start(toks[x].lower) && !m_lex.is_media_head(toks[x].lower)
                        && !m_lex.is_title(toks[x].lower) && !m_lex.is_stop_capital(toks[x].lower)
                        && !m_lex.is_place(toks[x].lower)
                        && !(m_lex.is_demonym(toks[x].lower) && (x == from || x + 1 != of));
                }
                // ... but "Gold Fields of South Africa Ltd" is a company of a country
                for (std::size_t n = 1; person && n <= 2 && of + n < end; ++n) {
                    person = !m_lex.is_place(fold_key(display(doc, of + 1, of + 1 + n)));
                }
                if (person) {
                    prefix = true;
                    person_of_until = of;
                }
            }
            if (prefix || i < person_of_until) {
                end = 0;
            }
            if (end > first && (head_for || !m_lex.is_title(toks[end - 1].lower))
                && !m_lex.is_place(fold_key(display(doc, i, end)))) {
                std::size_t name_first = i;
                std::string name = display(doc, name_first, end);
                auto canonical = m_lex.aliases().canonical(name);
                if (!canonical && first != i) {
                    // Descriptive nationality: keep it unless the bare name is known or used alone.
                    std::string bare = display(doc, first, end);
                    if (auto c2 = m_lex.aliases().canonical(bare)) {
                        canonical = c2;
                    } else if (auto [at, again] = doc.occurrences(bare);
                               again || at < toks[i].begin) {
                        canonical = bare;
                    }
                }
                if (end - i > best_len) {
                    best_len = end - i;
                    best_name = canonical ? *canonical : name;
                }
            }
        }

        // 3b. A publication or agency named beside its descriptor: "the Indonesian daily Kompas",
        // "news agency Prensa Latina", "the Al-Akhbar newspaper", "Tanjug news agency".
        if (best_len == 0 && t.kind == TokenKind::Word && t.capitalized
            && (i == 0 || !toks[i - 1].capitalized) && !m_lex.is_stop_capital(t.lower)
            && !m_lex.is_demonym(t.lower)) {
            static const std::unordered_set<std::string> MEDIA_NOUNS = {
                "newspaper", "daily", "weekly", "tabloid", "magazine", "agency", "broadcaster"};
            std::size_t k = i;
            while (k < toks.size() && k < i + 4 && toks[k].kind == TokenKind::Word
                   && (k == i || !toks[k].newline_before)
                   && (toks[k].capitalized
                       || (k > i && k + 1 < toks.size() && toks[k + 1].capitalized
                           && (toks[k].lower == "dello" || toks[k].lower == "della"
                               || toks[k].lower == "de" || toks[k].lower == "del")))) {
                ++k;
            }
            auto media = [&](std::size_t x) {
                return x < toks.size() && toks[x].kind == TokenKind::Word && !toks[x].capitalized
                    && MEDIA_NOUNS.count(toks[x].lower) != 0;
            };
            bool before = i > 0 && media(i - 1) && toks[i - 1].lower != "agency";
            bool after = k < toks.size()
                && ((media(k) && toks[k].lower != "daily")
                    || (toks[k].lower == "news" && media(k + 1)));
            bool news_agency =
                i > 1 && toks[i - 1].lower == "agency" && toks[i - 2].lower == "news";
            if ((before || after || news_agency) && k > i && doc.org_at[i] < 0
                && !m_lex.is_place(fold_key(display(doc, i, k)))
                && !m_lex.is_demonym(fold_key(display(doc, i, k)))) {
                best_len = k - i;
                best_name = m_lex.canonical(display(doc, i, k));
            }
        }

        // 4. Acronyms: defined in this article, or unknown ones of 3-5 capitals.
        if (best_len == 0 && t.all_caps && t.kind == TokenKind::Word) {
            std::string acr(t.in(doc.text));
            if (auto it = acronyms.find(acr); it != acronyms.end()) {
                best_len = 1;
                best_name = it->second;
            } else if (acr.size() >= 3 && acr.size() <= 5 && acr.find('.') == std::string::npos && !m_lex.is_not_org(t.lower)
                       && !m_lex.is_place(fold_key(acr)) && !shouting(doc, i)
                       && !caps_neighbour(doc, i)) {
                best_len = 1;
                best_name = m_lex.canonical(acr);
            }
        }

        // 4b. A dotted acronym of three letters or more ("the F.B.I.", "The S.E.C. said", NYT
        // style) is its acronym without the dots: the gazetteer's organization when it lists the
        // acronym ("F.B.I." = FBI = Federal Bureau of Investigation), else an organization named
        // by the capitals ("F.A.A." -> FAA), so that outlets' styles give one value.
        if (best_len == 0 && t.all_caps && t.kind == TokenKind::Word) {
            std::string_view raw = t.in(doc.text);
            std::string bare;
            for (char ch : raw) {
                if (ch != '.') {
                    bare += ch;
                }
            }
            bool hyphenated = i + 1 < toks.size() && !toks[i + 1].space_before
                && (toks[i + 1].lower == "-"
                    || (toks[i + 1].lower == "." && i + 2 < toks.size() && toks[i + 2].lower == "-")
                );
            hyphenated = hyphenated || (i > 0 && !t.space_before && toks[i - 1].lower == "-");
            // ("A.F.L.-C.I.O." is neither AFL nor CIO)
            if (bare.size() >= 3 && bare.size() <= 5 && bare.size() < raw.size()
                && raw.size() >= 2 * bare.size() - 1 && !hyphenated) {
                std::string lower_bare = fold_key(bare);
                if (const auto* patterns = m_lex.org_patterns(lower_bare)) {
                    for (const auto& p : *patterns) {
                        if (p.words.size() == 1 && p.letter_case == OrgPattern::Case::Exact
                            && p.exact == bare) {
                            best_name = m_lex.org_name(p.group);
                        }
                    }
                }
                // initials are a person's: "A.J.P. Taylor", "John Percivale (A.J.P.) Taylor"
                std::size_t next = i + 1 < toks.size() && toks[i + 1].lower == "." ? i + 2 : i + 1;
                bool initials = (next < toks.size() && toks[next].kind == TokenKind::Word
                                 && toks[next].capitalized && !m_lex.is_title(toks[next].lower)
                                 && doc.token_sentence[next] == doc.token_sentence[i])
                    || (i > 0 && toks[i - 1].lower == "(" && next < toks.size()
                        && toks[next].lower == ")");
                if (best_name.empty() && !initials && !m_lex.is_not_org(lower_bare)
                    && !m_lex.is_place(lower_bare)) {
                    best_name = m_lex.canonical(bare);
                }
                best_len = best_name.empty() ? 0 : 1;
                if (best_len == 1 && i + 1 < toks.size() && toks[i + 1].lower == "."
                    && !toks[i + 1].space_before
                    && doc.token_sentence[i + 1] == doc.token_sentence[i] && i + 2 < toks.size()
                    && !toks[i + 2].capitalized) {
                    best_len = 2;  // the final dot, when it does not end the sentence
                }
            }
        }

        // 4c. A web site named by its domain: "Factcheck.org", "GunBroker.com", "Outsports.com".
        if (best_len == 0 && t.kind == TokenKind::Word && t.capitalized && i + 2 < toks.size()
            && toks[i + 1].lower == "." && !toks[i + 1].space_before && !toks[i + 2].space_before
            && (toks[i + 2].lower == "com" || toks[i + 2].lower == "org"
                || toks[i + 2].lower == "net")) {
            best_len = 3;
            best_name = m_lex.canonical(display(doc, i, i + 3));
        }

        if (best_len == 0) {
            continue;
        }
        std::size_t last = i + best_len;
        add(i, last, best_name);
        // "Full Name (ACR)" defines ACR; the parenthesised acronym is a mention of the same
        // organization.
        if (last + 2 < toks.size() && toks[last].lower == "(" && toks[last + 1].all_caps
            && toks[last + 2].lower == ")") {
            std::string acr(toks[last + 1].in(doc.text));
            acronyms.emplace(acr, best_name);
            add(last + 1, last + 2, best_name);
            last += 2;
        }
        i = last - 1;
    }
}

std::optional<Mention>
EntityExtractor::person_from_run(const Document& doc, std::size_t first, std::size_t last) const {
    // "Ohio-based Gencorp", "Brazilian-born Spanish", "Hong Kong-listed": an attribute, no name.
    auto is_hyphenated_attribute = [](const std::string& w) {
        for (std::string_view end :
             {"-based",
              "-born",
              "-listed",
              "-owned",
              "-controlled",
              "-ruled",
              "-sponsored",
              "-backed",
              "-led",
              "-run"}) {
            if (w.size() > end.size() && w.compare(w.size() - end.size(), end.size(), end) == 0) {
                return true;
            }
        }
        return false;
    };
    const auto& toks = doc.tokens;
    std::size_t start = first;
    for (std::size_t k = first; k < last; ++k) {
        // a title word that ends the run after a name is a surname: "Charlie King"
        // (but "Iowa Democrat", "Texas Republican": a party member from a place)
        bool surname = k + 1 == last && k > start && toks[k - 1].kind == TokenKind::Word
            && toks[k - 1].capitalized && !m_lex.is_title(toks[k - 1].lower)
            && !m_lex.is_stop_capital(toks[k - 1].lower) && !m_lex.is_demonym(toks[k - 1].lower)
            && !m_lex.is_place(fold_key(display(doc, start, k)));
        // ... and so is one after a middle initial: "Peter T. King", "Martin H. Bishop"
        surname = surname
            || (k + 1 == last && k > start + 2 && toks[k - 1].lower == "."
                && is_initial_dot(doc, k - 1));
        // ... and so is one right after an honorific: "Mr. King", "Ms. Bishop" (not a form of
        // address: "Mr. President", "Madam Speaker")
        static const std::unordered_set<std::string> HONORIFICS = {"mr", "mrs", "ms", "miss", "dr"};
        static const std::unordered_set<std::string> ADDRESSED = {
            "president",    "speaker",    "chairman", "chairwoman", "secretary",
            "mayor",        "governor",   "senator",  "justice",    "ambassador",
            "minister",     "chancellor", "prime",    "vice",       "director",
            "commissioner", "attorney",   "general",  "leader",     "chief"};
        std::size_t h = k >= 1 && toks[k - 1].lower == "." ? k - 1 : k;
        surname = surname
            || (k + 1 == last && h > first && HONORIFICS.count(toks[h - 1].lower)
                && !ADDRESSED.count(toks[k].lower));
        if ((m_lex.is_title(toks[k].lower) && !surname)
            || (toks[k].lower == "." && !is_initial_dot(doc, k))) {
            start = k + 1;
        }
    }
    while (start < last
           && (toks[start].kind != TokenKind::Word || m_lex.is_stop_capital(toks[start].lower)
               || (last - start > 2 && m_lex.is_demonym(toks[start].lower))
               || is_hyphenated_attribute(toks[start].lower))) {
        ++start;  // "Controversial Australian Anthony Hill" is Anthony Hill
    }
    // "Secretary of State George Shultz", "Chancellor of the Exchequer Nigel Lawson": the words
    // after "of" belong to the title; a name keeps at most its last two words then.
    if (start == first && start > 1) {
        std::size_t p = start - 1;
        if (toks[p].lower == "the" && p > 1) {
            --p;
        }
        if (toks[p].lower == "of" && m_lex.is_title(toks[p - 1].lower) && last - start >= 2) {
            ++start;
            while (last - start > 2) {
                ++start;
            }
        }
    }
    std::size_t initial_dots = 0;
    for (std::size_t k = start; k < last; ++k) {
        initial_dots += is_initial_dot(doc, k) ? 1 : 0;
    }
    if (start >= last || last - start - initial_dots > 4) {
        return std::nullopt;
    }
    if (toks[last - 1].lower.size() == 1 || is_dotted_initials(toks[last - 1])) {
        return std::nullopt;  // "Jeffrey N." cut at the initial's dot is not a whole name
    }
    for (std::size_t k = start; k < last; ++k) {
        if (is_initial_dot(doc, k)
            || (k == start && is_dotted_initials(toks[k]) && !m_lex.is_place(toks[k].lower))) {
            continue;  // "John D. Podesta", "G.K. Butterfield"
        }
        // a generation: "Vann R. Newkirk II", "Charles Elliott III" (not an event's number:
        // "World War II", "Super Bowl III", nor a common word's)
        if (k + 1 == last && k > start + 1 && !toks[k - 1].all_caps
            && (toks[k].lower == "ii" || toks[k].lower == "iii" || toks[k].lower == "iv")
            && toks[k - 1].lower != "war" && toks[k - 1].lower != "bowl"
            && !doc.occurs_lowercase(toks[k - 1].lower)) {
            continue;
        }
        if (k > start && k + 1 < last && is_name_particle(doc, k)) {
            continue;
        }
        if (toks[k].kind != TokenKind::Word || !toks[k].capitalized || toks[k].all_caps
            || doc.org_at[k] >= 0) {
            return std::nullopt;
        }
    }
    std::string name = display(doc, start, last);
    std::string key = fold_key(name);
    if (m_lex.is_place(key) || m_lex.is_demonym(key) || m_lex.is_source_noun(key)
        || m_lex.is_stop_capital(key)) {
        return std::nullopt;
    }
    // "Atlantic City", "World Cup", "Salomon Brothers", "South African", "Controversial
    // Australian": a place, an event, a firm or a nationality, not a person.
    const std::string& tail = toks[last - 1].lower;
    const bool plural_demonym = tail.size() > 3 && tail.back() == 's'
        && (m_lex.is_demonym(tail.substr(0, tail.size() - 1))
            || m_lex.is_demonym(key.substr(0, key.size() - 1)));
    if ((last - start >= 2 && (m_lex.is_not_surname(tail) || m_lex.is_demonym(tail)))
        || plural_demonym) {
        return std::nullopt;  // ... and "North Koreans", "Britons" are people, but nobody's name
    }
    if (last - start == 1 && doc.sentence_initial(start)) {
        // "Officials said", "Alarming reports indicate": a lone capitalized word at a sentence
        // start is a name only when the article also writes it capitalized elsewhere.
        if (doc.occurs_lowercase(toks[start].lower)) {
            return std::nullopt;
        }
        // (start itself is sentence-initial, so it is not among them)
        if (!doc.capitalized_inside_sentence(toks[start].lower)) {
            return std::nullopt;
        }
    }
    if (last - start == 1 && start == first && !m_lex.aliases().group_of(name)) {
        // A lone word is a name when a title came with it ("Mr Blair") or the article also writes
        // it after a first name ("Tony Blair"): "Trade" in "the Trade and Industry Secretary" is
        // not.
        auto after_name = [&](std::size_t k) {
            return k >= 1 && toks[k - 1].kind == TokenKind::Word && toks[k - 1].capitalized
                && !m_lex.is_stop_capital(toks[k - 1].lower) && doc.org_at[k - 1] < 0
                && !toks[k].newline_before;
        };
        if (!doc.after_first_name) {
            doc.after_first_name.emplace();
            for (std::size_t k = 1; k < toks.size(); ++k) {
                if (after_name(k)) {
                    ++(*doc.after_first_name)[toks[k].lower];
                }
            }
        }
        const auto it = doc.after_first_name->find(toks[start].lower);
        const std::size_t n = it == doc.after_first_name->end() ? 0 : it->second;
        if (n <= (after_name(start) ? 1U : 0U)) {  // another token than start itself
            return std::nullopt;
        }
    }
    if (last - start >= 2 && m_lex.is_demonym(toks[start].lower)) {
        return std::nullopt;  // "Russian Defence" ...
    }
    return Mention{MentionKind::Person, start, last, name};
}

std::optional<Mention> EntityExtractor::name_ending_at(const Document& doc, std::size_t k) const {
    if (k >= doc.tokens.size()) {
        return std::nullopt;
    }
    if (int o = doc.org_at[k]; o >= 0 && doc.orgs[static_cast<std::size_t>(o)].last == k + 1) {
        return doc.orgs[static_cast<std::size_t>(o)];
    }
    if (!is_name_word(doc, k) || doc.org_at[k] >= 0) {
        return std::nullopt;
    }
    std::size_t first = k;
    while (first > 0 && k - first + 1 < MAX_NAME_TOKENS) {
        std::size_t p = first - 1;
        if (doc.org_at[p] >= 0) {
            break;
        }
        if ((is_name_word(doc, p) || is_initial_dot(doc, p + 1)
             || (doc.tokens[p].capitalized && m_lex.is_title(doc.tokens[p].lower)))
            && !doc.tokens[first].newline_before) {
            first = p;
        } else if (doc.tokens[p].lower == "." && p > 0 && (m_lex.is_title(doc.tokens[p - 1].lower) || is_initial_dot(doc, p))) {
            first = p;
        } else {
            break;
        }
    }
    return person_from_run(doc, first, k + 1);
}

std::optional<Mention> EntityExtractor::name_starting_at(const Document& doc, std::size_t k) const {
    const auto& toks = doc.tokens;
    if (k + 1 < toks.size() && toks[k].lower == "the" && doc.org_at[k] < 0
        && doc.org_at[k + 1] >= 0) {
        ++k;
    }
    if (k >= toks.size()) {
        return std::nullopt;
    }
    if (int o = doc.org_at[k]; o >= 0 && doc.orgs[static_cast<std::size_t>(o)].first == k) {
        return doc.orgs[static_cast<std::size_t>(o)];
    }
    std::size_t last = k;
    while (last < toks.size() && last < k + MAX_NAME_TOKENS && doc.org_at[last] < 0
           && (is_name_word(doc, last) || m_lex.is_title(toks[last].lower)
               || is_initial_dot(doc, last) || (last > k && is_initial_dot(doc, last + 1))
               || (toks[last].lower == "." && last > k && m_lex.is_title(toks[last - 1].lower)))
           && (last == k || !toks[last].newline_before)) {
        ++last;
    }
    if (last == k) {
        return std::nullopt;
    }
    if (last < toks.size() && doc.org_at[last] >= 0) {
        // "said Pentagon spokesman John Kirby" is rare; a title run ending at an organization is
        // the organization
        bool only_titles = true;
        for (std::size_t p = k; p < last; ++p) {
            only_titles = only_titles && (m_lex.is_title(toks[p].lower) || toks[p].lower == ".");
        }
        if (only_titles) {
            return std::nullopt;
        }
    }
    return person_from_run(doc, k, last);
}

EntityExtractor::PersonNames EntityExtractor::person_names(const Document& doc) const {
    PersonNames out;
    const auto& toks = doc.tokens;
    for (std::size_t i = 0; i < toks.size();) {
        if (!is_name_word(doc, i) || doc.org_at[i] >= 0) {
            ++i;
            continue;
        }
        std::size_t last = i;
        while (last < toks.size() && last < i + MAX_NAME_TOKENS && doc.org_at[last] < 0
               && (is_name_word(doc, last) || is_initial_dot(doc, last)
                   || (last > i && is_initial_dot(doc, last + 1))
                   || (toks[last].lower == "." && m_lex.is_title(toks[last - 1].lower)))
               && (last == i || !toks[last].newline_before)) {
            ++last;
        }
        if (auto m = person_from_run(doc, i, last); m && m->last - m->first >= 2) {
            std::vector<std::size_t> words;
            for (std::size_t k = m->first; k < m->last; ++k) {
                words.push_back(k);
            }
            out.ending_in[toks[words.back()].lower].push_back(out.all.size());
            out.all.push_back(std::move(words));
        }
        i = last;
    }
    return out;
}

std::string EntityExtractor::canonical_person(
    const Document& doc, const std::vector<std::size_t>& words, const PersonNames& names
) const {
    const auto& toks = doc.tokens;
    const std::vector<std::size_t>* best = &words;
    static const std::vector<std::size_t> none;
    const auto group = names.ending_in.find(toks[words.back()].lower);  // only these can end alike
    // Of two people with one surname ("Jeb Bush" and "George W. Bush"), a lone "Mr. Bush" is the
    // one the article names first (its subject; the other is told apart by his given name each
    // time): the longest full name with the first-named one's given name.
    const std::string* given = nullptr;
    for (std::size_t g : group == names.ending_in.end() ? none : group->second) {
        const auto& n = names.all[g];
        if (n.size() <= best->size() || n.size() < words.size()) {
            continue;
        }
        bool suffix = true;
        for (std::size_t w = 0; w < words.size() && suffix; ++w) {
            suffix = toks[n[n.size() - words.size() + w]].lower == toks[words[w]].lower;
        }
        if (suffix && (given == nullptr || *given == toks[n.front()].lower)) {
            given = &toks[n.front()].lower;
            best = &n;
        }
    }
    std::string full = display(doc, best->front(), best->back() + 1);
    if (auto c = m_lex.aliases().canonical(full)) {
        return *c;
    }
    std::string shortform = display(doc, words.front(), words.back() + 1);
    if (auto c = m_lex.aliases().canonical(shortform)) {
        return *c;
    }
    return full;
}

std::vector<std::string> EntityExtractor::places(const Document& doc) const {
    const auto& toks = doc.tokens;
    std::vector<std::string> out;
    std::unordered_set<std::string> seen;
    std::vector<bool> in_person(toks.size(), false);
    for (const auto& n : person_names(doc).all) {
        for (std::size_t k : n) {
            in_person[k] = true;
        }
    }
    auto place_word = [&](std::size_t k) {
        return toks[k].kind == TokenKind::Word && toks[k].capitalized && toks[k].lower != "'s";
    };
    for (std::size_t i = 0; i < toks.size(); ++i) {
        if (!place_word(i) || doc.org_at[i] >= 0) {
            continue;
        }
        for (std::size_t len = 3; len >= 1; --len) {
            std::size_t last = i + len;
            if (last > toks.size()) {
                continue;
            }
            bool ok = true;
            for (std::size_t k = i; k < last && ok; ++k) {
                ok = (place_word(k) || (k > i && toks[k].lower == "of")) && doc.org_at[k] < 0
                    && (k == i || !toks[k].newline_before);
            }
            if (!ok) {
                continue;
            }
            std::string written = display(doc, i, last);
            std::string key = fold_key(written);
            const std::string* name = m_lex.place_name(key);
            auto alias = m_lex.aliases().canonical(written);  // "Britain", "UK", "U.S."
            if (!name && !(alias && m_lex.is_place(fold_key(*alias)))) {
                continue;
            }
            if (in_person[i]) {
                break;  // "Paris Hilton", "Jordan Thompson": part of a person's name
            }
            std::string display_name = alias ? *alias : m_lex.canonical(*name);
            if (seen.insert(fold_key(display_name)).second) {
                out.push_back(display_name);
            }
            i = last - 1;
            break;
        }
    }
    return out;
}

std::vector<std::string> EntityExtractor::people(const Document& doc) const {
    std::vector<std::string> out;
    std::unordered_set<std::string> seen;
    auto names = person_names(doc);
    for (const auto& n : names.all) {
        std::string name = canonical_person(doc, n, names);
        if (m_lex.is_place(fold_key(name))) {
            continue;
        }
        if (seen.insert(fold_key(name)).second) {
            out.push_back(name);
        }
    }
    return out;
}

}  // namespace dossier::analyzers::extract
