/// Article dates in a search: the date_from/date_to range filter and the date histogram facet.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

namespace dossier::searcher {

/// Articles per year, month or day over a match set (only articles with a date are counted).
struct DateHistogram {
    std::string interval;  ///< "year", "month" or "day"; empty when no matching article has a date
    /// (key, count) by key ascending; key is "YYYY", "YYYY-MM" or "YYYY-MM-DD", every bucket
    /// between the first and the last included (zeros too), so a chart has no gaps.
    std::vector<std::pair<std::string, std::size_t>> buckets;
    std::size_t dated = 0;  ///< matching articles with a date
    std::string first;      ///< earliest date, "YYYY-MM-DD" ("" when none)
    std::string last;       ///< latest date, "YYYY-MM-DD"
};

/// A date bound as typed by a user: "YYYY", "YYYY-MM", "YYYY-MM-DD" (or without dashes) →
/// "YYYYMMDD", the format of schema SLOT_DATE. `upper` completes a partial date to the end of its
/// year or month, otherwise to its start. "" stays "".
/// @throws dossier::QueryError naming `text` when it is not such a date.
std::string date_bound(std::string_view text, bool upper);

/// The query filtering SLOT_DATE to [from, to] (each "YYYYMMDD" or "" for open), or an empty
/// query when both are "".
Xapian::Query date_range_query(const std::string& from, const std::string& to);

/// The histogram of per-day counts ("YYYYMMDD" → articles, as Xapian::ValueCountMatchSpy counts
/// SLOT_DATE). The interval is the finest of day, month, year giving at most `max_buckets` buckets.
DateHistogram
date_histogram(const std::map<std::string, std::size_t>& by_day, std::size_t max_buckets = 60);

}  // namespace dossier::searcher
