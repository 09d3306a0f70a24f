#include "indexer/quotes.hpp"

#include <filesystem>
#include <string_view>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "analyzers/error.hpp"
#include "analyzers/extraction.hpp"
#include "analyzers/normalizer.hpp"
#include "indexer/db_layout.hpp"
#include "indexer/schema.hpp"

namespace dossier::indexer {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view SPEAKER_PREFIX = schema::PREFIX_SPEAKER;

/// The article's facet terms but its speakers' (a quotation carries its own speaker's), from its
/// packed value slots, as DocumentBuilder derives the terms (overlong ones are left out there too).
std::vector<std::string> article_facet_terms(const Xapian::Document& article) {
    std::vector<std::string> out;
    for (const auto& facet : schema::FACETS) {
        if (std::string_view(facet.prefix) == SPEAKER_PREFIX) {
            continue;
        }
        schema::for_each_packed(article.get_value(facet.slot), [&](std::string_view value) {
            std::string term = schema::facet_term(facet.prefix, value);
            if (term.size() <= schema::MAX_TERM_BYTES) {
                out.push_back(std::move(term));
            }
        });
    }
    return out;
}

}  // namespace

std::string quotes_directory(const std::string& live) {
    return (fs::path(live) / schema::QUOTES_DIRECTORY).string();
}

std::vector<Xapian::Document>
quote_documents(const Xapian::Document& article, Xapian::docid did, TermWriter& terms) {
    const nlohmann::json data = nlohmann::json::parse(article.get_data(), nullptr, false);
    if (data.is_discarded() || !data.is_object()) {
        throw SchemaError("document " + std::to_string(did) + " has unreadable data");
    }
    std::vector<Xapian::Document> out;
    const auto ex = data.find(schema::DATA_EXTRACTION);
    if (ex == data.end() || !ex->is_object()) {
        return out;
    }
    analyzers::Extraction extraction;
    try {
        extraction = analyzers::extraction_from_json(*ex);
    } catch (const SchemaError&) {
        return out;  // as the views read it: an unreadable extraction has no quotation
    }
    const std::string idterm = schema::id_term_of(article);
    const std::vector<std::string> facet_terms = article_facet_terms(article);
    const std::string date = article.get_value(schema::SLOT_DATE);
    const std::string article_id = data.value(schema::DATA_ID, "");
    const std::string title = data.value(schema::DATA_TITLE, "");
    for (const auto& quote : extraction.quotes) {
        if (quote.text.empty()) {
            continue;
        }
        Xapian::Document q;
        terms.index_passage(q, analyzers::normalize(quote.text));
        drop_overlong_terms(q);
        if (quote.speaker && !quote.speaker->empty()) {
            q.add_boolean_term(schema::facet_term(schema::PREFIX_SPEAKER, *quote.speaker));
        }
        for (const auto& t : facet_terms) {
            q.add_boolean_term(t);
        }
        if (!idterm.empty()) {
            q.add_boolean_term(idterm);
        }
        if (!date.empty()) {
            q.add_value(schema::SLOT_DATE, date);
        }
        q.add_value(schema::SLOT_QUOTE_ARTICLE, std::to_string(did));
        q.set_data(nlohmann::json{
            {schema::DATA_ID, article_id},
            {schema::DATA_TITLE, title},
            {schema::DATA_QUOTE, analyzers::to_json(quote)},
        }
                       .dump());
        out.push_back(std::move(q));
    }
    return out;
}

bool mirrors(const Xapian::Database& quotes, const Xapian::Database& articles) {
    const std::string token = articles.get_metadata(schema::META_COMMIT);
    if (!token.empty() && quotes.get_metadata(schema::META_QUOTES_COMMIT) != token) {
        return false;
    }
    try {
        return quotes.get_metadata(schema::META_QUOTES_OF)
            == std::to_string(articles.get_revision());
    } catch (const Xapian::UnimplementedError&) {
        return !token.empty();  // remote: no revision over the protocol, the token decides
    }
}

void build_quotes(
    const std::string& live, const Xapian::Database& articles, const analyzers::AliasTable& aliases
) {
    const fs::path final_dir = quotes_directory(live);
    const fs::path fresh = final_dir.string() + ".build-" + std::to_string(::getpid());
    const fs::path old = final_dir.string() + ".old-" + std::to_string(::getpid());
    std::error_code ec;
    // Leftovers of a writer killed while building (the caller holds the writers' lock).
    const std::string stem = final_dir.filename().string();
    for (const auto& entry : fs::directory_iterator(live, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(stem + ".build-", 0) == 0 || name.rfind(stem + ".old-", 0) == 0) {
            fs::remove_all(entry.path(), ec);
        }
    }
    {
        Xapian::WritableDatabase db =
            layout::open_writable(fresh.string(), Xapian::DB_CREATE_OR_OVERWRITE);
        TermWriter terms(aliases);
        for (auto it = articles.postlist_begin(""); it != articles.postlist_end(""); ++it) {
            for (auto& q : quote_documents(articles.get_document(*it), *it, terms)) {
                db.add_document(q);
            }
        }
        db.set_metadata(schema::META_SCHEMA, std::to_string(schema::SCHEMA_VERSION));
        db.set_metadata(schema::META_QUOTES_OF, std::to_string(articles.get_revision()));
        db.set_metadata(schema::META_QUOTES_COMMIT, articles.get_metadata(schema::META_COMMIT));
        db.commit();
        db.close();
    }
    // Two renames: a reader in between finds no quotations database and analyses per query.
    if (fs::exists(final_dir, ec)) {
        fs::rename(final_dir, old, ec);
        if (ec) {
            fs::remove_all(fresh, ec);
            throw Error("cannot replace '" + final_dir.string() + "': " + ec.message());
        }
    }
    fs::rename(fresh, final_dir, ec);
    if (ec) {
        throw Error("cannot move '" + fresh.string() + "' into place: " + ec.message());
    }
    fs::remove_all(old, ec);
}

void build_quotes(const std::string& live, const Xapian::Database& articles) {
    build_quotes(live, articles, schema::stored_alias_table(articles));
}

QuoteWriter::QuoteWriter(
    const std::string& live, const Xapian::Database& articles, const analyzers::AliasTable& aliases
)
    : m_terms(aliases) {
    const std::string dir = quotes_directory(live);
    bool current = false;
    std::error_code ec;
    if (fs::exists(fs::path(dir) / "iamglass", ec)) {
        try {
            current = mirrors(Xapian::Database(dir), articles);
        } catch (const Xapian::Error&) {
            current = false;  // unreadable: built again below
        }
    }
    if (!current) {
        build_quotes(live, articles, aliases);
    }
    m_db = layout::open_writable(dir, Xapian::DB_CREATE_OR_OPEN);
}

void QuoteWriter::changing() {
    if (!m_changing) {
        // Should Xapian flush the changes early, readers must not take them for the articles'.
        m_db.set_metadata(schema::META_QUOTES_OF, "");
        m_db.set_metadata(schema::META_QUOTES_COMMIT, "");
        m_changing = true;
    }
}

void QuoteWriter::put(Xapian::docid did, const Xapian::Document& doc, bool fresh) {
    changing();
    const std::string idterm = schema::id_term_of(doc);
    if (!fresh && !idterm.empty()) {
        m_db.delete_document(idterm);
    }
    for (auto& q : quote_documents(doc, did, m_terms)) {
        m_db.add_document(q);
    }
}

void QuoteWriter::remove(const std::string& idterm) {
    changing();
    m_db.delete_document(idterm);
}

void QuoteWriter::commit(const Xapian::Database& articles) {
    const std::string revision = std::to_string(articles.get_revision());
    const std::string token = articles.get_metadata(schema::META_COMMIT);
    if (!m_changing && m_db.get_metadata(schema::META_QUOTES_OF) == revision
        && m_db.get_metadata(schema::META_QUOTES_COMMIT) == token) {
        return;  // nothing changed on either side
    }
    m_db.set_metadata(schema::META_QUOTES_OF, revision);
    m_db.set_metadata(schema::META_QUOTES_COMMIT, token);
    m_db.commit();
    m_changing = false;
}

}  // namespace dossier::indexer
