#include "analyzers/article_date.hpp"

#include <array>
#include <cctype>
#include <vector>

#include <fmt/format.h>

namespace dossier::analyzers {

namespace {

struct Token {
    std::string_view text;
    std::size_t begin = 0;
    std::size_t end = 0;
};

std::vector<Token> tokens_of(std::string_view s) {
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        if (std::isalnum(c)) {
            std::size_t b = i;
            while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '-')
            ) {
                ++i;
            }
            out.push_back({s.substr(b, i - b), b, i});
        } else {
            ++i;
        }
    }
    return out;
}

int month_of(std::string_view w) {
    static const std::array<const char*, 12> names = {
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december"};
    if (w.size() < 3) {
        return 0;
    }
    std::string lower;
    for (char c : w) {
        lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    if (lower == "sept") {
        return 9;
    }
    for (std::size_t m = 0; m < names.size(); ++m) {
        std::string_view name = names[m];
        if (lower == name || (lower.size() == 3 && name.substr(0, 3) == lower)) {
            return static_cast<int>(m) + 1;
        }
    }
    return 0;
}

int number_of(std::string_view w, std::size_t min_digits, std::size_t max_digits) {
    // "4th", "1st" are days too.
    std::size_t digits = 0;
    while (digits < w.size() && std::isdigit(static_cast<unsigned char>(w[digits]))) {
        ++digits;
    }
    if (digits < min_digits || digits > max_digits) {
        return -1;
    }
    std::string_view rest = w.substr(digits);
    if (!rest.empty() && rest != "st" && rest != "nd" && rest != "rd" && rest != "th") {
        return -1;
    }
    int v = 0;
    for (std::size_t i = 0; i < digits; ++i) {
        v = v * 10 + (w[i] - '0');
    }
    return v;
}

bool valid(int y, int m, int d) {
    static const std::array<int, 12> days = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return y >= 1800 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1];
}

struct Found {
    std::string iso;
    std::size_t begin = 0;
    std::size_t end = 0;
};

/// The first full date among tokens[from..]: "Month D YYYY", "D Month YYYY" or "YYYY-MM-DD".
std::optional<Found> first_date(const std::vector<Token>& t, std::size_t from = 0) {
    for (std::size_t i = from; i < t.size(); ++i) {
        std::string_view w = t[i].text;
        if (w.size() == 10 && w[4] == '-' && w[7] == '-') {
            int y = number_of(w.substr(0, 4), 4, 4);
            int m = number_of(w.substr(5, 2), 2, 2);
            int d = number_of(w.substr(8, 2), 2, 2);
            if (valid(y, m, d)) {
                return Found{std::string(w), t[i].begin, t[i].end};
            }
        }
        if (i + 2 >= t.size()) {
            continue;
        }
        int y = -1;
        int m = 0;
        int d = -1;
        if ((m = month_of(w)) != 0) {
            d = number_of(t[i + 1].text, 1, 2);
            y = number_of(t[i + 2].text, 4, 4);
        } else if ((d = number_of(w, 1, 2)) > 0 && (m = month_of(t[i + 1].text)) != 0) {
            y = number_of(t[i + 2].text, 4, 4);
        }
        if (valid(y, m, d)) {
            return Found{fmt::format("{:04}-{:02}-{:02}", y, m, d), t[i].begin, t[i + 2].end};
        }
    }
    return std::nullopt;
}

bool starts_with_dash_or_bracket(std::string_view rest) {
    std::size_t i = 0;
    while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\t' || rest[i] == ',')) {
        ++i;
    }
    rest = rest.substr(i);
    return rest.starts_with("-") || rest.starts_with("(") || rest.starts_with("\u2013")
        || rest.starts_with("\u2014") || rest.starts_with("\n") || rest.empty();
}

}  // namespace

const char* to_string(StatedDateKind kind) {
    return kind == StatedDateKind::Dateline ? "dateline" : "text";
}

std::optional<StatedDate> find_stated_date(std::string_view text) {
    std::size_t lead = 0;
    while (lead < text.size() && std::isspace(static_cast<unsigned char>(text[lead]))) {
        ++lead;
    }
    text = text.substr(lead);
    // Dateline: a date within the first 80 bytes, before any sentence ends, followed by a dash,
    // a bracket or the end of the line.
    {
        std::string_view head = text.substr(0, 120);
        if (auto nl = head.find('\n'); nl != std::string_view::npos) {
            head = head.substr(0, nl + 1);
        }
        const std::vector<Token> t = tokens_of(head);
        if (auto f = first_date(t); f && f->begin < 80
            && head.substr(0, f->begin).find(". ") == std::string_view::npos
            && starts_with_dash_or_bracket(head.substr(f->end))) {
            return StatedDate{f->iso, StatedDateKind::Dateline};
        }
    }
    // "Published 4 November 2024", "Updated: Nov 4, 2024 10:02 GMT", "Date: 2024-11-04".
    std::string_view window = text.substr(0, 600);
    const std::vector<Token> t = tokens_of(window);
    for (std::size_t i = 0; i < t.size(); ++i) {
        std::string w;
        for (char c : t[i].text) {
            w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        }
        if (w != "published" && w != "updated" && w != "posted" && w != "dated" && w != "date") {
            continue;
        }
        std::size_t k = i + 1;
        if (k < t.size() && (t[k].text == "on" || t[k].text == "On")) {
            ++k;
        }
        if (auto f = first_date(t, k); f && f->begin - t[i].end <= 16) {
            return StatedDate{f->iso, StatedDateKind::Text};
        }
    }
    return std::nullopt;
}

}  // namespace dossier::analyzers
