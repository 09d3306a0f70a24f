#include "searcher/value_counts.hpp"

#include <utility>

#include "analyzers/error.hpp"
#include "indexer/schema.hpp"

namespace dossier::searcher {

void SlotValues::reset(bool memo_documents, std::shared_ptr<const indexer::ValueColumn> column) {
    *this = SlotValues();
    m_memo_documents = memo_documents;
    m_column = std::move(column);
}

std::uint32_t SlotValues::intern(std::string_view value) {
    if (value.empty() && m_empty != UNSEEN) {
        return m_empty;  // most articles have no shared story: no hashing for them
    }
    if (auto it = m_ids.find(value); it != m_ids.end()) {
        return it->second;
    }
    const auto id = static_cast<std::uint32_t>(m_values.size());
    m_values.emplace_back(value);
    m_ids.emplace(m_values.back(), id);
    if (value.empty()) {
        m_empty = id;
    }
    return id;
}

std::optional<std::uint32_t> SlotValues::find(std::string_view value) const {
    if (auto it = m_ids.find(value); it != m_ids.end()) {
        return it->second;
    }
    return std::nullopt;
}

namespace {

/// One length or count of Xapian 1.4's net/length encoding (net/length.cc, decode_length): one
/// byte below 255, else 0xff then 7-bit groups, low first, the last with its top bit set, + 255.
std::size_t wire_length(const char*& p, const char* end) {
    if (p == end) {
        throw Xapian::NetworkError("malformed ValueCountMatchSpy results: no data");
    }
    std::size_t n = static_cast<unsigned char>(*p++);
    if (n != 0xff) {
        return n;
    }
    n = 0;
    for (int shift = 0;; shift += 7) {
        if (p == end || shift > 56) {
            throw Xapian::NetworkError("malformed ValueCountMatchSpy results: truncated length");
        }
        const auto byte = static_cast<unsigned char>(*p++);
        n |= static_cast<std::size_t>(byte & 0x7f) << shift;
        if (byte & 0x80) {
            return n + 255;
        }
    }
}

}  // namespace

void parse_value_counts(
    std::string_view serialised, std::size_t& total, const WireValueCounts::Add& add
) {
    const char* p = serialised.data();
    const char* const end = p + serialised.size();
    total += wire_length(p, end);
    for (std::size_t items = wire_length(p, end); items > 0; --items) {
        const std::size_t size = wire_length(p, end);
        if (size > static_cast<std::size_t>(end - p)) {
            throw Xapian::NetworkError("malformed ValueCountMatchSpy results: truncated value");
        }
        const std::string_view value(p, size);
        p += size;
        add(value, wire_length(p, end));
    }
    if (p != end) {
        throw Xapian::NetworkError("malformed ValueCountMatchSpy results: junk at the end");
    }
}

WireValueCounts::WireValueCounts(Xapian::valueno slot, Add add)
    : Xapian::ValueCountMatchSpy(slot), m_slot(slot), m_add(std::move(add)) {}

void WireValueCounts::operator()(const Xapian::Document& doc, double) {
    ++m_total;
    const std::string value = doc.get_value(m_slot);
    if (!value.empty()) {
        m_add(value, 1);
    }
}

void WireValueCounts::merge_results(const std::string& serialised) {
    parse_value_counts(serialised, m_total, m_add);
}

ValueCounts::ValueCounts(Xapian::valueno slot, SlotValues& memo, bool remote) : m_memo(memo) {
    if (remote) {
        m_remote.emplace(slot, [this](std::string_view value, std::size_t documents) {
            m_counts.add(m_memo.intern(value), m_memo.size(), documents);
        });
    }
    m_local.slot = slot;
    m_local.memo = &memo;
    m_local.counts = &m_counts;
}

ValueCounts::~ValueCounts() = default;

void ValueCounts::attach(Xapian::Enquire& enquire) {
    if (m_remote) {
        enquire.add_matchspy(&*m_remote);
    } else {
        enquire.add_matchspy(&m_local);
    }
}

void ValueCounts::Spy::operator()(const Xapian::Document& doc, double) {
    ++total;
    const Xapian::docid did = doc.get_docid();
    const indexer::ValueColumn* column = memo->column();
    std::string stored;
    const std::uint32_t id = memo->id(did, [&]() -> std::string_view {
        if (column != nullptr) {
            cursor.read(did);
            try {
                return column->value(did);
            } catch (const SchemaError&) {
                // Offsets damaged on disk under a valid stamp: the slot has the truth.
            }
        }
        stored = doc.get_value(slot);
        return stored;
    });
    if (column != nullptr) {
        column->passing(did, cursor);
    }
    if (memo->value(id).empty()) {
        return;  // as Xapian's ValueCountMatchSpy: a document without the value is not counted
    }
    counts->add(id, memo->size(), 1);
}

std::size_t ValueCounts::total() const {
    return m_remote ? m_remote->total() : m_local.total;
}

std::size_t ValueCounts::count(const std::string& value) {
    const auto id = m_memo.find(value);
    return id && *id < m_counts.by_id.size() ? m_counts.by_id[*id] : 0;
}

void ValueCounts::for_each(const std::function<void(const std::string&, std::size_t)>& f) const {
    for (std::uint32_t id = 0; id < m_counts.by_id.size(); ++id) {
        if (m_counts.by_id[id] > 0) {
            f(m_memo.value(id), m_counts.by_id[id]);
        }
    }
}

StoryCounts::StoryCounts(SlotValues& memo, bool remote)
    : m_counts(indexer::schema::SLOT_STORY_SHARED, memo, remote) {}

std::size_t StoryCounts::stories() const {
    // Each article without a shared story is a story of its own.
    return m_counts.total() - m_counts.valued() + m_counts.distinct();
}

std::size_t StoryCounts::articles(const std::string& story) {
    return std::max<std::size_t>(m_counts.count(story), 1);
}

WholeArchive WholeArchive::read(const Xapian::Database& db) {
    WholeArchive out;
    out.articles = db.get_doccount();
    std::size_t in_shared = 0;
    for (auto v = db.valuestream_begin(indexer::schema::SLOT_STORY_SHARED);
         v != db.valuestream_end(indexer::schema::SLOT_STORY_SHARED);
         ++v) {
        ++out.shared[*v];
        ++in_shared;
    }
    // Each article without a shared story is a story of its own (as StoryCounts::stories()).
    out.stories = out.articles - in_shared + out.shared.size();
    std::unordered_map<std::string, std::size_t> days;
    for (auto v = db.valuestream_begin(indexer::schema::SLOT_DATE);
         v != db.valuestream_end(indexer::schema::SLOT_DATE);
         ++v) {
        ++days[*v];
    }
    out.by_day.insert(days.begin(), days.end());
    return out;
}

}  // namespace dossier::searcher
