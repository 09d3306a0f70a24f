#include "searcher/dates.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "analyzers/error.hpp"
#include "indexer/schema.hpp"

namespace dossier::searcher {

namespace {

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
    });
}

int days_in_month(int year, int month) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

struct Ymd {
    int y = 0, m = 0, d = 0;
};

Ymd ymd(const std::string& yyyymmdd) {
    return {
        std::stoi(yyyymmdd.substr(0, 4)),
        std::stoi(yyyymmdd.substr(4, 2)),
        std::stoi(yyyymmdd.substr(6, 2))};
}

}  // namespace

std::string date_bound(std::string_view text, bool upper) {
    if (text.empty()) {
        return {};
    }
    std::string digits;
    for (char c : text) {
        if (c != '-') {
            digits.push_back(c);
        }
    }
    auto bad = [&] {
        return QueryError(
            "invalid date '" + std::string(text) + "': expected YYYY, YYYY-MM or YYYY-MM-DD"
        );
    };
    if (!all_digits(digits) || (digits.size() != 4 && digits.size() != 6 && digits.size() != 8)) {
        throw bad();
    }
    const int year = std::stoi(digits.substr(0, 4));
    const int month = digits.size() >= 6 ? std::stoi(digits.substr(4, 2)) : (upper ? 12 : 1);
    if (month < 1 || month > 12) {
        throw bad();
    }
    const int last_day = days_in_month(year, month);
    const int day = digits.size() == 8 ? std::stoi(digits.substr(6, 2)) : (upper ? last_day : 1);
    if (day < 1 || day > last_day) {
        throw bad();
    }
    return fmt::format("{:04}{:02}{:02}", year, month, day);
}

Xapian::Query date_range_query(const std::string& from, const std::string& to) {
    namespace schema = dossier::indexer::schema;
    if (from.empty() && to.empty()) {
        return {};
    }
    if (to.empty()) {
        return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::SLOT_DATE, from);
    }
    if (from.empty()) {
        return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::SLOT_DATE, to);
    }
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::SLOT_DATE, from, to);
}

DateHistogram
date_histogram(const std::map<std::string, std::size_t>& by_day, std::size_t max_buckets) {
    DateHistogram h;
    std::map<std::string, std::size_t> days;
    for (const auto& [day, count] : by_day) {
        if (day.size() == 8 && all_digits(day)) {
            days[day] += count;
            h.dated += count;
        }
    }
    if (days.empty()) {
        return h;
    }
    const Ymd a = ymd(days.begin()->first);
    const Ymd b = ymd(days.rbegin()->first);
    h.first = fmt::format("{:04}-{:02}-{:02}", a.y, a.m, a.d);
    h.last = fmt::format("{:04}-{:02}-{:02}", b.y, b.m, b.d);
    const long months = (b.y - a.y) * 12L + (b.m - a.m) + 1;
    // Days between a and b, counted by walking the calendar (ranges here are short when used).
    long day_span = 0;
    if (months <= 3) {
        Ymd c = a;
        while (!(c.y == b.y && c.m == b.m && c.d == b.d)) {
            ++day_span;
            if (++c.d > days_in_month(c.y, c.m)) {
                c.d = 1;
                if (++c.m > 12) {
                    c.m = 1;
                    ++c.y;
                }
            }
        }
        ++day_span;
    }
    if (months <= 3 && day_span <= static_cast<long>(max_buckets)) {
        h.interval = "day";
    } else if (months <= static_cast<long>(max_buckets)) {
        h.interval = "month";
    } else {
        h.interval = "year";
    }
    auto key_of = [&](const Ymd& d) {
        if (h.interval == "day") {
            return fmt::format("{:04}-{:02}-{:02}", d.y, d.m, d.d);
        }
        if (h.interval == "month") {
            return fmt::format("{:04}-{:02}", d.y, d.m);
        }
        return fmt::format("{:04}", d.y);
    };
    std::map<std::string, std::size_t> buckets;
    // Every bucket from the first to the last, zeros included.
    for (Ymd c = a;;) {
        buckets.emplace(key_of(c), 0);
        if (c.y == b.y
            && (h.interval == "year" || (c.m == b.m && (h.interval == "month" || c.d == b.d)))) {
            break;
        }
        if (h.interval == "year") {
            ++c.y;
        } else if (h.interval == "month") {
            if (++c.m > 12) {
                c.m = 1;
                ++c.y;
            }
        } else if (++c.d > days_in_month(c.y, c.m)) {
            c.d = 1;
            if (++c.m > 12) {
                c.m = 1;
                ++c.y;
            }
        }
    }
    // The bucket of a day (YYYYMMDD, digits) is a slice of it, and days come in order, so each
    // bucket is looked up once: a broad query has thousands of days.
    const std::size_t prefix = h.interval == "day" ? 8 : h.interval == "month" ? 6 : 4;
    std::string_view last;
    std::size_t* into = nullptr;
    for (const auto& [day, count] : days) {
        const std::string_view part = std::string_view(day).substr(0, prefix);
        if (into == nullptr || part != last) {
            std::string key(day.substr(0, 4));
            for (std::size_t at = 4; at < prefix; at += 2) {
                key += '-';
                key += day.substr(at, 2);
            }
            into = &buckets[key];
            last = part;
        }
        *into += count;
    }
    h.buckets.assign(buckets.begin(), buckets.end());
    return h;
}

}  // namespace dossier::searcher
