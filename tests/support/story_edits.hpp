/// Generated wire-copy edits of real articles, and pair precision/recall of "same story": the
/// near-duplicate evaluation shared by tests/stories and tools/eval_stories.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "support/news_samples.hpp"

namespace dossier::test {

/// An article of the evaluation set: an original (origin == id) or an edited copy of one.
struct EvalArticle {
    std::string id;
    std::string title;
    std::string text;
    std::string origin;  ///< id of the original it was made from
    std::string edits;   ///< what was done: "headline,drop,reorder,correction,boilerplate"
    double kept = 1.0;   ///< fraction of the original's words still in the copy
};

/// A small deterministic generator (splitmix64): the same set on every machine.
class EditRng {
public:
    explicit EditRng(std::uint64_t seed) : m_state(seed) {}

    std::uint64_t next() {
        std::uint64_t x = (m_state += 0x9E3779B97F4A7C15ULL);
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
        return x ^ (x >> 31);
    }

    std::size_t below(std::size_t n) { return n ? static_cast<std::size_t>(next() % n) : 0; }

    bool chance(int percent) { return below(100) < static_cast<std::size_t>(percent); }

private:
    std::uint64_t m_state;
};

inline std::size_t count_words(const std::string& s) {
    std::size_t n = 0;
    bool in = false;
    for (unsigned char c : s) {
        bool w = std::isalnum(c) || c >= 0x80;
        n += w && !in;
        in = w;
    }
    return n;
}

/// Paragraphs: blank-line separated (BBC), else lines opening with spaces (Reuters), else
/// groups of two sentences.
inline std::vector<std::string> paragraphs_of(const std::string& text) {
    std::vector<std::string> out;
    auto split = [&](const std::string& sep) {
        std::size_t b = 0;
        while (b < text.size()) {
            std::size_t e = text.find(sep, b);
            std::string p = text.substr(b, e == std::string::npos ? std::string::npos : e - b);
            if (count_words(p) > 0) {
                out.push_back(p);
            }
            if (e == std::string::npos) {
                break;
            }
            b = e + sep.size();
        }
    };
    split("\n\n");
    if (out.size() < 4) {
        out.clear();
        split("\n    ");
    }
    if (out.size() < 4) {
        out.clear();
        std::size_t b = 0;
        int sentences = 0;
        for (std::size_t i = 0; i + 1 < text.size(); ++i) {
            if (text[i] == '.' && text[i + 1] == ' ' && ++sentences % 2 == 0) {
                out.push_back(text.substr(b, i + 1 - b));
                b = i + 2;
            }
        }
        if (b < text.size()) {
            out.push_back(text.substr(b));
        }
    }
    return out;
}

/// One edited copy of `a` keeping about `keep` (0..1] of its words: paragraphs dropped (never
/// the first) until the next drop would go below `keep`, and with some chance each: headline
/// rewritten, paragraphs reordered, a correction added, the boilerplate changed.
inline EvalArticle edit_copy(const SampleArticle& a, double keep, EditRng& rng, int copy_no) {
    EvalArticle e;
    e.id = a.id + "~copy" + std::to_string(copy_no);
    e.origin = a.id;
    std::vector<std::string> paras = paragraphs_of(a.text);
    const double total = static_cast<double>(std::max<std::size_t>(1, count_words(a.text)));
    std::vector<std::string> edits;
    double words = total;
    if (keep < 1.0) {
        // Drop random paragraphs after the lead while the copy keeps at least `keep`.
        for (int tries = 0; tries < 40 && paras.size() > 2; ++tries) {
            std::size_t k = 1 + rng.below(paras.size() - 1);
            double w = static_cast<double>(count_words(paras[k]));
            if ((words - w) / total < keep) {
                continue;
            }
            words -= w;
            paras.erase(paras.begin() + static_cast<std::ptrdiff_t>(k));
        }
        edits.push_back("drop");
    }
    if (paras.size() > 3 && rng.chance(50)) {
        std::size_t from = 1 + rng.below(paras.size() - 1);
        std::string p = paras[from];
        paras.erase(paras.begin() + static_cast<std::ptrdiff_t>(from));
        paras.insert(
            paras.begin() + static_cast<std::ptrdiff_t>(1 + rng.below(paras.size() - 1)), p
        );
        edits.push_back("reorder");
    }
    e.title = a.title;
    if (rng.chance(60)) {
        static const char* forms[] = {
            "UPDATE 2-{}", "{}: what we know", "Analysis: {}", "{} - officials", "{} (corrected)"};
        std::string t = forms[rng.below(5)];
        e.title = t.replace(t.find("{}"), 2, a.title.substr(0, a.title.size() / 2 + 1));
        edits.push_back("headline");
    }
    std::string text;
    if (rng.chance(40)) {
        static const char* datelines[] = {
            "LONDON (Newswire) - ", "NEW YORK, (Wire Service) - ", "By a staff reporter\n\n"};
        text += datelines[rng.below(3)];
        edits.push_back("boilerplate");
    }
    for (std::size_t i = 0; i < paras.size(); ++i) {
        text += (i ? "\n\n" : "") + paras[i];
    }
    if (rng.chance(40)) {
        text += "\n\nCorrection: an earlier version of this story gave a wrong figure in the third "
                "paragraph and misspelt a name. This version has been corrected.";
        edits.push_back("correction");
    }
    if (rng.chance(40)) {
        static const char* tails[] = {
            "\n\n(Reporting by Jane Doe; Editing by John Smith)",
            "\n\nCopyright 2005 Newswire. All rights reserved. This material may not be "
            "published, broadcast, rewritten or redistributed.",
            "\n\nFollow us for more news and analysis."};
        text += tails[rng.below(3)];
        if (std::find(edits.begin(), edits.end(), "boilerplate") == edits.end()) {
            edits.push_back("boilerplate");
        }
    }
    e.text = text;
    e.kept = words / total;
    for (const auto& x : edits) {
        e.edits += (e.edits.empty() ? "" : ",") + x;
    }
    return e;
}

/// The exact set of lower-case 4-word shingles of a text (hashed), for the oracle below.
inline std::vector<std::uint64_t> exact_shingles(const std::string& text) {
    std::vector<std::uint64_t> words;
    std::uint64_t h = 1469598103934665603ULL;
    bool in = false;
    for (unsigned char c : text + " ") {
        if (std::isalnum(c) || c >= 0x80) {
            h = (h ^ static_cast<unsigned char>(std::tolower(c))) * 1099511628211ULL;
            in = true;
        } else if (in) {
            words.push_back(h);
            h = 1469598103934665603ULL;
            in = false;
        }
    }
    std::vector<std::uint64_t> out;
    for (std::size_t i = 0; i + 4 <= words.size(); ++i) {
        out.push_back(words[i] * 31 + words[i + 1] * 961 + words[i + 2] * 29791 + words[i + 3]);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

/// The sources hold their own near-duplicates (BBC repeats some articles, Reuters-21578 has
/// updates of one story): unlabelled "same story" pairs that would count as errors. Drops every
/// original whose exact shingle Jaccard with an earlier kept one is `max_jaccard` or more
/// (computed exactly, independently of the MinHash under test); returns how many were dropped.
inline std::size_t
drop_source_duplicates(std::vector<SampleArticle>& originals, double max_jaccard) {
    std::unordered_map<std::uint64_t, std::vector<std::size_t>> postings;
    std::vector<std::vector<std::uint64_t>> kept_sets;
    std::vector<SampleArticle> kept;
    std::size_t dropped = 0;
    for (auto& a : originals) {
        auto set = exact_shingles(a.title + "\n" + a.text);
        std::unordered_map<std::size_t, std::size_t> shared;
        for (auto sh : set) {
            if (auto it = postings.find(sh); it != postings.end()) {
                for (auto k : it->second) {
                    ++shared[k];
                }
            }
        }
        bool duplicate = false;
        for (const auto& [k, n] : shared) {
            double uni = static_cast<double>(set.size() + kept_sets[k].size() - n);
            duplicate |= uni > 0 && static_cast<double>(n) / uni >= max_jaccard;
        }
        if (duplicate) {
            ++dropped;
            continue;
        }
        for (auto sh : set) {
            postings[sh].push_back(kept.size());
        }
        kept_sets.push_back(std::move(set));
        kept.push_back(std::move(a));
    }
    originals = std::move(kept);
    return dropped;
}

/// The evaluation set: every original, and for every `copy_every`-th original of at least
/// `min_words` words, copies keeping about 100%, 85% and 70% of it (and, when `hard`, 55%).
inline std::vector<EvalArticle> make_story_set(
    const std::vector<SampleArticle>& originals,
    std::size_t copy_every,
    std::size_t min_words,
    bool hard,
    std::uint64_t seed = 20261201
) {
    EditRng rng(seed);
    std::vector<EvalArticle> out;
    std::size_t n = 0;
    for (const auto& a : originals) {
        out.push_back({a.id, a.title, a.text, a.id, "original", 1.0});
        if (count_words(a.text) < min_words || n++ % copy_every != 0) {
            continue;
        }
        int copy_no = 0;
        for (double keep : {1.0, 0.85, 0.7}) {
            out.push_back(edit_copy(a, keep, rng, ++copy_no));
        }
        if (hard) {
            out.push_back(edit_copy(a, 0.55, rng, ++copy_no));
        }
    }
    return out;
}

/// Pair counts: true pairs share an origin, predicted pairs share a story id.
struct PairScore {
    std::uint64_t true_pairs = 0;
    std::uint64_t predicted_pairs = 0;
    std::uint64_t correct_pairs = 0;

    double precision() const {
        return predicted_pairs ? static_cast<double>(correct_pairs) / predicted_pairs : 1.0;
    }

    double recall() const {
        return true_pairs ? static_cast<double>(correct_pairs) / true_pairs : 1.0;
    }
};

/// Scores `story` (article id → story id) against the origins of `set`, over the articles
/// for which `include` is true.
template <class Include>
PairScore score_pairs(
    const std::vector<EvalArticle>& set,
    const std::map<std::string, std::string>& story,
    Include include
) {
    auto pairs = [](std::uint64_t n) { return n * (n - 1) / 2; };
    std::map<std::string, std::uint64_t> by_origin, by_story;
    std::map<std::pair<std::string, std::string>, std::uint64_t> by_both;
    for (const auto& a : set) {
        if (!include(a)) {
            continue;
        }
        auto it = story.find(a.id);
        const std::string s = it == story.end() ? "?" + a.id : it->second;
        ++by_origin[a.origin];
        ++by_story[s];
        ++by_both[{a.origin, s}];
    }
    PairScore score;
    for (const auto& [k, n] : by_origin) {
        score.true_pairs += pairs(n);
    }
    for (const auto& [k, n] : by_story) {
        score.predicted_pairs += pairs(n);
    }
    for (const auto& [k, n] : by_both) {
        score.correct_pairs += pairs(n);
    }
    return score;
}

}  // namespace dossier::test
