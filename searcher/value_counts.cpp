#include "searcher/value_counts.hpp"

#include <iterator>

namespace dossier::searcher {

void SlotValues::reset(bool memo_documents) {
    *this = SlotValues();
    m_memo_documents = memo_documents;
}

std::uint32_t SlotValues::intern(std::string_view value) {
    if (auto it = m_ids.find(value); it != m_ids.end()) {
        return it->second;
    }
    const auto id = static_cast<std::uint32_t>(m_values.size());
    m_values.emplace_back(value);
    m_ids.emplace(m_values.back(), id);
    return id;
}

std::optional<std::uint32_t> SlotValues::find(std::string_view value) const {
    if (auto it = m_ids.find(value); it != m_ids.end()) {
        return it->second;
    }
    return std::nullopt;
}

ValueCounts::ValueCounts(Xapian::valueno slot, SlotValues& memo, bool remote) {
    if (remote) {
        m_remote.emplace(slot);
    }
    m_local.slot = slot;
    m_local.memo = &memo;
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
    const std::uint32_t id = memo->id(doc.get_docid(), [&] { return doc.get_value(slot); });
    if (memo->value(id).empty()) {
        return;  // as Xapian's ValueCountMatchSpy: a document without the value is not counted
    }
    if (id >= counts.size()) {
        counts.resize(std::max<std::size_t>(memo->size(), id + 1) + 1024);
    }
    if (counts[id]++ == 0) {
        ++distinct;
    }
}

std::size_t ValueCounts::total() const {
    return m_remote ? m_remote->get_total() : m_local.total;
}

std::size_t ValueCounts::distinct() const {
    if (m_remote) {
        return static_cast<std::size_t>(
            std::distance(m_remote->values_begin(), m_remote->values_end())
        );
    }
    return m_local.distinct;
}

std::size_t ValueCounts::count(const std::string& value) {
    if (m_remote) {
        if (m_remote_counts.empty()) {
            for (auto it = m_remote->values_begin(); it != m_remote->values_end(); ++it) {
                m_remote_counts.emplace(*it, it.get_termfreq());
            }
        }
        const auto it = m_remote_counts.find(value);
        return it == m_remote_counts.end() ? 0 : it->second;
    }
    const auto id = m_local.memo->find(value);
    return id && *id < m_local.counts.size() ? m_local.counts[*id] : 0;
}

void ValueCounts::for_each(const std::function<void(const std::string&, std::size_t)>& f) const {
    if (m_remote) {
        for (auto it = m_remote->values_begin(); it != m_remote->values_end(); ++it) {
            f(*it, it.get_termfreq());
        }
        return;
    }
    for (std::uint32_t id = 0; id < m_local.counts.size(); ++id) {
        if (m_local.counts[id] > 0) {
            f(m_local.memo->value(id), m_local.counts[id]);
        }
    }
}

}  // namespace dossier::searcher
