/// Timelines: the figures (or quotations) of the matching stories in date order, grouped by
/// source, with copies of one story folded, a source's revisions marked, and one source's
/// figure repeated by other stories marked.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace dossier::searcher {

/// What a timeline is built from: one matching article's date, story and one extracted item.
struct TimelineItem {
    std::string id;           ///< article id
    std::string title;        ///< article title
    std::string story_id;     ///< SLOT_STORY of the article
    std::string date;         ///< "YYYY-MM-DD", "" when the article has none
    std::string date_source;  ///< field, dateline, text, mtime
    nlohmann::json item;      ///< the stored figure or quote object (every field)
};

/// One figure of a source, as first reported in one story.
struct TimelinePoint {
    std::string date;
    std::string date_source;
    std::string type;
    double value = 0;
    std::string qualifier;
    std::string id;  ///< the article that carries it (earliest, then smallest id, in its story)
    std::string title;
    std::string story_id;
    std::string sentence;
    nlohmann::json figure;            ///< the stored figure object
    std::vector<std::string> copies;  ///< other articles of the story carrying the same figure
    std::optional<double> previous;   ///< the source's previous value of this type, when it changed
    std::optional<std::string> repeats;  ///< article (of another story) that reported it first
};

/// The points of one source (`source` "" = not attributed), in date order.
struct TimelineSeries {
    std::string source;
    std::vector<TimelinePoint> points;
};

/// Builds the figure timeline: figures with a numeric value, folded per story (same story,
/// type, value, qualifier and source → one point listing the copies), grouped by source
/// (attributed sources by their first date, unattributed last), each series in date order
/// (undated last). Marks `previous` where a source's value of a type differs from its previous
/// point of that type, and `repeats` where another story gives a source's same value again.
std::vector<TimelineSeries> build_figure_timeline(std::vector<TimelineItem> items);

/// One quotation line: a speaker's quote in one story, copies folded.
struct QuoteLine {
    std::string date;
    std::string date_source;
    std::string speaker;  ///< "" when unnamed
    std::string text;
    bool direct = true;
    std::string id;
    std::string title;
    std::string story_id;
    std::vector<std::string> copies;  ///< other articles of the story with the same quote
};

/// The quote timeline: one line per story and quotation (identical quotes in copies of a story
/// folded), in date order (undated last), then by article and position.
std::vector<QuoteLine> build_quote_timeline(std::vector<TimelineItem> items);

/// {"series": [{"source", "points": [{"date", "date_source", "type", "value", "qualifier",
/// "id", "title", "story_id", "sentence", "articles", "copies", "changed", "previous_value",
/// "repeats", "figure"}]}]}
nlohmann::json to_json(const std::vector<TimelineSeries>& series);
nlohmann::json to_json(const std::vector<QuoteLine>& lines);

/// Plain-text forms, one line per point or quote, sources as headings.
std::string render_timeline(const std::vector<TimelineSeries>& series);
std::string render_timeline(const std::vector<QuoteLine>& lines);

}  // namespace dossier::searcher
