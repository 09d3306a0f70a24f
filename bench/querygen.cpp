/// bench_queries: a fixed, seeded set of queries drawn from a JSONL corpus, one per line.
///   bench_queries FILE.jsonl [N=1000] [SEED=42]
/// Mix: 40% one word, 30% two words, 10% three words, 10% a two-word phrase from a text, 10% a
/// title: query. Words are taken from random records (lower-cased, letters only, 4+ letters, not in
/// a small stop list), so queries hit real vocabulary with realistic document frequencies.
#include <algorithm>
#include <cctype>
#include <fstream>
#include <iostream>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

std::vector<std::string> words_of(const std::string& text) {
    static const std::set<std::string> stop = {"that",  "with",  "from",  "this",  "have",  "were",
                                               "said",  "which", "their", "they",  "been",  "will",
                                               "would", "there", "also",  "about", "other", "more",
                                               "after", "when",  "than",  "into",  "some",  "what"};
    std::vector<std::string> out;
    std::string w;
    for (char c : text + " ") {
        if (std::isalpha(static_cast<unsigned char>(c))) {
            w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        } else {
            if (w.size() >= 4 && !stop.count(w))
                out.push_back(w);
            w.clear();
        }
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: bench_queries FILE.jsonl [N] [SEED]\n";
        return 2;
    }
    const std::size_t n = argc > 2 ? std::stoul(argv[2]) : 1000;
    const unsigned seed = argc > 3 ? static_cast<unsigned>(std::stoul(argv[3])) : 42;
    std::vector<std::pair<std::string, std::string>> records;  // title, text (sampled: every k-th)
    {
        std::ifstream in(argv[1]);
        std::string line;
        std::size_t i = 0;
        while (std::getline(in, line)) {
            if (i++ % 7 != 0)
                continue;  // a deterministic sample keeps memory small
            auto rec = nlohmann::json::parse(line, nullptr, false);
            if (!rec.is_object())
                continue;
            std::string text = rec.value("text", "");
            records.emplace_back(rec.value("title", ""), text.substr(0, 4000));
        }
    }
    if (records.empty())
        return 1;
    std::mt19937 rng(seed);
    auto pick = [&](std::size_t k) {
        return std::uniform_int_distribution<std::size_t>(0, k - 1)(rng);
    };
    std::size_t made = 0;
    while (made < n) {
        const auto& [title, text] = records[pick(records.size())];
        auto words = words_of(text);
        auto twords = words_of(title);
        if (words.size() < 4)
            continue;
        const std::size_t kind = pick(10);
        std::string q;
        if (kind < 4) {
            q = words[pick(words.size())];
        } else if (kind < 7) {
            q = words[pick(words.size())] + " " + words[pick(words.size())];
        } else if (kind < 8) {
            q = words[pick(words.size())] + " " + words[pick(words.size())] + " "
                + words[pick(words.size())];
        } else if (kind < 9) {
            std::size_t a = pick(words.size() - 1);
            q = "\"" + words[a] + " " + words[a + 1] + "\"";
        } else {
            if (twords.empty())
                continue;
            q = "title:" + twords[pick(twords.size())];
        }
        std::cout << q << "\n";
        ++made;
    }
    return 0;
}
