/// Searching a Dossier database: BM25 ranking, exact totals, snippets of the best passage.
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "searcher/cancel.hpp"
#include "searcher/dates.hpp"
#include "searcher/facets.hpp"
#include "searcher/query.hpp"
#include "searcher/shard_counts.hpp"
#include "searcher/shards.hpp"
#include "searcher/snippet_generator.hpp"
#include "searcher/timeline.hpp"
#include "searcher/value_counts.hpp"

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

/// Whether copies of one story (schema::SLOT_STORY) are folded into one hit, one figure row.
enum class Folding { Stories, Articles };

/// What every request has: the query, its filters, the page and the ranking.
struct QueryRequest {
    std::string query;
    Filters filters;         ///< --speaker / --org / --figure; joined with the query's own
    std::size_t offset = 0;  ///< hits, figures or quotes to skip (whichever the request lists)
    std::size_t limit = 10;  ///< hits, figures or quotes to return
    Bm25Params bm25;
    bool correct_spelling = true;  ///< suggest a correction; search it when nothing matches
    std::string
        date_from;        ///< only articles dated on or after, "YYYYMMDD" (date_bound()); "" = open
    std::string date_to;  ///< only articles dated on or before, "YYYYMMDD"; "" = open
    Folding folding = Folding::Stories;  ///< hits and figures; --no-collapse: Articles
};

/// Ranked articles, with snippets and facet counts.
struct HitsRequest : QueryRequest {
    std::size_t snippet_bytes = 300;  ///< approximate length of a snippet's text, in bytes
    std::size_t facet_limit = 10;     ///< top values per facet; 0 = no facet counting
    bool similar_ids = false;         ///< list the ids of the copies folded into each hit
    /// Also return HitsResult::facet_tallies (every value's count, for a caller that merges
    /// results of several databases): costly on a broad query, which meets thousands of values.
    bool facet_tallies = false;
    /// Facet counts count articles, or stories (--count stories: copies of a story count once).
    Counting counting = Counting::Articles;
};

/// The figures of the matching articles, sorted by type, then value.
struct FiguresRequest : QueryRequest {
    std::optional<double> min_value;  ///< smallest value listed (inclusive)
    std::optional<double> max_value;  ///< largest value listed (inclusive)
};

/// The quotations whose own text matches the query, best first.
struct QuotesRequest : QueryRequest {};

/// The figures (or quotations) of the matching stories in date order, by source.
struct TimelineRequest : QueryRequest {
    enum class Of { Figures, Quotes } of = Of::Figures;
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
    /// Per facet (ALL_FACETS order): the display values stored in its slot.
    std::array<std::vector<std::string>, FACET_COUNT> facet_values;
    std::string story_id;              ///< schema::SLOT_STORY
    std::size_t similar_count = 0;     ///< matching articles of the same story folded into this hit
    std::vector<std::string> similar;  ///< their ids, when HitsRequest::similar_ids
    std::string date;                  ///< the article's date ("YYYY-MM-DD") or ""
    std::string date_source;           ///< field, dateline, text, mtime
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
    std::string story_id;
    std::vector<std::string> copies;  ///< other articles of the story with this same figure
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

/// What every result has.
struct ResultHeader {
    std::string query;       ///< the request's query (invalid UTF-8 repaired)
    std::size_t offset = 0;  ///< the request's offset
    std::size_t total = 0;   ///< exact number of matching articles (query and filters)
    Filters filters;  ///< every filter applied: the request's and those lifted from the query
    /// The query with misspelt words replaced by the index's closest words, when there are any.
    std::optional<std::string> corrected_query;
    /// The query as typed matched nothing, so total and the list are those of corrected_query.
    bool showing_corrected = false;
    /// A sharded database (a stub of several databases, or of remote ones): its shards in all, 0
    /// otherwise; and one message per shard left out of this answer (Searcher allow_partial).
    std::size_t shards_total = 0;
    std::vector<std::string> shards_failed;
};

struct HitsResult : ResultHeader {
    std::size_t stories = 0;  ///< exact number of stories the `total` articles belong to
    std::vector<Hit> hits;
    /// Facet counts over all `total` matching articles (facet_limit > 0), by facet.
    std::vector<std::pair<Facet, FacetCounts>> facets;
    /// For each facet with a filter: its counts with every filter applied except its own, so a
    /// user sees what widening that choice would add (disjunctive faceting).
    std::vector<std::pair<Facet, FacetCounts>> disjunctive_facets;
    std::size_t facet_documents = 0;  ///< articles the facet counts were taken over (= total)
    Counting counting = Counting::Articles;  ///< what each facet count counts
    /// With HitsRequest::facet_tallies: the counts behind `facets`, keyed by value (FacetTally),
    /// what a caller merges across databases or threads before taking the top values. Same order
    /// as `facets`.
    std::vector<std::pair<Facet, FacetTally>> facet_tallies;
    /// With facets: matching articles per year/month/day (empty interval: no dates).
    DateHistogram date_histogram;

    /// What the result lists, in all (for exit codes and paging).
    std::size_t listed_total() const { return total; }
};

struct FiguresResult : ResultHeader {
    std::vector<FigureRow> figures;  ///< one page, sorted by type, then value
    std::size_t figures_total = 0;   ///< figures of the matching articles passing the filters

    std::size_t listed_total() const { return figures_total; }
};

struct QuotesResult : ResultHeader {
    std::vector<QuoteRow> quotes;  ///< one page, best match first
    std::size_t quotes_total = 0;  ///< quotations matching the query and filters

    std::size_t listed_total() const { return quotes_total; }
};

struct TimelineResult : ResultHeader {
    TimelineRequest::Of of = TimelineRequest::Of::Figures;
    std::size_t stories = 0;                ///< stories of the matching articles
    std::vector<TimelineSeries> timeline;   ///< figures: by source, each in date order
    std::vector<QuoteLine> quote_timeline;  ///< quotes: in date order
    std::size_t timeline_total = 0;         ///< points or quote lines in all

    std::size_t listed_total() const { return timeline_total; }
};

/// Any request or result, for callers that pick the kind at run time (CLI, batch, server).
using Request = std::variant<HitsRequest, FiguresRequest, QuotesRequest, TimelineRequest>;
using Result = std::variant<HitsResult, FiguresResult, QuotesResult, TimelineResult>;

/// The part every request has.
QueryRequest& common(Request& request);
const QueryRequest& common(const Request& request);

/// The result's listed_total().
std::size_t listed_total(const Result& result);

/// A read-only view of one database (or stub file listing several).
///
/// Thread-safety: NOT thread-safe. A Searcher owns a Xapian::Database, a QueryCompiler (a
/// QueryParser) and the facet memo, all mutated by every query; use one Searcher per thread (the
/// operating system shares the database's pages between them). Opening one costs one database
/// open plus parsing the index's alias table. Results and requests are plain values.
/// Analysis configuration: a Searcher reads everything it needs from the database itself (the
/// alias table the index was built with, schema::META_ALIASES; the stemmer of the schema); it
/// reads no environment variable and no process-wide default.
class Searcher {
public:
    /// @throws dossier::Error naming `path` when it is missing, not a database, or of another
    ///         schema version.
    ///         With `allow_partial`, a stub's shards that cannot be reached (searcher/shards.hpp)
    ///         are left out, retried about once a second, and named in each result; without it
    ///         such a shard fails the search with a dossier::Error naming it.
    explicit Searcher(const std::string& path, bool allow_partial = false);

    /// Each call parses the query, lifts its top-level facet filters (lift_filters()), joins them
    /// with the request's filters and lists what the request asks for. A database replaced or
    /// modified meanwhile is reopened and the query retried.
    /// @throws dossier::QueryError for a malformed query; classify() (errors.hpp) maps any
    ///         exception to a status.
    HitsResult hits(const HitsRequest& request);
    FiguresResult figures(const FiguresRequest& request);
    QuotesResult quotes(const QuotesRequest& request);
    TimelineResult timeline(const TimelineRequest& request);

    /// Whether quotes() matches queries against the quotations databases written at index time
    /// (indexer/quotes.hpp): true when each database opened has its quotations database (inside
    /// its directory, or for a stub through the quotations stub beside it,
    /// schema::QUOTES_STUB_SUFFIX, e.g. served by xapian-tcpsrv) and it mirrors the articles
    /// opened (indexer::mirrors()). Otherwise (a stub of remote shards without quotations stub, a
    /// quotations server down, an index from before quotations were indexed, an indexer between
    /// its two commits) it indexes the matching articles' quotations per query, with those
    /// quotations' statistics: the same quotations, other scores. Opens the quotations databases
    /// on first use (the first quotes() after an open).
    bool quotes_indexed() { return quotations().has_value(); }

    /// Whether facet counts read the facet ids from their column (indexer/columns.hpp) instead
    /// of each match's value slot: one local database whose column mirrors the revision opened.
    /// The answers are the same either way.
    bool reads_facet_column() const { return m_ids_column != nullptr; }

    /// Whether snippets take word frequencies from the indexer's term-frequency tables
    /// (indexer::TermFreqs) instead of the database: one local database, or a stub of local ones
    /// (the sum of theirs), whose tables mirror the revisions opened.
    bool reads_term_freqs() const { return !m_term_freqs.empty(); }

    /// Whether the date histogram and the story counts read their columns (as
    /// reads_facet_column()).
    bool reads_date_and_story_columns() const {
        return m_date_column != nullptr && m_story_column != nullptr;
    }

    /// Whether a stub of local shards counts matches shard by shard from each shard's columns
    /// (searcher/shard_counts.hpp): every shard with articles has a facet ids', a date and a
    /// story column that mirror it. The answers are the same either way.
    bool counts_by_shard() const { return m_shard_counting && !m_shard_parts.empty(); }

    /// Off: a stub of local shards is counted by the spies on the stub's match, as a stub with
    /// remote shards is (the same answers, slower). For comparing the two ways.
    void set_shard_counting(bool on) { m_shard_counting = on; }

    /// The one of hits(), figures(), quotes() the request's kind names.
    Result search(const Request& request);

    std::size_t document_count() const { return m_db.get_doccount(); }

    /// The revision of the open database (Xapian's commit counter).
    unsigned long revision() const { return m_db.get_revision(); }

    /// The stored data of article `id` (id, title, path, text, extra, extraction), or nullopt
    /// when no article has that id. Reopens and retries like search().
    std::optional<nlohmann::json> article(const std::string& id);

    /// Searches from now on poll `cancel` (searcher/cancel.hpp) and throw SearchCancelled soon
    /// after another thread cancels it; nullptr (the default) for none. `cancel` must outlive its
    /// use; the server sets one per request and clears it before the Searcher goes back to its
    /// pool. A cancelled search leaves the Searcher usable.
    void set_cancellation(const Cancellation* cancel) { m_cancel = cancel; }

    /// Whether the facet, story and date counts keep what they decode of each document for the
    /// next queries (on by default: a server's or a batch's later queries then add up small
    /// arrays). A process that runs one query (the CLI) turns it off: the memo's arrays, sized
    /// by the largest document id met, cost it page faults and copies and are never read again.
    void set_document_memo(bool on);

    /// Threads that count a query's facets beside its match (FacetSpy, `helpers`): the match
    /// hands document ids over and goes on, and the hits' snippets are made while the facets
    /// are counted. 0: the match counts them. Default: one less than the cores, at most 3.
    void set_facet_threads(std::size_t helpers) { m_facet_helpers = helpers; }

    /// The default of set_facet_threads(): one less than the cores, at most 3.
    static std::size_t default_facet_helpers() {
        const unsigned cores = std::thread::hardware_concurrency();
        return cores > 1 ? std::min<std::size_t>(cores - 1, 3) : 0;
    }

    /// Whether a page's snippets start with one pass over its words in key order
    /// (searcher/snippets.hpp; default on). Off: each snippet looks its words up in text order,
    /// as Xapian alone does; the snippets are the same either way (tests compare them).
    void set_snippet_priming(bool on) { m_prime_snippets = on; }

    /// Which generator makes the snippets of local databases: Dossier's (default), which is
    /// Xapian 1.4's algorithm over caches kept across queries (searcher/snippet_generator.hpp),
    /// or Xapian's MSet::snippet. They give the same snippets (tests compare them); queries with
    /// wildcards and remote shards always use Xapian's.
    void set_own_snippets(bool on) { m_own_snippets = on; }

    /// Whether a local database folds a page's copies itself (fold_page(), default) or by
    /// Xapian's collapse, which reads the story slot of every match. The same hits either way
    /// (tests compare them).
    void set_own_folding(bool on) { m_own_folding = on; }

private:
    /// Empties the per-database memos (facet values, stories, dates) after an open. A throw
    /// leaves the shards to the stub's spies (m_shard_parts emptied).
    void reset_memos();
    void reset_memos_once();

    /// browse_counts() of every facet, in this thread and a helper (set_facet_threads()).
    std::vector<std::pair<Facet, FacetCounts>> browse_all(std::size_t limit) const;

    /// Adds a CancelSpy to a match when a cancellation is set.
    void watch(Xapian::Enquire& enquire) const;

    /// Throws SearchCancelled when the search was cancelled (our own loops over the matches).
    void checkpoint() const {
        if (m_cancel != nullptr) {
            m_cancel->check();
        }
    }
    template <class Res, class Req, class List>
    Res run(const Req& request, List list);
    template <class Res, class Req, class List>
    Res run_once(const Req& request, List list);
    Xapian::Query prepare(ResultHeader& result, const std::string& text, const QueryRequest& r);
    void list_hits(const HitsRequest& request, const Xapian::Query& query, HitsResult& result);
    void
    list_figures(const FiguresRequest& request, const Xapian::Query& query, FiguresResult& result);
    void
    list_quotes(const QuotesRequest& request, const Xapian::Query& query, QuotesResult& result);
    void list_indexed_quotes(
        const QuotesRequest& request,
        const Xapian::Query& query,
        const Xapian::MSet& articles,
        QuotesResult& result
    );
    void list_quotes_per_query(
        const QuotesRequest& request,
        const Xapian::Query& query,
        const Xapian::MSet& articles,
        QuotesResult& result
    );
    void list_timeline(
        const TimelineRequest& request, const Xapian::Query& query, TimelineResult& result
    );
    nlohmann::json document_data(const Xapian::Document& doc, Xapian::docid did) const;
    /// The hits [offset, offset + limit) of `enquire`'s match (checking at least `at_least`
    /// documents: the database's count when its spies must see every match) with the copies of
    /// a story folded into the best, as Xapian's collapse on SLOT_STORY_SHARED ranks them;
    /// `mset` keeps the match the iterators point into.
    std::vector<Xapian::MSetIterator> fold_page(
        Xapian::Enquire& enquire,
        std::size_t offset,
        std::size_t limit,
        Xapian::doccount at_least,
        Xapian::MSet& mset
    ) const;
    /// Pages reaching deeper than this fold by Xapian's collapse (fold_page() would hold twice
    /// as many documents).
    static constexpr std::size_t MAX_FOLD_WINDOW = 10000;
    void reopen();
    /// m_shard_parts, as ShardCounting takes them.
    std::vector<ShardPart*> shard_parts() const;
    /// m_quotes, opened and checked on first use after each reopen().
    const std::optional<Xapian::Database>& quotations();

    std::string m_path;
    bool m_allow_partial = false;
    bool m_memo_documents = true;                           ///< set_document_memo()
    bool m_shard_counting = true;                           ///< set_shard_counting()
    std::size_t m_facet_helpers = default_facet_helpers();  ///< set_facet_threads()
    bool m_prime_snippets = true;                           ///< set_snippet_priming()
    bool m_own_snippets = true;                             ///< set_own_snippets()
    bool m_own_folding = true;                              ///< set_own_folding()
    SnippetWords m_snippet_words;  ///< words met by snippets (PageSnippets), across queries
    Xapian::Database m_db;
    bool m_remote = false;  ///< some shard is remote: facets by CombinationFacets
    /// The column of schema::SLOT_FACET_IDS mirroring m_db (one local database), or null.
    std::shared_ptr<const indexer::ValueColumn> m_ids_column;
    /// The columns of schema::SLOT_DATE and SLOT_STORY_SHARED, which the date and story spies read.
    std::shared_ptr<const indexer::ValueColumn> m_date_column;
    /// The term-frequency tables of the local parts with documents, when each mirrors its part
    /// (snippets); empty otherwise.
    std::vector<std::shared_ptr<const indexer::TermFreqs>> m_term_freqs;
    std::shared_ptr<const indexer::ValueColumn> m_story_column;
    /// A stub of local shards: each shard with articles, counted on its own (counts_by_shard());
    /// empty otherwise.
    std::vector<std::unique_ptr<ShardPart>> m_shard_parts;
    /// Their facets' keys in one numbering per facet, kept across queries (reset_memos()).
    std::array<MergedKeys, FACET_COUNT> m_merged_keys;
    std::size_t m_shards_total = 0;
    std::vector<std::string> m_shards_failed;
    std::chrono::steady_clock::time_point m_opened;
    std::unique_ptr<QueryCompiler> m_compiler;
    FacetMemo m_facet_keys;  ///< facet value → key memo, kept across queries
    /// A browse's facet counts (browse_counts) by facet limit, until the database is reopened.
    std::map<std::size_t, std::vector<std::pair<Facet, FacetCounts>>> m_browse_memo;
    SlotValues m_stories;  ///< shared-story slot memo (StoryCounts), kept across queries
    SlotValues m_dates;    ///< date slot memo, kept across queries
    /// A browse's stories and days (local databases), read on the first browse after reopen().
    std::optional<WholeArchive> m_whole;
    /// What reopen() opened (m_db moved out): the parts, their stub lines and quotations stub.
    OpenShards m_opened_parts;
    /// The quotations databases of m_db's parts, in the same order (so a quotation's document
    /// id tells its part), when quotes_indexed(); checked once m_quotes_checked.
    std::optional<Xapian::Database> m_quotes;
    bool m_quotes_checked = false;
    const Cancellation* m_cancel = nullptr;
};

}  // namespace dossier::searcher
