#include "analyzers/aliases.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "analyzers/error.hpp"
#include "analyzers/hash.hpp"
#include "analyzers/normalizer.hpp"
#include "analyzers/text.hpp"

namespace dossier::analyzers {

namespace {

/// A word of a normalized text as alias matching sees it.
struct MatchWord {
    std::string key;    ///< lower-cased, possessive and initials' dots removed
    bool caps = false;  ///< written in capitals (two or more letters, no lower-case letter)
    std::size_t begin = 0;
    std::size_t end = 0;
};

bool is_word_byte(unsigned char c) {
    return std::isalnum(c) || c >= 0x80;
}

/// Splits normalized text into words: runs of letters and digits (any non-ASCII character counts
/// as a letter), with an apostrophe inside a word kept ("Korea's") and dotted initials joined
/// ("U.S." → "us"). Everything else separates words.
/// NOTE: deliberately simpler than Xapian's term splitting: alias keys only need to be
/// compared with each other, the same way on both sides, and must stay stable across releases.
std::vector<MatchWord> match_words(std::string_view text) {
    std::vector<MatchWord> words;
    std::size_t i = 0;
    const std::size_t n = text.size();
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    while (i < n) {
        if (!is_word_byte(byte(i))) {
            ++i;
            continue;
        }
        MatchWord w;
        w.begin = i;
        // Dotted initials: single letters each followed by a dot ("U.S.", "U.S", "N.Z.").
        std::string initials;
        std::size_t j = i;
        std::size_t initials_end = i;
        while (j < n && std::isalpha(byte(j)) && (j + 1 >= n || !is_word_byte(byte(j + 1)))) {
            initials.push_back(text[j]);
            initials_end = j + 1;
            if (j + 1 < n && text[j + 1] == '.') {
                initials_end = j + 2;
                j += 2;
            } else {
                break;
            }
        }
        std::string raw;
        if (initials.size() >= 2) {
            raw = initials;
            j = initials_end;
            w.end = j;
        } else {
            j = i;
            while (j < n) {
                if (is_word_byte(byte(j))) {
                    ++j;
                } else if (text[j] == '\'' && j + 1 < n && is_word_byte(byte(j + 1)) && j > i) {
                    ++j;
                } else {
                    break;
                }
            }
            raw = std::string(text.substr(i, j - i));
            w.end = j;
        }
        bool has_upper = false;
        bool has_lower = false;
        std::size_t letters = 0;
        for (unsigned char c : raw) {
            has_upper |= std::isupper(c) != 0;
            has_lower |= std::islower(c) != 0;
            letters += std::isalpha(c) ? 1 : 0;
        }
        w.caps = has_upper && !has_lower && letters >= 2;
        w.key = raw;
        for (auto& c : w.key) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        if (w.key.size() > 2 && w.key.compare(w.key.size() - 2, 2, "'s") == 0) {
            w.key.resize(w.key.size() - 2);
        }
        for (unsigned char c : w.key) {
            if (c >= 0x80) {  // rare: non-ASCII letters left after normalize(); lower-case properly
                w.key = fold_key(w.key);
                break;
            }
        }
        words.push_back(std::move(w));
        i = j;
    }
    return words;
}

}  // namespace

namespace {

/// Splits `s` at `sep` (every field, empty ones too).
std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t at = s.find(sep, start);
        out.push_back(
            s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start)
        );
        if (at == std::string_view::npos) {
            return out;
        }
        start = at + 1;
    }
}

}  // namespace

AliasTable AliasTable::parse(std::string_view tsv, const std::string& origin) {
    return parse(tsv, origin, {});
}

AliasTable
AliasTable::parse(std::string_view tsv, const std::string& origin, std::string_view folded) {
    // Precomputed forms per group (line), per variant: {fold_key, normalize}.
    std::vector<std::vector<std::pair<std::string_view, std::string_view>>> forms;
    if (!folded.empty()) {
        for (std::string_view line : split(folded, '\n')) {
            auto& group = forms.emplace_back();
            for (std::string_view field : split(line, '\t')) {
                const std::size_t us = field.find('\x1f');
                if (us == std::string_view::npos) {
                    forms.clear();
                    break;
                }
                group.emplace_back(field.substr(0, us), field.substr(us + 1));
            }
            if (forms.empty()) {
                break;
            }
        }
    }
    AliasTable table;
    std::size_t line_no = 0;
    std::size_t pos = 0;
    while (pos <= tsv.size()) {
        std::size_t nl = tsv.find('\n', pos);
        std::string_view line =
            tsv.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? tsv.size() + 1 : nl + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.find_first_not_of(" \t") == std::string_view::npos || line.front() == '#') {
            continue;
        }
        AliasGroup group;
        std::size_t start = 0;
        while (start <= line.size()) {
            std::size_t tab = line.find('\t', start);
            std::string field = collapse_space(line.substr(
                start, tab == std::string_view::npos ? std::string_view::npos : tab - start
            ));
            if (!field.empty()) {
                group.variants.push_back(field);
            }
            start = tab == std::string_view::npos ? line.size() + 1 : tab + 1;
        }
        if (group.variants.size() < 2) {
            throw CorpusError(
                origin,
                line_no,
                "an alias line needs a canonical form and at least one variant, separated by TABs"
            );
        }
        group.canonical = group.variants.front();
        std::size_t index = table.m_groups.size();
        const bool known = index < forms.size() && forms[index].size() == group.variants.size();
        for (std::size_t k = 0; k < group.variants.size(); ++k) {
            const std::string& v = group.variants[k];
            // first group wins on a repeated variant
            std::string key = known ? std::string(forms[index][k].first) : fold_key(v);
            table.m_by_organization_key.emplace(organization_key_of_folded(key), index);
            table.m_by_key.emplace(key, index);
            group.keys.push_back(std::move(key));
            group.normalized.push_back(known ? std::string(forms[index][k].second) : normalize(v));
            Pattern p;
            p.group = index;
            for (auto& w : match_words(group.normalized.back())) {
                p.words.push_back(std::move(w.key));
                p.caps.push_back(w.caps);
            }
            if (!p.words.empty()) {
                auto& list = table.m_patterns[p.words.front()];
                list.push_back(std::move(p));
            }
        }
        table.m_groups.push_back(std::move(group));
    }
    for (auto& [first, list] : table.m_patterns) {
        // Longest first; among equals the earlier group, so a repeated variant means its first
        // group.
        std::stable_sort(list.begin(), list.end(), [](const Pattern& a, const Pattern& b) {
            return a.words.size() > b.words.size();
        });
    }
    return table;
}

AliasTable AliasTable::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error("cannot read alias table '" + path + "'");
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse(ss.str(), path);
}

const AliasGroup* AliasTable::group_of(std::string_view name) const {
    return group_of_key(fold_key(name));
}

const AliasGroup* AliasTable::group_of_key(const std::string& key, KeyKind kind) const {
    const auto& by_key = kind == KeyKind::Organization ? m_by_organization_key : m_by_key;
    auto it = by_key.find(key);
    return it == by_key.end() ? nullptr : &m_groups[it->second];
}

std::optional<std::string> AliasTable::canonical(std::string_view name) const {
    const AliasGroup* g = group_of(name);
    if (!g) {
        return std::nullopt;
    }
    return g->canonical;
}

std::vector<AliasMention> AliasTable::find_mentions(std::string_view text, MentionMode mode) const {
    std::vector<AliasMention> mentions;
    if (m_patterns.empty()) {
        return mentions;
    }
    const std::vector<MatchWord> words = match_words(text);
    for (std::size_t i = 0; i < words.size();) {
        auto it = m_patterns.find(words[i].key);
        std::size_t longest = 0;
        if (it != m_patterns.end()) {
            for (const auto& p : it->second) {  // longest first
                if (i + p.words.size() > words.size()) {
                    continue;
                }
                bool ok = true;
                for (std::size_t k = 0; k < p.words.size() && ok; ++k) {
                    ok = words[i + k].key == p.words[k] && (!p.caps[k] || words[i + k].caps);
                }
                if (!ok) {
                    continue;
                }
                const AliasMention m{p.group, words[i].begin, words[i + p.words.size() - 1].end};
                // A nested variant of the same group ("Kyiv Independent" inside "The Kyiv
                // Independent") is the same mention, not another one.
                bool nested = false;
                for (std::size_t k = mentions.size(); k > 0 && k + 8 > mentions.size() && !nested;
                     --k) {
                    const AliasMention& o = mentions[k - 1];
                    nested = o.group == m.group && o.begin <= m.begin && o.end >= m.end;
                }
                if (!nested) {
                    mentions.push_back(m);
                }
                longest = std::max(longest, p.words.size());
                if (mode == MentionMode::Longest) {
                    break;
                }
            }
        }
        i += mode == MentionMode::Longest && longest > 0 ? longest : 1;
    }
    return mentions;
}

std::string AliasTable::group_key(std::size_t group) const {
    return fold_key(m_groups.at(group).canonical);
}

std::uint64_t AliasTable::fingerprint() const {
    return fnv1a64(to_tsv());
}

std::string AliasTable::to_folded_tsv() const {
    std::string out;
    for (std::size_t g = 0; g < m_groups.size(); ++g) {
        const auto& variants = m_groups[g].variants;
        for (std::size_t i = 0; i < variants.size(); ++i) {
            out += (i ? "\t" : "") + m_groups[g].keys[i] + '\x1f' + m_groups[g].normalized[i];
        }
        out += g + 1 < m_groups.size() ? "\n" : "";
    }
    return out;
}

std::string AliasTable::to_tsv() const {
    std::string out;
    for (const auto& g : m_groups) {
        for (std::size_t i = 0; i < g.variants.size(); ++i) {
            out += (i ? "\t" : "") + g.variants[i];
        }
        out += '\n';
    }
    return out;
}

}  // namespace dossier::analyzers
