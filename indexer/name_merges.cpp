#include "indexer/name_merges.hpp"

#include <algorithm>
#include <functional>
#include <unordered_map>
#include <unordered_set>

#include "analyzers/aliases.hpp"
#include "analyzers/hash.hpp"
#include "indexer/schema.hpp"

namespace dossier::indexer {

void NameMerges::add(std::string short_key, std::string full_key) {
    m_short.emplace(full_key, short_key);
    m_full.emplace(std::move(short_key), std::move(full_key));
}

NameMerges NameMerges::from_keys(
    const std::map<std::string, std::size_t>& keys,
    const std::function<bool(const std::string&, const std::string&)>& veto
) {
    // Two passes over the keys, hashing views into them: the one-word keys first, then the full
    // names ending in one of those words. (An ordered map of every last word cost seconds on a
    // 285k-article archive, a million keys, and every search process paid it when opening.)
    std::unordered_set<std::string_view> single;
    for (const auto& entry : keys) {
        const std::string& k = entry.first;
        if (!k.empty() && k.find(' ') == std::string::npos) {
            single.insert(k);
        }
    }

    struct Full {
        const std::string* key;
        std::size_t articles;
    };

    std::unordered_map<std::string_view, std::vector<Full>> ending;  // one-word key → full names
    for (const auto& entry : keys) {
        const std::string& k = entry.first;
        const std::size_t space = k.rfind(' ');
        if (space == std::string::npos || std::count(k.begin(), k.end(), ' ') > 3) {
            continue;  // one word, or more than four
        }
        auto s = single.find(std::string_view(k).substr(space + 1));
        if (s != single.end()) {
            // Keys of a map are distinct: no full name is listed twice under its last word.
            ending[*s].push_back({&k, entry.second});
        }
    }
    NameMerges out;
    for (const auto& [s, fulls] : ending) {
        std::size_t most = 0;
        for (const Full& f : fulls) {
            most = std::max(most, f.articles);
        }
        const std::string* only = nullptr;
        std::size_t real = 0;
        for (const Full& f : fulls) {
            if (f.articles > 1 || most < 3) {
                only = f.key;
                ++real;
            }
        }
        if (real == 1) {
            std::string short_key(s);
            if (!veto || !veto(short_key, *only)) {
                out.add(std::move(short_key), *only);
            }
        }
    }
    return out;
}

NameMerges NameMerges::from_database(const Xapian::Database& db) {
    std::map<std::string, std::size_t> keys;  // key → articles (the larger of the two facets)
    for (const std::string prefix : {schema::PREFIX_PERSON, schema::PREFIX_SPEAKER}) {
        auto hint = keys.end();
        for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
            const std::string term = *it;
            // Terms come in key order: the first facet's keys are appended at the end.
            hint = keys.emplace_hint(hint, term.substr(prefix.size()), 0);
            hint->second = std::max<std::size_t>(hint->second, it.get_termfreq());
            ++hint;
        }
    }
    // A one-word key the archive names an organization at least as often as a person is a
    // company's name, not a surname: it merges only into an organization that is named so at least
    // as often ("Sachs" of "Goldman, Sachs and Co" into "Goldman Sachs"), never into a
    // person or a rarer name that extraction noise made ("Apple" is no "Big Apple", "Arsenal" no
    // "Redstone Arsenal", "Salomon" no "Robert Salomon").
    return from_keys(keys, [&db](const std::string& short_key, const std::string& full_key) {
        auto articles = [&db](const char* prefix, const std::string& key) {
            return db.get_termfreq(prefix + key);
        };
        const Xapian::doccount organization = articles(schema::PREFIX_ORG, short_key);
        if (organization == 0 || organization < articles(schema::PREFIX_PERSON, short_key)) {
            return false;  // a surname
        }
        const Xapian::doccount full = articles(schema::PREFIX_ORG, full_key);
        return full < organization || full < articles(schema::PREFIX_PERSON, full_key);
    });
}

std::vector<const NameMerges::Full::value_type*> NameMerges::in_key_order() const {
    std::vector<const Full::value_type*> out;
    out.reserve(m_full.size());
    for (const auto& merge : m_full) {
        out.push_back(&merge);
    }
    std::sort(out.begin(), out.end(), [](const auto* a, const auto* b) {
        return a->first < b->first;
    });
    return out;
}

std::string NameMerges::serialise() const {
    std::string out;
    for (const auto* merge : in_key_order()) {
        out += merge->first;
        out += '\t';
        out += merge->second;
        out += '\n';
    }
    return out;
}

std::optional<NameMerges> NameMerges::parse(std::string_view text) {
    NameMerges out;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        if (end == std::string_view::npos) {
            return std::nullopt;  // every line ends with a newline
        }
        const std::string_view line = text.substr(0, end);
        text.remove_prefix(end + 1);
        const std::size_t tab = line.find('\t');
        if (tab == 0 || tab == std::string_view::npos || tab + 1 == line.size()
            || line.find('\t', tab + 1) != std::string_view::npos) {
            return std::nullopt;
        }
        out.add(std::string(line.substr(0, tab)), std::string(line.substr(tab + 1)));
    }
    return out;
}

namespace {

/// The merges part of a META_NAME_MERGES value when it is stamped with `token`, else nullopt.
std::optional<std::string_view> stamped(std::string_view value, std::string_view token) {
    if (token.empty() || value.size() <= token.size() || value.substr(0, token.size()) != token
        || value[token.size()] != '\n') {
        return std::nullopt;
    }
    return value.substr(token.size() + 1);
}

}  // namespace

std::optional<NameMerges> NameMerges::stored(const Xapian::Database& db) {
    if (db.size() != 1) {
        return std::nullopt;
    }
    const std::string value = db.get_metadata(schema::META_NAME_MERGES);
    const auto merges = stamped(value, db.get_metadata(schema::META_COMMIT));
    return merges ? parse(*merges) : std::nullopt;  // none, or of another commit
}

NameMerges NameMerges::of_database(const Xapian::Database& db) {
    if (auto kept = stored(db)) {
        return std::move(*kept);
    }
    return from_database(db);
}

std::string NameMerges::stub_token(const std::vector<Xapian::Database>& parts) {
    std::vector<std::string> tokens;
    for (const auto& part : parts) {
        if (part.get_doccount() == 0) {
            continue;  // a sharded index's metadata database, or an empty shard: no names
        }
        std::string token = part.get_metadata(schema::META_COMMIT);
        if (token.empty() || token.find_first_of(",\n") != std::string::npos) {
            return "";
        }
        tokens.push_back(std::move(token));
    }
    // The merges depend on which databases there are, not on their order (a stub listing the
    // servers in another order, shard-100 listed between shard-10 and shard-11).
    std::sort(tokens.begin(), tokens.end());
    std::string out;
    for (const auto& token : tokens) {
        out += (out.empty() ? "" : ",") + token;
    }
    return out;
}

std::optional<NameMerges> NameMerges::stored_for_stub(
    const Xapian::Database& meta, const std::vector<Xapian::Database>& parts
) {
    const std::string value = meta.get_metadata(schema::META_STUB_NAME_MERGES);
    if (value.empty()) {
        return std::nullopt;
    }
    const auto merges = stamped(value, stub_token(parts));
    return merges ? parse(*merges) : std::nullopt;
}

void NameMerges::store_for_stub(
    Xapian::WritableDatabase& meta,
    const Xapian::Database& stub,
    const std::vector<Xapian::Database>& parts
) {
    const std::string token = stub_token(parts);
    if (token.empty() || stamped(meta.get_metadata(schema::META_STUB_NAME_MERGES), token)) {
        return;
    }
    meta.set_metadata(
        schema::META_STUB_NAME_MERGES, token + '\n' + from_database(stub).serialise()
    );
}

void NameMerges::store(Xapian::WritableDatabase& db) {
    const std::string token = db.get_metadata(schema::META_COMMIT);
    if (token.empty()) {
        return;  // nothing to stamp them with: readers compute them
    }
    if (stamped(db.get_metadata(schema::META_NAME_MERGES), token)) {
        return;  // no article changed since they were computed
    }
    db.set_metadata(schema::META_NAME_MERGES, token + '\n' + from_database(db).serialise());
}

const std::string* NameMerges::full_key(std::string_view key) const {
    auto it = m_full.find(key);
    return it == m_full.end() ? nullptr : &it->second;
}

std::vector<std::string> NameMerges::short_keys(std::string_view full_key) const {
    std::vector<std::string> out;
    auto [b, e] = m_short.equal_range(full_key);
    for (auto it = b; it != e; ++it) {
        out.push_back(it->second);
    }
    std::sort(out.begin(), out.end());  // the same order on every run
    return out;
}

HashIds named_keys(
    const analyzers::AliasTable& aliases, const NameMerges* names, const schema::FacetSpec& spec
) {
    HashIds out;
    for_each_named_key(aliases, names, spec, [&](const std::string& key) {
        out.find_or_add(analyzers::fnv1a64(key), 0);
    });
    return out;
}

}  // namespace dossier::indexer
