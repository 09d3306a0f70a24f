#include "indexer/explain.hpp"

#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analyzers/error.hpp"
#include "analyzers/normalizer.hpp"
#include "analyzers/text.hpp"
#include "indexer/dating.hpp"
#include "indexer/text_reader.hpp"

namespace dossier::indexer {

Article read_article_for_explain(const std::string& path) {
    std::string raw = read_file(path);
    std::size_t first = raw.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && raw[first] == '{') {
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(raw);
        } catch (const nlohmann::json::exception& e) {
            throw CorpusError(path, 0, std::string("invalid JSON: ") + e.what());
        }
        Article a;
        a.path = path;
        a.id = j.value("id", std::filesystem::path(path).stem().string());
        a.title = j.value("title", std::string());
        a.text = analyzers::repair_utf8(
            j.contains("text") ? j.value("text", std::string()) : j.value("body", std::string())
        );
        if (a.text.empty()) {
            throw CorpusError(path, 0, "JSON article has no \"text\" or \"body\" field");
        }
        if (auto date = j.find("date"); date != j.end()) {
            a.extra["date"] = *date;
        }
        a.source = std::filesystem::absolute(path).string();
        return a;
    }
    ReadReport report;
    Article a = article_from_text(
        std::move(raw), std::filesystem::path(path).stem().string(), path, report
    );
    if (!report.skip_reason.empty()) {
        throw CorpusError(path, 0, report.skip_reason);
    }
    a.source = std::filesystem::absolute(path).string();  // for a date from the file's mtime
    return a;
}

std::string
explain(const Article& article, const analyzers::Extractor& extractor, ExplainFormat format) {
    const analyzers::Extraction e = extractor.extract(article.title, article.text);
    const ArticleDate date = resolve_date(article);
    if (format == ExplainFormat::Json) {
        nlohmann::json j = {
            {"id", article.id},
            {"title", article.title},
            {"date", date.iso.empty() ? nlohmann::json() : nlohmann::json(date.iso)},
            {"date_source", date.source.empty() ? nlohmann::json() : nlohmann::json(date.source)},
            {"extraction", analyzers::to_json(e)}};
        if (!e.capped.empty()) {
            j["capped"] = e.capped;  // the lists cut at the per-article caps
        }
        return j.dump(2) + "\n";
    }
    auto join = [](const std::vector<std::string>& v) {
        std::string out;
        for (const auto& s : v) {
            out += (out.empty() ? "" : "; ") + s;
        }
        return out.empty() ? std::string("-") : out;
    };
    std::string out = fmt::format("article: {}\ntitle: {}\n", article.id, article.title);
    out += fmt::format(
        "date: {}\n", date.iso.empty() ? std::string("-") : date.iso + " (from " + date.source + ")"
    );
    out += fmt::format("speakers ({}): {}\n", e.speakers.size(), join(e.speakers));
    out += fmt::format("organizations ({}): {}\n", e.organizations.size(), join(e.organizations));
    out += fmt::format("figure types: {}\n", join(e.figure_types()));
    out += fmt::format("quotes ({}):\n", e.quotes.size());
    for (const auto& q : e.quotes) {
        std::string text = q.text.size() > 140 ? q.text.substr(0, 137) + "..." : q.text;
        out += fmt::format(
            "  [s{}] {} ({}): \"{}\"\n",
            q.sentence,
            q.speaker ? *q.speaker : "(unnamed)",
            q.direct ? "direct" : "reported",
            text
        );
    }
    out += fmt::format("figures ({}):\n", e.figures.size());
    for (const auto& f : e.figures) {
        std::string value = !f.date.empty() ? f.date : fmt::format("{:g}", f.value);
        if (f.value_max) {
            value += fmt::format("..{:g}", *f.value_max);
        }
        std::string extra;
        if (!f.currency.empty()) {
            extra += " " + f.currency;
        }
        if (!f.unit.empty()) {
            extra += " " + f.unit;
        }
        out += fmt::format(
            "  [s{}] {:<10} {}{} ({}) \"{}\"{}\n",
            f.sentence_index,
            analyzers::to_string(f.type),
            value,
            extra,
            analyzers::to_string(f.qualifier),
            f.surface,
            f.attributed_to ? " <- " + *f.attributed_to : ""
        );
    }
    if (!e.capped.empty()) {
        out += "note: " + analyzers::capped_note(e) + "\n";
    }
    return out;
}

}  // namespace dossier::indexer
