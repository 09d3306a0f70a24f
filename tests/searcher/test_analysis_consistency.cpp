/// Property: every whitespace-separated token of every indexed article, typed as a query, finds
/// that article. Run over corpus/ and over samples of BBC News and Reuters-21578.
#include <set>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "indexer/index_writer.hpp"
#include "indexer/schema.hpp"
#include "searcher/query.hpp"
#include "support/analysis.hpp"
#include "support/index_fixture.hpp"
#include "support/news_samples.hpp"

namespace schema = dossier::indexer::schema;
using dossier::searcher::QueryCompiler;

namespace {

bool has_word_char(const std::string& token) {
    for (Xapian::Utf8Iterator it(token); it != Xapian::Utf8Iterator(); ++it) {
        if (Xapian::Unicode::is_wordchar(*it)) {
            return true;
        }
    }
    return false;
}

struct Failure {
    std::string id;
    std::string token;
    std::string query;
};

/// Checks every token of every document of `db_path`; returns the tokens that miss their article.
std::vector<Failure> token_failures(const std::string& db_path, std::size_t* checked) {
    Xapian::Database db(db_path);
    QueryCompiler compiler(db);
    Xapian::Enquire enquire(db);
    std::vector<Failure> failures;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        Xapian::Document doc = db.get_document(*it);
        auto data = nlohmann::json::parse(doc.get_data());
        const std::string id = data[schema::DATA_ID];
        std::set<std::string> tokens;
        std::istringstream words(
            data[schema::DATA_TITLE].get<std::string>() + "\n"
            + data[schema::DATA_TEXT].get<std::string>()
        );
        for (std::string w; words >> w;) {
            tokens.insert(w);
        }
        const Xapian::Query only_this(schema::id_term(id));
        for (const auto& token : tokens) {
            if (!has_word_char(token)) {
                continue;  // "…", "-", "—": nothing to search for
            }
            ++*checked;
            Xapian::Query q;
            try {
                q = compiler.parse(token);
            } catch (const std::exception& e) {
                failures.push_back({id, token, std::string("threw: ") + e.what()});
                continue;
            }
            enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, q, only_this));
            if (enquire.get_mset(0, 1).empty()) {
                failures.push_back({id, token, q.get_description()});
            }
        }
    }
    return failures;
}

void report(const std::vector<Failure>& failures, std::size_t checked) {
    std::string text;
    for (std::size_t i = 0; i < failures.size() && i < 40; ++i) {
        text += failures[i].id + ": '" + failures[i].token + "' -> " + failures[i].query + "\n";
    }
    INFO(failures.size() << " of " << checked << " tokens miss their article:\n" << text);
    CHECK(checked > 0);
    CHECK(failures.empty());
}

}  // namespace

TEST_CASE("every token of every corpus article finds its article", "[searcher][analysis]") {
    auto f = dossier::test::IndexFixture::corpus();
    std::size_t checked = 0;
    auto failures = token_failures(f.db(), &checked);
    report(failures, checked);
}

TEST_CASE(
    "every token of a BBC and Reuters sample finds its article", "[searcher][analysis][shared]"
) {
    if (!dossier::test::have_shared_data()) {
        WARN("shared data absent: skipped");
        return;
    }
    dossier::test::TempDir dir;
    {
        dossier::indexer::IndexWriter writer(dir.str("db"), dossier::test::analysis());
        auto put = [&](const std::vector<dossier::test::SampleArticle>& sample) {
            for (const auto& s : sample) {
                dossier::indexer::Article a;
                a.id = s.id;
                a.title = s.title;
                a.text = s.text;
                writer.put(a);
            }
        };
        put(dossier::test::bbc_sample(25));          // 89 articles over the five categories
        put(dossier::test::reuters_sample(0, 10));   // ~90 stories
        put(dossier::test::reuters_sample(17, 10));  // the file with the stray byte
        writer.commit();
    }
    std::size_t checked = 0;
    auto failures = token_failures(dir.str("db"), &checked);
    report(failures, checked);
}
