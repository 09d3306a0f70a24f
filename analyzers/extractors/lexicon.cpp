#include "analyzers/extractors/lexicon.hpp"

#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include "analyzers/error.hpp"
#include "analyzers/internal/icu_utils.hpp"
#include "analyzers/normalizer.hpp"
#include "analyzers/text.hpp"

namespace dossier::analyzers::extract {

namespace {

std::string read_optional(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return {};
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// Lines without comments and blank lines, with their 1-based line numbers.
std::vector<std::pair<std::size_t, std::string>> lines_of(std::string_view text) {
    std::vector<std::pair<std::size_t, std::string>> out;
    std::size_t pos = 0, no = 0;
    while (pos < text.size()) {
        std::size_t nl = text.find('\n', pos);
        std::string_view line =
            text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() : nl + 1;
        ++no;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        std::string trimmed = collapse_space(line);
        if (trimmed.empty() || trimmed[0] == '#') {
            continue;
        }
        out.emplace_back(no, std::string(line));
    }
    return out;
}

/// Words of a one-word-per-line list, grouped by "[section]" headers (words lower-cased).
std::unordered_map<std::string, std::vector<std::string>> sections_of(const std::string& path) {
    std::unordered_map<std::string, std::vector<std::string>> out;
    std::string section;
    for (auto& [no, line] : lines_of(read_optional(path))) {
        std::string l = collapse_space(line);
        if (l.front() == '[' && l.back() == ']') {
            section = l.substr(1, l.size() - 2);
            continue;
        }
        std::string lower;
        for (const auto& t : tokenize(l)) {
            if (t.lower != ".") {
                lower += (lower.empty() ? "" : " ") + t.lower;
            }
        }
        out[section].push_back(lower);
    }
    return out;
}

bool is_connector(const std::string& w) {
    return w == "of" || w == "the" || w == "for" || w == "and" || w == "on" || w == "'s"
        || w == "in" || w == "de" || w == "&" || w == "-" || w == "to" || w == "at";
}

}  // namespace

Lexicon Lexicon::load(const std::string& dir, const AliasTable& aliases) {
    Lexicon lex;
    lex.m_aliases = aliases;

    // Organizations: the gazetteer, merged with alias groups that share a form with an entry.
    std::string path = dir + "/organizations.tsv";
    // Parsed here rather than with AliasTable::parse: a gazetteer line may hold a single name.
    std::vector<AliasGroup> org_groups;
    for (auto& [no, line] : lines_of(read_optional(path))) {
        AliasGroup g;
        std::size_t start = 0;
        while (start <= line.size()) {
            std::size_t tab = line.find('\t', start);
            std::string field = collapse_space(std::string_view(line).substr(
                start, tab == std::string::npos ? std::string::npos : tab - start
            ));
            if (!field.empty()) {
                g.variants.push_back(field);
            }
            start = tab == std::string::npos ? line.size() + 1 : tab + 1;
        }
        if (g.variants.empty()) {
            throw CorpusError(path, no, "empty organization line");
        }
        g.canonical = g.variants.front();
        org_groups.push_back(std::move(g));
    }
    auto add_form = [&lex](const std::string& form, std::size_t group) {
        std::vector<Token> toks = tokenize(form);
        OrgPattern p;
        p.group = group;
        bool lower_word = false;
        for (const auto& t : toks) {
            if (t.lower == ".") {
                continue;  // "Corp." matches "Corp"; the tokenizer splits the dot
            }
            p.words.push_back(t.lower);
            if (t.kind == TokenKind::Word && !t.capitalized && !is_connector(t.lower)) {
                lower_word = true;
            }
        }
        if (p.words.empty()) {
            return;
        }
        if (toks.size() == 1 && toks[0].all_caps) {
            p.letter_case = OrgPattern::Case::Exact;
            p.exact = form;
        } else if (lower_word) {
            p.letter_case = OrgPattern::Case::AnyCase;
        }
        auto& bucket = lex.m_orgs[p.words.front()];
        bucket.push_back(p);
        if (p.words.size() > 1 && p.words.front() == "the") {
            OrgPattern q = p;
            q.words.erase(q.words.begin());
            lex.m_orgs[q.words.front()].push_back(std::move(q));
        }
    };
    for (const auto& g : org_groups) {
        std::size_t index = lex.m_org_names.size();
        std::vector<std::string> forms = g.variants;
        std::string canonical = g.canonical;
        for (const auto& v : g.variants) {
            if (const AliasGroup* ag = aliases.group_of(v)) {
                canonical = ag->canonical;
                forms.insert(forms.end(), ag->variants.begin(), ag->variants.end());
                break;
            }
        }
        lex.m_org_names.push_back(canonical);
        for (const auto& f : forms) {
            add_form(f, index);
        }
    }
    for (auto& [w, bucket] : lex.m_orgs) {
        std::stable_sort(
            bucket.begin(),
            bucket.end(),
            [](const OrgPattern& a, const OrgPattern& b) { return a.words.size() > b.words.size(); }
        );
    }

    auto words = sections_of(dir + "/organization-words.txt");
    lex.m_org_heads.insert(words["heads"].begin(), words["heads"].end());
    lex.m_org_starts.insert(words["starts"].begin(), words["starts"].end());
    lex.m_media_heads.insert(words["media"].begin(), words["media"].end());
    lex.m_not_orgs.insert(words["not-organizations"].begin(), words["not-organizations"].end());
    lex.m_stop_capitals.insert(words["not-names"].begin(), words["not-names"].end());
    lex.m_not_surnames.insert(words["not-surnames"].begin(), words["not-surnames"].end());

    auto titles = sections_of(dir + "/person-titles.txt");
    for (const auto& w : titles[""]) {
        lex.m_titles.insert(w);
    }
    auto sources = sections_of(dir + "/source-nouns.txt");
    for (const auto& w : sources[""]) {
        lex.m_source_nouns.insert(w);
    }
    auto verbs = sections_of(dir + "/reporting-verbs.txt");
    // reporting verbs, then verbs of belief, intention and action, each list longest first
    for (auto member : {&Verbs::reporting, &Verbs::attribution}) {
        for (const auto& v : verbs[member == &Verbs::reporting ? "" : "attribution"]) {
            std::vector<std::string> ws;
            std::istringstream ss(v);
            for (std::string w; ss >> w;) {
                ws.push_back(w);
            }
            if (!ws.empty()) {
                (lex.m_verbs[ws.front()].*member).push_back(ws);
            }
        }
        for (auto& [w, both] : lex.m_verbs) {
            std::stable_sort(
                (both.*member).begin(),
                (both.*member).end(),
                [](const auto& x, const auto& y) { return x.size() > y.size(); }
            );
        }
    }

    auto places = sections_of(dir + "/places.txt");
    for (const auto& p : places["places"]) {
        lex.m_places.insert(fold_key(p));
    }
    {  // display forms, as written in the file ("Kuala Lumpur", "USSR")
        std::string section;
        for (auto& [no, line] : lines_of(read_optional(dir + "/places.txt"))) {
            std::string l = collapse_space(line);
            if (l.front() == '[') {
                section = l;
            } else if (section == "[places]") {
                lex.m_place_names.emplace(fold_key(l), l);
            }
        }
    }
    lex.m_demonyms.insert(places["demonyms"].begin(), places["demonyms"].end());
    for (const auto& n : places["nations"]) {
        lex.m_nations.insert(fold_key(n));
        lex.m_places.insert(fold_key(n));
    }
    // Country names from ICU's English display names (ISO 3166), so no country list is kept by
    // hand.
    for (const char* const* c = icu::Locale::getISOCountries(); *c; ++c) {
        icu::UnicodeString name;
        icu::Locale(nullptr, *c).getDisplayCountry(icu::Locale::getEnglish(), name);
        std::string n = internal::to_utf8(name);
        lex.m_places.insert(fold_key(n));
        lex.m_nations.insert(fold_key(n));
        lex.m_place_names.emplace(fold_key(n), n);
    }
    return lex;
}

const std::vector<OrgPattern>* Lexicon::org_patterns(const std::string& first_word) const {
    auto it = m_orgs.find(first_word);
    return it == m_orgs.end() ? nullptr : &it->second;
}

const std::vector<std::vector<std::string>>* Lexicon::reporting_verbs(const std::string& first_word
) const {
    const Verbs* v = verbs(first_word);
    return v && !v->reporting.empty() ? &v->reporting : nullptr;
}

const std::vector<std::vector<std::string>>*
Lexicon::attribution_verbs(const std::string& first_word) const {
    const Verbs* v = verbs(first_word);
    return v && !v->attribution.empty() ? &v->attribution : nullptr;
}

std::string Lexicon::canonical(std::string_view name) const {
    if (auto c = m_aliases.canonical(name)) {
        return *c;
    }
    return std::string(name);
}

}  // namespace dossier::analyzers::extract
