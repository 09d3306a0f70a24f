/// CSV export of a result page (hits, figures, quotes or a timeline), the columns of README "CSV
/// export".
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "searcher/render.hpp"

namespace dossier::searcher {

namespace {

/// A text cell: formula-looking text defused, quoted when it holds a comma, quote or line break.
std::string text_cell(std::string_view s) {
    std::string v(s);
    if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) {
        v.insert(v.begin(), '\'');
    }
    if (v.find_first_of(",\"\r\n") == std::string::npos) {
        return v;
    }
    std::string out = "\"";
    for (char c : v) {
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return out + "\"";
}

std::string number_cell(double v) {
    return fmt::format("{}", v);
}

std::string joined(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) {
        out += (out.empty() ? "" : "; ") + v;
    }
    return out;
}

std::string field(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        return {};
    }
    return it->is_string() ? it->get<std::string>() : it->dump();
}

void row(std::string& out, const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
        out += (i ? "," : "") + cells[i];
    }
    out += "\r\n";
}

}  // namespace

std::string to_csv(const FiguresResult& result) {
    std::string out;
    {
        row(out,
            {"id",
             "title",
             "type",
             "value",
             "qualifier",
             "attributed_to",
             "unit",
             "currency",
             "surface",
             "sentence"});
        for (const auto& f : result.figures) {
            row(out,
                {text_cell(f.id),
                 text_cell(f.title),
                 text_cell(f.type),
                 number_cell(f.value),
                 text_cell(f.qualifier),
                 text_cell(f.attributed_to.value_or("")),
                 text_cell(field(f.figure, "unit")),
                 text_cell(field(f.figure, "currency")),
                 text_cell(field(f.figure, "surface")),
                 text_cell(f.sentence)});
        }
    }
    return out;
}

std::string to_csv(const QuotesResult& result) {
    std::string out;
    {
        row(out, {"rank", "id", "title", "speaker", "direct", "score", "text"});
        for (const auto& q : result.quotes) {
            row(out,
                {std::to_string(q.rank),
                 text_cell(q.id),
                 text_cell(q.title),
                 text_cell(q.speaker.value_or("")),
                 q.quote.value("direct", true) ? "true" : "false",
                 number_cell(q.score),
                 text_cell(q.text)});
        }
    }
    return out;
}

std::string to_csv(const HitsResult& result) {
    std::string out;
    row(out,
        {"rank",
         "id",
         "title",
         "date",
         "source",
         "score",
         "speakers",
         "organizations",
         "figure_types",
         "path",
         "snippet"});
    for (const auto& h : result.hits) {
        row(out,
            {std::to_string(h.rank),
             text_cell(h.id),
             text_cell(h.title),
             text_cell(field(h.extra, "date")),
             text_cell(field(h.extra, "source")),
             number_cell(h.score),
             text_cell(joined(h.facet_values[facet_named("speaker")])),
             text_cell(joined(h.facet_values[facet_named("organization")])),
             text_cell(joined(h.facet_values[facet_named("figure_type")])),
             text_cell(h.path),
             text_cell(render_snippet(h.snippet, Highlight::Plain))});
    }
    return out;
}

std::string to_csv(const TimelineResult& result) {
    std::string out;
    if (result.of == TimelineRequest::Of::Quotes) {
        row(out,
            {"date",
             "date_source",
             "speaker",
             "direct",
             "id",
             "title",
             "story_id",
             "copies",
             "text"});
        for (const auto& q : result.quote_timeline) {
            row(out,
                {text_cell(q.date),
                 text_cell(q.date_source),
                 text_cell(q.speaker),
                 q.direct ? "true" : "false",
                 text_cell(q.id),
                 text_cell(q.title),
                 text_cell(q.story_id),
                 text_cell(joined(q.copies)),
                 text_cell(q.text)});
        }
        return out;
    }
    row(out,
        {"source",
         "date",
         "date_source",
         "type",
         "value",
         "qualifier",
         "previous_value",
         "repeats",
         "id",
         "title",
         "story_id",
         "copies",
         "sentence"});
    for (const auto& series : result.timeline) {
        for (const auto& p : series.points) {
            row(out,
                {text_cell(series.source),
                 text_cell(p.date),
                 text_cell(p.date_source),
                 text_cell(p.type),
                 number_cell(p.value),
                 text_cell(p.qualifier),
                 p.previous ? number_cell(*p.previous) : std::string(),
                 text_cell(p.repeats.value_or("")),
                 text_cell(p.id),
                 text_cell(p.title),
                 text_cell(p.story_id),
                 text_cell(joined(p.copies)),
                 text_cell(p.sentence)});
        }
    }
    return out;
}

std::string to_csv(const Result& result) {
    return std::visit([](const auto& r) { return to_csv(r); }, result);
}

}  // namespace dossier::searcher
