#include <catch2/catch.hpp>

#include "searcher/render.hpp"

using namespace dossier::searcher;

namespace {

HitsResult sample() {
    HitsResult r;
    r.query = "casualties";
    r.total = 1;
    Hit h;
    h.rank = 1;
    h.id = "000";
    h.title = "T";
    h.path = "corpus/000.txt";
    h.score = 1.5;
    h.snippet =
        std::string("heavy ") + HIGHLIGHT_BEGIN + "casualties" + HIGHLIGHT_END + " reported";
    r.hits.push_back(h);
    return r;
}

}  // namespace

TEST_CASE("snippet highlights render as ANSI, HTML or plain text", "[searcher][render]") {
    auto snippet = sample().hits[0].snippet;
    CHECK(render_snippet(snippet, Highlight::Plain) == "heavy casualties reported");
    CHECK(render_snippet(snippet, Highlight::Html) == "heavy <b>casualties</b> reported");
    CHECK(render_snippet(snippet, Highlight::Ansi).find("\x1b[") != std::string::npos);
}

TEST_CASE("JSON output carries the documented keys", "[searcher][render]") {
    auto j = to_json(sample());
    CHECK(j["query"] == "casualties");
    CHECK(j["total"] == 1);
    REQUIRE(j["hits"].size() == 1);
    for (const char* key : {"id", "title", "path", "score", "snippet", "rank", "highlights"}) {
        CAPTURE(key);
        CHECK(j["hits"][0].contains(key));
    }
    CHECK(j["hits"][0]["highlights"][0] == "casualties");
}

TEST_CASE("plain text output has no escape codes", "[searcher][render]") {
    auto text = render_text(sample(), Highlight::Plain);
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(text.find("heavy casualties reported") != std::string::npos);
}
