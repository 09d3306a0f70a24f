/// eval_ranking: nDCG@k of Dossier's ranking for a set of judged queries, over a grid of BM25
/// parameters and (optionally) title weights. Used by scripts/eval-ranking.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "analyzers/analysis_config.hpp"
#include "analyzers/error.hpp"
#include "indexer/document_builder.hpp"
#include "indexer/index_writer.hpp"
#include "indexer/text_reader.hpp"
#include "searcher/searcher.hpp"

namespace {

/// query → (article id → grade). Lines: query TAB id TAB grade; '#' comments; grade 0 may be
/// omitted (unjudged articles count as 0).
std::map<std::string, std::map<std::string, int>> read_judgements(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        throw dossier::Error("cannot read judgements '" + path + "'");
    }
    std::map<std::string, std::map<std::string, int>> out;
    std::string line;
    for (std::size_t n = 1; std::getline(in, line); ++n) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (line.empty() || line[0] == '#') {
            continue;
        }
        std::vector<std::string> f;
        std::stringstream ss(line);
        for (std::string x; std::getline(ss, x, '\t');) {
            f.push_back(x);
        }
        if (f.size() != 3) {
            throw dossier::CorpusError(path, n, "expected query TAB article id TAB grade");
        }
        out[f[0]][f[1]] = std::stoi(f[2]);
    }
    return out;
}

double dcg(const std::vector<int>& grades, std::size_t k) {
    double sum = 0;
    for (std::size_t i = 0; i < grades.size() && i < k; ++i) {
        sum += (std::pow(2.0, grades[i]) - 1.0) / std::log2(static_cast<double>(i) + 2.0);
    }
    return sum;
}

std::vector<double> parse_list(const std::string& s) {
    std::vector<double> out;
    std::stringstream ss(s);
    for (std::string x; std::getline(ss, x, ',');) {
        out.push_back(std::stod(x));
    }
    return out;
}

/// Indexes every text file under `dir` (ids = file stems, as the indexer does) with the given
/// title weight, into `db`.
void build_index(const std::string& dir, const std::string& db, Xapian::termcount title_weight) {
    const auto analysis = dossier::analyzers::AnalysisConfig::from_environment();
    dossier::indexer::IndexWriter writer(db, analysis);
    dossier::indexer::DocumentBuilder builder(
        analysis, dossier::indexer::FieldWeights{title_weight, 1}
    );
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
        if (e.is_regular_file()
            && (e.path().extension() == ".txt" || e.path().extension().empty())) {
            files.push_back(e.path());
        }
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        dossier::indexer::ReadReport report;
        auto article = dossier::indexer::read_text_article(f.string(), report);
        if (report.skip_reason.empty()) {
            writer.put_document(article.id, builder.build(article));
        }
    }
    writer.commit();
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"eval_ranking: nDCG@k of Dossier's ranking for judged queries"};
    std::string db;
    std::string judgements;
    std::string build_from;
    std::string k1s = "1.2";
    std::string bs = "0.5";
    std::string title_weights;
    std::size_t depth = 10;
    bool per_query = false;
    app.add_option("--db", db, "index to evaluate (with --build-from: where to build it)")
        ->required();
    app.add_option("--judgements", judgements, "TSV: query TAB article id TAB grade (0-3)")
        ->required()
        ->check(CLI::ExistingFile);
    app.add_option("--k1", k1s, "BM25 k1 values, comma-separated");
    app.add_option("--b", bs, "BM25 b values, comma-separated");
    app.add_option(
        "--build-from", build_from, "index this directory's text files first (ids = file stems)"
    );
    app.add_option(
        "--title-weights",
        title_weights,
        "with --build-from: title weights to compare, comma-separated"
    );
    app.add_option("--depth", depth, "cut-off k of nDCG@k");
    app.add_flag("--per-query", per_query, "print nDCG of every query");
    CLI11_PARSE(app, argc, argv);
    try {
        const auto judged = read_judgements(judgements);
        std::vector<double> weights =
            title_weights.empty() ? std::vector<double>{-1} : parse_list(title_weights);
        for (double tw : weights) {
            std::string path = db;
            if (!build_from.empty()) {
                if (tw >= 0) {
                    path = fmt::format("{}-title{}", db, static_cast<int>(tw));
                }
                std::error_code ec;
                if (!std::filesystem::exists(path, ec)) {
                    build_index(build_from, path, static_cast<Xapian::termcount>(tw >= 0 ? tw : 3));
                }
            }
            dossier::searcher::Searcher searcher(path);
            for (double k1 : parse_list(k1s)) {
                for (double b : parse_list(bs)) {
                    double total = 0;
                    std::size_t n = 0;
                    for (const auto& [query, grades] : judged) {
                        std::vector<int> ideal;
                        for (const auto& [id, g] : grades) {
                            ideal.push_back(g);
                        }
                        std::sort(ideal.rbegin(), ideal.rend());
                        const double best = dcg(ideal, depth);
                        if (best <= 0) {
                            continue;
                        }
                        dossier::searcher::HitsRequest r;
                        r.query = query;
                        r.limit = depth;
                        r.snippet_bytes = 20;
                        r.correct_spelling = false;
                        r.bm25.k1 = k1;
                        r.bm25.b = b;
                        std::vector<int> got;
                        for (const auto& hit : searcher.hits(r).hits) {
                            auto it = grades.find(hit.id);
                            got.push_back(it == grades.end() ? 0 : it->second);
                        }
                        const double ndcg = dcg(got, depth) / best;
                        if (per_query) {
                            fmt::print("  {:.4f}  {}\n", ndcg, query);
                        }
                        total += ndcg;
                        ++n;
                    }
                    std::string label = tw >= 0 ? fmt::format("title_weight={} ", tw) : "";
                    fmt::print(
                        "{}k1={} b={} nDCG@{}={:.4f} ({} queries)\n",
                        label,
                        k1,
                        b,
                        depth,
                        n ? total / static_cast<double>(n) : 0.0,
                        n
                    );
                }
            }
        }
    } catch (const dossier::Error& e) {
        fmt::print(stderr, "eval_ranking: error: {}\n", e.what());
        return 1;
    } catch (const Xapian::Error& e) {
        fmt::print(stderr, "eval_ranking: error: {}\n", e.get_description());
        return 1;
    } catch (const std::exception& e) {
        fmt::print(stderr, "eval_ranking: error: {}\n", e.what());
        return 1;
    }
    return 0;
}
