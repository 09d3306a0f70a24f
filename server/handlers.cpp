// The adapter between HTTP parameters and the searcher (see handlers.hpp). The only file of the
// server that includes searcher headers.
#include "server/handlers.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <ctime>
#include <fstream>
#include <optional>
#include <sstream>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <xapian.h>

#include "analyzers/error.hpp"
#include "analyzers/normalizer.hpp"
#include "indexer/schema.hpp"
#include "searcher/dates.hpp"
#include "searcher/errors.hpp"
#include "searcher/render.hpp"
#include "searcher/searcher.hpp"

namespace dossier::server {

namespace {

using searcher::Facet;
using searcher::Searcher;

/// What an endpoint lists (the kind of searcher::Request it builds).
enum class View { Hits, Figures, Quotes };

/// Errors of the HTTP layer, mapped by reply_for_current_exception() like the library's.
struct HttpError : std::runtime_error {
    int status;

    HttpError(int s, const std::string& what) : std::runtime_error(what), status(s) {}
};

std::string dump(const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Reply json_reply(int status, std::string body) {
    Reply r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

/// THE mapping from an exception to a status and a JSON error object: 400 malformed query or
/// parameter, 404 unknown article, 413 oversized, 503 index unavailable (missing, wrong schema,
/// being replaced beyond retries), 500 anything else.
Reply reply_for_current_exception() {
    try {
        throw;
    } catch (const HttpError& e) {
        return error_reply(e.status, e.what());
    } catch (...) {
        // The searcher's one mapping, shared with `search` and --batch.
        const searcher::ErrorInfo info = searcher::classify(std::current_exception());
        return json_reply(info.status, dump(info.to_json()));
    }
}

// --- parameters ---------------------------------------------------------------------------

std::optional<std::string> single(const Params& params, const std::string& key) {
    auto [first, last] = params.equal_range(key);
    if (first == last) {
        return std::nullopt;
    }
    if (std::next(first) != last) {
        throw HttpError(400, "parameter '" + key + "' given more than once");
    }
    return first->second;
}

std::size_t
number(const Params& params, const std::string& key, std::size_t fallback, std::size_t max) {
    auto v = single(params, key);
    if (!v) {
        return fallback;
    }
    std::size_t n = 0;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (v->empty() || ec != std::errc() || end != v->data() + v->size() || n > max) {
        throw HttpError(
            400, fmt::format("invalid {} '{}': expected an integer from 0 to {}", key, *v, max)
        );
    }
    return n;
}

std::optional<double> real(const Params& params, const std::string& key) {
    auto v = single(params, key);
    if (!v) {
        return std::nullopt;
    }
    try {
        std::size_t used = 0;
        double d = std::stod(*v, &used);
        if (used == v->size() && std::isfinite(d)) {
            return d;
        }
    } catch (const std::exception&) {
    }
    throw HttpError(400, "invalid " + key + " '" + *v + "': expected a number");
}

/// A yes/no parameter: 1/0, true/false, yes/no (any case); `fallback` when absent.
bool flag(const Params& params, const std::string& key, bool fallback) {
    auto v = single(params, key);
    if (!v) {
        return fallback;
    }
    std::string lower;
    for (char c : *v) {
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (lower == "1" || lower == "true" || lower == "yes") {
        return true;
    }
    if (lower == "0" || lower == "false" || lower == "no") {
        return false;
    }
    throw HttpError(
        400, "invalid " + key + " '" + analyzers::repair_utf8(*v) + "': expected 1 or 0"
    );
}

enum class Format { Json, Csv };

struct Parsed {
    searcher::Request request;
    Format format = Format::Json;
};

/// The CLI's options as query parameters: q, limit, offset, facets, snippet_length, one filter
/// per facet of the facet table under its query field (speaker, org, figure; repeatable),
/// date_from, date_to, min, max (figures), format=json|csv.
Parsed parse(const Params& params, View view, const Limits& limits) {
    static const char* const known[] = {
        "q",
        "limit",
        "offset",
        "facets",
        "snippet_length",
        "date_from",
        "date_to",
        "min",
        "max",
        "format",
        "prefix",
        "collapse",
        "similar",
        "count",
        "timeline"};
    for (const auto& param : params) {
        const std::string& key = param.first;  // (clang 14 cannot capture a structured binding)
        const bool facet =
            std::any_of(searcher::ALL_FACETS.begin(), searcher::ALL_FACETS.end(), [&](Facet f) {
                return key == searcher::facet_field(f);
            });
        if (!facet && std::none_of(std::begin(known), std::end(known), [&](const char* k) {
                return key == k;
            })) {
            throw HttpError(400, "unknown parameter '" + key + "'");
        }
    }
    searcher::HitsRequest r;
    r.query = analyzers::repair_utf8(single(params, "q").value_or(""));
    if (r.query.size() > limits.max_query_bytes) {
        throw HttpError(
            413,
            fmt::format(
                "query too long: {} bytes (at most {})", r.query.size(), limits.max_query_bytes
            )
        );
    }
    r.limit = number(params, "limit", r.limit, limits.max_limit);
    r.offset = number(params, "offset", r.offset, limits.max_offset);
    r.facet_limit = number(params, "facets", r.facet_limit, 1000);
    r.snippet_bytes = number(params, "snippet_length", r.snippet_bytes, 5000);
    if (r.snippet_bytes < 20) {
        throw HttpError(
            400, "invalid snippet_length '" + std::to_string(r.snippet_bytes) + "': at least 20"
        );
    }
    for (Facet f : searcher::ALL_FACETS) {
        auto [first, last] = params.equal_range(searcher::facet_field(f));
        for (auto it = first; it != last; ++it) {
            if (it->second.size() > limits.max_query_bytes) {
                throw HttpError(
                    413, std::string("filter value too long: ") + searcher::facet_field(f)
                );
            }
            r.filters[f].push_back(analyzers::repair_utf8(it->second));
        }
    }
    r.folding =
        flag(params, "collapse", true) ? searcher::Folding::Stories : searcher::Folding::Articles;
    r.similar_ids = flag(params, "similar", false);
    const std::string counting = single(params, "count").value_or("articles");
    if (counting == "stories") {
        r.counting = searcher::Counting::Stories;
    } else if (counting != "articles") {
        throw HttpError(
            400,
            "invalid count '" + analyzers::repair_utf8(counting) + "': expected articles or stories"
        );
    }
    const bool timeline = flag(params, "timeline", false);
    if (timeline && view == View::Hits) {
        throw HttpError(400, "timeline applies to /api/figures and /api/quotes only");
    }
    r.date_from = searcher::date_bound(single(params, "date_from").value_or(""), false);
    r.date_to = searcher::date_bound(single(params, "date_to").value_or(""), true);
    const auto min_value = real(params, "min");
    const auto max_value = real(params, "max");
    if ((min_value || max_value) && view != View::Figures) {
        throw HttpError(400, "min and max apply to /api/figures only");
    }
    Parsed p;
    const std::string format = single(params, "format").value_or("json");
    if (format == "csv") {
        p.format = Format::Csv;
    } else if (format != "json") {
        throw HttpError(400, "invalid format '" + format + "': expected json or csv");
    }
    if (timeline) {
        searcher::TimelineRequest tr;
        static_cast<searcher::QueryRequest&>(tr) = r;
        tr.of = view == View::Quotes ? searcher::TimelineRequest::Of::Quotes
                                     : searcher::TimelineRequest::Of::Figures;
        p.request = tr;
        return p;
    }
    switch (view) {
    case View::Figures: {
        searcher::FiguresRequest fr;
        static_cast<searcher::QueryRequest&>(fr) = r;
        fr.min_value = min_value;
        fr.max_value = max_value;
        p.request = fr;
        break;
    }
    case View::Quotes: {
        searcher::QuotesRequest qr;
        static_cast<searcher::QueryRequest&>(qr) = r;
        p.request = qr;
        break;
    }
    case View::Hits:
        p.request = r;
        break;
    }
    return p;
}

// --- watching the database ----------------------------------------------------------------

std::string stat_signature(const std::string& file) {
    struct stat st {};

    if (::stat(file.c_str(), &st) != 0) {
        return "-";
    }
    return fmt::format("{}:{}:{}.{}", st.st_ino, st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

/// The signature of the database directory `dir`: its glass version file (rewritten at every
/// commit), its value columns and its term-frequency table (indexer/columns.hpp), which an
/// indexer run renames in after its commit: a reader opened in between reads the slots and asks
/// the database for frequencies until the pool reloads.
std::string directory_signature(const std::string& dir) {
    std::string sig = stat_signature(dir + "/iamglass");
    for (const Xapian::valueno slot : dossier::indexer::schema::COLUMN_SLOTS) {
        sig += "+" + stat_signature(dir + "/" + dossier::indexer::schema::column_file(slot));
    }
    return sig + "+" + stat_signature(dir + "/" + dossier::indexer::schema::TERM_FREQS_FILE);
}

/// Changes whenever a reader opening `path` afresh would see another database or revision (or a
/// column written since): directory_signature() of the database itself or of the one a stub
/// file (path/XAPIANDB or path itself) points to.
std::string db_signature(const std::string& path) {
    struct stat st {};

    if (::stat(path.c_str(), &st) != 0) {
        return "missing";
    }
    std::string stub = path;
    std::string base = path;
    if (S_ISDIR(st.st_mode)) {
        if (::stat((path + "/iamglass").c_str(), &st) == 0) {
            return directory_signature(path);
        }
        stub = path + "/XAPIANDB";
    } else {
        auto slash = path.rfind('/');
        base = slash == std::string::npos ? "." : path.substr(0, slash);
    }
    std::ifstream in(stub);
    std::string sig = "stub:";
    std::string line;
    while (std::getline(in, line)) {
        sig += line + ";";
        std::istringstream words(line);
        std::string target;
        while (words >> target) {
        }
        if (!target.empty()) {
            sig += directory_signature(target[0] == '/' ? target : base + "/" + target);
        }
    }
    return sig;
}

/// For each byte offset into `text` (0..size), the UTF-16 code unit offset: what a JavaScript
/// string index is, so a page can mark extraction spans with String.slice().
std::vector<std::size_t> utf16_offsets(const std::string& text) {
    std::vector<std::size_t> at(text.size() + 1, 0);
    std::size_t units = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        at[i] = units;
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c & 0xC0) != 0x80) {
            units += c >= 0xF0 ? 2 : 1;  // a 4-byte sequence is a surrogate pair
        }
    }
    at[text.size()] = units;
    return at;
}

/// Adds char_begin/char_end (UTF-16 units) beside the byte offsets begin/end of each item.
void add_char_offsets(nlohmann::json& items, const std::vector<std::size_t>& at) {
    if (!items.is_array()) {
        return;
    }
    for (auto& item : items) {
        if (!item.is_object() || !item.contains("begin") || !item.contains("end")
            || !item["begin"].is_number_unsigned() || !item["end"].is_number_unsigned()) {
            continue;
        }
        const auto b = std::min(item["begin"].get<std::size_t>(), at.size() - 1);
        const auto e = std::min(item["end"].get<std::size_t>(), at.size() - 1);
        item["char_begin"] = at[b];
        item["char_end"] = at[std::max(b, e)];
    }
}

std::string iso_now() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace

Reply error_reply(int status, const std::string& message) {
    return json_reply(status, dump({{"error", message}, {"status", status}}));
}

// --- the pool of searchers -----------------------------------------------------------------

struct Index::Pool {
    std::string path;
    std::mutex mutex;
    std::vector<std::pair<std::uint64_t, std::unique_ptr<Searcher>>> idle;
    std::atomic<std::uint64_t> generation{0};
    std::string signature;    ///< guarded by mutex
    std::string last_change;  ///< guarded by mutex: when the watcher last saw a change (UTC)
    std::atomic<std::size_t> overdue{0};    ///< searches past their budget, still running
    std::atomic<std::size_t> cancelled{0};  ///< searches stopped by their budget (since start)
    std::mutex running_mutex;
    std::condition_variable running_cv;
    std::size_t running = 0;  ///< search threads alive (guarded by running_mutex)
    std::mutex slots_mutex;
    std::condition_variable slots_cv;
    std::size_t free_slots = 2;  ///< searches that may start now (guarded by slots_mutex)
    /// Helper threads lent to searches for their facets (since start): see Slot::helpers.
    std::atomic<std::size_t> facet_threads{0};
    /// Helper threads lent to the searches running now (guarded by slots_mutex).
    std::size_t lent = 0;

    /// Holds one of the max_concurrent search slots, waiting (FIFO enough) for one.
    struct Slot {
        Pool* pool;
        /// The facet helper threads this search may use (Searcher::set_facet_threads): the free
        /// slots not yet lent to other running searches, at most the searcher's default. A lone
        /// search counts its facets beside its match on the idle cores; searches and their
        /// helpers together stay within the slots (a later search takes a slot, never a
        /// lent thread back: it may start while helpers run, and lends none then).
        std::size_t helpers = 0;

        explicit Slot(Pool* p) : pool(p) {
            std::unique_lock lock(pool->slots_mutex);
            pool->slots_cv.wait(lock, [this] { return pool->free_slots > 0; });
            --pool->free_slots;
            const std::size_t spare =
                pool->free_slots > pool->lent ? pool->free_slots - pool->lent : 0;
            helpers = std::min(searcher::Searcher::default_facet_helpers(), spare);
            pool->lent += helpers;
            pool->facet_threads += helpers;
        }

        ~Slot() {
            {
                std::lock_guard lock(pool->slots_mutex);
                ++pool->free_slots;
                pool->lent -= helpers;
            }
            pool->slots_cv.notify_one();
        }

        Slot(const Slot&) = delete;
        Slot& operator=(const Slot&) = delete;
    };

    /// A searcher of the current generation, from the idle list or opened now.
    struct Lease {
        Pool* pool;
        std::uint64_t generation;
        std::unique_ptr<Searcher> searcher;

        ~Lease() {
            if (searcher && generation == pool->generation.load()) {
                std::lock_guard lock(pool->mutex);
                pool->idle.emplace_back(generation, std::move(searcher));
            }
        }
    };

    Lease acquire() {
        const std::uint64_t gen = generation.load();
        {
            std::lock_guard lock(mutex);
            while (!idle.empty()) {
                auto entry = std::move(idle.back());
                idle.pop_back();
                if (entry.first == gen) {
                    return {this, gen, std::move(entry.second)};
                }
            }
        }
        return {this, gen, std::make_unique<Searcher>(path)};
    }
};

Index::Index(std::string path, Limits limits, std::chrono::milliseconds poll)
    : m_pool(std::make_shared<Pool>()), m_limits(limits) {
    m_pool->path = std::move(path);
    m_pool->free_slots = m_limits.max_concurrent
        ? m_limits.max_concurrent
        : std::max<std::size_t>(2, std::thread::hardware_concurrency());
    m_pool->signature = db_signature(m_pool->path);
    m_pool->last_change = iso_now();
    m_watcher = std::thread([this, poll] {
        std::unique_lock lock(m_watch_mutex);
        while (!m_watch_cv.wait_for(lock, poll, [this] { return m_stop.load(); })) {
            const std::string sig = db_signature(m_pool->path);
            std::lock_guard pool_lock(m_pool->mutex);
            if (sig != m_pool->signature) {
                m_pool->signature = sig;
                m_pool->last_change = iso_now();
                ++m_pool->generation;
                m_pool->idle.clear();  // in-flight searchers finish, then are dropped
                ++m_reloads;
            }
        }
    });
}

Index::~Index() {
    {
        std::lock_guard lock(m_watch_mutex);
        m_stop = true;
    }
    m_watch_cv.notify_all();
    m_watcher.join();
    drain();
}

void Index::drain() {
    std::unique_lock lock(m_pool->running_mutex);
    m_pool->running_cv.wait(lock, [this] { return m_pool->running == 0; });
}

namespace {

/// Runs `work` on a searcher of `pool`, in a thread of its own so the caller can stop waiting at
/// the time budget (503) while the search runs to its end and returns its searcher.
template <class Pool, class Work>
Reply budgeted(const std::shared_ptr<Pool>& pool, const Limits& limits, Work work) {
    if (pool->overdue.load() >= limits.max_overdue) {
        return error_reply(503, "server busy: too many searches over the time budget; retry later");
    }

    struct State {
        std::mutex mutex;
        std::condition_variable cv;
        bool done = false;
        bool abandoned = false;
        Reply reply;
    };

    auto state = std::make_shared<State>();
    // Set when the budget runs out: the search polls it (searcher/cancel.hpp) and stops.
    auto cancel = std::make_shared<searcher::Cancellation>();
    {
        std::lock_guard lock(pool->running_mutex);
        ++pool->running;
    }
    std::thread([pool, state, cancel, work]() mutable {
        Reply reply;
        try {
            typename Pool::Slot slot(pool.get());
            bool abandoned = false;
            {
                std::lock_guard lock(state->mutex);
                abandoned = state->abandoned;  // its budget ran out while it waited: skip it
            }
            if (!abandoned) {
                auto lease = pool->acquire();
                // Cleared on every exit, before the lease returns the searcher to the pool.
                struct Watched {
                    searcher::Searcher& s;
                    ~Watched() { s.set_cancellation(nullptr); }
                } watched{*lease.searcher};
                lease.searcher->set_cancellation(cancel.get());
                lease.searcher->set_facet_threads(slot.helpers);
                reply = work(*lease.searcher);
            }
        } catch (const searcher::SearchCancelled&) {
            ++pool->cancelled;
            reply = reply_for_current_exception();
        } catch (...) {
            reply = reply_for_current_exception();
        }
        {
            std::lock_guard lock(state->mutex);
            state->reply = std::move(reply);
            state->done = true;
            if (state->abandoned) {
                --pool->overdue;
            }
        }
        state->cv.notify_all();
        std::lock_guard lock(pool->running_mutex);
        --pool->running;
        pool->running_cv.notify_all();
    }).detach();
    std::unique_lock lock(state->mutex);
    if (!state->cv.wait_for(lock, limits.time_budget, [&] { return state->done; })) {
        state->abandoned = true;
        ++pool->overdue;
        cancel->cancel();
        return error_reply(
            503,
            fmt::format(
                "time budget exceeded: the search took over {} ms", limits.time_budget.count()
            )
        );
    }
    return std::move(state->reply);
}

/// The facet table as the web page needs it: JSON key, heading, query parameter, hit key.
nlohmann::json facet_table() {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& spec : indexer::schema::FACETS) {
        out.push_back(
            {{"key", spec.name},
             {"label", spec.label},
             {"param", spec.field},
             {"hit_key", spec.hit_key}}
        );
    }
    return out;
}

Reply result_reply(const searcher::Result& result, Format format, const char* name) {
    if (format == Format::Csv) {
        Reply r = json_reply(200, searcher::to_csv(result));
        r.content_type = "text/csv; charset=utf-8";
        r.filename = std::string(name) + ".csv";
        return r;
    }
    return json_reply(200, dump(searcher::to_json(result)));
}

}  // namespace

Reply Index::listing(const Params& params, int view) {
    const auto v = static_cast<View>(view);
    const char* name = v == View::Figures ? "figures" : v == View::Quotes ? "quotes" : "hits";
    try {
        Parsed p = parse(params, v, m_limits);
        return budgeted(m_pool, m_limits, [p, name](Searcher& s) {
            return result_reply(s.search(p.request), p.format, name);
        });
    } catch (...) {
        return reply_for_current_exception();
    }
}

Reply Index::api(const std::string& path, const Params& params) {
    const std::string_view articles = "/api/articles/";
    const std::string_view facets = "/api/facets/";
    if (path == "/api/search") {
        return search(params);
    }
    if (path == "/api/figures") {
        return figures(params);
    }
    if (path == "/api/quotes") {
        return quotes(params);
    }
    if (path == "/api/health") {
        return health();
    }
    if (path == "/api/stats") {
        return stats();
    }
    if (path.size() > articles.size() && path.rfind(articles, 0) == 0) {
        if (!params.empty()) {
            return error_reply(400, "unknown parameter '" + params.begin()->first + "'");
        }
        return article(path.substr(articles.size()));
    }
    if (path.size() > facets.size() && path.rfind(facets, 0) == 0
        && path.find('/', facets.size()) == std::string::npos) {
        return facet_values(path.substr(facets.size()), params);
    }
    return error_reply(404, "not found");
}

Reply Index::search(const Params& params) {
    return listing(params, static_cast<int>(View::Hits));
}

Reply Index::figures(const Params& params) {
    return listing(params, static_cast<int>(View::Figures));
}

Reply Index::quotes(const Params& params) {
    return listing(params, static_cast<int>(View::Quotes));
}

Reply Index::article(const std::string& id) {
    if (id.size() > m_limits.max_query_bytes) {
        return error_reply(413, "article id too long");
    }
    return budgeted(m_pool, m_limits, [id](Searcher& s) {
        auto data = s.article(id);
        if (!data) {
            return error_reply(404, "no article with id '" + analyzers::repair_utf8(id) + "'");
        }
        namespace schema = dossier::indexer::schema;
        const std::string text = data->value(schema::DATA_TEXT, "");
        nlohmann::json extraction = data->value(schema::DATA_EXTRACTION, nlohmann::json::object());
        if (extraction.is_object()) {
            const auto at = utf16_offsets(text);
            for (const char* key : {"quotes", "figures"}) {
                if (extraction.contains(key)) {
                    add_char_offsets(extraction[key], at);
                }
            }
        }
        nlohmann::json out = {
            {"id", data->value(schema::DATA_ID, "")},
            {"title", data->value(schema::DATA_TITLE, "")},
            {"path", data->value(schema::DATA_PATH, "")},
            {"text", text},
            {"fields", data->value(schema::DATA_EXTRA, nlohmann::json::object())},
            {"extraction", std::move(extraction)}};
        return json_reply(200, dump(out));
    });
}

Reply Index::facet_values(const std::string& facet_name, const Params& params) {
    try {
        std::optional<Facet> facet;
        for (Facet f : searcher::ALL_FACETS) {
            if (facet_name == searcher::facet_name(f) || facet_name == searcher::facet_field(f)) {
                facet = f;
            }
        }
        if (!facet) {
            return error_reply(
                404,
                "no facet '" + analyzers::repair_utf8(facet_name)
                    + "' (speaker, organization, figure_type)"
            );
        }
        Parsed parsed = parse(params, View::Hits, m_limits);
        searcher::HitsRequest request = std::get<searcher::HitsRequest>(parsed.request);
        const std::string prefix = analyzers::fold_key(single(params, "prefix").value_or(""));
        const std::size_t limit = number(params, "limit", 20, m_limits.max_limit);
        request.limit = 0;
        request.facet_limit = 1000000;    // every value: the prefix is matched below
        request.filters[*facet].clear();  // its own filter off, as disjunctive counts are
        request.correct_spelling = false;
        const Facet f = *facet;
        return budgeted(m_pool, m_limits, [request, prefix, limit, f](Searcher& s) {
            const searcher::HitsResult r = s.hits(request);
            nlohmann::json values = nlohmann::json::array();
            std::size_t matched = 0;
            for (const auto& [which, counts] : r.facets) {
                if (which != f) {
                    continue;
                }
                for (const auto& v : counts.top) {
                    // A value matches when the prefix starts it or one of its words.
                    const std::string key = analyzers::fold_key(v.value);
                    bool ok = prefix.empty() || key.rfind(prefix, 0) == 0;
                    for (std::size_t sp = key.find(' '); !ok && sp != std::string::npos;
                         sp = key.find(' ', sp + 1)) {
                        ok = key.compare(sp + 1, prefix.size(), prefix) == 0;
                    }
                    if (ok && matched++ < limit) {
                        values.push_back({{"value", v.value}, {"count", v.count}});
                    }
                }
            }
            return json_reply(
                200,
                dump(
                    {{"facet", searcher::facet_name(f)},
                     {"prefix", prefix},
                     {"total", r.total},
                     {"matching_values", matched},
                     {"values", std::move(values)}}
                )
            );
        });
    } catch (...) {
        return reply_for_current_exception();
    }
}

Reply Index::health() {
    try {
        auto lease = m_pool->acquire();
        return json_reply(
            200, dump({{"status", "ok"}, {"articles", lease.searcher->document_count()}})
        );
    } catch (...) {
        Reply r = reply_for_current_exception();
        r.status = 503;
        return r;
    }
}

Reply Index::stats() {
    try {
        auto lease = m_pool->acquire();
        std::string last_change;
        {
            std::lock_guard lock(m_pool->mutex);
            last_change = m_pool->last_change;
        }
        return json_reply(
            200,
            dump(
                {{"articles", lease.searcher->document_count()},
                 {"revision", lease.searcher->revision()},
                 {"schema_version", indexer::schema::SCHEMA_VERSION},
                 {"facets", facet_table()},
                 {"last_change", last_change},
                 {"reloads", m_reloads.load()},
                 {"overdue", m_pool->overdue.load()},
                 {"cancelled", m_pool->cancelled.load()}}
            )
        );
    } catch (...) {
        Reply r = reply_for_current_exception();
        r.status = 503;
        return r;
    }
}

std::size_t Index::facet_threads() const {
    return m_pool->facet_threads.load();
}

unsigned long Index::revision() {
    try {
        return m_pool->acquire().searcher->revision();
    } catch (...) {
        return 0;
    }
}

std::size_t Index::documents() {
    try {
        return m_pool->acquire().searcher->document_count();
    } catch (...) {
        return 0;
    }
}

}  // namespace dossier::server
