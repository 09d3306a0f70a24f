#include "analyzers/extraction.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "analyzers/error.hpp"

namespace dossier::analyzers {

namespace {

constexpr std::array<const char*, 19> FIGURE_TYPE_NAMES = {
    "troops", "casualties", "killed",     "wounded",        "captured", "money",  "age",
    "date",   "duration",   "proportion", "percent_change", "price",    "volume", "people",
    "votes",  "seats",      "points",     "count",          "other",
};
static_assert(static_cast<std::size_t>(FigureType::Other) + 1 == FIGURE_TYPE_NAMES.size());
constexpr std::array<const char*, 4> QUALIFIER_NAMES = {
    "exact", "lower_bound", "upper_bound", "approximate"};

nlohmann::json optional_string(const std::optional<std::string>& s) {
    return s ? nlohmann::json(*s) : nlohmann::json(nullptr);
}

std::optional<std::string> read_optional(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        return std::nullopt;
    }
    return it->get<std::string>();
}

template <typename T>
T read(const nlohmann::json& j, const char* key, T fallback) {
    auto it = j.find(key);
    return it == j.end() || it->is_null() ? fallback : it->get<T>();
}

}  // namespace

const char* to_string(FigureType type) {
    return FIGURE_TYPE_NAMES[static_cast<std::size_t>(type)];
}

const char* to_string(Qualifier qualifier) {
    return QUALIFIER_NAMES[static_cast<std::size_t>(qualifier)];
}

std::optional<FigureType> figure_type_from_string(std::string_view name) {
    for (std::size_t i = 0; i < FIGURE_TYPE_NAMES.size(); ++i) {
        if (name == FIGURE_TYPE_NAMES[i]) {
            return static_cast<FigureType>(i);
        }
    }
    return std::nullopt;
}

std::vector<std::string> Extraction::figure_types() const {
    std::array<bool, FIGURE_TYPE_NAMES.size()> seen{};
    for (const auto& f : figures) {
        seen[static_cast<std::size_t>(f.type)] = true;
    }
    std::vector<std::string> out;
    for (std::size_t i = 0; i < seen.size(); ++i) {
        if (seen[i]) {
            out.emplace_back(FIGURE_TYPE_NAMES[i]);
        }
    }
    return out;
}

std::string capped_note(const Extraction& extraction) {
    std::string kept;
    for (std::size_t i = 0; i < extraction.capped.size(); ++i) {
        const std::string& kind = extraction.capped[i];
        const std::size_t cap =
            kind == "figures" ? MAX_FIGURES : (kind == "quotes" ? MAX_QUOTES : MAX_NAMES);
        kept += (i == 0 ? "" : (i + 1 == extraction.capped.size() ? " and " : ", "))
            + std::to_string(cap) + " " + kind;
    }
    return kept.empty() ? kept : "extraction kept the first " + kept + " (the per-article caps)";
}

nlohmann::json to_json(const Quote& q) {
    return {
        {"text", q.text},
        {"speaker", optional_string(q.speaker)},
        {"direct", q.direct},
        {"begin", q.begin},
        {"end", q.end},
        {"sentence", q.sentence},
    };
}

nlohmann::json to_json(const Figure& f) {
    nlohmann::json j = {
        {"type", to_string(f.type)},
        {"value", f.value},
        {"currency", f.currency},
        {"unit", f.unit},
        {"qualifier", to_string(f.qualifier)},
        {"surface", f.surface},
        {"sentence", f.sentence},
        {"sentence_index", f.sentence_index},
        {"begin", f.begin},
        {"end", f.end},
        {"attributed_to", optional_string(f.attributed_to)},
    };
    if (!f.date.empty()) {
        j["date"] = f.date;
    }
    if (f.value_max) {
        j["value_max"] = *f.value_max;  // only for ranges: older readers ignore it
    }
    return j;
}

nlohmann::json to_json(const Extraction& e) {
    nlohmann::json quotes = nlohmann::json::array();
    for (const auto& q : e.quotes) {
        quotes.push_back(to_json(q));
    }
    nlohmann::json figures = nlohmann::json::array();
    for (const auto& f : e.figures) {
        figures.push_back(to_json(f));
    }
    return {
        {"speakers", e.speakers},
        {"organizations", e.organizations},
        {"people", e.people},
        {"places", e.places},
        {"quotes", std::move(quotes)},
        {"figures", std::move(figures)},
    };
}

Quote quote_from_json(const nlohmann::json& j) {
    if (!j.is_object()) {
        throw SchemaError("quote JSON is not an object");
    }
    try {
        Quote q;
        q.text = read<std::string>(j, "text", "");
        q.speaker = read_optional(j, "speaker");
        q.direct = read<bool>(j, "direct", true);
        q.begin = read<std::size_t>(j, "begin", 0);
        q.end = read<std::size_t>(j, "end", 0);
        q.sentence = read<std::size_t>(j, "sentence", 0);
        return q;
    } catch (const nlohmann::json::exception& err) {
        throw SchemaError(std::string("malformed quote JSON: ") + err.what());
    }
}

Extraction extraction_from_json(const nlohmann::json& json) {
    Extraction e;
    if (!json.is_object()) {
        throw SchemaError("extraction JSON is not an object");
    }
    try {
        e.speakers = read<std::vector<std::string>>(json, "speakers", {});
        e.organizations = read<std::vector<std::string>>(json, "organizations", {});
        e.people = read<std::vector<std::string>>(json, "people", {});
        e.places = read<std::vector<std::string>>(json, "places", {});
        for (const auto& j : json.value("quotes", nlohmann::json::array())) {
            e.quotes.push_back(quote_from_json(j));
        }
        for (const auto& j : json.value("figures", nlohmann::json::array())) {
            Figure f;
            std::string type = read<std::string>(j, "type", "other");
            f.type = figure_type_from_string(type).value_or(FigureType::Other);
            f.value = read<double>(j, "value", 0.0);
            if (auto it = j.find("value_max"); it != j.end() && it->is_number()) {
                f.value_max = it->get<double>();
            }
            f.date = read<std::string>(j, "date", "");
            f.currency = read<std::string>(j, "currency", "");
            f.unit = read<std::string>(j, "unit", "");
            std::string qual = read<std::string>(j, "qualifier", "exact");
            for (std::size_t i = 0; i < QUALIFIER_NAMES.size(); ++i) {
                if (qual == QUALIFIER_NAMES[i]) {
                    f.qualifier = static_cast<Qualifier>(i);
                }
            }
            f.surface = read<std::string>(j, "surface", "");
            f.sentence = read<std::string>(j, "sentence", "");
            f.sentence_index = read<std::size_t>(j, "sentence_index", 0);
            f.begin = read<std::size_t>(j, "begin", 0);
            f.end = read<std::size_t>(j, "end", 0);
            f.attributed_to = read_optional(j, "attributed_to");
            e.figures.push_back(std::move(f));
        }
    } catch (const nlohmann::json::exception& ex) {
        throw SchemaError(std::string("malformed extraction JSON: ") + ex.what());
    }
    return e;
}

}  // namespace dossier::analyzers
