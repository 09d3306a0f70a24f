// ValueCounts: the story and date counts of a match, from the Searcher's slot memo, against
// Xapian's own ValueCountMatchSpy on the same matches.
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "indexer/index_writer.hpp"
#include "indexer/schema.hpp"
#include "searcher/value_counts.hpp"
#include "support/analysis.hpp"
#include "support/news_samples.hpp"
#include "support/temp_dir.hpp"

using namespace dossier::searcher;
namespace schema = dossier::indexer::schema;

namespace {

std::map<std::string, std::size_t> counts_of(const Xapian::ValueCountMatchSpy& spy) {
    std::map<std::string, std::size_t> out;
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
        out[*it] = it.get_termfreq();
    }
    return out;
}

}  // namespace

TEST_CASE(
    "story and date counts from the slot memo equal Xapian's ValueCountMatchSpy",
    "[searcher][facets]"
) {
    if (!dossier::test::have_shared_data()) {
        WARN("shared data absent: skipped");
        return;
    }
    dossier::test::TempDir dir;
    const std::string path = dir.str("db");
    {
        dossier::indexer::IndexWriter writer(path, dossier::test::analysis());
        std::size_t n = 0;
        for (const auto& s : dossier::test::bbc_sample(5)) {
            dossier::indexer::Article a;
            // A date field on most articles (some days shared, some articles without one).
            if (++n % 7 != 0) {
                a.extra["date"] = fmt::format("2005-{:02}-{:02}", 1 + n % 12, 1 + n % 28);
            }
            a.id = s.id;
            a.title = s.title;
            a.text = s.text;
            a.path = a.id + ".txt";
            writer.put(a);
        }
        writer.commit();
    }
    const Xapian::Database db(path);
    REQUIRE(db.get_doccount() > 300);
    // Over one database the memo keeps each document's value id; over a stub of several it
    // keeps the values only. Both must count the same.
    for (const bool memo_documents : {true, false}) {
        SlotValues stories, dates;
        stories.reset(memo_documents);
        dates.reset(memo_documents);
        std::size_t values = 0, days = 0;
        // Twice: the second pass reads the ids from the memo.
        for (int pass = 0; pass < 2; ++pass) {
            for (const char* q : {"", "said", "government", "film", "bank"}) {
                CAPTURE(memo_documents, pass, q);
                Xapian::Enquire enquire(db);
                enquire.set_query(
                    *q ? Xapian::Query(q) : Xapian::Query(std::string())  // "" matches all
                );
                ValueCounts story(schema::SLOT_STORY, stories, false);
                ValueCounts date(schema::SLOT_DATE, dates, false);
                Xapian::ValueCountMatchSpy story_ref(schema::SLOT_STORY);
                Xapian::ValueCountMatchSpy date_ref(schema::SLOT_DATE);
                story.attach(enquire);
                date.attach(enquire);
                enquire.add_matchspy(&story_ref);
                enquire.add_matchspy(&date_ref);
                enquire.get_mset(0, 10, db.get_doccount());
                REQUIRE(story_ref.get_total() > 0);
                CHECK(story.total() == story_ref.get_total());
                CHECK(date.total() == date_ref.get_total());
                const auto story_counts = counts_of(story_ref);
                const auto date_counts = counts_of(date_ref);
                CHECK(story.distinct() == story_counts.size());
                CHECK(date.distinct() == date_counts.size());
                std::map<std::string, std::size_t> listed;
                story.for_each([&](const std::string& v, std::size_t n) { listed[v] = n; });
                CHECK(listed == story_counts);
                listed.clear();
                date.for_each([&](const std::string& v, std::size_t n) { listed[v] = n; });
                CHECK(listed == date_counts);
                for (const auto& [value, n] : story_counts) {
                    CHECK(story.count(value) == n);
                }
                CHECK(story.count("no such story") == 0);
                values += story_counts.size();
                days += date_counts.size();
            }
        }
        CHECK(values > 1000);
        CHECK(days > 50);
    }
}
