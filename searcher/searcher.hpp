/// Searching a Dossier database: BM25 ranking, exact totals, snippets of the best passage.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "searcher/query.hpp"

namespace dossier::searcher {

/// Highlight markers inside Hit::snippet; render.hpp turns them into bold, <b> or nothing.
inline constexpr char HIGHLIGHT_BEGIN = '\x01';
inline constexpr char HIGHLIGHT_END = '\x02';

/// Parameters of Xapian::BM25Weight. The defaults were chosen by measuring nDCG@10 with
/// scripts/eval-ranking (docs/query.md, "Ranking").
struct Bm25Params {
    double k1 = 1.2;           ///< term frequency saturation
    double k2 = 0.0;           ///< query length correction (0 = off, as in Lucene)
    double k3 = 1.0;           ///< query term frequency saturation
    double b = 0.5;            ///< document length normalization
    double min_normlen = 0.5;  ///< floor of the normalized document length
};

struct SearchRequest {
    std::string query;
    std::size_t offset = 0;
    std::size_t limit = 10;
    std::size_t snippet_bytes = 300;  ///< approximate length of a snippet's text, in bytes
    Bm25Params bm25;
    bool correct_spelling = true;  ///< suggest a correction; search it when nothing matches
};

struct Hit {
    std::size_t rank = 0;  ///< 1-based, counting from the first result of the whole result set
    std::string id;
    std::string title;
    std::string path;
    double score = 0;
    std::string snippet;  ///< plain text with HIGHLIGHT_BEGIN / HIGHLIGHT_END around matches
    nlohmann::json extra; ///< optional article fields (date, source, url, author, ...)
    nlohmann::json extraction;  ///< stored extraction (speakers, organizations, figures, quotes), may be null
};

struct SearchResult {
    std::string query;
    std::size_t total = 0;  ///< exact number of matching articles
    std::vector<Hit> hits;
    /// The query with misspelt words replaced by the index's closest words, when there are any.
    std::optional<std::string> corrected_query;
    /// The query as typed matched nothing, so total and hits are those of corrected_query.
    bool showing_corrected = false;
};

/// A read-only view of one database (or stub file). Not thread-safe: one Searcher per thread.
class Searcher {
public:
    /// @throws dossier::Error naming `path` when it is missing, not a database, or of another
    ///         schema version.
    explicit Searcher(const std::string& path);

    /// Runs one query. A database replaced or modified meanwhile is reopened and the query retried.
    /// @throws dossier::QueryError for a malformed query.
    SearchResult search(const SearchRequest& request);

    std::size_t document_count() const { return m_db.get_doccount(); }

private:
    SearchResult run(const SearchRequest& request);
    void fill(SearchResult& result, const Xapian::Query& query, const SearchRequest& request);
    void reopen();

    std::string m_path;
    Xapian::Database m_db;
    std::unique_ptr<QueryCompiler> m_compiler;
};

}  // namespace dossier::searcher
