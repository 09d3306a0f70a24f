/// Aliases and synonyms, other scripts and accents, spelling correction: through the Searcher.
#include <algorithm>
#include <cstdint>

#include <catch2/catch.hpp>

#include "analyzers/normalizer.hpp"
#include "indexer/index_writer.hpp"
#include "indexer/schema.hpp"
#include "searcher/query.hpp"
#include "searcher/searcher.hpp"
#include "support/analysis.hpp"
#include "support/index_fixture.hpp"

using dossier::searcher::HitsRequest;
using dossier::searcher::QueryCompiler;
using dossier::searcher::Searcher;
using dossier::test::IndexFixture;
using Ids = std::vector<std::string>;

namespace {

Ids ids(Searcher& s, const std::string& q) {
    HitsRequest r;
    r.query = q;
    r.limit = 100;
    r.correct_spelling = false;
    Ids out;
    for (const auto& h : s.hits(r).hits) {
        out.push_back(h.id);
    }
    std::sort(out.begin(), out.end());
    return out;
}

Ids ids(const std::string& db, const std::string& q) {
    Searcher s(db);
    return ids(s, q);
}

const std::vector<std::pair<std::string, std::string>> NEWS = {
    {"nk", "North Korea fired two missiles on Monday, Seoul said."},
    {"dprk", "The DPRK denied sending soldiers abroad."},
    {"nis", "The NIS told lawmakers that casualties were rising."},
    {"spy", "South Korea's spy agency briefed parliament on the deployment."},
    {"nis-full", "According to the National Intelligence Service, 300 soldiers died."},
    {"kim", "Kim Jong-un inspected the troops before they left."},
    {"kim2", "Leader Kim Jong Un praised the soldiers."},
    {"un", "The UN Security Council met on Tuesday."},
    {"pentagon", "The Pentagon said 12,000 troops were in Kursk."},
    {"dod", "A US Department of Defense spokesman declined to comment."},
    {"zel", "President Zelenskyy said the figures were accurate."},
    {"zel2", "Zelensky's office in Kiev confirmed the visit."},
    {"hur", "Ukraine's military intelligence (HUR) published the diary."},
    {"budanov", "Budanov said the reports in the media were wrong."},
    {"other", "A quiet day on the markets with shares little changed."},
};

const IndexFixture& news() {
    static IndexFixture f = IndexFixture::of(NEWS);
    return f;
}

}  // namespace

TEST_CASE("a query for one variant finds the articles that use the others", "[searcher][aliases]") {
    const std::string db = news().db();
    CHECK(ids(db, "DPRK") == Ids{"dprk", "nk"});
    CHECK(ids(db, "North Korea") == Ids{"dprk", "nk"});
    CHECK(ids(db, "Democratic People's Republic of Korea") == Ids{"dprk", "nk"});
    CHECK(ids(db, "NIS") == Ids{"nis", "nis-full", "spy"});
    CHECK(ids(db, "South Korea's spy agency") == Ids{"nis", "nis-full", "spy"});
    CHECK(ids(db, "National Intelligence Service") == Ids{"nis", "nis-full", "spy"});
    CHECK(ids(db, "Pentagon") == Ids{"dod", "pentagon"});
    CHECK(ids(db, "US Department of Defense") == Ids{"dod", "pentagon"});
    CHECK(ids(db, "Zelensky") == Ids{"zel", "zel2"});
    CHECK(ids(db, "Zelenskyy") == Ids{"zel", "zel2"});
    CHECK(ids(db, "Volodymyr Zelensky") == Ids{"zel", "zel2"});
    CHECK(ids(db, "Kim Jong Un") == Ids{"kim", "kim2"});
    CHECK(ids(db, "Kim Jong-un") == Ids{"kim", "kim2"});
    CHECK(ids(db, "HUR") == Ids{"hur"});
    CHECK(ids(db, "Defense Intelligence Directorate") == Ids{"hur"});
    CHECK(ids(db, "Kyiv") == Ids{"zel2"});
}

TEST_CASE("aliases keep their meaning inside boolean queries", "[searcher][aliases]") {
    const std::string db = news().db();
    CHECK(ids(db, "DPRK AND missiles") == Ids{"nk"});
    CHECK(ids(db, "soldiers NOT DPRK") == Ids{"kim2", "nis-full"});
    CHECK(ids(db, "\"North Korea\"") == Ids{"nk"});  // a quoted phrase is exact: no aliases
}

TEST_CASE(
    "acronyms in capitals do not collide with words: UN is not the un of Jong-un",
    "[searcher][aliases]"
) {
    const std::string db = news().db();
    CHECK(ids(db, "UN") == Ids{"un"});
    CHECK(ids(db, "United Nations") == Ids{"un"});
    CHECK(ids(db, "Jong-un") == Ids{"kim", "kim2"});
    CHECK(ids(db, "US") == Ids{"dod"});  // not the articles saying "us"
}

TEST_CASE(
    "names typed in Cyrillic or with accents find their Latin spelling",
    "[searcher][aliases][scripts]"
) {
    const std::string db = news().db();
    CHECK(ids(db, "Буданов") == Ids{"budanov"});
    CHECK(ids(db, "Зеленський") == Ids{"zel", "zel2"});
    CHECK(ids(db, "Зеленский") == Ids{"zel", "zel2"});
    CHECK(ids(db, "Київ") == Ids{"zel2"});
    CHECK(ids(db, "Zelenskyý") == Ids{"zel", "zel2"});
    CHECK(ids(db, "КНДР") == Ids{"dprk", "nk"});
    auto plain = IndexFixture::of({{"ru", "Sergei Lavrov met the envoy."}, {"x", "nothing"}});
    CHECK(ids(plain.db(), "Лавров") == Ids{"ru"});  // not in the table: transliteration alone
}

TEST_CASE("articles get one XA term per alias group they mention", "[searcher][aliases]") {
    Xapian::Database db(news().db());
    CHECK(db.get_termfreq("XAnorth korea") == 2);
    CHECK(db.get_termfreq("XAunited nations") == 1);
    CHECK(db.get_termfreq("XAkyiv") == 1);
}

TEST_CASE("spelling suggestions come from the index's own words", "[searcher][spelling]") {
    Xapian::Database db(news().db());
    QueryCompiler qc(db);
    CHECK(qc.correct("casualtes budanov") == "casualties budanov");
    CHECK(qc.correct("Casualtes Budanov") == "casualties Budanov");
    CHECK(qc.correct("soldeirs") == "soldiers");
    CHECK_FALSE(qc.correct("casualties budanov").has_value());
    CHECK_FALSE(qc.correct("casualty").has_value());  // its stem is in the index
    CHECK_FALSE(qc.correct("NATO").has_value());      // capitals: an acronym, left alone
    CHECK_FALSE(qc.correct("12,001").has_value());    // numbers are left alone
    CHECK_FALSE(qc.correct("xqzvw").has_value());     // nothing close
}

TEST_CASE(
    "a query that matches nothing shows the results of its correction", "[searcher][spelling]"
) {
    Searcher s(news().db());
    HitsRequest r;
    r.query = "casualtes";
    auto result = s.hits(r);
    CHECK(result.corrected_query == "casualties");
    CHECK(result.showing_corrected);
    CHECK(result.total == 1);
    r.query = "casualtes budanov";  // budanov matches: results of the query as typed
    result = s.hits(r);
    CHECK(result.corrected_query == "casualties budanov");
    CHECK_FALSE(result.showing_corrected);
    CHECK(result.total == 1);
}

TEST_CASE(
    "replacing or deleting an article takes its words out of the spelling table",
    "[searcher][spelling]"
) {
    dossier::test::TempDir dir;
    const std::string path = dir.str("db");
    dossier::indexer::Article a;
    a.id = "a1";
    a.title = "Artillery";
    a.text = "An artillery barrage hit the town.";
    auto other = a;
    other.id = "a2";
    other.title = "Drones";
    other.text = "Drones were shot down.";
    {
        dossier::indexer::IndexWriter w(path, dossier::test::analysis());
        w.put(a);
        w.put(other);
        w.commit();
    }
    CHECK(QueryCompiler(Xapian::Database(path)).correct("artilery") == "artillery");
    {
        dossier::indexer::IndexWriter w(path, dossier::test::analysis());
        a.title = "Drones";
        a.text = "More drones overnight.";
        w.put(a);  // replaced: no artillery any more
        w.commit();
    }
    CHECK_FALSE(QueryCompiler(Xapian::Database(path)).correct("artilery").has_value());
    CHECK(QueryCompiler(Xapian::Database(path)).correct("dornes") == "drones");
    {
        dossier::indexer::IndexWriter w(path, dossier::test::analysis());
        w.remove("a1");
        w.remove("a2");
        w.commit();
    }
    CHECK_FALSE(QueryCompiler(Xapian::Database(path)).correct("dornes").has_value());
}

TEST_CASE("a word in the title weighs more than the same word in the body", "[searcher][ranking]") {
    dossier::test::TempDir dir;
    {
        dossier::indexer::IndexWriter w(dir.str("db"), dossier::test::analysis());
        dossier::indexer::Article a;
        a.id = "in-title";
        a.title = "Artillery shortage";
        a.text = "Front-line units reported problems with supplies and weather this week.";
        w.put(a);
        a.id = "in-body";
        a.title = "Supplies and weather";
        a.text = "Front-line units reported an artillery shortage this week, and problems.";
        w.put(a);
        w.commit();
    }
    Searcher s(dir.str("db"));
    HitsRequest r;
    r.query = "artillery";
    auto result = s.hits(r);
    REQUIRE(result.hits.size() == 2);
    CHECK(result.hits[0].id == "in-title");
    CHECK(result.hits[0].score > result.hits[1].score);
}

TEST_CASE(
    "a facet filter on an alias group with Cyrillic variants selects them without "
    "transliterating",
    "[searcher][aliases][facets]"
) {
    // data/aliases.tsv lists "Зеленський" and "Владимир Зеленский" in Zelensky's group: the
    // filter selects every variant's term, keyed from the table's stored folded forms, so a cold
    // search for a Latin spelling never loads ICU's transliterator registry.
    Searcher s(news().db());
    for (const std::string f : {"person", "speaker"}) {
        INFO(f);
        const std::uint64_t before = dossier::analyzers::transliterations();
        const Ids latin = ids(s, f + ":\"Volodymyr Zelensky\"");
        CHECK(dossier::analyzers::transliterations() == before);
        CHECK(latin == Ids{"zel"});  // "President Zelenskyy said ..."
        // The same group typed in Cyrillic (the user's own words are transliterated).
        CHECK(ids(s, f + ":\"Володимир Зеленський\"") == latin);
    }
}
