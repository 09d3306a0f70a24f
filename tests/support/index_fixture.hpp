/// Builds a real on-disk index in a temporary directory, from corpus files or from strings.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "indexer/index_writer.hpp"
#include "indexer/indexer.hpp"
#include "support/analysis.hpp"
#include "support/paths.hpp"
#include "support/temp_dir.hpp"

namespace dossier::test {

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
