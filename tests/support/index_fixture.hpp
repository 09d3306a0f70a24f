/// Builds a real on-disk index in a temporary directory, from corpus files or from strings.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "indexer/index_writer.hpp"
#include "indexer/indexer.hpp"
#include "support/analysis.hpp"
#include "support/news_samples.hpp"
#include "support/paths.hpp"
#include "support/temp_dir.hpp"

namespace dossier::test {

/// The article of a news sample: its id, title and text, path `id`.txt.
inline indexer::Article article_of(const SampleArticle& s) {
    indexer::Article a;
    a.id = s.id;
    a.title = s.title;
    a.text = s.text;
    a.path = a.id + ".txt";
    return a;
}

/// Indexes `samples` into the database at `path` (created when missing) in one commit.
inline void index_samples(const std::string& path, const std::vector<SampleArticle>& samples) {
    indexer::IndexWriter writer(path, analysis());
    for (const auto& s : samples) {
        writer.put(article_of(s));
    }
    writer.commit();
}

/// `n` short articles ids `prefix`0…, each naming people and places and the United Nations, for
/// indexes whose facets must count many documents without the shared data.
inline std::vector<std::pair<std::string, std::string>>
named_articles(int n, const std::string& prefix = "a-") {
    static const char* people[] = {
        "Tony Blair",
        "Gordon Brown",
        "Angela Merkel",
        "Vladimir Putin",
        "Barack Obama",
        "Kim Jong Un",
        "Emmanuel Macron"};
    static const char* places[] = {"London", "Berlin", "Moscow", "Seoul", "Paris", "Kyiv"};
    std::vector<std::pair<std::string, std::string>> out;
    for (int i = 0; i < n; ++i) {
        std::string text = std::string(people[i % 7]) + " met " + people[(i / 7) % 7] + " in "
            + places[i % 6] + " on Monday, officials of the United Nations said. "
            + people[(i * 3) % 7] + " later flew to " + places[(i / 6) % 6] + ".";
        out.emplace_back(prefix + std::to_string(i), text);
    }
    return out;
}

class IndexFixture {
public:
    /// An index of corpus/.
    static IndexFixture corpus() {
        IndexFixture f;
        indexer::IndexOptions opts;
        opts.db = f.db();
        opts.analysis = analysis();
        opts.inputs = {corpus_dir()};
        indexer::run(opts, [](const std::string&) {});
        return f;
    }

    /// An index of (id, text) articles; the title is the first sentence-ish line of each.
    static IndexFixture of(const std::vector<std::pair<std::string, std::string>>& articles) {
        IndexFixture f;
        indexer::IndexWriter writer(f.db(), analysis());
        for (const auto& [id, text] : articles) {
            indexer::Article a;
            a.id = id;
            a.title = id;
            a.text = text;
            a.path = id + ".txt";
            writer.put(a);
        }
        writer.commit();
        return f;
    }

    IndexFixture() : m_dir(std::make_unique<TempDir>()) {}

    std::string db() const { return m_dir->str("db"); }

private:
    std::unique_ptr<TempDir> m_dir;
};

}  // namespace dossier::test
