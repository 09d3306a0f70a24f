/// One ordered pipeline: a reader, N workers, and one consumer that sees the results in input
/// order. Both indexing paths (the incremental writer and the --rebuild blocks) run on it.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace dossier::indexer {

/// Runs `read` → `threads` workers → `consume`:
///
/// - `read(emit)` calls `emit(Job&&)` once per job, in input order, on a thread of its own;
///   `emit` returns false once the pipeline stops (then `read` should return).
/// - `make_worker()` is called `threads` times on the calling thread, before any thread starts;
///   each result (a callable `Result(Job&&)`, e.g. an object owning a DocumentBuilder) is used by
///   one worker thread only.
/// - `consume(Result&&)` runs on the calling thread and receives every result in the order `read`
///   emitted the jobs; it returns false to stop early (nothing more is consumed and `read` is
///   told to stop).
///
/// At most `window` jobs are in flight (emitted, not yet consumed), so memory stays flat.
/// An exception from `read` or from a worker is rethrown on the calling thread once every result
/// before it in input order has been consumed, as if all had run on one thread; one from
/// `consume` propagates at once. Whatever happens, every thread is stopped and joined before
/// run_ordered returns or throws. `threads` <= 1 runs everything on the calling thread, one job
/// at a time (same order, same exceptions).
template <typename Job, typename Read, typename MakeWorker, typename Consume>
void run_ordered(
    std::size_t threads,
    std::size_t window,
    Read&& read,
    MakeWorker&& make_worker,
    Consume&& consume
) {
    using Worker = std::invoke_result_t<MakeWorker&>;
    using Result = std::invoke_result_t<Worker&, Job&&>;

    if (threads <= 1) {
        Worker worker = make_worker();
        read([&](Job&& job) { return static_cast<bool>(consume(worker(std::move(job)))); });
        return;
    }

    /// A finished job: its result, or the exception that took its place.
    struct Slot {
        std::optional<Result> result;
        std::exception_ptr error;
    };

    struct Shared {
        std::mutex m;
        std::condition_variable jobs_ready, result_ready, space;
        std::deque<std::pair<std::size_t, Job>> jobs;
        std::map<std::size_t, Slot> results;  ///< by input position
        std::size_t produced = 0;             ///< positions handed out (jobs and a read error)
        std::size_t taken = 0;                ///< results handed to `consume`
        bool reader_done = false;
        bool stop = false;
    } sh;

    window = std::max<std::size_t>(window, 1);

    std::vector<Worker> workers;
    workers.reserve(threads);
    for (std::size_t t = 0; t < threads; ++t) {
        workers.push_back(make_worker());
    }

    std::vector<std::thread> pool;

    /// Stops and joins the threads when this scope ends, normally or by an exception, so no
    /// thread outlives the state it shares.
    struct JoinOnExit {
        Shared& sh;
        std::vector<std::thread>& pool;

        ~JoinOnExit() {
            {
                std::lock_guard lock(sh.m);
                sh.stop = true;
            }
            sh.jobs_ready.notify_all();
            sh.space.notify_all();
            sh.result_ready.notify_all();
            for (auto& t : pool) {
                if (t.joinable()) {
                    t.join();
                }
            }
        }
    } const joiner{sh, pool};

    pool.reserve(threads + 1);

    pool.emplace_back([&] {
        std::exception_ptr error;
        try {
            read([&](Job&& job) {
                std::unique_lock lock(sh.m);
                sh.space.wait(lock, [&] { return sh.stop || sh.produced - sh.taken < window; });
                if (sh.stop) {
                    return false;
                }
                sh.jobs.emplace_back(sh.produced++, std::move(job));
                sh.jobs_ready.notify_one();
                return true;
            });
        } catch (...) {
            error = std::current_exception();
        }
        std::lock_guard lock(sh.m);
        if (error) {
            // The failure takes the next position: everything read before it is consumed first.
            sh.results[sh.produced++].error = error;
        }
        sh.reader_done = true;
        sh.jobs_ready.notify_all();
        sh.result_ready.notify_all();
    });
    for (std::size_t t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            Worker& worker = workers[t];
            while (true) {
                std::pair<std::size_t, Job> item;
                {
                    std::unique_lock lock(sh.m);
                    sh.jobs_ready.wait(lock, [&] {
                        return sh.stop || !sh.jobs.empty() || sh.reader_done;
                    });
                    if (sh.stop || sh.jobs.empty()) {
                        return;
                    }
                    item = std::move(sh.jobs.front());
                    sh.jobs.pop_front();
                }
                Slot slot;
                try {
                    slot.result.emplace(worker(std::move(item.second)));
                } catch (...) {
                    slot.error = std::current_exception();
                }
                std::lock_guard lock(sh.m);
                sh.results.emplace(item.first, std::move(slot));
                sh.result_ready.notify_all();
            }
        });
    }

    while (true) {
        Slot slot;
        {
            std::unique_lock lock(sh.m);
            sh.result_ready.wait(lock, [&] {
                return sh.results.count(sh.taken) != 0
                    || (sh.reader_done && sh.taken == sh.produced);
            });
            auto it = sh.results.find(sh.taken);
            if (it == sh.results.end()) {
                return;  // everything read has been consumed
            }
            slot = std::move(it->second);
            sh.results.erase(it);
            ++sh.taken;
            sh.space.notify_one();
        }
        if (slot.error) {
            std::rethrow_exception(slot.error);
        }
        if (!consume(std::move(*slot.result))) {
            return;
        }
    }
}

}  // namespace dossier::indexer
