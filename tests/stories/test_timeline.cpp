#include <algorithm>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "indexer/schema.hpp"
#include "searcher/timeline.hpp"
#include "support/seed_dated.hpp"
#include "support/story_index.hpp"
#include "support/temp_dir.hpp"

using namespace dossier;
namespace schema = dossier::indexer::schema;

namespace {

/// Every figure (or quote) of every article of `db`, as a timeline takes them.
std::vector<searcher::TimelineItem> all_items(const std::string& path, const char* list) {
    Xapian::Database db(path);
    std::vector<searcher::TimelineItem> items;
    for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
        Xapian::Document doc = db.get_document(*p);
        auto data = nlohmann::json::parse(doc.get_data());
        for (const auto& f : data[schema::DATA_EXTRACTION][list]) {
            items.push_back(
                {data["id"],
                 data["title"],
                 doc.get_value(schema::SLOT_STORY),
                 data.value(schema::DATA_DATE, ""),
                 data.value(schema::DATA_DATE_SOURCE, ""),
                 f}
            );
        }
    }
    return items;
}

}  // namespace

TEST_CASE("timeline: the seed articles' casualty figures by source in date order") {
    test::TempDir dir;
    test::write_seed_jsonl(dir.str("seed.jsonl"), true);
    test::index_inputs(dir.str("db"), {dir.str("seed.jsonl")});
    auto items = all_items(dir.str("db"), "figures");
    std::erase_if(items, [](auto& i) { return i.item.value("type", "") != "casualties"; });
    auto series = searcher::build_figure_timeline(items);
    REQUIRE(!series.empty());

    auto find = [&](const std::string& source) -> const searcher::TimelineSeries* {
        for (const auto& s : series) {
            if (s.source == source) {
                return &s;
            }
        }
        return nullptr;
    };
    // The revision is a copy of 001: the same story, so 001's unchanged figures are folded.
    const auto* zelensky = find("Volodymyr Zelensky");
    REQUIRE(zelensky);
    REQUIRE(zelensky->points.size() == 2);
    CHECK(zelensky->points[0].id == "001_1eb6d0dfee52ccb7");  // the earliest article of the story
    CHECK(zelensky->points[0].date == "2024-12-27");
    CHECK(zelensky->points[0].copies == std::vector<std::string>{"001-update"});
    CHECK(zelensky->points[0].value == 3000);
    CHECK(zelensky->points[1].id == "003_b153a9dce5a7b7c6");
    CHECK(zelensky->points[1].repeats == std::optional<std::string>("001_1eb6d0dfee52ccb7"));

    const auto* nis = find("National Intelligence Service");
    REQUIRE(nis);
    REQUIRE(nis->points.size() == 2);
    CHECK(nis->points[0].value == 1100);
    CHECK(nis->points[0].date == "2024-12-27");
    CHECK(nis->points[1].value == 3000);
    CHECK(nis->points[1].date == "2025-01-14");
    CHECK(nis->points[1].previous == std::optional<double>(1100));

    // Sources in order of their first report, the unattributed figures last.
    CHECK(series.front().points.front().date == "2024-11-22");
    CHECK(series.back().source.empty());
    for (const auto& s : series) {
        CHECK(std::is_sorted(s.points.begin(), s.points.end(), [](auto& a, auto& b) {
            return a.date < b.date;
        }));
    }
    auto json = searcher::to_json(series);
    CHECK(json[0]["points"][0]["date_source"] == "field");
    CHECK(searcher::render_timeline(series).find("[changed from 1,100]") != std::string::npos);
}

TEST_CASE("timeline: quotes of the seed articles in date order, copies folded") {
    test::TempDir dir;
    test::write_seed_jsonl(dir.str("seed.jsonl"), true);
    test::index_inputs(dir.str("db"), {dir.str("seed.jsonl")});
    auto lines = searcher::build_quote_timeline(all_items(dir.str("db"), "quotes"));
    REQUIRE(lines.size() > 5);
    CHECK(std::is_sorted(lines.begin(), lines.end(), [](auto& a, auto& b) {
        return a.date < b.date;
    }));
    CHECK(lines.front().date == "2024-11-22");
    // Every quote of 001 is also in its revision: each is one line naming both.
    std::size_t folded = 0;
    for (const auto& l : lines) {
        if (l.id == "001-update") {  // only the revised sentence is the revision's own
            CHECK(l.text.find("3,000") != std::string::npos);
        }
        folded += l.copies == std::vector<std::string>{"001-update"};
    }
    CHECK(folded > 0);
}
