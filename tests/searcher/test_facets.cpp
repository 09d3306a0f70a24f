#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>

#include "analyzers/error.hpp"
#include "indexer/columns.hpp"
#include "indexer/schema.hpp"
#include "searcher/batch.hpp"
#include "searcher/render.hpp"
#include "searcher/searcher.hpp"
#include "support/extraction_fixture.hpp"
#include "support/garble_column.hpp"
#include "support/paths.hpp"
#include "support/temp_dir.hpp"

using namespace dossier::searcher;

namespace {

/// corpus/ with the hand annotations, built once.
Searcher& annotated() {
    static dossier::test::TempDir dir;
    static Searcher searcher = [] {
        dossier::test::build_annotated_corpus(dir.str("db"));
        return Searcher(dir.str("db"));
    }();
    return searcher;
}

/// The facets by name (their index in schema::FACETS).
const Facet SPEAKER = facet_named("speaker");
const Facet ORGANIZATION = facet_named("organization");
const Facet FIGURE_TYPE = facet_named("figure_type");

HitsResult search(const std::string& query, Filters filters = {}, std::size_t facets = 1000) {
    HitsRequest r;
    r.query = query;
    r.filters = std::move(filters);
    r.facet_limit = facets;
    r.limit = 100;
    return annotated().hits(r);
}

std::set<std::string> ids(const HitsResult& r) {
    std::set<std::string> out;
    for (const auto& h : r.hits) {
        out.insert(h.id.substr(0, 3));
    }
    return out;
}

const FacetCounts& counts(const HitsResult& r, Facet f) {
    for (const auto& [facet, c] : r.facets) {
        if (facet == f) {
            return c;
        }
    }
    throw std::runtime_error("facet not counted");
}

std::map<std::string, std::size_t> as_map(const FacetCounts& c) {
    std::map<std::string, std::size_t> out;
    for (const auto& v : c.top) {
        out[v.value] = v.count;
    }
    return out;
}

Filters only(Facet f, std::vector<std::string> values) {
    Filters filters;
    filters[f] = std::move(values);
    return filters;
}

}  // namespace

TEST_CASE("every facet count equals the total its own filter returns", "[searcher][facets]") {
    auto query = GENERATE(
        as<std::string>{},
        "",
        "casualties",
        "budanov OR syrsky",
        "\"North Korean\"",
        "troops NOT cannon"
    );
    CAPTURE(query);
    HitsResult all = search(query);
    CHECK(all.facet_documents == all.total);
    std::size_t checked = 0;
    for (const auto& [facet, c] : all.facets) {
        CHECK(c.distinct == c.top.size());  // the limit (1000) is above every cardinality
        for (const auto& v : c.top) {
            CAPTURE(facet_name(facet), v.value);
            CHECK(search(query, only(facet, {v.value}), 0).total == v.count);
            ++checked;
        }
    }
    CHECK(checked > 0);
}

TEST_CASE(
    "with filters on, counts are exact too: plain counts within, disjunctive counts without",
    "[searcher][facets]"
) {
    Filters filters = only(SPEAKER, {"zelensky"});
    filters[FIGURE_TYPE] = {"troops", "money"};
    auto query = GENERATE(as<std::string>{}, "", "casualties", "speaker:budanov");
    CAPTURE(query);
    HitsResult r = search(query, filters);
    CHECK(r.facet_documents == r.total);
    const auto matching = ids(r);
    for (const auto& [facet, c] : r.facets) {
        for (const auto& v : c.top) {
            CAPTURE(facet_name(facet), v.value);
            // The articles with this value among the matching ones.
            std::set<std::string> with;
            for (const auto& id : ids(search("", only(facet, {v.value}), 0))) {
                with.insert(id);
            }
            std::size_t both =
                std::count_if(matching.begin(), matching.end(), [&](const std::string& id) {
                    return with.count(id) > 0;
                });
            CHECK(v.count == both);
        }
    }
    std::size_t checked = 0;
    for (const auto& [facet, c] : r.disjunctive_facets) {
        CHECK(!r.filters[facet].empty());
        for (const auto& v : c.top) {
            CAPTURE(facet_name(facet), v.value);
            // Replacing the facet's own filter by this value gives exactly this count (the
            // query's own speaker:budanov is lifted into the filters, so it is replaced too).
            Filters replaced = r.filters;
            replaced[facet] = {v.value};
            const std::string rest = lift_filters(query).text;
            CHECK(search(rest, replaced, 0).total == v.count);
            ++checked;
        }
    }
    CHECK(checked > 0);
}

TEST_CASE(
    "facets are multi-valued: an article counts once for each of its values", "[searcher][facets]"
) {
    HitsResult r = search("");
    CHECK(r.total == 5);
    std::size_t sum = 0;
    for (const auto& v : counts(r, SPEAKER).top) {
        sum += v.count;
    }
    // 4 + 3 + 4 + 1 + 2 speakers; Zelensky's two spellings are one value.
    CHECK(sum == 14);
    auto speakers = as_map(counts(r, SPEAKER));
    CHECK(speakers["Volodymyr Zelensky"] == 4);
    CHECK(speakers.count("Volodymyr Zelenskyy") == 0);
    CHECK(speakers["Kyrylo Budanov"] == 1);
    auto types = as_map(counts(r, FIGURE_TYPE));
    CHECK(types["troops"] == 5);
    CHECK(types["casualties"] == 4);
    CHECK(types["killed"] == 2);
    // Sorted by count, then value.
    const auto& top = counts(r, ORGANIZATION).top;
    CHECK(std::is_sorted(top.begin(), top.end(), [](const FacetValue& a, const FacetValue& b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
    }));
    CHECK(top.front().value == "Defense Intelligence Directorate");  // 3, like NIS: ties by value
    CHECK(top.front().count == 3);
}

TEST_CASE(
    "a facet limit N keeps the N most frequent values and reports how many there are",
    "[searcher][facets]"
) {
    HitsResult r = search("", {}, 2);
    CHECK(counts(r, SPEAKER).top.size() == 2);
    CHECK(counts(r, SPEAKER).top[0].value == "Volodymyr Zelensky");
    CHECK(counts(r, SPEAKER).distinct == 11);
    HitsResult none = search("", {}, 0);
    CHECK(none.facets.empty());
}

TEST_CASE("speaker filters ignore case, accents and aliases", "[searcher][filters]") {
    auto value = GENERATE(
        as<std::string>{},
        "zelenskyy",
        "ZELENSKIY",
        "Zelenský",
        "Volodymyr Zelensky",
        "zelensky",
        "volodymyr"
    );
    CAPTURE(value);
    const std::set<std::string> zelensky{"000", "001", "002", "003"};
    CHECK(ids(search("", only(SPEAKER, {value}))) == zelensky);
    CHECK(ids(search("speaker:\"" + value + "\"")) == zelensky);
    CHECK(ids(search("", only(SPEAKER, {"Буданов"}))) == std::set<std::string>{"000"});
}

TEST_CASE(
    "a surname selects the full name, a display value selects exactly its articles",
    "[searcher][filters]"
) {
    CHECK(ids(search("", only(SPEAKER, {"budanov"}))) == std::set<std::string>{"000"});
    CHECK(ids(search("", only(SPEAKER, {"Kindratenko"}))) == std::set<std::string>{"004"});
    CHECK(
        ids(search("", only(ORGANIZATION, {"HUR"}))) == std::set<std::string>{"000", "001", "002"}
    );
    CHECK(ids(search("", only(ORGANIZATION, {"nyt"}))) == std::set<std::string>{"000", "004"});
    CHECK(search("", only(SPEAKER, {"nobody at all"})).total == 0);
}

TEST_CASE("figure-type filters accept other inflections of the type", "[searcher][filters]") {
    CHECK(
        ids(search("", only(FIGURE_TYPE, {"casualty"})))
        == std::set<std::string>{"000", "001", "002", "003"}
    );
    CHECK(ids(search("figure:Casualties")) == std::set<std::string>{"000", "001", "002", "003"});
    CHECK(ids(search("", only(FIGURE_TYPE, {"money"}))) == std::set<std::string>{"002"});
}

TEST_CASE(
    "filters: OR within a facet, AND across facets, the same in the query", "[searcher][filters]"
) {
    Filters either = only(SPEAKER, {"budanov", "kindratenko"});
    CHECK(ids(search("", either)) == std::set<std::string>{"000", "004"});
    CHECK(
        ids(search("speaker:budanov speaker:kindratenko")) == std::set<std::string>{"000", "004"}
    );

    Filters both = only(SPEAKER, {"zelensky"});
    both[ORGANIZATION] = {"Special Operations Forces"};
    CHECK(ids(search("", both)) == std::set<std::string>{"001"});
    CHECK(
        ids(search("speaker:zelensky org:\"special operations forces\""))
        == std::set<std::string>{"001"}
    );
    // Flags and query filters combine: OR within the facet.
    CHECK(
        ids(search("speaker:budanov", only(SPEAKER, {"syrsky"})))
        == std::set<std::string>{"000", "004"}
    );
    // A filter limits the words' matches; it does not add any.
    CHECK(ids(search("\"cannon fodder\" speaker:zelensky")) == std::set<std::string>{"002"});
    CHECK(ids(search("\"cannon fodder\" speaker:budanov")).empty());
}

TEST_CASE(
    "filters inside boolean expressions are left to the query parser", "[searcher][filters]"
) {
    // The OR makes the filter part of one branch: nothing is lifted, the parser decides.
    HitsResult r = search("speaker:budanov OR syrsky");
    CHECK(r.filters.empty());
    CHECK(ids(r).count("000") == 1);
    CHECK(ids(r).count("004") == 1);
    // NOT excludes.
    HitsResult n = search("casualties NOT speaker:zelensky");
    CHECK(n.filters.empty());
    CHECK(ids(n) == std::set<std::string>{"004"});
}

TEST_CASE(
    "disjunctive facets count each filtered facet without its own filter", "[searcher][facets]"
) {
    HitsResult unfiltered = search("");
    HitsResult r = search("", only(SPEAKER, {"budanov"}));
    CHECK(r.total == 1);
    REQUIRE(r.disjunctive_facets.size() == 1);
    CHECK(r.disjunctive_facets[0].first == SPEAKER);
    CHECK(as_map(r.disjunctive_facets[0].second) == as_map(counts(unfiltered, SPEAKER)));
    CHECK(as_map(counts(r, SPEAKER))["Kyrylo Budanov"] == 1);
    CHECK(as_map(counts(r, SPEAKER)).size() == 4);

    // Two filtered facets: each one's counts come from the other's filter alone.
    Filters two = only(SPEAKER, {"budanov"});
    two[ORGANIZATION] = {"Special Operations Forces"};
    HitsResult both = search("", two);
    CHECK(both.total == 0);
    REQUIRE(both.disjunctive_facets.size() == 2);
    for (const auto& [facet, c] : both.disjunctive_facets) {
        Filters other = two;
        other[facet].clear();
        CHECK(as_map(c) == as_map(counts(search("", other), facet)));
    }
    // Query syntax filters are disjunctive too.
    CHECK(search("speaker:budanov").disjunctive_facets.size() == 1);
}

TEST_CASE("lift_filters takes out top-level field filters only", "[searcher][filters]") {
    auto lifted = lift_filters("casualties speaker:budanov org:\"New York Times\" Figure:troops");
    CHECK(lifted.text.find_first_not_of(' ', 10) == std::string::npos);
    CHECK(lifted.filters[SPEAKER] == std::vector<std::string>{"budanov"});
    CHECK(lifted.filters[ORGANIZATION] == std::vector<std::string>{"New York Times"});
    CHECK(lifted.filters[FIGURE_TYPE] == std::vector<std::string>{"troops"});
    for (const char* kept :
         {"a OR speaker:x",
          "(a speaker:x)",
          "NOT speaker:x",
          "-speaker:x",
          "\"a speaker:x\"",
          "a AND speaker:x",
          "title:x"}) {
        CAPTURE(kept);
        auto l = lift_filters(kept);
        CHECK(l.filters.empty());
        CHECK(l.text == kept);
    }
}

TEST_CASE("hits carry their speakers, organizations and figure types", "[searcher][facets]") {
    HitsResult r = search("\"cannon fodder\"");
    REQUIRE(r.hits.size() == 1);
    CHECK(
        r.hits[0].facet_values[SPEAKER]
        == std::vector<
            std::string>{"Edward Howell", "Konstantin Sonin", "Pat Ryder", "Volodymyr Zelensky"}
    );
    CHECK(
        r.hits[0].facet_values[FIGURE_TYPE]
        == std::vector<std::string>{"casualties", "killed", "money", "troops"}
    );
    CHECK(r.hits[0].facet_values[ORGANIZATION].size() == 5);
    auto j = to_json(r);
    CHECK(j["hits"][0]["speakers"].size() == 4);
    CHECK(j["facets"]["speaker"][0]["count"].is_number_integer());
    CHECK(j["facet_documents"] == 1);
}

namespace {

FiguresResult figures(
    const std::string& query, Filters filters = {}, std::size_t offset = 0, std::size_t limit = 100
) {
    FiguresRequest r;
    r.query = query;
    r.filters = std::move(filters);
    r.offset = offset;
    r.limit = limit;
    return annotated().figures(r);
}

}  // namespace

TEST_CASE(
    "the figures view lists figures of matching articles by type, then value", "[searcher][figures]"
) {
    FiguresResult r = figures("");
    CHECK(r.figures_total == 21);
    CHECK(r.figures.size() == 21);
    CHECK(std::is_sorted(
        r.figures.begin(),
        r.figures.end(),
        [](const FigureRow& a, const FigureRow& b) {
            return a.type != b.type ? a.type < b.type : a.value < b.value;
        }
    ));
    FiguresResult c = figures("", only(FIGURE_TYPE, {"casualties"}));
    std::vector<double> values;
    for (const auto& f : c.figures) {
        CHECK(f.type == "casualties");
        values.push_back(f.value);
    }
    CHECK(values == std::vector<double>{30, 1000, 1100, 3000, 3000, 4000});
    CHECK(
        c.figures[1].attributed_to == std::optional<std::string>("National Intelligence Service")
    );
    CHECK(c.figures[0].attributed_to == std::nullopt);
    CHECK(c.figures[1].sentence.find("over 1,000 North Korean soldiers") != std::string::npos);

    // Query and filter select the articles.
    FiguresResult one = figures("\"cannon fodder\"", only(FIGURE_TYPE, {"troop"}));
    REQUIRE(one.figures.size() == 2);
    CHECK(one.figures[0].value == 10000);
    CHECK(one.figures[1].value == 50000);
    CHECK(one.figures[1].attributed_to == std::optional<std::string>("Volodymyr Zelensky"));
}

TEST_CASE(
    "the figures view filters by value range and pages with offset and limit", "[searcher][figures]"
) {
    FiguresRequest r;
    r.filters[FIGURE_TYPE] = {"casualties"};
    r.min_value = 1000;
    r.max_value = 3000;
    r.limit = 100;
    FiguresResult ranged = annotated().figures(r);
    std::vector<double> values;
    for (const auto& f : ranged.figures) {
        values.push_back(f.value);
    }
    CHECK(values == std::vector<double>{1000, 1100, 3000, 3000});

    FiguresResult all = figures("");
    std::vector<std::string> paged;
    for (std::size_t offset = 0; offset < all.figures_total; offset += 4) {
        FiguresResult page = figures("", {}, offset, 4);
        CHECK(page.figures_total == all.figures_total);
        CHECK(page.figures.size() <= 4);
        for (const auto& f : page.figures) {
            paged.push_back(f.id + f.figure.dump());
        }
    }
    std::vector<std::string> whole;
    for (const auto& f : all.figures) {
        whole.push_back(f.id + f.figure.dump());
    }
    CHECK(paged == whole);
    CHECK(figures("", {}, 100, 10).figures.empty());
}

TEST_CASE(
    "the figures table shows conflicting estimates side by side with their sources",
    "[searcher][figures][render]"
) {
    std::string text =
        render_text(figures("", only(FIGURE_TYPE, {"casualties"})), Highlight::Plain);
    CAPTURE(text);
    CHECK(text.find("TYPE") != std::string::npos);
    CHECK(text.find("SOURCE") != std::string::npos);
    CHECK(text.find("National Intelligence Service") != std::string::npos);
    // One row per estimate, in value order, the ARTICLE column aligned on every row.
    std::istringstream lines(text);
    std::string line;
    std::vector<std::string> rows;
    std::set<std::size_t> columns;
    while (std::getline(lines, line)) {
        if (line.starts_with("casualties")) {
            rows.push_back(line);
            columns.insert(line.find(" 00") + 1);
        }
    }
    REQUIRE(rows.size() == 6);
    CHECK(rows[2].find("1,100") != std::string::npos);
    CHECK(rows[2].find("lower_bound") != std::string::npos);
    CHECK(rows[5].find("4,000") != std::string::npos);
    CHECK(rows[5].find("Kyrylo Budanov") != std::string::npos);
    CHECK(columns.size() == 1);
    auto j = to_json(figures("", only(FIGURE_TYPE, {"casualties"})));
    CHECK(j["figures"][0]["attributed_to"].is_null());
    CHECK(j["figures"][1]["attributed_to"] == "National Intelligence Service");
    CHECK(j["figures"][1]["value"] == 1000);
    CHECK(j["figures"][1]["qualifier"] == "lower_bound");
    CHECK(j["figures"][1]["sentence"].is_string());
}

namespace {

QuotesResult quotes(
    const std::string& query, Filters filters = {}, std::size_t offset = 0, std::size_t limit = 100
) {
    QuotesRequest r;
    r.query = query;
    r.filters = std::move(filters);
    r.offset = offset;
    r.limit = limit;
    return annotated().quotes(r);
}

std::vector<std::string> quote_speakers(const QuotesResult& r) {
    std::vector<std::string> out;
    for (const auto& q : r.quotes) {
        out.push_back(q.speaker.value_or("-"));
    }
    return out;
}

}  // namespace

TEST_CASE(
    "the quotes view matches the query against the quotation's own text", "[searcher][quotes]"
) {
    CHECK(quote_speakers(quotes("\"cannon fodder\"")) == std::vector<std::string>{"Edward Howell"});
    // Every article mentions casualties; only two quotations do (stemmed: "casualty" too).
    QuotesResult c = quotes("casualty");
    CHECK(c.total == 5);
    CHECK(c.quotes_total == 2);
    for (const auto& q : c.quotes) {
        CHECK(q.id == "004_0da5bea54c4e428b");
        CHECK(q.text.find("casualties") != std::string::npos);
    }
    CHECK(
        quote_speakers(quotes("\"front line\"")) == std::vector<std::string>{"Mikhalio Podolyak"}
    );
    CHECK(quote_speakers(quotes("underestim*")) == std::vector<std::string>{"Yevgen Yerin"});
    CHECK(quotes("xylophone").quotes.empty());
    // Alias mentions: the query side expands Vladimir Putin to its alias group term, which the
    // quotations carry too ("Putin's", "Putin"); neither quotation has the word "Vladimir".
    auto putin = quote_speakers(quotes("Vladimir Putin"));
    std::sort(putin.begin(), putin.end());
    CHECK(putin == std::vector<std::string>{"Edward Howell", "Mikhalio Podolyak"});
}

TEST_CASE(
    "the quotes view: speaker filters select the speaker's quotations, paging", "[searcher][quotes]"
) {
    CHECK(
        quote_speakers(quotes("", only(SPEAKER, {"budanov"})))
        == std::vector<std::string>{"Kyrylo Budanov", "Kyrylo Budanov"}
    );
    CHECK(
        quote_speakers(quotes("speaker:zelenskyy"))
        == std::vector<std::string>{"Volodymyr Zelensky"}
    );
    QuotesResult all = quotes("");
    CHECK(all.quotes_total == 13);
    std::vector<std::string> paged;
    for (std::size_t offset = 0; offset < all.quotes_total; offset += 5) {
        for (const auto& q : quotes("", {}, offset, 5).quotes) {
            paged.push_back(q.text);
        }
    }
    std::vector<std::string> whole;
    for (const auto& q : all.quotes) {
        whole.push_back(q.text);
    }
    CHECK(paged == whole);
    auto j = to_json(quotes("", only(SPEAKER, {"budanov"})));
    CHECK(j["quotes"][0]["speaker"] == "Kyrylo Budanov");
    CHECK(j["quotes"][0]["id"] == "000_2b5076e200270314");
    CHECK(j["quotes"][0]["text"].is_string());
    CHECK(to_json(quotes("reality"))["quotes"][0]["speaker"].is_null());
}

TEST_CASE(
    "batch runs each line, answers a bad line with an error object and goes on", "[searcher][batch]"
) {
    std::istringstream in("budanov\n\nbudanov AND\r\nspeaker:zelenskyy casualties\n");
    std::vector<nlohmann::json> out;
    HitsRequest base;
    base.limit = 3;
    BatchSummary s =
        run_batch(annotated(), base, in, [&](const nlohmann::json& j) { out.push_back(j); });
    CHECK(s.queries == 4);
    CHECK(s.errors == 1);
    REQUIRE(out.size() == 4);
    CHECK(out[0]["line"] == 1);
    CHECK(out[0]["total"] == 1);
    CHECK(out[0]["took_ms"].is_number());
    CHECK(out[1]["line"] == 2);
    CHECK(out[1]["total"] == 5);  // a blank line browses
    CHECK(out[2]["line"] == 3);
    CHECK(out[2]["query"] == "budanov AND");
    CHECK(out[2]["error"].get<std::string>().find("budanov AND") != std::string::npos);
    CHECK(out[3]["line"] == 4);
    CHECK(out[3]["total"] == 4);
    CHECK(out[3]["filters"]["speaker"] == nlohmann::json::array({"zelenskyy"}));
    CHECK(out[3]["hits"].size() == 3);
    CHECK(out[3]["disjunctive_facets"].contains("speaker"));
}

TEST_CASE(
    "a search reads the facet ids from their column while it mirrors the index, with the same "
    "answers",
    "[searcher][facets][columns]"
) {
    namespace schema = dossier::indexer::schema;
    dossier::test::TempDir dir;
    const std::string db = dir.str("db");
    dossier::test::build_annotated_corpus(db);
    // The whole answer of a few queries that count facets over their matches (not a browse,
    // which counts from term frequencies), without its timing.
    // Counted by the match, and by two threads beside it (Searcher::set_facet_threads): the
    // same answers.
    auto answers = [](Searcher& searcher) {
        std::vector<nlohmann::json> out[2];
        for (const std::size_t helpers : {0, 2}) {
            searcher.set_facet_threads(helpers);
            for (const char* q : {"troops", "said", "Russia casualties", "Kyiv OR Seoul"}) {
                HitsRequest r;
                r.query = q;
                r.facet_limit = 1000;
                nlohmann::json j = to_json(searcher.hits(r));
                j.erase("took_ms");
                out[helpers > 0 ? 1 : 0].push_back(std::move(j));
            }
        }
        CHECK(out[0] == out[1]);
        return out[0];
    };
    Searcher with_column(db);
    REQUIRE(with_column.reads_facet_column());
    const auto expected = answers(with_column);
    std::size_t counted = 0;
    for (const auto& j : expected) {
        for (const auto& [facet, values] : j["facets"].items()) {
            counted += values.size();
        }
    }
    CHECK(counted > 10);  // the queries do count values

    // Without the column (an index from before columns), the slot gives the same answers.
    const std::string file = dossier::indexer::column_path(db, schema::SLOT_FACET_IDS);
    const std::string bytes = dossier::test::slurp(file);
    std::filesystem::remove(file);
    Searcher without(db);
    CHECK_FALSE(without.reads_facet_column());
    CHECK(answers(without) == expected);

    // A column whose values cannot be decoded (a disk error: the stamp and offsets hold, the
    // bytes do not) is read around: each such document's ids come from its slot.
    {
        std::ofstream(file, std::ios::binary) << bytes;  // back, to be damaged
        // The first half: those documents come from their slots, the others from the column's
        // numbers, and both count into one memo.
        dossier::test::garble_facet_column(db, 0.5);
        Searcher garbled_column(db);
        CHECK(garbled_column.reads_facet_column());
        CHECK(answers(garbled_column) == expected);
        // One query without the memo (the CLI) counts the column's numbers apart from ids:
        // keys read from both must still add up.
        Searcher garbled_plain(db);
        garbled_plain.set_document_memo(false);
        CHECK(answers(garbled_plain) == expected);
    }

    // A column left behind by a commit of another writer is not used.
    {
        const std::string tmp = file + ".test";
        std::ofstream(tmp, std::ios::binary) << bytes;
        std::filesystem::rename(tmp, file);
        Searcher again(db);
        CHECK(again.reads_facet_column());
        Xapian::WritableDatabase w(db, Xapian::DB_OPEN);
        w.set_metadata("test.touched", "1");
        w.commit();
    }
    Searcher stale(db);
    CHECK_FALSE(stale.reads_facet_column());
    CHECK(answers(stale) == expected);
}
