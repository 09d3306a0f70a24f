#include "searcher/searcher.hpp"

#include <filesystem>

#include "analyzers/error.hpp"
#include "analyzers/normalizer.hpp"
#include "analyzers/text.hpp"
#include "indexer/schema.hpp"

namespace dossier::searcher {

namespace schema = dossier::indexer::schema;

namespace {

Xapian::Database open_database(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        throw Error("database '" + path + "' does not exist (build it with: indexer --db " + path + " PATH...)");
    }
    Xapian::Database db;
    try {
        db = Xapian::Database(path);
    } catch (const Xapian::DatabaseOpeningError& e) {
        throw Error("cannot open database '" + path + "': " + e.get_msg());
    }
    const std::string version = db.get_metadata(schema::META_SCHEMA);
    if (version != std::to_string(schema::SCHEMA_VERSION)) {
        throw SchemaError(
            "database '" + path + "' has schema version '" + version + "', this search reads version "
            + std::to_string(schema::SCHEMA_VERSION) + ": rebuild it with scripts/rebuild-index"
        );
    }
    return db;
}

/// Xapian escapes &, <, > and " in snippets; Dossier renders them itself.
std::string unescape_html(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '&') {
            static const std::pair<const char*, char> entities[] = {
                {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}, {"&apos;", '\''}
            };
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

Searcher::Searcher(const std::string& path) : m_path(path) {
    reopen();
}

void Searcher::reopen() {
    // A stub file may now point at a new database, which Database::reopen() would not notice:
    // open afresh instead. Opening reads metadata, which an indexer committing meanwhile can
    // discard under our feet (DatabaseModifiedError): open again then.
    for (int attempt = 0;; ++attempt) {
        try {
            m_db = open_database(m_path);
            m_compiler = std::make_unique<QueryCompiler>(m_db);
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
    for (int attempt = 0;; ++attempt) {
        try {
            return run(request);
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

SearchResult Searcher::run(const SearchRequest& request) {
    SearchResult result;
    result.query = request.query;
    fill(result, m_compiler->parse(request.query), request);
    if (request.correct_spelling) {
        result.corrected_query = m_compiler->correct(request.query);
        if (result.total == 0 && result.corrected_query) {
            result.showing_corrected = true;
            fill(result, m_compiler->parse(*result.corrected_query), request);
        }
    }
    return result;
}

void Searcher::fill(SearchResult& result, const Xapian::Query& query, const SearchRequest& request) {
    result.hits.clear();
    Xapian::Enquire enquire(m_db);
    enquire.set_query(query);
    const Bm25Params& p = request.bm25;
    enquire.set_weighting_scheme(Xapian::BM25Weight(p.k1, p.k2, p.k3, p.b, p.min_normlen));
    // checkatleast = doccount: every match is counted, so the total is exact, not an estimate.
    const Xapian::doccount all = m_db.get_doccount();
    Xapian::MSet mset = enquire.get_mset(
        static_cast<Xapian::doccount>(request.offset), static_cast<Xapian::doccount>(request.limit), all
    );
    result.total = mset.get_matches_estimated();

    const std::string hi_begin(1, HIGHLIGHT_BEGIN);
    const std::string hi_end(1, HIGHLIGHT_END);
    std::size_t rank = request.offset;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        Hit hit;
        hit.rank = ++rank;
        hit.score = it.get_weight();
        const Xapian::Document doc = it.get_document();
        nlohmann::json data = nlohmann::json::parse(doc.get_data(), nullptr, false);
        if (data.is_discarded() || !data.is_object()) {
            throw SchemaError("database '" + m_path + "': document " + std::to_string(*it) + " has unreadable data");
        }
        hit.id = data.value(schema::DATA_ID, "");
        hit.title = data.value(schema::DATA_TITLE, "");
        hit.path = data.value(schema::DATA_PATH, "");
        hit.extra = data.value(schema::DATA_EXTRA, nlohmann::json::object());
        if (data.contains(schema::DATA_EXTRACTION)) {
            hit.extraction = data[schema::DATA_EXTRACTION];
        }
        const std::string text = analyzers::collapse_space(analyzers::normalize(data.value(schema::DATA_TEXT, "")));
        hit.snippet = unescape_html(mset.snippet(
            text,
            request.snippet_bytes,
            m_compiler->stemmer(),
            Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE,
            hi_begin,
            hi_end,
            "…"
        ));
        result.hits.push_back(std::move(hit));
    }
}

}  // namespace dossier::searcher
