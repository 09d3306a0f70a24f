#include "searcher/render.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace dossier::searcher {

namespace {

constexpr const char* ANSI_BOLD = "\x1b[1;31m";
constexpr const char* ANSI_RESET = "\x1b[0m";

}  // namespace

std::string render_snippet(const std::string& snippet, Highlight mode) {
    std::string out;
    out.reserve(snippet.size() + 32);
    for (char c : snippet) {
        if (c == HIGHLIGHT_BEGIN) {
            out += mode == Highlight::Ansi ? ANSI_BOLD : mode == Highlight::Html ? "<b>" : "";
        } else if (c == HIGHLIGHT_END) {
            out += mode == Highlight::Ansi ? ANSI_RESET : mode == Highlight::Html ? "</b>" : "";
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string format_number(double v) {
    if (std::isfinite(v) && std::fabs(v) < 1e15 && v == std::floor(v)) {
        std::string digits = fmt::format("{:.0f}", std::fabs(v));
        std::string out;
        for (std::size_t i = 0; i < digits.size(); ++i) {
            if (i > 0 && (digits.size() - i) % 3 == 0) {
                out.push_back(',');
            }
            out.push_back(digits[i]);
        }
        return (v < 0 ? "-" : "") + out;
    }
    return fmt::format("{:g}", v);
}

namespace {

/// Code points in a UTF-8 string (the table columns are aligned on these).
std::size_t width(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

std::string pad(std::string_view s, std::size_t w) {
    std::string out(s);
    for (std::size_t n = width(s); n < w; ++n) {
        out.push_back(' ');
    }
    return out;
}

/// The first `max` code points of `s`, with "…" when cut.
std::string cut(std::string_view s, std::size_t max) {
    if (width(s) <= max) {
        return std::string(s);
    }
    std::size_t points = 0;
    std::size_t i = 0;
    for (; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && ++points == max) {
            break;
        }
    }
    return std::string(s.substr(0, i)) + "…";
}

std::string figure_value_text(const FigureRow& row) {
    const std::string date = row.figure.value("date", std::string());
    if (!date.empty()) {
        return date;
    }
    std::string out = format_number(row.value);
    if (auto c = row.figure.value("currency", std::string()); !c.empty()) {
        out = c + " " + out;
    }
    if (auto u = row.figure.value("unit", std::string()); !u.empty()) {
        out += u == "percent" ? "%" : " " + u;
    }
    return out;
}

/// The sentence cut to `max` code points around the figure's surface form, so the figure shows.
std::string sentence_excerpt(const FigureRow& row, std::size_t max) {
    const std::string surface = row.figure.value("surface", std::string());
    std::size_t at = surface.empty() ? std::string::npos : row.sentence.find(surface);
    if (at == std::string::npos
        || width(std::string_view(row.sentence).substr(0, at + surface.size())) + 10 <= max) {
        return cut(row.sentence, max);
    }
    // Start about 40 code points before the figure, on a UTF-8 boundary.
    std::size_t start = at;
    for (std::size_t points = 0; start > 0 && points < 40; --start) {
        if ((static_cast<unsigned char>(row.sentence[start - 1]) & 0xC0) != 0x80) {
            ++points;
        }
    }
    while (start > 0 && (static_cast<unsigned char>(row.sentence[start]) & 0xC0) == 0x80) {
        --start;
    }
    return "…" + cut(std::string_view(row.sentence).substr(start), max - 1);
}

std::string filters_line(const Filters& filters) {
    std::string out;
    for (Facet f : ALL_FACETS) {
        if (filters[f].empty()) {
            continue;
        }
        out += out.empty() ? "" : "; ";
        out += fmt::format("{} = {}", facet_name(f), fmt::join(filters[f], " | "));
    }
    return out.empty() ? out : "Filters: " + out + "\n";
}

std::string facet_line(const FacetCounts& counts) {
    if (counts.top.empty()) {
        return "-";
    }
    std::vector<std::string> parts;
    for (const auto& v : counts.top) {
        parts.push_back(fmt::format("{} ({})", v.value, v.count));
    }
    std::string more = counts.distinct > counts.top.size()
        ? fmt::format(" · … {} values in all", counts.distinct)
        : "";
    return fmt::format("{}{}", fmt::join(parts, " · "), more);
}

std::string render_facets(const HitsResult& result) {
    if (result.facets.empty()) {
        return {};
    }
    std::string out = result.counting == Counting::Stories
        ? fmt::format(
            "\nFacets over all {} matching articles, counting stories ({}):\n",
            result.facet_documents,
            result.stories
        )
        : fmt::format("\nFacets over all {} matching articles:\n", result.facet_documents);
    for (const auto& [facet, counts] : result.facets) {
        out += fmt::format("  {} {}\n", pad(facet_name(facet), 13), facet_line(counts));
    }
    if (!result.disjunctive_facets.empty()) {
        out += "Each filtered facet without its own filter:\n";
        for (const auto& [facet, counts] : result.disjunctive_facets) {
            out += fmt::format("  {} {}\n", pad(facet_name(facet), 13), facet_line(counts));
        }
    }
    return out;
}

/// "Did you mean" / "Showing results for" (spelling correction, docs/query.md).
std::string correction_line(const ResultHeader& result) {
    if (result.showing_corrected) {
        return fmt::format(
            "No articles match '{}'. Showing results for: {}\n",
            result.query,
            *result.corrected_query
        );
    }
    if (result.corrected_query) {
        return fmt::format("Did you mean: {}\n", *result.corrected_query);
    }
    return {};
}

/// The query the results are for: the corrected one when it replaced the query as typed.
const std::string& searched(const ResultHeader& result) {
    return result.showing_corrected ? *result.corrected_query : result.query;
}

std::string render_hits(const HitsResult& result, Highlight mode) {
    std::string out = correction_line(result) + filters_line(result.filters);
    if (result.hits.empty()) {
        out += result.total == 0
            ? fmt::format("No articles match '{}'.\n", searched(result))
            : fmt::format(
                "{} matching articles; none shown at this --offset/--limit\n", result.total
            );
        return out + (result.total > 0 ? render_facets(result) : std::string());
    }
    const std::size_t first = result.hits.front().rank;
    const std::size_t last = result.hits.back().rank;
    out += fmt::format(
        "{} matching articles in {} stories; showing {}-{}\n",
        result.total,
        result.stories,
        first,
        last
    );
    for (const auto& hit : result.hits) {
        out += fmt::format(
            "\n{:>2}. {}  [{}]  score {:.3f}{}\n",
            hit.rank,
            hit.title,
            hit.id,
            hit.score,
            hit.similar_count ? fmt::format("  +{} similar", hit.similar_count) : std::string()
        );
        if (!hit.similar.empty()) {
            out += fmt::format("    similar: {}\n", fmt::join(hit.similar, ", "));
        }
        out += fmt::format("    {}\n", hit.path);
        out += fmt::format("    {}\n", render_snippet(hit.snippet, mode));
    }
    return out + render_facets(result);
}

constexpr std::size_t SENTENCE_WIDTH = 110;

std::string render_figures(const FiguresResult& result) {
    std::string out = correction_line(result) + filters_line(result.filters);
    if (result.figures.empty()) {
        out += fmt::format(
            "No figures listed for '{}' ({} figures in {} matching articles).\n",
            searched(result),
            result.figures_total,
            result.total
        );
        return out;
    }
    out += fmt::format(
        "{} figures in {} matching articles; showing {}-{}, sorted by type, then value\n\n",
        result.figures_total,
        result.total,
        result.offset + 1,
        result.offset + result.figures.size()
    );
    const std::vector<std::string> head = {
        "TYPE", "VALUE", "QUALIFIER", "SOURCE", "ARTICLE", "SENTENCE"};
    std::vector<std::array<std::string, 6>> cells;
    for (const auto& row : result.figures) {
        // A figure repeated in copies of one story is one row: "+N" more articles carry it.
        cells.push_back(
            {row.type,
             figure_value_text(row),
             row.qualifier,
             row.attributed_to.value_or("-"),
             row.copies.empty() ? row.id : fmt::format("{} +{}", row.id, row.copies.size()),
             sentence_excerpt(row, SENTENCE_WIDTH)}
        );
    }
    std::array<std::size_t, 6> w{};
    for (std::size_t c = 0; c < 6; ++c) {
        w[c] = width(head[c]);
        for (const auto& r : cells) {
            w[c] = std::max(w[c], width(r[c]));
        }
    }
    auto line = [&](const auto& r) {
        std::string l;
        for (std::size_t c = 0; c < 6; ++c) {
            // Values are right-aligned so estimates of one type line up by magnitude.
            std::string cell = c == 1 ? std::string(w[c] - width(r[c]), ' ') + std::string(r[c])
                : c == 5              ? std::string(r[c])
                                      : pad(r[c], w[c]);
            l += cell + (c < 5 ? "  " : "");
        }
        return l + "\n";
    };
    out += line(head);
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0 && cells[i][0] != cells[i - 1][0]) {
            out += "\n";  // a blank line between types: each group reads as one set of estimates
        }
        out += line(cells[i]);
    }
    return out;
}

std::string render_quotes(const QuotesResult& result) {
    std::string out = correction_line(result) + filters_line(result.filters);
    if (result.quotes.empty()) {
        out += fmt::format(
            "No quotations listed for '{}' ({} matching in {} matching articles).\n",
            searched(result),
            result.quotes_total,
            result.total
        );
        return out;
    }
    out += fmt::format(
        "{} matching quotations in {} matching articles; showing {}-{}\n",
        result.quotes_total,
        result.total,
        result.quotes.front().rank,
        result.quotes.back().rank
    );
    for (const auto& q : result.quotes) {
        out += fmt::format(
            "\n{:>2}. {}  [{}]\n", q.rank, q.speaker.value_or("(unnamed source)"), q.id
        );
        const bool direct = q.quote.value("direct", true);
        out += direct ? fmt::format("    \u201c{}\u201d\n", q.text)
                      : fmt::format("    (reported) {}\n", q.text);
    }
    return out;
}

nlohmann::json counts_json(const FacetCounts& counts) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& v : counts.top) {
        list.push_back({{"value", v.value}, {"count", v.count}});
    }
    return list;
}

nlohmann::json optional_json(const std::optional<std::string>& s) {
    return s ? nlohmann::json(*s) : nlohmann::json(nullptr);
}

/// "Partial answer: ..." when shards were left out (--allow-partial), else nothing.
std::string shards_line(const ResultHeader& result) {
    if (result.shards_failed.empty()) {
        return {};
    }
    std::string out = fmt::format(
        "Partial answer: {} of {} shards failed, counts are over the others\n",
        result.shards_failed.size(),
        result.shards_total
    );
    for (const auto& failure : result.shards_failed) {
        out += "  " + failure + "\n";
    }
    return out;
}

std::string render_timeline_result(const TimelineResult& result) {
    std::string out = correction_line(result) + filters_line(result.filters);
    const bool quotes = result.of == TimelineRequest::Of::Quotes;
    out += fmt::format(
        "{} {} from {} matching articles in {} stories, in date order{}\n",
        result.timeline_total,
        quotes ? "quotations" : "figures",
        result.total,
        result.stories,
        quotes ? "" : ", by source"
    );
    return out
        + (quotes ? render_timeline(result.quote_timeline) : render_timeline(result.timeline));
}

}  // namespace

std::string render_text(const TimelineResult& result, Highlight) {
    return shards_line(result) + render_timeline_result(result);
}

std::string render_text(const HitsResult& result, Highlight mode) {
    return shards_line(result) + render_hits(result, mode);
}

std::string render_text(const FiguresResult& result, Highlight) {
    return shards_line(result) + render_figures(result);
}

std::string render_text(const QuotesResult& result, Highlight) {
    return shards_line(result) + render_quotes(result);
}

std::string render_text(const Result& result, Highlight mode) {
    return std::visit([mode](const auto& r) { return render_text(r, mode); }, result);
}

namespace {

/// The keys every result has.
nlohmann::json header_json(const ResultHeader& result) {
    nlohmann::json out = {
        {"query", result.query},
        {"corrected_query",
         result.corrected_query ? nlohmann::json(*result.corrected_query)
                                : nlohmann::json(nullptr)},
        {"showing_corrected", result.showing_corrected},
        {"total", result.total},
    };
    nlohmann::json filters = nlohmann::json::object();
    for (Facet f : ALL_FACETS) {
        if (!result.filters[f].empty()) {
            filters[facet_name(f)] = result.filters[f];
        }
    }
    out["filters"] = std::move(filters);
    if (result.shards_total > 0) {
        out["shards"] = {{"total", result.shards_total}, {"failed", result.shards_failed.size()}};
        if (!result.shards_failed.empty()) {
            out["shards"]["failures"] = result.shards_failed;
        }
    }
    return out;
}

}  // namespace

nlohmann::json to_json(const FiguresResult& result) {
    nlohmann::json out = header_json(result);
    {
        out["view"] = "figures";
        out["figures_total"] = result.figures_total;
        nlohmann::json figures = nlohmann::json::array();
        for (const auto& row : result.figures) {
            nlohmann::json f = {
                {"id", row.id},
                {"title", row.title},
                {"type", row.type},
                {"value", row.value},
                {"qualifier", row.qualifier},
                {"attributed_to", optional_json(row.attributed_to)},
                {"sentence", row.sentence},
                {"story_id", row.story_id},
                {"articles", row.copies.size() + 1},
                {"copies", row.copies},
            };
            for (const auto& [key, value] : row.figure.items()) {
                if (!f.contains(key)) {
                    f[key] = value;
                }
            }
            figures.push_back(std::move(f));
        }
        out["figures"] = std::move(figures);
        return out;
    }
}

nlohmann::json to_json(const TimelineResult& result) {
    nlohmann::json out = header_json(result);
    const bool quotes = result.of == TimelineRequest::Of::Quotes;
    out["view"] = quotes ? "quote_timeline" : "timeline";
    out["stories"] = result.stories;
    out["timeline_total"] = result.timeline_total;
    out["timeline"] = quotes ? to_json(result.quote_timeline) : to_json(result.timeline);
    return out;
}

nlohmann::json to_json(const QuotesResult& result) {
    nlohmann::json out = header_json(result);
    {
        out["view"] = "quotes";
        out["quotes_total"] = result.quotes_total;
        nlohmann::json quotes = nlohmann::json::array();
        for (const auto& row : result.quotes) {
            nlohmann::json q = {
                {"rank", row.rank},
                {"id", row.id},
                {"title", row.title},
                {"speaker", optional_json(row.speaker)},
                {"text", row.text},
                {"score", row.score},
            };
            for (const auto& [key, value] : row.quote.items()) {
                if (!q.contains(key)) {
                    q[key] = value;
                }
            }
            quotes.push_back(std::move(q));
        }
        out["quotes"] = std::move(quotes);
        return out;
    }
}

nlohmann::json to_json(const HitsResult& result) {
    nlohmann::json out = header_json(result);
    nlohmann::json hits = nlohmann::json::array();
    for (const auto& hit : result.hits) {
        nlohmann::json h = {
            {"rank", hit.rank},
            {"id", hit.id},
            {"title", hit.title},
            {"path", hit.path},
            {"score", hit.score},
            {"snippet", render_snippet(hit.snippet, Highlight::Html)},
            {"snippet_text", render_snippet(hit.snippet, Highlight::Plain)},
        };
        for (Facet f : ALL_FACETS) {
            h[facet_spec(f).hit_key] = hit.facet_values[f];
        }
        h["story_id"] = hit.story_id;
        h["similar_count"] = hit.similar_count;
        if (!hit.similar.empty()) {
            h["similar"] = hit.similar;
        }
        if (!hit.date.empty()) {
            h["date"] =
                hit.date;  // the resolved date; the input's own field stays in `extra` below
            h["date_source"] = hit.date_source;
        }
        nlohmann::json highlights = nlohmann::json::array();
        for (std::size_t b = hit.snippet.find(HIGHLIGHT_BEGIN); b != std::string::npos;
             b = hit.snippet.find(HIGHLIGHT_BEGIN, b + 1)) {
            std::size_t e = hit.snippet.find(HIGHLIGHT_END, b);
            if (e == std::string::npos) {
                break;
            }
            highlights.push_back(hit.snippet.substr(b + 1, e - b - 1));
        }
        h["highlights"] = std::move(highlights);
        for (const auto& [key, value] : hit.extra.items()) {
            if (!h.contains(key)) {
                h[key] = value;
            }
        }
        hits.push_back(std::move(h));
    }
    out["hits"] = std::move(hits);
    out["stories"] = result.stories;
    if (!result.facets.empty()) {
        nlohmann::json facets = nlohmann::json::object();
        nlohmann::json distinct = nlohmann::json::object();
        for (const auto& [facet, counts] : result.facets) {
            facets[facet_name(facet)] = counts_json(counts);
            distinct[facet_name(facet)] = counts.distinct;
        }
        nlohmann::json disjunctive = nlohmann::json::object();
        for (const auto& [facet, counts] : result.disjunctive_facets) {
            disjunctive[facet_name(facet)] = counts_json(counts);
        }
        out["facets"] = std::move(facets);
        out["facet_documents"] = result.facet_documents;
        if (result.counting == Counting::Stories) {
            out["facet_counting"] = "stories";  // absent: articles
        }
        out["facet_distinct"] = std::move(distinct);
        out["disjunctive_facets"] = std::move(disjunctive);
        const DateHistogram& dates = result.date_histogram;
        if (!dates.interval.empty()) {
            nlohmann::json buckets = nlohmann::json::array();
            for (const auto& [key, count] : dates.buckets) {
                buckets.push_back({{"key", key}, {"count", count}});
            }
            out["date_histogram"] = {
                {"interval", dates.interval},
                {"buckets", std::move(buckets)},
                {"dated", dates.dated},
                {"first", dates.first},
                {"last", dates.last}};
        }
    }
    return out;
}

nlohmann::json to_json(const Result& result) {
    return std::visit([](const auto& r) { return to_json(r); }, result);
}

}  // namespace dossier::searcher
