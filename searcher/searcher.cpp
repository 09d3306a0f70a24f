#include "searcher/searcher.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <filesystem>
#include <iterator>
#include <map>
#include <string_view>
#include <system_error>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "analyzers/error.hpp"
#include "analyzers/normalizer.hpp"
#include "analyzers/text.hpp"
#include "indexer/document_builder.hpp"
#include "indexer/quotes.hpp"
#include "indexer/schema.hpp"
#include "searcher/remote_facets.hpp"
#include "searcher/shards.hpp"
#include "searcher/snippets.hpp"
#include "searcher/value_counts.hpp"

namespace dossier::searcher {

namespace schema = dossier::indexer::schema;

namespace {

/// The facets the views themselves use: a quotation's own speaker, the figures' types.
constexpr Facet SPEAKER = facet_named("speaker");
constexpr Facet FIGURE_TYPE = facet_named("figure_type");
static_assert(SPEAKER < FACET_COUNT && FIGURE_TYPE < FACET_COUNT);

OpenShards open_database(const std::string& path, bool allow_partial) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        throw IndexUnavailableError(
            "database '" + path + "' does not exist (build it with: indexer --db " + path
            + " PATH...)"
        );
    }
    OpenShards opened;
    try {
        opened = open_shards(path, allow_partial);
    } catch (const Xapian::DatabaseOpeningError& e) {
        throw IndexUnavailableError("cannot open database '" + path + "': " + e.get_msg());
    }
    // Every part: a stub's metadata is its first database's, and a shard left at an older
    // schema would be read wrongly, not refused.
    for (std::size_t i = 0; i < opened.parts.size(); ++i) {
        const std::string version = opened.parts[i].get_metadata(schema::META_SCHEMA);
        if (version != std::to_string(schema::SCHEMA_VERSION)) {
            const std::string what = opened.sharded
                ? "shard '" + opened.names[i] + "' of '" + path + "'"
                : "database '" + path + "'";
            throw SchemaError(
                what + " has schema version '" + version + "', this search reads version "
                + std::to_string(schema::SCHEMA_VERSION) + ": rebuild it with scripts/rebuild-index"
            );
        }
    }
    return opened;
}

/// Xapian escapes &, <, > and " in snippets; Dossier renders them itself.
std::string unescape_html(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '&') {
            static const std::pair<const char*, char> entities[] = {
                {"&amp;", '&'},
                {"&lt;", '<'},
                {"&gt;", '>'},
                {"&quot;", '"'},
                {"&#39;", '\''},
                {"&apos;", '\''}};
            bool done = false;
            for (const auto& [entity, ch] : entities) {
                std::size_t n = std::char_traits<char>::length(entity);
                if (s.compare(i, n, entity) == 0) {
                    out.push_back(ch);
                    i += n - 1;
                    done = true;
                    break;
                }
            }
            if (done) {
                continue;
            }
        }
        out.push_back(s[i]);
    }
    return out;
}

}  // namespace

namespace {

/// Where spelling suggestions come from: a stub of local shards (`search --db DIR`, whose
/// XAPIANDB lists only the shards) asks the sharded index's metadata database DIR/meta, which
/// holds the shards' summed spelling table, as the remote stub does by listing it first.
Xapian::Database
spelling_database(const std::string& path, const OpenShards& opened, const Xapian::Database& db) {
    namespace fs = std::filesystem;
    if (opened.sharded && !opened.remote) {
        const fs::path dir = fs::is_directory(path) ? fs::path(path) : fs::path(path).parent_path();
        const fs::path meta = dir / "meta";
        if (fs::is_directory(meta)) {
            Xapian::Database metadb(meta.string());
            if (!metadb.get_metadata(indexer::schema::META_SHARDS).empty()) {
                return metadb;
            }
        }
    }
    return db;
}

}  // namespace

namespace {

/// The quotations databases of every part of `opened`, combined in the parts' order, when each
/// can be opened and mirrors its part (indexer::mirrors()): through the quotations stub beside a
/// stub (schema::QUOTES_STUB_SUFFIX: remote shards), else inside each local part's directory.
/// Anything missing, unreachable or stale gives none: the quotes view then analyses the matching
/// articles' quotations per query. A part left out (allow_partial) has its quotations left out
/// too, so the two combinations keep the same parts in the same order.
/// @throws dossier::Error when the quotations stub is malformed (read_stub()).
std::optional<Xapian::Database> open_quotations(const OpenShards& opened) {
    if (opened.parts.empty() || opened.parts.size() != opened.local_dirs.size()) {
        return std::nullopt;
    }
    std::vector<ShardSpec> stub;
    if (!opened.quotes_stub.empty()) {
        stub = read_stub(opened.quotes_stub);
        if (stub.size() != opened.stub_lines || opened.lines.size() != opened.parts.size()) {
            return std::nullopt;  // not the quotations of this stub's databases
        }
    }
    Xapian::Database all;
    for (std::size_t k = 0; k < opened.parts.size(); ++k) {
        ShardSpec spec;
        if (!stub.empty()) {
            spec = stub[opened.lines[k]];
        } else if (opened.local_dirs[k].empty()) {
            return std::nullopt;  // remote, and no quotations stub says where its quotations are
        } else {
            spec.path = indexer::quotes_directory(opened.local_dirs[k]);
        }
        try {
            Xapian::Database one = open_shard(spec);
            if (!indexer::mirrors(one, opened.parts[k])) {
                return std::nullopt;
            }
            all.add_database(one);
        } catch (const Xapian::Error&) {
            // Missing, renamed away by a writer rebuilding it, or its server unreachable.
            return std::nullopt;
        }
    }
    return all;
}

}  // namespace

Searcher::Searcher(const std::string& path, bool allow_partial)
    : m_path(path), m_allow_partial(allow_partial) {
    reopen();
}

void Searcher::set_document_memo(bool on) {
    m_memo_documents = on;
    reset_memos();
}

void Searcher::reset_memos() {
    try {
        reset_memos_once();
    } catch (...) {
        // Something half reset (std::bad_alloc): the shards' memos may be left as they were, or
        // empty; the stub's spies count from now on.
        m_shard_parts.clear();
        throw;
    }
}

void Searcher::reset_memos_once() {
    // The new database may hold another alias table. Document ids name documents only in a
    // database of one sub-database (a stub's shards repeat them).
    const bool memo = m_memo_documents && m_db.size() == 1;
    m_stories.reset(memo, m_story_column);
    m_dates.reset(memo, m_date_column);
    m_browse_memo.clear();
    m_whole.reset();
    m_snippet_words.clear_frequencies();
    // The merged numbers name the shards' key ids, which the resets below renumber: emptied
    // first, so that a reset that throws half-way cannot leave old numbers over new ids.
    for (auto& merged : m_merged_keys) {
        merged.clear();
    }
    for (Facet f : ALL_FACETS) {
        // One local database: count by the facet ids (SLOT_FACET_IDS), read display strings only
        // for what is shown. A stub's document ids repeat across its parts; remote parts send
        // strings.
        m_facet_keys[f].reset(
            f,
            &m_compiler->aliases(),
            memo,
            merges_names(f) ? &m_compiler->names() : nullptr,
            m_db.size() == 1 && !m_remote ? &m_db : nullptr,
            m_ids_column
        );
    }
    // Each shard counted on its own: document ids name its documents.
    for (auto& part : m_shard_parts) {
        part->reset(m_compiler->aliases(), m_compiler->names(), m_memo_documents);
    }
}

std::vector<ShardPart*> Searcher::shard_parts() const {
    std::vector<ShardPart*> out;
    for (const auto& part : m_shard_parts) {
        out.push_back(part.get());
    }
    return out;
}

void Searcher::reopen() {
    // A stub file may now point at a new database, which Database::reopen() would not notice:
    // open afresh instead. Opening reads metadata, which an indexer committing meanwhile can
    // discard under our feet (DatabaseModifiedError): open again then.
    int shard_changed = 0;  // ShardPart::Changed caught, apart from the attempts
    for (int attempt = 0;; ++attempt) {
        try {
            OpenShards opened = open_database(m_path, m_allow_partial);
            // Everything that can throw is built first, so that a failed reopen leaves the
            // searcher on its previous database with memos that match it.
            // The columns beside one local database, when they mirror the revision just opened
            // (indexer/columns.hpp); otherwise the spies read the slots.
            decltype(m_ids_column) ids_column, date_column, story_column;
            decltype(m_term_freqs) term_freqs;
            if (!opened.remote && opened.parts.size() == 1 && opened.local_dirs.size() == 1
                && !opened.local_dirs[0].empty()) {
                const std::string& dir = opened.local_dirs[0];
                namespace schema = indexer::schema;
                ids_column = indexer::ValueColumn::open(dir, opened.db, schema::SLOT_FACET_IDS);
                date_column = indexer::ValueColumn::open(dir, opened.db, schema::SLOT_DATE);
                story_column =
                    indexer::ValueColumn::open(dir, opened.db, schema::SLOT_STORY_SHARED);
            }
            if (!opened.remote) {
                // Each local part's table (a stub's frequencies are the sum of its parts'); a
                // part without documents (a sharded index's metadata) adds nothing.
                for (std::size_t i = 0; i < opened.parts.size(); ++i) {
                    if (opened.parts[i].get_doccount() == 0) {
                        continue;
                    }
                    auto table = opened.local_dirs[i].empty()
                        ? nullptr
                        : indexer::TermFreqs::open(opened.local_dirs[i], opened.parts[i]);
                    if (!table) {
                        term_freqs.clear();  // the database answers for every word
                        break;
                    }
                    term_freqs.push_back(std::move(table));
                }
            }
            // A stub of local shards whose shards all have their columns: counted shard by
            // shard (searcher/shard_counts.hpp); otherwise the spies on the stub's match count.
            std::vector<std::unique_ptr<ShardPart>> shard_parts;
            if (!opened.remote && opened.parts.size() > 1) {
                for (std::size_t i = 0; i < opened.parts.size(); ++i) {
                    if (opened.parts[i].get_doccount() == 0) {
                        continue;  // a sharded index's metadata: nothing to count
                    }
                    // A commit between the stub's open and the shard's: open both again,
                    // twice at most (then the stub's spies count until the next reopen).
                    auto part =
                        ShardPart::open(opened.local_dirs[i], opened.parts[i], shard_changed < 2);
                    if (!part) {
                        shard_parts.clear();
                        break;
                    }
                    shard_parts.push_back(std::move(part));
                }
            }
            const Xapian::Database spelling = spelling_database(m_path, opened, opened.db);
            // A stub's surname merges, as the sharded run that last wrote every shard stored
            // them (otherwise computed from every person term of every shard: seconds).
            auto compiler = std::make_unique<QueryCompiler>(
                opened.db,
                spelling,
                opened.sharded ? NameMerges::stored_for_stub(spelling, opened.parts) : std::nullopt
            );
            m_snippet_words.clear_frequencies();
            m_db = std::move(opened.db);
            m_remote = opened.remote;
            m_ids_column = std::move(ids_column);
            m_date_column = std::move(date_column);
            m_story_column = std::move(story_column);
            m_shard_parts = std::move(shard_parts);
            m_term_freqs = std::move(term_freqs);
            m_shards_total = opened.sharded ? opened.total : 0;
            m_shards_failed = std::move(opened.failed);
            m_quotes.reset();
            m_quotes_checked = false;
            m_opened = std::chrono::steady_clock::now();
            m_compiler = std::move(compiler);
            m_opened_parts = std::move(opened);
            reset_memos();
            return;
        } catch (const ShardPart::Changed&) {
            ++shard_changed;
            --attempt;  // not a failure to open
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt >= 5) {
                throw;
            }
        }
    }
}

template <class Res, class Req, class List>
Res Searcher::run(const Req& request, List list) {
    // A reader can keep its revision while the writer commits once; a second commit may recycle
    // its blocks. A query slower than two commits of a busy indexer fails and is retried on a
    // fresh revision; retries are cheap, so allow several.
    if (!m_shards_failed.empty()
        && std::chrono::steady_clock::now() - m_opened > std::chrono::seconds(1)) {
        reopen();  // a shard left out may be back
    }
    for (int attempt = 0;; ++attempt) {
        try {
            Res result = run_once<Res>(request, list);
            result.shards_total = m_shards_total;
            result.shards_failed = m_shards_failed;
            return result;
        } catch (const Xapian::NetworkError&) {
            // A remote shard went away during the search: open the stub again, which names it
            // (or, with allow_partial, leaves it out), and search again.
            if (attempt >= 3) {
                throw;
            }
            reopen();
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt >= 20) {
                throw;
            }
            reopen();
        } catch (const Xapian::DatabaseOpeningError&) {
            if (attempt >= 20) {
                throw;
            }
            reopen();
        }
    }
}

template <class Res, class Req, class List>
Res Searcher::run_once(const Req& request, List list) {
    Res result;
    result.query = analyzers::repair_utf8(request.query);
    result.offset = request.offset;
    auto list_text = [&](const std::string& text) {
        Res fresh;
        static_cast<ResultHeader&>(fresh) = static_cast<const ResultHeader&>(result);
        result = std::move(fresh);
        result.total = 0;
        const Xapian::Query query = prepare(result, text, request);
        (this->*list)(request, query, result);
    };
    list_text(request.query);
    if (request.correct_spelling) {
        checkpoint();
        result.corrected_query = m_compiler->correct(request.query);
        checkpoint();
        if (result.listed_total() == 0 && result.corrected_query) {
            result.showing_corrected = true;
            list_text(*result.corrected_query);
        }
    }
    return result;
}

void Searcher::watch(Xapian::Enquire& enquire) const {
    if (m_cancel != nullptr) {
        checkpoint();
        // A spy must be registered with xapian-tcpsrv to run on a remote shard, and the remote
        // match cannot be stopped from here anyway: remote shards get the checkpoints only.
        if (!m_remote) {
            enquire.add_matchspy((new CancelSpy(*m_cancel))->release());  // the Enquire owns it
        }
    }
}

HitsResult Searcher::hits(const HitsRequest& request) {
    return run<HitsResult>(request, &Searcher::list_hits);
}

FiguresResult Searcher::figures(const FiguresRequest& request) {
    return run<FiguresResult>(request, &Searcher::list_figures);
}

QuotesResult Searcher::quotes(const QuotesRequest& request) {
    return run<QuotesResult>(request, &Searcher::list_quotes);
}

std::optional<nlohmann::json> Searcher::article(const std::string& id) {
    for (int attempt = 0;; ++attempt) {
        try {
            const std::string term = schema::id_term(id);
            Xapian::PostingIterator it = m_db.postlist_begin(term);
            if (id.empty() || it == m_db.postlist_end(term)) {
                return std::nullopt;
            }
            return document_data(m_db.get_document(*it), *it);
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt >= 20) {
                throw;
            }
            reopen();
        }
    }
}

TimelineResult Searcher::timeline(const TimelineRequest& request) {
    return run<TimelineResult>(request, &Searcher::list_timeline);
}

Result Searcher::search(const Request& request) {
    return std::visit(
        [this](const auto& r) -> Result {
            using R = std::decay_t<decltype(r)>;
            if constexpr (std::is_same_v<R, HitsRequest>) {
                return hits(r);
            } else if constexpr (std::is_same_v<R, FiguresRequest>) {
                return figures(r);
            } else if constexpr (std::is_same_v<R, TimelineRequest>) {
                return timeline(r);
            } else {
                return quotes(r);
            }
        },
        request
    );
}

QueryRequest& common(Request& request) {
    return std::visit([](auto& r) -> QueryRequest& { return r; }, request);
}

const QueryRequest& common(const Request& request) {
    return std::visit([](const auto& r) -> const QueryRequest& { return r; }, request);
}

std::size_t listed_total(const Result& result) {
    return std::visit([](const auto& r) { return r.listed_total(); }, result);
}

namespace {

Xapian::Query filtered(const Xapian::Query& query, const Xapian::Query& filter) {
    return filter.empty() ? query : Xapian::Query(Xapian::Query::OP_FILTER, query, filter);
}

/// The stored extraction of a document, read back by the code that wrote it
/// (analyzers::extraction_from_json); empty when the document has none or it is unreadable.
analyzers::Extraction stored_extraction(const nlohmann::json& data) {
    auto ex = data.find(schema::DATA_EXTRACTION);
    if (ex == data.end() || !ex->is_object()) {
        return {};
    }
    try {
        return analyzers::extraction_from_json(*ex);
    } catch (const SchemaError&) {
        return {};
    }
}

/// A speaker or attribution as shown: absent when missing or empty.
std::optional<std::string> non_empty(const std::optional<std::string>& s) {
    return s && !s->empty() ? s : std::nullopt;
}

/// One row per figure and story: rows of one story with the same type, value, qualifier and
/// source keep the first article (smallest id, then position) and list the others as copies.
void fold_copies(std::vector<FigureRow>& rows) {
    std::sort(rows.begin(), rows.end(), [](const FigureRow& a, const FigureRow& b) {
        return std::make_pair(a.id, a.figure.value("begin", std::size_t{0}))
            < std::make_pair(b.id, b.figure.value("begin", std::size_t{0}));
    });
    std::map<std::tuple<std::string, std::string, double, std::string, std::string>, std::size_t>
        first;
    std::vector<FigureRow> kept;
    for (auto& row : rows) {
        auto key = std::make_tuple(
            row.story_id, row.type, row.value, row.qualifier, row.attributed_to.value_or("")
        );
        auto [at, fresh] = first.emplace(key, kept.size());
        if (fresh) {
            kept.push_back(std::move(row));
        } else if (kept[at->second].id != row.id) {
            auto& copies = kept[at->second].copies;
            if (std::find(copies.begin(), copies.end(), row.id) == copies.end()) {
                copies.push_back(row.id);
            }
        }
    }
    rows = std::move(kept);
}

}  // namespace

nlohmann::json Searcher::document_data(const Xapian::Document& doc, Xapian::docid did) const {
    nlohmann::json data = nlohmann::json::parse(doc.get_data(), nullptr, false);
    if (data.is_discarded() || !data.is_object()) {
        throw SchemaError(
            "database '" + m_path + "': document " + std::to_string(did) + " has unreadable data"
        );
    }
    return data;
}

Xapian::Query
Searcher::prepare(ResultHeader& result, const std::string& text, const QueryRequest& request) {
    LiftedQuery lifted = lift_filters(text);
    result.filters = request.filters;
    for (Facet f : ALL_FACETS) {
        auto& to = result.filters[f];
        to.insert(to.end(), lifted.filters[f].begin(), lifted.filters[f].end());
    }
    Xapian::Query query = m_compiler->parse(lifted.text);
    const Xapian::Query dates = date_range_query(request.date_from, request.date_to);
    return dates.empty() ? query : Xapian::Query(Xapian::Query::OP_FILTER, query, dates);
}

std::vector<std::pair<Facet, FacetCounts>> Searcher::browse_all(std::size_t limit) const {
    // From the facet ids' column's key frequencies when it has them (a local database whose
    // last run wrote them): no term is read but the top values' spellings.
    if (const indexer::FacetDictionary* dictionary =
            m_ids_column ? m_ids_column->dictionary() : nullptr;
        dictionary != nullptr && dictionary->has_frequencies()) {
        std::vector<std::pair<Facet, FacetCounts>> out;
        for (Facet f : ALL_FACETS) {
            checkpoint();
            std::optional<BrowseScan> scan = browse_scan_numbers(
                m_db,
                *dictionary,
                f,
                m_compiler->aliases(),
                merges_names(f) ? &m_compiler->names() : nullptr,
                limit
            );
            if (!scan) {
                out.clear();
                break;
            }
            out.emplace_back(f, browse_top(m_db, f, std::move(*scan), limit));
        }
        if (out.size() == ALL_FACETS.size()) {
            return out;
        }
    }

    // The facets' key terms scanned in parts, the person names (most of a browse: a million
    // keys at 285k) in two, taken in turn by this thread and by a helper with its own handle on
    // the same revision of the database (a Xapian::Database serves one thread); then each
    // facet's parts merged and its top values counted and named here.
    struct Part {
        Facet facet;
        std::string_view from, to;
    };

    const Facet person = facet_named("person");
    const std::array<Part, FACET_COUNT + 1> parts = {{
        {person, "", "m"},
        {person, "m", ""},
        {facet_named("place"), "", ""},
        {facet_named("organization"), "", ""},
        {facet_named("speaker"), "", ""},
        {facet_named("figure_type"), "", ""},
    }};
    std::array<HashIds, FACET_COUNT> named;
    for (Facet f : ALL_FACETS) {
        named[f] = indexer::named_keys(
            m_compiler->aliases(), merges_names(f) ? &m_compiler->names() : nullptr, facet_spec(f)
        );
    }
    std::array<BrowseScan, FACET_COUNT + 1> scans;
    std::atomic<std::size_t> next{0};
    auto scan = [&](const Xapian::Database& db) {
        for (std::size_t i; (i = next++) < parts.size();) {
            const Part& p = parts[i];
            scans[i] = browse_scan(
                db,
                p.facet,
                m_compiler->aliases(),
                merges_names(p.facet) ? &m_compiler->names() : nullptr,
                named[p.facet],
                limit,
                p.from,
                p.to
            );
        }
    };
    std::exception_ptr failed;
    std::thread helper;
    if (m_facet_helpers > 0 && m_db.size() == 1 && !m_remote) {
        // m_db is read here, never from the helper: a Xapian object serves one thread.
        const Xapian::rev revision = m_db.get_revision();
        const std::string uuid = m_db.get_uuid();
        try {
            helper = std::thread([&, revision, uuid] {
                // Its own handle, if it is the caller's database at the caller's revision;
                // otherwise (a stub with a shard left out by allow_partial, one back since, a new
                // revision) the caller scans every part itself.
                std::optional<Xapian::Database> own;
                try {
                    own.emplace(m_path);
                    if (own->size() != 1 || own->get_revision() != revision
                        || own->get_uuid() != uuid) {
                        return;
                    }
                } catch (...) {
                    return;
                }
                try {
                    scan(*own);
                } catch (...) {
                    failed = std::current_exception();
                }
            });
        } catch (...) {
            // No thread to be had (a busy server, or no memory for one): this thread scans
            // every part.
        }
    }
    std::exception_ptr mine;
    try {
        scan(m_db);
    } catch (...) {
        mine = std::current_exception();
    }
    if (helper.joinable()) {
        helper.join();
    }
    if (mine || failed) {
        std::rethrow_exception(mine ? mine : failed);
    }
    std::array<std::optional<BrowseScan>, FACET_COUNT> whole;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        auto& w = whole[parts[i].facet];
        if (w) {
            w->merge(std::move(scans[i]));
        } else {
            w = std::move(scans[i]);
        }
    }
    std::vector<std::pair<Facet, FacetCounts>> out;
    for (Facet f : ALL_FACETS) {
        out.emplace_back(f, browse_top(m_db, f, std::move(*whole[f]), limit));
    }
    return out;
}

void Searcher::list_hits(
    const HitsRequest& request, const Xapian::Query& text_query, HitsResult& result
) {
    Xapian::Enquire enquire(m_db);
    const Xapian::Query matching = filtered(
        text_query, filters_query(m_db, result.filters, m_compiler->aliases(), &m_compiler->names())
    );
    enquire.set_query(matching);
    const Bm25Params& p = request.bm25;
    enquire.set_weighting_scheme(Xapian::BM25Weight(p.k1, p.k2, p.k3, p.b, p.min_normlen));
    MatchFacets spy(
        {ALL_FACETS.begin(), ALL_FACETS.end()},
        m_facet_keys,
        m_remote,
        request.counting,
        m_facet_helpers,
        m_cancel
    );
    ValueCounts dates(schema::SLOT_DATE, m_dates, m_remote);
    // A browse (every article: no query, no filter) reads its facet counts from term
    // frequencies (browse_counts) instead of decoding every article's slots, once per opened
    // database and facet limit.
    const bool every_article =
        text_query.get_type() == Xapian::Query::LEAF_MATCH_ALL && result.filters.empty();
    std::vector<std::pair<Facet, FacetCounts>> browsed;
    if (request.facet_limit > 0 && request.counting == Counting::Articles && !request.facet_tallies
        && every_article) {
        auto& memo = m_browse_memo[request.facet_limit];
        if (memo.empty()) {
            memo = browse_all(request.facet_limit);
        }
        browsed = memo;
    }
    const bool browse = !browsed.empty();
    // Every article of a local database, and no facet to count by a spy: the stories and days
    // come from value streams (WholeArchive), so the match needs no spy and stops at its page.
    const bool whole = !m_remote && every_article && (request.facet_limit == 0 || browse);
    if (whole && !m_whole) {
        m_whole = WholeArchive::read(m_db);
    }
    // A stub of local shards: the shards count the matches from their columns, beside the
    // stub's match, which only ranks. Not for facets counting stories (a story's articles may
    // be in several shards), nor for wildcards (a shard expands them on its own terms).
    std::optional<ShardCounting> by_shard;
    if (counts_by_shard() && !whole && request.counting == Counting::Articles
        && !has_wildcard(matching)) {
        ShardCounting::Asked asked;
        if (request.facet_limit > 0) {
            asked.dates = true;
            if (!browse) {
                asked.facets.assign(ALL_FACETS.begin(), ALL_FACETS.end());
            }
        }
        by_shard.emplace(shard_parts(), matching, std::move(asked), m_cancel, m_facet_helpers);
    } else if (request.facet_limit > 0) {
        if (!browse) {
            spy.attach(enquire);
        }
        if (!whole) {
            dates.attach(enquire);
        }
    }
    const bool fold = request.folding == Folding::Stories;
    // Copies of one story fold into its best hit: Xapian's collapse on the shared-story slot,
    // which only articles of stories of two or more carry. Xapian never collapses a document
    // without a value, and an article alone in its story has nothing to fold with, so this is
    // the collapse on SLOT_STORY, minus the value chunks of a slot every article fills (a read
    // per sparse match, a third of a cold search's preads) and a story key per match in the
    // collapser's table. A spy on the same slot counts articles and stories exactly: spies see
    // every match before collapsing, whereas the MSet's uncollapsed count is only an estimate
    // over several databases.
    StoryCounts story_spy(m_stories, m_remote);
    if (!whole && !by_shard) {
        story_spy.attach(enquire);
    }
    // A full match (every match counted) gives Xapian's collapse nothing to skip: it reads the
    // story slot of every matching document (1.2 ms of a 6 ms query over 19.6k matches). Local
    // databases fold the page themselves instead (fold_page()): the same hits, in the same order.
    const bool fold_here = fold && m_own_folding && !m_remote && !whole
        && request.offset <= MAX_FOLD_WINDOW && request.limit <= MAX_FOLD_WINDOW - request.offset;
    if (fold && !fold_here) {
        enquire.set_collapse_key(schema::SLOT_STORY_SHARED);
    }
    // checkatleast = doccount: every match is counted, so the total is exact, not an estimate,
    // and the facet spy sees every matching document. Every article (whole): the counts are
    // known, and every weight is 0, so the page is the first articles in id order, one per
    // story, as a full pass would keep them. Counted by shard: the shards count, and the stub's
    // match only ranks the page, free to skip what cannot reach it.
    const Xapian::doccount all = m_db.get_doccount();
    const Xapian::doccount at_least = whole || by_shard ? 0 : all;
    watch(enquire);
    Xapian::MSet mset;
    std::vector<Xapian::MSetIterator> page;
    if (fold_here) {
        page = fold_page(enquire, request.offset, request.limit, at_least, mset);
    } else {
        mset = enquire.get_mset(
            static_cast<Xapian::doccount>(request.offset),
            static_cast<Xapian::doccount>(request.limit),
            at_least
        );
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            page.push_back(it);
        }
    }
    if (by_shard) {
        by_shard->finish();
    }
    result.total = whole ? m_whole->articles : by_shard ? by_shard->total() : story_spy.total();
    result.stories = whole ? m_whole->stories
        : by_shard         ? by_shard->stories()
                           : story_spy.stories();
    if (mset.get_firstitem() == 0 && !fold_here) {
        // Remote shards: ask for the page's documents at once. Xapian 1.4's MSet::fetch() indexes
        // from the first item of the match, not of the page: past an offset it reads out of
        // bounds (a crash), so later pages fetch document by document.
        mset.fetch();
    }

    // Facets counted beside the match (FacetSpy's helpers) are counted while the hits are
    // rendered: their snippets and the counting take a core each.
    spy.flush();
    // The background model asks the database for the frequency of every word of the text: one
    // network round trip per word and remote shard (seconds per page), so remote shards choose
    // the passage by the query's words alone (docs/shards.md).
    const unsigned snippet_flags = m_remote
        ? Xapian::MSet::SNIPPET_EXHAUSTIVE
        : Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE;
    const std::string hi_begin(1, HIGHLIGHT_BEGIN);
    const std::string hi_end(1, HIGHLIGHT_END);
    std::size_t rank = request.offset;
    std::vector<std::string> texts;  // the hits' texts, for their snippets
    texts.reserve(page.size());
    const std::size_t first_hit = result.hits.size();
    for (const Xapian::MSetIterator& it : page) {
        checkpoint();
        Hit hit;
        hit.rank = ++rank;
        hit.score = it.get_weight();
        const Xapian::Document doc = it.get_document();
        nlohmann::json data = document_data(doc, *it);
        hit.id = data.value(schema::DATA_ID, "");
        hit.title = data.value(schema::DATA_TITLE, "");
        hit.path = data.value(schema::DATA_PATH, "");
        hit.extra = data.value(schema::DATA_EXTRA, nlohmann::json::object());
        if (data.contains(schema::DATA_EXTRACTION)) {
            hit.extraction = data[schema::DATA_EXTRACTION];
        }
        for (Facet f : ALL_FACETS) {
            hit.facet_values[f] = facet_values(doc, f);
        }
        hit.story_id = doc.get_value(schema::SLOT_STORY);
        hit.date = data.value(schema::DATA_DATE, "");
        hit.date_source = data.value(schema::DATA_DATE_SOURCE, "");
        if (fold) {
            // The matching copies of the hit's story, from the same spy: exact everywhere,
            // whereas Xapian's collapse count misses copies that remote shards folded on their
            // own side.
            const std::size_t copies = whole ? m_whole->articles_of(hit.story_id)
                : by_shard                   ? by_shard->articles(hit.story_id)
                                             : story_spy.articles(hit.story_id);
            hit.similar_count = copies > 0 ? copies - 1 : 0;
        }
        if (request.similar_ids && hit.similar_count > 0) {
            // The other matching articles of the story, in id order.
            Xapian::Enquire copies(m_db);
            copies.set_query(Xapian::Query(
                Xapian::Query::OP_FILTER,
                matching,
                Xapian::Query(
                    Xapian::Query::OP_VALUE_RANGE, schema::SLOT_STORY, hit.story_id, hit.story_id
                )
            ));
            copies.set_weighting_scheme(Xapian::BoolWeight());
            watch(copies);
            Xapian::MSet found = copies.get_mset(0, all);
            for (auto c = found.begin(); c != found.end(); ++c) {
                if (*c != *it) {
                    hit.similar.push_back(
                        document_data(c.get_document(), *c).value(schema::DATA_ID, "")
                    );
                }
            }
            std::sort(hit.similar.begin(), hit.similar.end());
        }
        // The indexer's normalized body when it stored one (a text with Cyrillic or Greek,
        // whose normalizing would load ICU's transliterator registry), else normalized here.
        const auto folded = data.find(schema::DATA_TEXT_FOLDED);
        if (folded != data.end() && folded->is_string()) {
            texts.push_back(folded->get<std::string>());
        } else {
            texts.push_back(
                analyzers::collapse_space(analyzers::normalize(data.value(schema::DATA_TEXT, "")))
            );
        }
        result.hits.push_back(std::move(hit));
    }
    // Local databases: our generator, Xapian's algorithm over caches kept across queries
    // (searcher/snippet_generator.hpp); remote shards and wildcards: Xapian's.
    std::optional<PageSnippets> own;
    if (m_own_snippets && (snippet_flags & Xapian::MSet::SNIPPET_BACKGROUND_MODEL) != 0
        && !texts.empty() && PageSnippets::supports(matching)) {
        std::vector<const indexer::TermFreqs*> freqs;
        for (const auto& table : m_term_freqs) {
            freqs.push_back(table.get());
        }
        own.emplace(mset, matching, m_db, m_compiler->stemmer(), m_snippet_words, std::move(freqs));
    }
    auto snippet_of = [&](const std::string& text) {
        return mset.snippet(
            text, request.snippet_bytes, m_compiler->stemmer(), snippet_flags, hi_begin, hi_end, "…"
        );
    };
    if (own) {
        own->read(texts);
    } else if (m_prime_snippets && (snippet_flags & Xapian::MSet::SNIPPET_BACKGROUND_MODEL) != 0
        && !texts.empty()) {
        // The page's words in key order first: the snippets below find them in the MSet's cache
        // (searcher/snippets.hpp).
        (void)snippet_of(snippet_words(texts, request.snippet_bytes));
    }
    for (std::size_t i = 0; i < texts.size(); ++i) {
        checkpoint();
        result.hits[first_hit + i].snippet = unescape_html(
            own ? own->snippet(i, request.snippet_bytes, hi_begin, hi_end, "…")
                : snippet_of(texts[i])
        );
    }

    spy.finish();
    if (request.facet_limit > 0) {
        result.facet_documents = browse ? all
            : by_shard                  ? by_shard->facet_documents()
                                        : spy.documents();
        result.counting = request.counting;
        if (whole) {
            result.date_histogram = date_histogram(m_whole->by_day);
        } else if (by_shard) {
            result.date_histogram = date_histogram(by_shard->by_day());
        } else {
            std::map<std::string, std::size_t> by_day;
            dates.for_each([&](const std::string& day, std::size_t n) { by_day[day] = n; });
            result.date_histogram = date_histogram(by_day);
        }
        if (browse) {
            result.facets = std::move(browsed);
        } else {
            for (Facet f : ALL_FACETS) {
                result.facets.emplace_back(
                    f,
                    by_shard ? by_shard->top(f, request.facet_limit, m_merged_keys[f])
                             : spy.top(f, request.facet_limit)
                );
                if (request.facet_tallies) {
                    result.facet_tallies.emplace_back(
                        f, by_shard ? by_shard->tally(f) : spy.tally(f)
                    );
                }
            }
        }
        // Disjunctive counts: one more match per filtered facet, without its own filter. Only the
        // spy needs the documents, so no ranking (BoolWeight) and no hits (maxitems 0).
        for (Facet f : ALL_FACETS) {
            if (result.filters[f].empty()) {
                continue;
            }
            const Xapian::Query widened_query = filtered(
                text_query,
                filters_query(m_db, result.filters, m_compiler->aliases(), f, &m_compiler->names())
            );
            if (by_shard) {
                ShardCounting one(
                    shard_parts(), widened_query, {{f}, false, false}, m_cancel, m_facet_helpers
                );
                one.finish();
                result.disjunctive_facets.emplace_back(
                    f, one.top(f, request.facet_limit, m_merged_keys[f])
                );
                continue;
            }
            Xapian::Enquire widened(m_db);
            widened.set_query(widened_query);
            widened.set_weighting_scheme(Xapian::BoolWeight());
            MatchFacets one({f}, m_facet_keys, m_remote, request.counting);
            one.attach(widened);
            watch(widened);
            widened.get_mset(0, 0, all);
            result.disjunctive_facets.emplace_back(f, one.top(f, request.facet_limit));
        }
    }
}

std::vector<Xapian::MSetIterator> Searcher::fold_page(
    Xapian::Enquire& enquire,
    std::size_t offset,
    std::size_t limit,
    Xapian::doccount at_least,
    Xapian::MSet& mset
) const {
    // What Xapian's collapse (key SLOT_STORY_SHARED, one per key) keeps: in the match's order
    // (weight, then document id), every document without a key and the first of each key.
    const std::size_t want = offset + limit;
    auto story_of = [&](const Xapian::MSetIterator& it) -> std::string {
        if (m_story_column) {
            try {
                return std::string(m_story_column->value(*it));
            } catch (const SchemaError&) {
                // a damaged column: the slot has the truth
            }
        }
        return it.get_document().get_value(schema::SLOT_STORY_SHARED);
    };
    if (limit == 0) {
        mset = enquire.get_mset(0, 0, at_least);  // no hits: the spies' counts only
        return {};
    }
    // Twice the page and some: most pages of a broad match hold a copy or two at most.
    auto window = static_cast<Xapian::doccount>(want * 2 + 10);
    mset = enquire.get_mset(0, window, at_least);
    for (;;) {
        std::vector<Xapian::MSetIterator> kept;
        std::unordered_set<std::string> stories;
        for (auto it = mset.begin(); it != mset.end() && kept.size() < want; ++it) {
            const std::string story = story_of(it);
            if (story.empty() || stories.insert(story).second) {
                kept.push_back(it);
            }
        }
        if (kept.size() >= want || mset.size() < window) {
            kept.erase(
                kept.begin(),
                kept.begin() + static_cast<std::ptrdiff_t>(std::min(offset, kept.size()))
            );
            return kept;
        }
        // More copies than the window held: a wider one, without the spies (they have seen
        // every match) and so stopping at the window, as Xapian's collapse would rank it.
        enquire.clear_matchspies();
        watch(enquire);
        window *= 4;
        mset = enquire.get_mset(0, window, Xapian::doccount{0});
    }
}

void Searcher::list_figures(
    const FiguresRequest& request, const Xapian::Query& text_query, FiguresResult& result
) {
    Xapian::Enquire enquire(m_db);
    enquire.set_query(filtered(
        text_query, filters_query(m_db, result.filters, m_compiler->aliases(), &m_compiler->names())
    ));
    enquire.set_weighting_scheme(Xapian::BoolWeight());  // every matching article, in any order
    const Xapian::doccount all = m_db.get_doccount();
    watch(enquire);
    Xapian::MSet mset = enquire.get_mset(0, all, all);
    result.total = mset.get_matches_estimated();
    mset.fetch();  // remote shards: ask for every document at once, not one round trip each

    // A figure-type filter also selects the rows, by the same resolution as the articles.
    std::vector<std::string> types;
    for (const auto& v : result.filters[FIGURE_TYPE]) {
        for (const auto& term : facet_filter_terms(
                 m_db, FIGURE_TYPE, v, m_compiler->aliases(), &m_compiler->names()
             )) {
            types.push_back(term.substr(std::string_view(facet_prefix(FIGURE_TYPE)).size()));
        }
    }
    const bool by_type = !result.filters[FIGURE_TYPE].empty();

    std::vector<FigureRow> rows;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        checkpoint();
        const nlohmann::json data = document_data(it.get_document(), *it);
        for (const auto& figure : stored_extraction(data).figures) {
            FigureRow row;
            row.type = analyzers::to_string(figure.type);
            row.value = figure.value;
            if (by_type
                && std::find(types.begin(), types.end(), analyzers::fold_key(row.type))
                    == types.end()) {
                continue;
            }
            if ((request.min_value && row.value < *request.min_value)
                || (request.max_value && row.value > *request.max_value)) {
                continue;
            }
            row.id = data.value(schema::DATA_ID, "");
            row.title = data.value(schema::DATA_TITLE, "");
            row.qualifier = analyzers::to_string(figure.qualifier);
            row.attributed_to = non_empty(figure.attributed_to);
            row.sentence = figure.sentence;
            row.figure = analyzers::to_json(figure);
            row.story_id = it.get_document().get_value(schema::SLOT_STORY);
            rows.push_back(std::move(row));
        }
    }
    if (request.folding == Folding::Stories) {
        fold_copies(rows);
    }
    auto begin_of = [](const FigureRow& r) { return r.figure.value("begin", std::size_t{0}); };
    std::sort(rows.begin(), rows.end(), [&](const FigureRow& a, const FigureRow& b) {
        if (a.type != b.type) {
            return a.type < b.type;
        }
        if (a.value != b.value) {
            return a.value < b.value;
        }
        if (a.id != b.id) {
            return a.id < b.id;
        }
        return begin_of(a) < begin_of(b);
    });
    result.figures_total = rows.size();
    const std::size_t first = std::min(request.offset, rows.size());
    const std::size_t last = first + std::min(request.limit, rows.size() - first);
    result.figures.assign(
        std::make_move_iterator(rows.begin() + static_cast<std::ptrdiff_t>(first)),
        std::make_move_iterator(rows.begin() + static_cast<std::ptrdiff_t>(last))
    );
}

void Searcher::list_quotes(
    const QuotesRequest& request, const Xapian::Query& text_query, QuotesResult& result
) {
    // A quotation is listed when it matches the query and filters and its article does too
    // (so `troops NOT korea` lists no quotation of an article naming Korea).
    const Xapian::Query query = filtered(
        text_query, filters_query(m_db, result.filters, m_compiler->aliases(), &m_compiler->names())
    );
    Xapian::Enquire enquire(m_db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    const Xapian::doccount all = m_db.get_doccount();
    watch(enquire);
    const Xapian::MSet articles = enquire.get_mset(0, all, all);
    result.total = articles.get_matches_estimated();
    if (articles.empty()) {
        return;
    }
    if (quotations()) {
        list_indexed_quotes(request, query, articles, result);
    } else {
        list_quotes_per_query(request, query, articles, result);
    }
}

namespace {

/// One row of the quotes view from a quotation document (indexer/quotes.hpp).
QuoteRow quote_row(const Xapian::Document& doc, std::size_t rank, double score) {
    const nlohmann::json data = nlohmann::json::parse(doc.get_data(), nullptr, false);
    if (data.is_discarded() || !data.is_object()) {
        throw SchemaError("a quotation document has unreadable data");
    }
    QuoteRow row;
    row.rank = rank;
    row.id = data.value(schema::DATA_ID, "");
    row.title = data.value(schema::DATA_TITLE, "");
    row.quote = data.value(schema::DATA_QUOTE, nlohmann::json::object());
    const analyzers::Quote quote = analyzers::quote_from_json(row.quote);
    row.speaker = non_empty(quote.speaker);
    row.text = quote.text;
    row.score = score;
    return row;
}

}  // namespace

void Searcher::list_indexed_quotes(
    const QuotesRequest& request,
    const Xapian::Query& query,
    const Xapian::MSet& articles,
    QuotesResult& result
) {
    // The articles that match, by document id in m_db; a quotation names its article's id in
    // its own part, and m_db numbers part k's document d as (d - 1) * parts + k + 1 (Xapian's
    // interleaving of a database of several), as does m_quotes with the same parts.
    const Xapian::doccount parts = static_cast<Xapian::doccount>(m_db.size());
    std::vector<bool> matched(static_cast<std::size_t>(m_db.get_lastdocid()) + 1, false);
    for (auto it = articles.begin(); it != articles.end(); ++it) {
        matched[*it] = true;
    }
    Xapian::Enquire in_quotes(*m_quotes);
    in_quotes.set_query(query);
    const Bm25Params& p = request.bm25;
    in_quotes.set_weighting_scheme(Xapian::BM25Weight(p.k1, p.k2, p.k3, p.b, p.min_normlen));
    // Over remote parts, each match brings its article's id as its sort key (equal scores then
    // ordered by it), so only the listed page's documents cross the network, not every match's.
    const bool keyed = m_remote;
    if (keyed) {
        in_quotes.set_sort_by_relevance_then_value(schema::SLOT_QUOTE_ARTICLE, false);
    }
    watch(in_quotes);
    const Xapian::doccount quotes = m_quotes->get_doccount();
    const Xapian::MSet found = in_quotes.get_mset(0, quotes, quotes);
    std::size_t listed = 0;
    for (auto it = found.begin(); it != found.end(); ++it) {
        checkpoint();
        const std::string article =
            keyed ? it.get_sort_key() : it.get_document().get_value(schema::SLOT_QUOTE_ARTICLE);
        Xapian::docid did = 0;
        try {
            did = static_cast<Xapian::docid>(std::stoul(article));
        } catch (const std::exception&) {
            throw SchemaError(
                "database '" + m_path + "': a quotation names no article ('" + article + "')"
            );
        }
        if (did == 0) {
            continue;
        }
        const Xapian::docid in_db = (did - 1) * parts + (*it - 1) % parts + 1;
        if (in_db >= matched.size() || !matched[in_db]) {
            continue;  // its article does not match
        }
        ++listed;
        if (listed > request.offset && result.quotes.size() < request.limit) {
            result.quotes.push_back(quote_row(it.get_document(), listed, it.get_weight()));
        }
    }
    result.quotes_total = listed;
}

const std::optional<Xapian::Database>& Searcher::quotations() {
    if (!m_quotes_checked) {
        m_quotes = open_quotations(m_opened_parts);
        m_quotes_checked = true;
    }
    return m_quotes;
}

void Searcher::list_quotes_per_query(
    const QuotesRequest& request,
    const Xapian::Query& query,
    const Xapian::MSet& articles,
    QuotesResult& result
) {
    // The quotations of the matching articles, analysed now into a temporary database as the
    // indexer writes them (indexer::quote_documents(), with the index's alias table): phrases,
    // NEAR, wildcards, stems, speakers and filters behave as with the quotations database, but
    // BM25 counts only these quotations.
    Xapian::MSet mset = articles;
    mset.fetch();  // remote shards: ask for every document at once, not one round trip each
    Xapian::WritableDatabase quotes(std::string(), Xapian::DB_BACKEND_INMEMORY);
    indexer::TermWriter terms(m_compiler->aliases());
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        checkpoint();
        for (auto& q : indexer::quote_documents(it.get_document(), *it, terms)) {
            quotes.add_document(q);
        }
    }
    if (quotes.get_doccount() == 0) {
        return;
    }
    Xapian::Enquire in_quotes(quotes);
    in_quotes.set_query(query);
    const Bm25Params& p = request.bm25;
    in_quotes.set_weighting_scheme(Xapian::BM25Weight(p.k1, p.k2, p.k3, p.b, p.min_normlen));
    watch(in_quotes);
    Xapian::MSet found = in_quotes.get_mset(
        static_cast<Xapian::doccount>(request.offset),
        static_cast<Xapian::doccount>(request.limit),
        quotes.get_doccount()
    );
    result.quotes_total = found.get_matches_estimated();
    std::size_t rank = request.offset;
    for (auto it = found.begin(); it != found.end(); ++it) {
        result.quotes.push_back(quote_row(it.get_document(), ++rank, it.get_weight()));
    }
}

void Searcher::list_timeline(
    const TimelineRequest& request, const Xapian::Query& text_query, TimelineResult& result
) {
    result.of = request.of;
    Xapian::Enquire enquire(m_db);
    enquire.set_query(filtered(
        text_query, filters_query(m_db, result.filters, m_compiler->aliases(), &m_compiler->names())
    ));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    const Xapian::doccount all = m_db.get_doccount();
    StoryCounts story_spy(m_stories, m_remote);
    story_spy.attach(enquire);
    watch(enquire);
    Xapian::MSet mset = enquire.get_mset(0, all, all);
    result.total = mset.get_matches_estimated();
    result.stories = story_spy.stories();
    mset.fetch();  // remote shards: ask for the documents at once

    // A figure-type filter selects the figures, a speaker filter the quotations, resolved as
    // for the articles.
    const bool quotes = request.of == TimelineRequest::Of::Quotes;
    const Facet by = quotes ? SPEAKER : FIGURE_TYPE;
    std::vector<std::string> terms;
    for (const auto& v : result.filters[by]) {
        for (const auto& term :
             facet_filter_terms(m_db, by, v, m_compiler->aliases(), &m_compiler->names())) {
            terms.push_back(term);
        }
    }
    std::vector<TimelineItem> items;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        checkpoint();
        const Xapian::Document doc = it.get_document();
        const nlohmann::json data = document_data(doc, *it);
        const std::string story = doc.get_value(schema::SLOT_STORY);
        const analyzers::Extraction extraction = stored_extraction(data);
        std::vector<std::pair<std::string, nlohmann::json>> keyed;  // speaker or type, object
        if (quotes) {
            for (const auto& q : extraction.quotes) {
                keyed.emplace_back(q.speaker.value_or(""), analyzers::to_json(q));
            }
        } else {
            for (const auto& f : extraction.figures) {
                keyed.emplace_back(analyzers::to_string(f.type), analyzers::to_json(f));
            }
        }
        for (auto& [key, x] : keyed) {
            if (!terms.empty()
                && std::find(terms.begin(), terms.end(), schema::facet_term(facet_prefix(by), key))
                    == terms.end()) {
                continue;
            }
            items.push_back(
                {data.value(schema::DATA_ID, ""),
                 data.value(schema::DATA_TITLE, ""),
                 story,
                 data.value(schema::DATA_DATE, ""),
                 data.value(schema::DATA_DATE_SOURCE, ""),
                 x}
            );
        }
    }
    if (quotes) {
        result.quote_timeline = build_quote_timeline(std::move(items));
        result.timeline_total = result.quote_timeline.size();
    } else {
        result.timeline = build_figure_timeline(std::move(items));
        for (const auto& series : result.timeline) {
            result.timeline_total += series.points.size();
        }
    }
}

}  // namespace dossier::searcher
