/// The date an article states about itself: a dateline ("KYIV, November 4, 2024 — …", a date on
/// the first line) or a "Published/Updated … <date>" line near the top.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dossier::analyzers {

/// Where a stated date was found.
enum class StatedDateKind { Dateline, Text };

struct StatedDate {
    std::string iso;  ///< "YYYY-MM-DD"
    StatedDateKind kind = StatedDateKind::Dateline;
};

/// The article's own date: a full date (day, month and year: "November 4, 2024", "4 Nov 2024",
/// "2024-11-04") that opens the text before a dash or bracket or stands alone on the first line
/// (Dateline), else one after "Published", "Updated", "Posted", "Dated" or "Date:" in the first
/// 600 bytes (Text). Dates in the body's story ("on December 14, 2023 troops …") are not the
/// article's date and are not taken. nullopt when none.
std::optional<StatedDate> find_stated_date(std::string_view text);

/// "dateline" / "text".
const char* to_string(StatedDateKind kind);

}  // namespace dossier::analyzers
