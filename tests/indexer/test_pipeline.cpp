// The ordered pipeline (indexer/pipeline.hpp): order, errors from every stage, early stop,
// threads joined whatever happens. Jobs are the lines of the repository's corpus.
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "indexer/pipeline.hpp"
#include "support/paths.hpp"

using dossier::indexer::run_ordered;

namespace {

/// Every non-empty line of the corpus files, in file-name order.
std::vector<std::string> corpus_lines() {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dossier::test::corpus_dir())) {
        if (e.path().extension() == ".txt") {
            files.push_back(e.path());
        }
    }
    std::sort(files.begin(), files.end());
    std::vector<std::string> lines;
    for (const auto& f : files) {
        std::ifstream in(f);
        for (std::string line; std::getline(in, line);) {
            if (!line.empty()) {
                lines.push_back(line);
            }
        }
    }
    return lines;
}

/// A job: a line and its position in the input.
struct Line {
    std::size_t n = 0;
    std::string text;
};

/// What a worker makes of a line: its position and its number of spaces (some work to do; the
/// longer the line, the longer it takes, so results finish out of order).
struct Counted {
    std::size_t n = 0;
    std::size_t spaces = 0;
};

Counted count_spaces(const Line& line) {
    if (line.text.size() % 3 == 0) {
        std::this_thread::yield();  // let another worker overtake this one
    }
    return {line.n, static_cast<std::size_t>(std::count(line.text.begin(), line.text.end(), ' '))};
}

/// Emits the lines as jobs; stops when the pipeline says so. Counts each job before emitting
/// it (so the count is never behind the consumer).
auto reader(const std::vector<std::string>& lines, std::atomic<std::size_t>& emitted) {
    return [&lines, &emitted](const auto& emit) {
        for (std::size_t i = 0; i < lines.size(); ++i) {
            ++emitted;
            if (!emit(Line{i, lines[i]})) {
                return;
            }
        }
    };
}

/// A worker that holds a token: while any worker (or a copy of it) lives, the token's
/// use_count is above one.
struct TokenWorker {
    std::shared_ptr<int> token;
    std::size_t fail_at = static_cast<std::size_t>(-1);

    Counted operator()(Line&& line) const {
        if (line.n == fail_at) {
            throw std::runtime_error("worker failed on line " + std::to_string(line.n));
        }
        return count_spaces(line);
    }
};

}  // namespace

TEST_CASE(
    "pipeline results reach the consumer in input order whatever the thread count", "[pipeline]"
) {
    const auto lines = corpus_lines();
    REQUIRE(lines.size() > 50);
    std::vector<std::size_t> expected;
    for (const auto& l : lines) {
        expected.push_back(static_cast<std::size_t>(std::count(l.begin(), l.end(), ' ')));
    }
    for (std::size_t threads : {1, 2, 4, 8}) {
        for (std::size_t window : {1, 3, 64}) {
            std::atomic<std::size_t> emitted{0};
            std::vector<std::size_t> order;
            std::vector<std::size_t> spaces;
            std::size_t most_in_flight = 0;
            run_ordered<Line>(
                threads,
                window,
                reader(lines, emitted),
                [] { return [](Line&& line) { return count_spaces(line); }; },
                [&](Counted&& c) {
                    order.push_back(c.n);
                    spaces.push_back(c.spaces);
                    most_in_flight = std::max(most_in_flight, emitted.load() - order.size());
                    return true;
                }
            );
            INFO("threads " << threads << ", window " << window);
            REQUIRE(order.size() == lines.size());
            CHECK(std::is_sorted(order.begin(), order.end()));
            CHECK(order.back() == lines.size() - 1);
            CHECK(spaces == expected);
            // At most `window` jobs wait, plus the one the reader is trying to hand over.
            CHECK(most_in_flight <= window + 1);
        }
    }
}

TEST_CASE("pipeline rethrows a reader error after the results read before it", "[pipeline]") {
    const auto lines = corpus_lines();
    for (std::size_t threads : {1, 4}) {
        std::vector<std::size_t> order;
        auto failing_reader = [&](const auto& emit) {
            for (std::size_t i = 0; i < 40; ++i) {
                if (!emit(Line{i, lines[i]})) {
                    return;
                }
            }
            throw std::runtime_error("cannot read line 40");
        };
        INFO("threads " << threads);
        CHECK_THROWS_WITH(
            run_ordered<Line>(
                threads,
                8,
                failing_reader,
                [] { return [](Line&& line) { return count_spaces(line); }; },
                [&](Counted&& c) {
                    order.push_back(c.n);
                    return true;
                }
            ),
            "cannot read line 40"
        );
        REQUIRE(order.size() == 40);
        CHECK(std::is_sorted(order.begin(), order.end()));
    }
}

TEST_CASE("pipeline rethrows a worker error in input order and joins its threads", "[pipeline]") {
    const auto lines = corpus_lines();
    for (std::size_t threads : {1, 3}) {
        auto token = std::make_shared<int>(0);
        std::atomic<std::size_t> emitted{0};
        std::vector<std::size_t> order;
        INFO("threads " << threads);
        CHECK_THROWS_WITH(
            run_ordered<Line>(
                threads,
                16,
                reader(lines, emitted),
                [&] {
                    return TokenWorker{token, 25};
                },
                [&](Counted&& c) {
                    order.push_back(c.n);
                    return true;
                }
            ),
            "worker failed on line 25"
        );
        // Every result before the failing line, none after it.
        REQUIRE(order.size() == 25);
        CHECK(order.back() == 24);
        // The workers are gone: their threads were joined before the exception left.
        CHECK(token.use_count() == 1);
        CHECK(emitted < lines.size());  // the reader was stopped, not drained
    }
}

TEST_CASE("pipeline lets a consumer error through at once and joins its threads", "[pipeline]") {
    const auto lines = corpus_lines();
    for (std::size_t threads : {1, 4}) {
        auto token = std::make_shared<int>(0);
        std::atomic<std::size_t> emitted{0};
        std::size_t consumed = 0;
        INFO("threads " << threads);
        CHECK_THROWS_WITH(
            run_ordered<Line>(
                threads,
                8,
                reader(lines, emitted),
                [&] { return TokenWorker{token}; },
                [&](Counted&& c) {
                    if (c.n == 10) {
                        throw std::runtime_error("writer failed");
                    }
                    ++consumed;
                    return true;
                }
            ),
            "writer failed"
        );
        CHECK(consumed == 10);
        CHECK(token.use_count() == 1);
        const std::size_t after = emitted;
        CHECK(after <= 10 + 8 + 2);  // the window bounded the reader
    }
}

TEST_CASE("pipeline stops early when the consumer says so", "[pipeline]") {
    const auto lines = corpus_lines();
    for (std::size_t threads : {1, 4}) {
        std::atomic<std::size_t> emitted{0};
        std::vector<std::size_t> order;
        run_ordered<Line>(
            threads,
            4,
            reader(lines, emitted),
            [] { return [](Line&& line) { return count_spaces(line); }; },
            [&](Counted&& c) {
                order.push_back(c.n);
                return order.size() < 5;
            }
        );
        INFO("threads " << threads);
        CHECK(order == std::vector<std::size_t>{0, 1, 2, 3, 4});
        CHECK(emitted <= 5 + 4 + 2);  // the reader stopped soon after
        CHECK(emitted < lines.size());
    }
}

TEST_CASE("pipeline with no input consumes nothing", "[pipeline]") {
    for (std::size_t threads : {1, 2}) {
        std::size_t consumed = 0;
        run_ordered<Line>(
            threads,
            4,
            [](const auto&) {},
            [] { return [](Line&& line) { return count_spaces(line); }; },
            [&](Counted&&) {
                ++consumed;
                return true;
            }
        );
        CHECK(consumed == 0);
    }
}
