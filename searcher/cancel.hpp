/// Stopping a running search from another thread. Xapian 1.4 cannot stop a match by itself
/// (Enquire::set_time_limit only turns off check_at_least), so the Searcher checks a
/// Cancellation from a MatchSpy (CancelSpy) it adds to every match, which Xapian calls for every
/// candidate document, and in its own loops over the matches (snippets, figures, quotations,
/// timelines): once cancelled, the search throws SearchCancelled within CHECK_EVERY documents.
/// The server cancels a search when its request's time budget runs out; the CLI sets none.
#pragma once

#include <atomic>
#include <cstddef>
#include <string>

#include <xapian.h>

#include "analyzers/error.hpp"

namespace dossier::searcher {

/// Thrown out of a search that was cancelled. The Searcher stays usable: a cancelled search
/// changes nothing but the facet memo's interned values, which stay valid.
class SearchCancelled : public Error {
public:
    SearchCancelled() : Error("search cancelled: its time budget ran out") {}
};

/// A flag one thread sets and a running search polls (lock-free).
class Cancellation {
public:
    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }

    bool cancelled() const { return m_cancelled.load(std::memory_order_relaxed); }

    /// @throws SearchCancelled once cancel() was called.
    void check() const {
        if (cancelled()) {
            throw SearchCancelled();
        }
    }

private:
    std::atomic<bool> m_cancelled{false};
};

/// The spy that stops a match: checks `cancel` every CHECK_EVERY documents.
class CancelSpy : public Xapian::MatchSpy {
public:
    static constexpr std::size_t CHECK_EVERY = 64;

    explicit CancelSpy(const Cancellation& cancel) : m_cancel(&cancel) {}

    void operator()(const Xapian::Document&, double) override {
        if (++m_seen % CHECK_EVERY == 0) {
            m_cancel->check();
        }
    }

    Xapian::MatchSpy* clone() const override { return new CancelSpy(*m_cancel); }

    std::string name() const override { return "dossier::searcher::CancelSpy"; }

private:
    const Cancellation* m_cancel;
    std::size_t m_seen = 0;
};

}  // namespace dossier::searcher
