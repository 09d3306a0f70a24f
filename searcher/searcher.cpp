#include "searcher/searcher.hpp"

#include <algorithm>
#include <filesystem>
#include <string_view>

#include "analyzers/error.hpp"
#include "analyzers/normalizer.hpp"
#include "analyzers/text.hpp"
#include "indexer/document_builder.hpp"
#include "indexer/schema.hpp"
#include "searcher/remote_facets.hpp"
#include "searcher/shards.hpp"

namespace dossier::searcher {

namespace schema = dossier::indexer::schema;

namespace {

OpenShards open_database(const std::string& path, bool allow_partial) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        throw Error(
            "database '" + path + "' does not exist (build it with: indexer --db " + path
            + " PATH...)"
        );
    }
    OpenShards opened;
    try {
        opened = open_shards(path, allow_partial);
    } catch (const Xapian::DatabaseOpeningError& e) {
        throw Error("cannot open database '" + path + "': " + e.get_msg());
    }
    const Xapian::Database& db = opened.db;
    const std::string version = db.get_metadata(schema::META_SCHEMA);
    if (version != std::to_string(schema::SCHEMA_VERSION)) {
        throw SchemaError(
            "database '" + path + "' has schema version '" + version
            + "', this search reads version " + std::to_string(schema::SCHEMA_VERSION)
            + ": rebuild it with scripts/rebuild-index"
        );
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

Searcher::Searcher(const std::string& path, bool allow_partial)
    : m_path(path), m_allow_partial(allow_partial) {
    reopen();
}

void Searcher::reopen() {
    // A stub file may now point at a new database, which Database::reopen() would not notice:
    // open afresh instead. Opening reads metadata, which an indexer committing meanwhile can
    // discard under our feet (DatabaseModifiedError): open again then.
    for (int attempt = 0;; ++attempt) {
        try {
            OpenShards opened = open_database(m_path, m_allow_partial);
            m_db = std::move(opened.db);
            m_remote = opened.remote;
            m_shards_total = opened.sharded ? opened.total : 0;
            m_shards_failed = std::move(opened.failed);
            m_opened = std::chrono::steady_clock::now();
            m_compiler = std::make_unique<QueryCompiler>(m_db);
            for (auto& keys : m_facet_keys) {
                keys.reset(&m_compiler->aliases()
                );  // the new database may hold another alias table
            }
            return;
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt >= 5) {
                throw;
            }
        }
    }
}

SearchResult Searcher::search(const SearchRequest& request) {
    // A reader can keep its revision while the writer commits once; a second commit may recycle
    // its blocks. A query slower than two commits of a busy indexer fails and is retried on a
    // fresh revision; retries are cheap, so allow several.
    if (!m_shards_failed.empty()
        && std::chrono::steady_clock::now() - m_opened > std::chrono::seconds(1)) {
        reopen();  // a shard left out may be back
    }
    for (int attempt = 0;; ++attempt) {
        try {
            SearchResult result = run(request);
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

std::size_t SearchResult::listed_total() const {
    switch (view) {
    case View::Figures:
        return figures_total;
    case View::Quotes:
        return quotes_total;
    case View::Hits:
        break;
    }
    return total;
}

namespace {

Xapian::Query filtered(const Xapian::Query& query, const Xapian::Query& filter) {
    return filter.empty() ? query : Xapian::Query(Xapian::Query::OP_FILTER, query, filter);
}

std::string string_field(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<std::string> optional_string(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    if (it != j.end() && it->is_string() && !it->get_ref<const std::string&>().empty()) {
        return it->get<std::string>();
    }
    return std::nullopt;
}

/// The array `key` of the stored extraction, or an empty array.
const nlohmann::json& extraction_list(const nlohmann::json& data, const char* key) {
    static const nlohmann::json none = nlohmann::json::array();
    auto ex = data.find(schema::DATA_EXTRACTION);
    if (ex == data.end() || !ex->is_object()) {
        return none;
    }
    auto list = ex->find(key);
    return list != ex->end() && list->is_array() ? *list : none;
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

SearchResult Searcher::run(const SearchRequest& request) {
    SearchResult result;
    result.query = analyzers::repair_utf8(request.query);
    result.view = request.view;
    result.offset = request.offset;
    list(result, request.query, request);
    if (request.correct_spelling) {
        result.corrected_query = m_compiler->correct(request.query);
        if (result.listed_total() == 0 && result.corrected_query) {
            result.showing_corrected = true;
            list(result, *result.corrected_query, request);
        }
    }
    return result;
}

void Searcher::list(SearchResult& result, const std::string& text, const SearchRequest& request) {
    result.hits.clear();
    result.facets.clear();
    result.disjunctive_facets.clear();
    result.figures.clear();
    result.quotes.clear();
    result.total = result.facet_documents = result.figures_total = result.quotes_total = 0;
    LiftedQuery lifted = lift_filters(text);
    result.filters = request.filters;
    for (Facet f : ALL_FACETS) {
        auto& to = result.filters[f];
        to.insert(to.end(), lifted.filters[f].begin(), lifted.filters[f].end());
    }
    const Xapian::Query text_query = m_compiler->parse(lifted.text);
    switch (request.view) {
    case View::Hits:
        list_hits(request, text_query, result);
        break;
    case View::Figures:
        list_figures(request, text_query, result);
        break;
    case View::Quotes:
        list_quotes(request, text_query, result);
        break;
    }
}

void Searcher::list_hits(
    const SearchRequest& request, const Xapian::Query& text_query, SearchResult& result
) {
    Xapian::Enquire enquire(m_db);
    enquire.set_query(
        filtered(text_query, filters_query(m_db, result.filters, m_compiler->aliases()))
    );
    const Bm25Params& p = request.bm25;
    enquire.set_weighting_scheme(Xapian::BM25Weight(p.k1, p.k2, p.k3, p.b, p.min_normlen));
    // Remote shards run only Xapian's built-in spies: count there with CombinationFacets.
    FacetSpy spy({ALL_FACETS.begin(), ALL_FACETS.end()}, &m_facet_keys);
    CombinationFacets combinations({ALL_FACETS.begin(), ALL_FACETS.end()}, m_facet_keys);
    if (request.facet_limit > 0) {
        if (m_remote) {
            combinations.attach(enquire);
        } else {
            enquire.add_matchspy(&spy);
        }
    }
    // checkatleast = doccount: every match is counted, so the total is exact, not an estimate,
    // and the facet spy sees every matching document.
    const Xapian::doccount all = m_db.get_doccount();
    Xapian::MSet mset = enquire.get_mset(
        static_cast<Xapian::doccount>(request.offset),
        static_cast<Xapian::doccount>(request.limit),
        all
    );
    result.total = mset.get_matches_estimated();
    mset.fetch();  // remote shards: ask for the page's documents at once

    if (request.facet_limit > 0) {
        result.facet_documents = m_remote ? combinations.documents() : spy.documents();
        for (Facet f : ALL_FACETS) {
            result.facets.emplace_back(
                f,
                m_remote ? combinations.top(f, request.facet_limit)
                         : spy.top(f, request.facet_limit)
            );
        }
        // Disjunctive counts: one more match per filtered facet, without its own filter. Only the
        // spy needs the documents, so no ranking (BoolWeight) and no hits (maxitems 0).
        for (Facet f : ALL_FACETS) {
            if (result.filters[f].empty()) {
                continue;
            }
            Xapian::Enquire widened(m_db);
            widened.set_query(
                filtered(text_query, filters_query(m_db, result.filters, m_compiler->aliases(), f))
            );
            widened.set_weighting_scheme(Xapian::BoolWeight());
            FacetSpy one({f}, &m_facet_keys);
            CombinationFacets one_remote({f}, m_facet_keys);
            if (m_remote) {
                one_remote.attach(widened);
            } else {
                widened.add_matchspy(&one);
            }
            widened.get_mset(0, 0, all);
            result.disjunctive_facets.emplace_back(
                f,
                m_remote ? one_remote.top(f, request.facet_limit) : one.top(f, request.facet_limit)
            );
        }
    }

    // The background model asks the database for the frequency of every word of the text: one
    // network round trip per word and remote shard (seconds per page), so remote shards choose
    // the passage by the query's words alone (docs/shards.md).
    const unsigned snippet_flags = m_remote
        ? Xapian::MSet::SNIPPET_EXHAUSTIVE
        : Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE;
    const std::string hi_begin(1, HIGHLIGHT_BEGIN);
    const std::string hi_end(1, HIGHLIGHT_END);
    std::size_t rank = request.offset;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
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
        hit.speakers = facet_values(doc, Facet::Speaker);
        hit.organizations = facet_values(doc, Facet::Organization);
        hit.figure_types = facet_values(doc, Facet::FigureType);
        const std::string text =
            analyzers::collapse_space(analyzers::normalize(data.value(schema::DATA_TEXT, "")));
        hit.snippet = unescape_html(mset.snippet(
            text, request.snippet_bytes, m_compiler->stemmer(), snippet_flags, hi_begin, hi_end, "…"
        ));
        result.hits.push_back(std::move(hit));
    }
}

void Searcher::list_figures(
    const SearchRequest& request, const Xapian::Query& text_query, SearchResult& result
) {
    Xapian::Enquire enquire(m_db);
    enquire.set_query(
        filtered(text_query, filters_query(m_db, result.filters, m_compiler->aliases()))
    );
    enquire.set_weighting_scheme(Xapian::BoolWeight());  // every matching article, in any order
    const Xapian::doccount all = m_db.get_doccount();
    Xapian::MSet mset = enquire.get_mset(0, all, all);
    result.total = mset.get_matches_estimated();
    mset.fetch();  // remote shards: ask for every document at once, not one round trip each

    // A figure-type filter also selects the rows, by the same resolution as the articles.
    std::vector<std::string> types;
    for (const auto& v : result.filters[Facet::FigureType]) {
        for (const auto& term :
             facet_filter_terms(m_db, Facet::FigureType, v, m_compiler->aliases())) {
            types.push_back(term.substr(std::string_view(schema::PREFIX_FIGURE).size()));
        }
    }
    const bool by_type = !result.filters[Facet::FigureType].empty();

    std::vector<FigureRow> rows;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        const nlohmann::json data = document_data(it.get_document(), *it);
        for (const auto& figure : extraction_list(data, "figures")) {
            if (!figure.is_object() || !figure.contains("value") || !figure["value"].is_number()) {
                continue;
            }
            FigureRow row;
            row.type = string_field(figure, "type");
            row.value = figure["value"].get<double>();
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
            row.qualifier = string_field(figure, "qualifier");
            row.attributed_to = optional_string(figure, "attributed_to");
            row.sentence = string_field(figure, "sentence");
            row.figure = figure;
            rows.push_back(std::move(row));
        }
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
    const SearchRequest& request, const Xapian::Query& text_query, SearchResult& result
) {
    const Xapian::Query filter = filters_query(m_db, result.filters, m_compiler->aliases());
    Xapian::Enquire enquire(m_db);
    enquire.set_query(filtered(text_query, filter));
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    const Xapian::doccount all = m_db.get_doccount();
    Xapian::MSet mset = enquire.get_mset(0, all, all);
    result.total = mset.get_matches_estimated();
    mset.fetch();  // remote shards: ask for every document at once, not one round trip each

    // The query is matched against each quotation's own text, analysed as article bodies are, in a
    // temporary in-memory database of the quotations of the matching articles: phrases, NEAR,
    // wildcards, stems and BM25 then behave as they do for articles. Each quotation carries its
    // speaker's term and its article's organization and figure-type terms, so speaker:/--speaker
    // select the quotations of that speaker.
    struct Source {
        std::string id, title;
        const nlohmann::json* quote;
    };

    std::vector<nlohmann::json> datas;
    datas.reserve(mset.size());
    std::vector<Source> sources;
    Xapian::WritableDatabase quotes(std::string(), Xapian::DB_BACKEND_INMEMORY);
    // NOTE: the text analysis of indexer::DocumentBuilder::build() for a body (normalize, Xapian
    // word splitting with positions, English stems under STEM_SOME, number variants, alias group
    // terms from the index's alias table, which the query side expands to), without
    // the extraction build() also runs: a quotation is not an article, and its own speakers and
    // figures must not become its facet terms.
    Xapian::TermGenerator termgen;
    termgen.set_stemmer(Xapian::Stem("english"));
    termgen.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        const Xapian::Document doc = it.get_document();
        datas.push_back(document_data(doc, *it));
        const nlohmann::json& data = datas.back();
        const auto orgs = facet_values(doc, Facet::Organization);
        const auto types = facet_values(doc, Facet::FigureType);
        for (const auto& quote : extraction_list(data, "quotes")) {
            const std::string text =
                quote.is_object() ? string_field(quote, "text") : std::string();
            if (text.empty()) {
                continue;
            }
            Xapian::Document qdoc;
            termgen.set_document(qdoc);
            const std::string normalized = analyzers::normalize(text);
            termgen.index_text(normalized);
            indexer::add_number_variants(qdoc);
            indexer::add_alias_terms(qdoc, m_compiler->aliases(), "", 0, normalized, 1);
            qdoc.set_data(std::to_string(sources.size()));
            if (auto speaker = optional_string(quote, "speaker")) {
                qdoc.add_boolean_term(schema::facet_term(schema::PREFIX_SPEAKER, *speaker));
            }
            for (const auto& o : orgs) {
                qdoc.add_boolean_term(schema::facet_term(schema::PREFIX_ORG, o));
            }
            for (const auto& t : types) {
                qdoc.add_boolean_term(schema::facet_term(schema::PREFIX_FIGURE, t));
            }
            quotes.add_document(qdoc);
            sources.push_back(
                {data.value(schema::DATA_ID, ""), data.value(schema::DATA_TITLE, ""), &quote}
            );
        }
    }
    if (sources.empty()) {
        return;
    }
    Xapian::Enquire in_quotes(quotes);
    in_quotes.set_query(filtered(text_query, filter));
    const Bm25Params& p = request.bm25;
    in_quotes.set_weighting_scheme(Xapian::BM25Weight(p.k1, p.k2, p.k3, p.b, p.min_normlen));
    Xapian::MSet found = in_quotes.get_mset(
        static_cast<Xapian::doccount>(request.offset),
        static_cast<Xapian::doccount>(request.limit),
        quotes.get_doccount()
    );
    result.quotes_total = found.get_matches_estimated();
    std::size_t rank = request.offset;
    for (auto it = found.begin(); it != found.end(); ++it) {
        const Source& src = sources.at(std::stoul(it.get_document().get_data()));
        QuoteRow row;
        row.rank = ++rank;
        row.id = src.id;
        row.title = src.title;
        row.speaker = optional_string(*src.quote, "speaker");
        row.text = string_field(*src.quote, "text");
        row.score = it.get_weight();
        row.quote = *src.quote;
        result.quotes.push_back(std::move(row));
    }
}

}  // namespace dossier::searcher
