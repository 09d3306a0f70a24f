#include "analyzers/text.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include "analyzers/internal/icu_utils.hpp"

namespace dossier::analyzers {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

Span trim(std::string_view text, Span s) {
    while (s.begin < s.end && is_space(text[s.begin])) {
        ++s.begin;
    }
    while (s.end > s.begin && is_space(text[s.end - 1])) {
        --s.end;
    }
    return s;
}

/// Abbreviations common in news that ICU's English suppression list (Mr., Dr., U.S., ...) lacks:
/// military and civil titles, months, company suffixes.
constexpr const char* EXTRA_ABBREVIATIONS[] = {
    "Lt.",   "Gen.",  "Col.", "Maj.",  "Sgt.",    "Capt.", "Cpl.", "Pvt.",  "Adm.",
    "Cmdr.", "Brig.", "Gov.", "Sen.",  "Rep.",    "Rev.",  "Hon.", "Pres.", "Amb.",
    "Supt.", "Insp.", "Det.", "Fr.",   "Jan.",    "Feb.",  "Aug.", "Sept.", "Sep.",
    "Oct.",  "Nov.",  "Dec.", "Corp.", "Inc.",    "Ltd.",  "Co.",  "Bros.", "Dept.",
    "Univ.", "Assn.", "No.",  "vs.",   "approx.", "est.",
};

icu::BreakIterator& sentence_iterator() {
    // NOTE: the "ss=standard" keyword turns on ICU's own suppressions (Mr., Dr., U.S., ...).
    thread_local std::unique_ptr<icu::BreakIterator> it = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::BreakIterator> bi(
            icu::BreakIterator::createSentenceInstance(icu::Locale("en@ss=standard"), status)
        );
        internal::check_icu(status, "BreakIterator::createSentenceInstance");
        return bi;
    }();
    return *it;
}

/// True when the sentence ends in an abbreviation or an initial ("Lt.", "V."), so ICU's break
/// after it is false. (ICU's FilteredBreakIteratorBuilder was tried first: it did not suppress
/// "Lt." before "Gen." in ICU 72.)
bool ends_in_abbreviation(std::string_view sentence) {
    if (sentence.empty() || sentence.back() != '.') {
        return false;
    }
    sentence =
        sentence.substr(sentence.size() - std::min<std::size_t>(sentence.size(), 32));  // a word
    std::size_t start = sentence.find_last_of(" \t\n(\"'", sentence.size() - 1);
    std::string_view word = sentence.substr(start == std::string_view::npos ? 0 : start + 1);
    if (word.size() == 2 && word[0] >= 'A' && word[0] <= 'Z') {
        return true;  // an initial: "Vladimir V. Putin"
    }
    for (const char* abbr : EXTRA_ABBREVIATIONS) {
        if (word == abbr) {
            return true;
        }
    }
    return false;
}

std::string_view first_line(std::string_view text) {
    auto nl = text.find('\n');
    return nl == std::string_view::npos ? text : text.substr(0, nl);
}

bool reads_as_headline(std::string_view line, std::string_view rest) {
    line = trim(line, {0, line.size()}).in(line);
    if (line.empty() || line.size() > 200
        || rest.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        return false;
    }
    char last = line.back();
    if (last == '.' || last == ',' || last == ';' || last == ':') {
        return false;
    }
    std::size_t words = 1;
    for (char c : line) {
        words += c == ' ';
    }
    return words <= 25;
}

}  // namespace

std::string unwrap_lines(std::string_view text) {
    std::string out(text);
    // Own heuristic, not ICU: ICU's sentence rules (UAX 29 SB4) end a sentence at every line
    // feed, which cuts wire stories into line-sized pieces.
    std::size_t lines = 0, open_lines = 0, longest = 0;
    for (std::size_t b = 0; b < text.size();) {
        std::size_t e = text.find('\n', b);
        if (e == std::string_view::npos) {
            e = text.size();
        }
        std::string_view line = text.substr(b, e - b);
        while (!line.empty() && is_space(line.back())) {
            line.remove_suffix(1);
        }
        if (!line.empty()) {
            ++lines;
            longest = std::max(longest, line.size());
            char c = line.back();
            open_lines +=
                !(c == '.' || c == '!' || c == '?' || c == ':' || c == '"' || c == '\''
                  || line.ends_with("\xE2\x80\x9D"));
        }
        b = e + 1;
    }
    if (lines < 4 || longest > 100 || open_lines * 3 < lines) {
        return out;
    }
    for (std::size_t i = 0; i + 1 < out.size(); ++i) {
        if (out[i] != '\n' || i == 0 || out[i - 1] == '\n') {
            continue;
        }
        char next = out[i + 1];
        if (!is_space(next)) {
            out[i] = ' ';
        }
    }
    return out;
}

std::vector<Span> sentences(std::string_view original) {
    std::string unwrapped = unwrap_lines(original);
    std::string_view text = unwrapped;
    std::vector<Span> out;
    UErrorCode status = U_ZERO_ERROR;
    UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
    internal::check_icu(status, "utext_openUTF8");
    icu::BreakIterator& bi = sentence_iterator();
    bi.setText(ut, status);
    internal::check_icu(status, "BreakIterator::setText");
    // Paragraph breaks (newlines) always end a sentence, which ICU's rules already do.
    int32_t start = bi.first();
    for (int32_t end = bi.next(); end != icu::BreakIterator::DONE; start = end, end = bi.next()) {
        Span s = trim(text, {static_cast<std::size_t>(start), static_cast<std::size_t>(end)});
        if (s.begin >= s.end) {
            continue;
        }
        bool same_paragraph = !out.empty()
            && text.substr(out.back().end, s.begin - out.back().end).find('\n')
                == std::string_view::npos;
        if (same_paragraph && ends_in_abbreviation(out.back().in(text))) {
            out.back().end = s.end;
        } else {
            out.push_back(s);
        }
    }
    utext_close(ut);
    // Pieces of at most MAX_SENTENCE_BYTES (see the header).
    std::vector<Span> bounded;
    bounded.reserve(out.size());
    for (Span s : out) {
        while (s.end - s.begin > MAX_SENTENCE_BYTES) {
            std::size_t cut = s.begin + MAX_SENTENCE_BYTES;
            std::size_t space = cut;
            while (space > s.begin + MAX_SENTENCE_BYTES / 2 && !is_space(text[space])) {
                --space;
            }
            if (is_space(text[space])) {
                cut = space;
            } else {
                while ((static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
                    --cut;  // never inside a UTF-8 sequence
                }
            }
            Span piece = trim(text, {s.begin, cut});
            if (piece.begin < piece.end) {
                bounded.push_back(piece);
            }
            s = trim(text, {cut, s.end});
        }
        if (s.begin < s.end) {
            bounded.push_back(s);
        }
    }
    return bounded;
}

std::string collapse_space(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool space = false;
    for (char c : text) {
        if (is_space(c)) {
            space = !out.empty();
        } else {
            if (space) {
                out.push_back(' ');
            }
            space = false;
            out.push_back(c);
        }
    }
    return out;
}

TitledText split_title(std::string_view text, std::size_t max_title_bytes) {
    TitledText out;
    std::string_view line = first_line(text);
    std::string_view rest = text.substr(std::min(text.size(), line.size() + 1));
    if (reads_as_headline(line, rest)) {
        out.title = collapse_space(line);
        out.body =
            std::string(rest.substr(std::min(rest.size(), rest.find_first_not_of(" \t\r\n"))));
        out.has_headline = true;
        return out;
    }
    out.body = std::string(text);
    auto sents = sentences(line.empty() ? text : line);
    std::string lead = sents.empty() ? std::string()
                                     : collapse_space(sents.front().in(line.empty() ? text : line));
    if (lead.size() > max_title_bytes) {
        std::size_t cut = lead.rfind(' ', max_title_bytes);
        if (cut == std::string::npos || cut < max_title_bytes / 2) {
            cut = max_title_bytes;
            while (cut > 0 && (static_cast<unsigned char>(lead[cut]) & 0xC0) == 0x80) {
                --cut;  // never cut inside a UTF-8 sequence
            }
        }
        lead = lead.substr(0, cut);
        while (!lead.empty() && (lead.back() == ',' || lead.back() == ';' || lead.back() == ':')) {
            lead.pop_back();
        }
        lead += "…";
    }
    out.title = std::move(lead);
    return out;
}

}  // namespace dossier::analyzers
