#include "indexer/schema.hpp"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include <fmt/format.h>

#include "analyzers/error.hpp"
#include "analyzers/hash.hpp"
#include "analyzers/normalizer.hpp"

namespace dossier::indexer::schema {

std::string pack_values(std::vector<std::string> values) {
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    std::string out;
    for (const auto& v : values) {
        std::size_t n = v.size();
        while (n >= 0x80) {
            out.push_back(static_cast<char>((n & 0x7F) | 0x80));
            n >>= 7;
        }
        out.push_back(static_cast<char>(n));
        out += v;
    }
    return out;
}

void throw_truncated_packed() {
    throw SchemaError("truncated packed value list");
}

std::vector<std::string> unpack_values(std::string_view packed) {
    std::vector<std::string> out;
    for_each_packed(packed, [&out](std::string_view v) { out.emplace_back(v); });
    return out;
}

std::string facet_key(const char* prefix, std::string_view value) {
    for (const FacetSpec& f : FACETS) {
        if (std::string_view(f.prefix) == prefix) {
            return facet_key(f, value);
        }
    }
    return analyzers::fold_key(value);
}

std::string facet_term(const char* prefix, std::string_view value) {
    return std::string(prefix) + facet_key(prefix, value);
}

std::string spelling_prefix(const char* facet_prefix) {
    const std::string_view p(facet_prefix);
    return PREFIX_SPELLING + std::string(p.substr(p.empty() || p[0] != 'X' ? 0 : 1));
}

namespace {

/// spelling_term() of `value`, whose key (not empty) is `key`.
std::string spelling_term_of(const char* prefix, std::string_view key, std::string_view value) {
    std::string term = spelling_prefix(prefix);
    term.append(key);
    term.push_back('\t');
    term.append(value);
    return term.size() <= MAX_TERM_BYTES ? term : long_spelling_term(prefix, key);
}

}  // namespace

std::string spelling_term(const char* prefix, std::string_view value) {
    const std::string key = facet_key(prefix, value);
    return key.empty() ? std::string() : spelling_term_of(prefix, key, value);
}

std::string long_spelling_term(const char* prefix, std::string_view key) {
    return spelling_prefix(prefix) + fmt::format("#{:016x}", analyzers::fnv1a64(key));
}

std::string pack_facet_ids(std::vector<FacetId> ids) {
    std::sort(ids.begin(), ids.end(), [](const FacetId& a, const FacetId& b) {
        return a.display != b.display ? a.display < b.display : a.key < b.key;
    });
    ids.erase(
        std::unique(
            ids.begin(),
            ids.end(),
            [](const FacetId& a, const FacetId& b) {
                return a.display == b.display && a.key == b.key;
            }
        ),
        ids.end()
    );
    std::string out;
    out.reserve(ids.size() * 16);
    auto put = [&out](std::uint64_t v) {
        for (int i = 0; i < 8; ++i) {
            out.push_back(static_cast<char>(v & 0xFF));
            v >>= 8;
        }
    };
    for (const FacetId& id : ids) {
        put(id.display);
        put(id.key);
    }
    return out;
}

namespace {

struct Section {
    std::size_t facet;
    std::size_t begin;  // of the section
    std::size_t ids;    // of its ids
    std::size_t end;
};

/// Calls `f(Section)` for each section of a SLOT_FACET_IDS value, in order, until it returns
/// false. Walks the value in place (a search calls it once per matching document).
template <class F>
void for_each_section(std::string_view value, F&& f) {
    std::size_t i = 0;
    std::size_t previous = FACET_COUNT;  // none yet
    while (i < value.size()) {
        Section s{static_cast<unsigned char>(value[i]), i, i + 1, 0};
        std::size_t count = 0;
        int shift = 0;
        std::size_t at = s.ids;
        for (;; shift += 7) {
            if (at >= value.size() || shift > 28) {
                throw SchemaError("malformed facet id slot");
            }
            const auto byte = static_cast<unsigned char>(value[at++]);
            count |= static_cast<std::size_t>(byte & 0x7F) << shift;
            if ((byte & 0x80) == 0) {
                break;
            }
        }
        s.ids = at;
        if (s.facet >= FACET_COUNT || count > (value.size() - at) / 16
            || (previous != FACET_COUNT && previous >= s.facet)) {
            throw SchemaError("malformed facet id slot");
        }
        s.end = at + count * 16;
        previous = s.facet;
        if (!f(s)) {
            return;
        }
        i = s.end;
    }
}

}  // namespace

std::string with_facet_ids(std::string_view slot_value, std::size_t facet, std::string_view ids) {
    if (facet >= FACET_COUNT || ids.size() % 16 != 0) {
        throw SchemaError(fmt::format("facet ids of {} bytes for facet {}", ids.size(), facet));
    }
    std::string out;
    out.reserve(slot_value.size() + ids.size() + 6);
    auto put_new = [&] {
        if (ids.empty()) {
            return;
        }
        out.push_back(static_cast<char>(facet));
        std::size_t n = ids.size() / 16;
        while (n >= 0x80) {
            out.push_back(static_cast<char>((n & 0x7F) | 0x80));
            n >>= 7;
        }
        out.push_back(static_cast<char>(n));
        out.append(ids);
    };
    bool placed = false;
    for_each_section(slot_value, [&](const Section& s) {
        if (!placed && s.facet >= facet) {
            put_new();
            placed = true;
        }
        if (s.facet != facet) {
            out.append(slot_value.substr(s.begin, s.end - s.begin));
        }
        return true;
    });
    if (!placed) {
        put_new();
    }
    return out;
}

std::string_view facet_ids_section(std::string_view slot_value, std::size_t facet) {
    std::string_view out;
    for_each_section(slot_value, [&](const Section& s) {
        if (s.facet == facet) {
            out = slot_value.substr(s.ids, s.end - s.ids);
        }
        return s.facet < facet;
    });
    return out;
}

FacetIdSections facet_ids_sections(std::string_view slot_value) {
    FacetIdSections out{};
    for_each_section(slot_value, [&](const Section& s) {
        out[s.facet] = slot_value.substr(s.ids, s.end - s.ids);
        return true;
    });
    return out;
}

void throw_bad_facet_ids(std::size_t bytes) {
    throw SchemaError(fmt::format("facet id slot of {} bytes (not a multiple of 16)", bytes));
}

void add_facet_values(
    Xapian::Document& doc, const FacetSpec& facet, std::vector<std::string> values
) {
    std::vector<FacetId> ids;
    ids.reserve(values.size());
    const std::string prefix = facet.prefix;
    for (const auto& v : values) {
        const std::string key = facet_key(facet, v);  // once: the key, spelling and id agree
        doc.add_boolean_term(prefix + key);
        if (key.empty()) {
            continue;
        }
        doc.add_boolean_term(spelling_term_of(facet.prefix, key, v));
        ids.push_back({analyzers::fnv1a64(v), analyzers::fnv1a64(key)});
    }
    doc.add_value(facet.slot, pack_values(std::move(values)));
    std::size_t index = 0;
    while (index < FACET_COUNT && &FACETS[index] != &facet) {
        ++index;
    }
    if (index == FACET_COUNT) {
        throw std::logic_error("add_facet_values: a facet outside schema::FACETS");
    }
    const std::string all = with_facet_ids(
        doc.get_value(SLOT_FACET_IDS), index, ids.empty() ? "" : pack_facet_ids(std::move(ids))
    );
    doc.add_value(SLOT_FACET_IDS, all);  // empty: no value (Xapian removes the slot)
}

namespace {

/// Prefix + value, or for a value too long for one term, a readable head + "#" + hash.
std::string bounded_term(const char* prefix, std::string_view value) {
    std::string term = std::string(prefix) + std::string(value);
    if (term.size() <= MAX_TERM_BYTES) {
        return term;
    }
    const std::uint64_t h = analyzers::fnv1a64(value);
    std::size_t cut = 200;
    while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) {
        --cut;  // do not split a UTF-8 sequence
    }
    static constexpr char hex[] = "0123456789abcdef";
    std::string out = std::string(prefix) + std::string(value.substr(0, cut)) + "#";
    for (int shift = 60; shift >= 0; shift -= 4) {
        out.push_back(hex[(h >> shift) & 0xF]);
    }
    return out;
}

}  // namespace

std::size_t shard_of(std::string_view id, std::size_t shards) {
    return shards <= 1 ? 0 : static_cast<std::size_t>(analyzers::fnv1a64(id) % shards);
}

std::string id_term(std::string_view id) {
    return bounded_term(PREFIX_ID, id);
}

std::string source_term(std::string_view source) {
    return bounded_term(PREFIX_PATH, source);
}

namespace {

bool all_digits(std::string_view s) {
    return !s.empty()
        && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string checked_date(std::string_view y, std::string_view m, std::string_view d) {
    if (!all_digits(y) || !all_digits(m) || !all_digits(d) || y.size() != 4 || m.size() > 2
        || d.size() > 2) {
        return {};
    }
    int month = std::stoi(std::string(m));
    int day = std::stoi(std::string(d));
    if (month < 1 || month > 12 || day < 1 || day > 31) {
        return {};
    }
    return std::string(y) + (month < 10 ? "0" : "") + std::to_string(month) + (day < 10 ? "0" : "")
        + std::to_string(day);
}

}  // namespace

std::string date_value(std::string_view text) {
    while (!text.empty() && text.front() == ' ') {
        text.remove_prefix(1);
    }
    text = text.substr(0, text.find(' '));
    if (text.size() > 10 && text[10] == 'T') {
        text = text.substr(0, 10);  // ISO 8601 date-time
    }
    if (text.size() == 8 && all_digits(text)) {
        return checked_date(text.substr(0, 4), text.substr(4, 2), text.substr(6, 2));
    }
    for (char sep : {'-', '/'}) {
        std::size_t a = text.find(sep);
        std::size_t b = a == std::string_view::npos ? a : text.find(sep, a + 1);
        if (b == std::string_view::npos) {
            continue;
        }
        std::string_view p1 = text.substr(0, a), p2 = text.substr(a + 1, b - a - 1),
                         p3 = text.substr(b + 1);
        if (p1.size() == 4) {
            return checked_date(p1, p2, p3);
        }
        static const char* MONTHS[] = {
            "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
        std::string mon(p2.substr(0, 3));
        for (auto& c : mon) {
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        for (int i = 0; i < 12; ++i) {
            if (mon == MONTHS[i] && p2.size() == 3) {
                return checked_date(p3, std::to_string(i + 1), p1);
            }
        }
    }
    return {};
}

std::vector<std::string> speaker_values(const analyzers::Extraction& e) {
    return e.speakers;
}

std::vector<std::string> organization_values(const analyzers::Extraction& e) {
    return e.organizations;
}

std::vector<std::string> place_values(const analyzers::Extraction& e) {
    return e.places;
}

std::vector<std::string> person_values(const analyzers::Extraction& e) {
    return e.people;
}

std::vector<std::string> figure_type_values(const analyzers::Extraction& e) {
    return e.figure_types();
}

std::string id_term_of(const Xapian::Document& doc) {
    auto t = doc.termlist_begin();
    t.skip_to(PREFIX_ID);
    if (t == doc.termlist_end()) {
        return {};
    }
    std::string term = *t;
    return term.rfind(PREFIX_ID, 0) == 0 ? term : std::string();
}

analyzers::AliasTable stored_alias_table(const Xapian::Database& db) {
    const std::string tsv = db.get_metadata(META_ALIASES);
    if (tsv.empty()) {
        return {};
    }
    return analyzers::AliasTable::parse(
        tsv, "the alias table stored in the index", db.get_metadata(META_ALIASES_FOLDED)
    );
}

}  // namespace dossier::indexer::schema
