#include "searcher/render.hpp"

#include <fmt/format.h>

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

std::string render_text(const SearchResult& result, Highlight mode) {
    std::string out;
    if (result.showing_corrected) {
        out += fmt::format("No articles match '{}'. Showing results for: {}\n", result.query, *result.corrected_query);
    } else if (result.corrected_query) {
        out += fmt::format("Did you mean: {}\n", *result.corrected_query);
    }
    if (result.hits.empty()) {
        const std::string& searched = result.showing_corrected ? *result.corrected_query : result.query;
        out += fmt::format("No articles match '{}' ({} matching).\n", searched, result.total);
        return out;
    }
    const std::size_t first = result.hits.front().rank;
    const std::size_t last = result.hits.back().rank;
    out += fmt::format("{} matching articles; showing {}-{}\n", result.total, first, last);
    for (const auto& hit : result.hits) {
        out += fmt::format("\n{:>2}. {}  [{}]  score {:.3f}\n", hit.rank, hit.title, hit.id, hit.score);
        out += fmt::format("    {}\n", hit.path);
        out += fmt::format("    {}\n", render_snippet(hit.snippet, mode));
    }
    return out;
}

nlohmann::json to_json(const SearchResult& result) {
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
        nlohmann::json highlights = nlohmann::json::array();
        for (std::size_t b = hit.snippet.find(HIGHLIGHT_BEGIN); b != std::string::npos; b = hit.snippet.find(HIGHLIGHT_BEGIN, b + 1)) {
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
    return {
        {"query", result.query},
        {"corrected_query", result.corrected_query ? nlohmann::json(*result.corrected_query) : nlohmann::json(nullptr)},
        {"showing_corrected", result.showing_corrected},
        {"total", result.total},
        {"hits", std::move(hits)},
    };
}

}  // namespace dossier::searcher
