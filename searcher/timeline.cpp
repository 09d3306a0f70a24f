#include "searcher/timeline.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "searcher/render.hpp"

namespace dossier::searcher {

namespace {

std::string str(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::size_t begin_of(const nlohmann::json& j) {
    auto it = j.find("begin");
    return it != j.end() && it->is_number_unsigned() ? it->get<std::size_t>() : 0;
}

/// Date order with undated items last, then article id, then position in the article.
bool earlier(
    const std::string& da,
    const std::string& ia,
    std::size_t pa,
    const std::string& db,
    const std::string& ib,
    std::size_t pb
) {
    return std::make_tuple(da.empty(), da, ia, pa) < std::make_tuple(db.empty(), db, ib, pb);
}

std::string cut(const std::string& s, std::size_t max_bytes) {
    if (s.size() <= max_bytes) {
        return s;
    }
    std::size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) {
        --end;
    }
    return s.substr(0, end) + "…";
}

std::string dated(const std::string& date, const std::string& source) {
    return date.empty() ? std::string("(undated)  ") : fmt::format("{} ({})", date, source);
}

}  // namespace

std::vector<TimelineSeries> build_figure_timeline(std::vector<TimelineItem> items) {
    std::sort(items.begin(), items.end(), [](const TimelineItem& a, const TimelineItem& b) {
        return earlier(a.date, a.id, begin_of(a.item), b.date, b.id, begin_of(b.item));
    });
    // Fold copies: the first item of each (story, type, value, qualifier, source) is the point.
    using Key = std::tuple<std::string, std::string, double, std::string, std::string>;
    std::map<Key, std::pair<std::string, std::size_t>> folded;  // → (source, index in series)
    std::map<std::string, TimelineSeries> by_source;
    std::vector<std::string> order;  // sources in order of their first point
    for (auto& it : items) {
        const nlohmann::json& f = it.item;
        if (!f.is_object() || !f.contains("value") || !f["value"].is_number()) {
            continue;
        }
        const std::string source = str(f, "attributed_to");
        const std::string type = str(f, "type");
        const double value = f["value"].get<double>();
        const std::string qualifier = str(f, "qualifier");
        Key key{it.story_id, type, value, qualifier, source};
        if (auto k = folded.find(key); k != folded.end()) {
            auto& copies = by_source[source].points[k->second.second].copies;
            if (by_source[source].points[k->second.second].id != it.id
                && std::find(copies.begin(), copies.end(), it.id) == copies.end()) {
                copies.push_back(it.id);
            }
            continue;
        }
        if (!by_source.count(source)) {
            by_source[source].source = source;
            order.push_back(source);
        }
        TimelinePoint p;
        p.date = it.date;
        p.date_source = it.date_source;
        p.type = type;
        p.value = value;
        p.qualifier = qualifier;
        p.id = it.id;
        p.title = it.title;
        p.story_id = it.story_id;
        p.sentence = str(f, "sentence");
        p.figure = f;
        auto& points = by_source[source].points;
        folded.emplace(key, std::make_pair(source, points.size()));
        points.push_back(std::move(p));
    }
    std::vector<TimelineSeries> out;
    for (const auto& s : order) {
        if (!s.empty()) {
            out.push_back(std::move(by_source[s]));
        }
    }
    if (by_source.count("")) {
        out.push_back(std::move(by_source[""]));
    }
    // Revisions and repeats, within each attributed source.
    for (auto& series : out) {
        if (series.source.empty()) {
            continue;
        }
        std::map<std::string, double> last;  // type → previous value
        std::map<std::pair<std::string, double>, std::pair<std::string, std::string>>
            first;  // (type, value) → (article, story)
        for (auto& p : series.points) {
            if (auto l = last.find(p.type); l != last.end() && l->second != p.value) {
                p.previous = l->second;
            }
            last[p.type] = p.value;
            auto [f, fresh] =
                first.emplace(std::make_pair(p.type, p.value), std::make_pair(p.id, p.story_id));
            if (!fresh && f->second.second != p.story_id) {
                p.repeats = f->second.first;
            }
        }
    }
    return out;
}

std::vector<QuoteLine> build_quote_timeline(std::vector<TimelineItem> items) {
    std::sort(items.begin(), items.end(), [](const TimelineItem& a, const TimelineItem& b) {
        return earlier(a.date, a.id, begin_of(a.item), b.date, b.id, begin_of(b.item));
    });
    std::map<std::tuple<std::string, std::string, std::string>, std::size_t> folded;
    std::vector<QuoteLine> out;
    for (auto& it : items) {
        const nlohmann::json& q = it.item;
        if (!q.is_object()) {
            continue;
        }
        QuoteLine line;
        line.speaker = str(q, "speaker");
        line.text = str(q, "text");
        auto key = std::make_tuple(it.story_id, line.speaker, line.text);
        if (auto k = folded.find(key); k != folded.end()) {
            auto& copies = out[k->second].copies;
            if (out[k->second].id != it.id
                && std::find(copies.begin(), copies.end(), it.id) == copies.end()) {
                copies.push_back(it.id);
            }
            continue;
        }
        line.direct = q.value("direct", true);
        line.date = it.date;
        line.date_source = it.date_source;
        line.id = it.id;
        line.title = it.title;
        line.story_id = it.story_id;
        folded.emplace(key, out.size());
        out.push_back(std::move(line));
    }
    return out;
}

nlohmann::json to_json(const std::vector<TimelineSeries>& series) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& s : series) {
        nlohmann::json points = nlohmann::json::array();
        for (const auto& p : s.points) {
            points.push_back({
                {"date", p.date.empty() ? nlohmann::json() : nlohmann::json(p.date)},
                {"date_source",
                 p.date_source.empty() ? nlohmann::json() : nlohmann::json(p.date_source)},
                {"type", p.type},
                {"value", p.value},
                {"qualifier", p.qualifier},
                {"id", p.id},
                {"title", p.title},
                {"story_id", p.story_id},
                {"sentence", p.sentence},
                {"articles", p.copies.size() + 1},
                {"copies", p.copies},
                {"changed", p.previous.has_value()},
                {"previous_value", p.previous ? nlohmann::json(*p.previous) : nlohmann::json()},
                {"repeats", p.repeats ? nlohmann::json(*p.repeats) : nlohmann::json()},
                {"figure", p.figure},
            });
        }
        out.push_back({
            {"source", s.source.empty() ? nlohmann::json() : nlohmann::json(s.source)},
            {"points", std::move(points)},
        });
    }
    return out;
}

nlohmann::json to_json(const std::vector<QuoteLine>& lines) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& l : lines) {
        out.push_back({
            {"date", l.date.empty() ? nlohmann::json() : nlohmann::json(l.date)},
            {"date_source",
             l.date_source.empty() ? nlohmann::json() : nlohmann::json(l.date_source)},
            {"speaker", l.speaker.empty() ? nlohmann::json() : nlohmann::json(l.speaker)},
            {"text", l.text},
            {"direct", l.direct},
            {"id", l.id},
            {"title", l.title},
            {"story_id", l.story_id},
            {"articles", l.copies.size() + 1},
            {"copies", l.copies},
        });
    }
    return out;
}

std::string render_timeline(const std::vector<TimelineSeries>& series) {
    std::string out;
    for (const auto& s : series) {
        out += fmt::format("\n{}\n", s.source.empty() ? "(not attributed)" : s.source);
        for (const auto& p : s.points) {
            std::string notes;
            if (p.previous) {
                notes += fmt::format("  [changed from {}]", format_number(*p.previous));
            }
            if (p.repeats) {
                notes += fmt::format("  [repeats {}]", *p.repeats);
            }
            if (!p.copies.empty()) {
                notes += fmt::format("  [+{} similar]", p.copies.size());
            }
            out += fmt::format(
                "  {:<24} {:<11} {:>9} {:<12} {}{}\n      {}\n",
                dated(p.date, p.date_source),
                p.type,
                format_number(p.value),
                p.qualifier,
                p.id,
                notes,
                cut(p.sentence, 150)
            );
        }
    }
    return out;
}

std::string render_timeline(const std::vector<QuoteLine>& lines) {
    std::string out;
    for (const auto& l : lines) {
        std::string speaker = l.speaker.empty() ? "(unnamed)" : l.speaker;
        std::string text = l.direct ? "“" + cut(l.text, 160) + "”" : cut(l.text, 160);
        out += fmt::format(
            "{:<24} {:<24} {}  [{}{}]\n",
            dated(l.date, l.date_source),
            cut(speaker, 24),
            text,
            l.id,
            l.copies.empty() ? std::string() : fmt::format(" +{} similar", l.copies.size())
        );
    }
    return out;
}

}  // namespace dossier::searcher
