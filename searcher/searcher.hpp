/// Searching a Dossier database: BM25 ranking, exact totals, snippets of the best passage.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "searcher/facets.hpp"
#include "searcher/query.hpp"

namespace dossier::searcher {

/// Highlight markers inside Hit::snippet; render.hpp turns them into bold, <b> or nothing.
inline constexpr char HIGHLIGHT_BEGIN = '\x01';
inline constexpr char HIGHLIGHT_END = '\x02';

/// What a search lists: ranked articles, the figures of the matching articles, or the quotations
/// that match the query.
enum class View { Hits, Figures, Quotes };

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
    std::size_t offset = 0;  ///< hits, figures or quotes to skip (whichever the view lists)
    std::size_t limit = 10;  ///< hits, figures or quotes to return
    std::size_t snippet_bytes = 300;  ///< approximate length of a snippet's text, in bytes
    Filters filters;                  ///< --speaker / --org / --figure; joined with the query's own
    std::size_t facet_limit = 10;     ///< top values per facet (hits view); 0 = no facet counting
    View view = View::Hits;
    std::optional<double> min_value;  ///< figures view: smallest value listed (inclusive)
    std::optional<double> max_value;  ///< figures view: largest value listed (inclusive)
    Bm25Params bm25;
    bool correct_spelling = true;  ///< suggest a correction; search it when nothing matches
};

struct Hit {
    std::size_t rank = 0;  ///< 1-based, counting from the first result of the whole result set
    std::string id;
    std::string title;
    std::string path;
    double score = 0;
    std::string snippet;   ///< plain text with HIGHLIGHT_BEGIN / HIGHLIGHT_END around matches
    nlohmann::json extra;  ///< optional article fields (date, source, url, author, ...)
    nlohmann::json
        extraction;  ///< stored extraction (speakers, organizations, figures, quotes), may be null
    std::vector<std::string> speakers;       ///< display names from the speaker slot
    std::vector<std::string> organizations;  ///< display names from the organization slot
    std::vector<std::string> figure_types;   ///< figure types from the figure-type slot
};

/// One figure of a matching article (figures view).
struct FigureRow {
    std::string id;     ///< article id
    std::string title;  ///< article title
    std::string type;
    double value = 0;
    std::string qualifier;
    std::optional<std::string> attributed_to;
    std::string sentence;
    nlohmann::json figure;  ///< the stored figure object as extracted (every field)
};

/// One quotation that matches the query (quotes view).
struct QuoteRow {
    std::size_t rank = 0;  ///< 1-based over all matching quotes
    std::string id;        ///< article id
    std::string title;     ///< article title
    std::optional<std::string> speaker;
    std::string text;
    double score = 0;      ///< BM25 of the query against the quotation's own text
    nlohmann::json quote;  ///< the stored quote object as extracted (every field)
};

struct SearchResult {
    std::string query;
    View view = View::Hits;
    std::size_t offset = 0;  ///< the request's offset
    std::size_t total = 0;   ///< exact number of matching articles (query and filters)
    std::vector<Hit> hits;
    Filters filters;  ///< every filter applied: the request's and those lifted from the query

    /// Facet counts over all `total` matching articles (hits view, facet_limit > 0), by facet.
    std::vector<std::pair<Facet, FacetCounts>> facets;
    /// For each facet with a filter: its counts with every filter applied except its own, so a
    /// user sees what widening that choice would add (disjunctive faceting).
    std::vector<std::pair<Facet, FacetCounts>> disjunctive_facets;
    std::size_t facet_documents = 0;  ///< articles the facet counts were taken over (= total)

    std::vector<FigureRow> figures;  ///< figures view: one page, sorted by type, then value
    std::size_t figures_total = 0;   ///< figures of the matching articles passing the filters
    std::vector<QuoteRow> quotes;    ///< quotes view: one page, best match first
    std::size_t quotes_total = 0;    ///< quotations matching the query and filters

    /// What the view lists, in all: total, figures_total or quotes_total.
    std::size_t listed_total() const;
    /// The query with misspelt words replaced by the index's closest words, when there are any.
    std::optional<std::string> corrected_query;
    /// The query as typed matched nothing, so total and hits are those of corrected_query.
    bool showing_corrected = false;
    /// A sharded database (a stub of several databases, or of remote ones): its shards in all, 0
    /// otherwise; and one message per shard left out of this answer (Searcher allow_partial).
    std::size_t shards_total = 0;
    std::vector<std::string> shards_failed;
};

/// A read-only view of one database (or stub file). Not thread-safe: one Searcher per thread.
class Searcher {
public:
    /// @throws dossier::Error naming `path` when it is missing, not a database, or of another
    ///         schema version.
    ///         With `allow_partial`, a stub's shards that cannot be reached (searches/shards.hpp)
    ///         are left out, retried about once a second, and named in each result; without it
    ///         such a shard fails the search with a dossier::Error naming it.
    explicit Searcher(const std::string& path, bool allow_partial = false);

    /// Runs one query: parses it, lifts its top-level facet filters (lift_filters()), joins them
    /// with the request's filters and lists the view. A database replaced or modified meanwhile is
    /// reopened and the query retried.
    /// @throws dossier::QueryError for a malformed query.
    SearchResult search(const SearchRequest& request);

    std::size_t document_count() const { return m_db.get_doccount(); }

private:
    SearchResult run(const SearchRequest& request);
    void list_hits(const SearchRequest& request, const Xapian::Query& query, SearchResult& result);
    void
    list_figures(const SearchRequest& request, const Xapian::Query& query, SearchResult& result);
    void
    list_quotes(const SearchRequest& request, const Xapian::Query& query, SearchResult& result);
    nlohmann::json document_data(const Xapian::Document& doc, Xapian::docid did) const;
    void list(SearchResult& result, const std::string& text, const SearchRequest& request);
    void reopen();

    std::string m_path;
    bool m_allow_partial = false;
    Xapian::Database m_db;
    bool m_remote = false;  ///< facets through CombinationFacets (remote_facets.hpp)
    std::size_t m_shards_total = 0;
    std::vector<std::string> m_shards_failed;
    std::chrono::steady_clock::time_point m_opened;
    std::unique_ptr<QueryCompiler> m_compiler;
    std::array<FacetKeys, 3> m_facet_keys;  ///< facet value → key memo, kept across queries
};

}  // namespace dossier::searcher
