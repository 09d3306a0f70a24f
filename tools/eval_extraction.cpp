/// eval_extraction: scores the extractors against hand annotations, Reuters-21578 labels, and
/// measures analysis speed. Used by scripts/eval-extraction.
///   eval_extraction gold GOLD_DIR CORPUS_DIR   precision/recall per kind on annotated articles
///   eval_extraction reuters REUTERS_DIR        how many PEOPLE/ORGS labels the extraction finds
///   eval_extraction speed DIR                  MB/s of extraction and of the whole analysis
///   eval_extraction top REUTERS_OR_TXT_DIR [N] the N most frequent speakers and organizations
///                                              (per article), for spotting systematic errors
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <zlib.h>

#include "analyzers/error.hpp"
#include "analyzers/extractor.hpp"
#include "analyzers/normalizer.hpp"
#include "analyzers/text.hpp"
#include "indexer/document_builder.hpp"
#include "indexer/text_reader.hpp"

namespace fs = std::filesystem;
using dossier::analyzers::Extraction;
using dossier::analyzers::Extractor;
using dossier::analyzers::fold_key;

namespace {

struct Score {
    std::size_t predicted = 0, gold = 0, matched = 0;

    double precision() const { return predicted ? double(matched) / double(predicted) : 1.0; }

    double recall() const { return gold ? double(matched) / double(gold) : 1.0; }

    std::string line(const char* kind) const {
        return fmt::format(
            "{:<22} P={:.3f} R={:.3f}  (matched {}, predicted {}, gold {})",
            kind,
            precision(),
            recall(),
            matched,
            predicted,
            gold
        );
    }
};

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw dossier::Error("cannot read '" + path + "'");
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string key(const std::string& name) {
    auto c = dossier::analyzers::AliasTable::builtin().canonical(name);
    return fold_key(c ? *c : name);
}

void score_names(
    const std::vector<std::string>& predicted,
    const std::vector<std::string>& gold,
    Score& s,
    std::vector<std::string>& misses,
    std::vector<std::string>& extras
) {
    std::set<std::string> g, p;
    for (const auto& x : gold) {
        g.insert(key(x));
    }
    for (const auto& x : predicted) {
        p.insert(key(x));
    }
    s.gold += g.size();
    s.predicted += p.size();
    for (const auto& x : p) {
        if (g.count(x)) {
            ++s.matched;
        } else {
            extras.push_back(x);
        }
    }
    for (const auto& x : g) {
        if (!p.count(x)) {
            misses.push_back(x);
        }
    }
}

int gold(const std::string& gold_dir, const std::string& corpus_dir) {
    const Extractor& ex = Extractor::builtin();
    Score speakers, orgs, quotes, quote_text, figures;
    std::size_t type_ok = 0, value_ok = 0, attributed_ok = 0;
    std::vector<std::string> notes;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(gold_dir)) {
        if (e.path().extension() == ".json") {
            files.push_back(e.path());
        }
    }
    std::sort(files.begin(), files.end());
    for (const auto& gf : files) {
        const std::string id = gf.stem().string();
        nlohmann::json g = nlohmann::json::parse(read_all(gf.string()));
        dossier::indexer::ReadReport report;
        auto article = dossier::indexer::article_from_text(
            read_all(corpus_dir + "/" + id + ".txt"), id, id, report
        );
        Extraction e = ex.extract(article.title, article.text);
        std::vector<std::string> misses, extras;
        score_names(
            e.speakers, g["speakers"].get<std::vector<std::string>>(), speakers, misses, extras
        );
        for (const auto& m : misses)
            notes.push_back(fmt::format("{}: speaker missed: {}", id, m));
        for (const auto& m : extras)
            notes.push_back(fmt::format("{}: speaker extra: {}", id, m));
        misses.clear();
        extras.clear();
        score_names(
            e.organizations,
            g["organizations"].get<std::vector<std::string>>(),
            orgs,
            misses,
            extras
        );
        for (const auto& m : misses)
            notes.push_back(fmt::format("{}: organization missed: {}", id, m));
        for (const auto& m : extras)
            notes.push_back(fmt::format("{}: organization extra: {}", id, m));

        // quotes: a gold quote is found by a predicted quote containing its fragment, with the same
        // speaker
        std::vector<bool> used(e.quotes.size(), false), used_text(e.quotes.size(), false);
        quotes.predicted += e.quotes.size();
        quote_text.predicted += e.quotes.size();
        for (const auto& gq : g["quotes"]) {
            ++quotes.gold;
            ++quote_text.gold;
            std::string frag = fold_key(gq["contains"].get<std::string>());
            std::string gspeaker =
                gq["speaker"].is_null() ? std::string() : key(gq["speaker"].get<std::string>());
            bool found = false, found_text = false;
            for (std::size_t i = 0; i < e.quotes.size(); ++i) {
                if (fold_key(e.quotes[i].text).find(frag) == std::string::npos) {
                    continue;
                }
                if (!found_text && !used_text[i]) {
                    used_text[i] = found_text = true;
                }
                std::string pspeaker =
                    e.quotes[i].speaker ? key(*e.quotes[i].speaker) : std::string();
                if (!found && !used[i] && pspeaker == gspeaker) {
                    used[i] = found = true;
                }
            }
            quotes.matched += found;
            quote_text.matched += found_text;
            if (!found) {
                notes.push_back(fmt::format(
                    "{}: quote missed: [{}] {}", id, gspeaker.empty() ? "-" : gspeaker, frag
                ));
            }
        }
        // figures: matched by their words, then value and type compared
        std::vector<bool> fused(e.figures.size(), false);
        figures.predicted += e.figures.size();
        for (const auto& gfig : g["figures"]) {
            ++figures.gold;
            std::string frag = fold_key(gfig["contains"].get<std::string>());
            double gv = gfig["value"].get<double>();
            std::optional<std::size_t> hit;
            for (int pass = 0; pass < 2 && !hit; ++pass) {
                for (std::size_t i = 0; i < e.figures.size() && !hit; ++i) {
                    std::string surface = fold_key(e.figures[i].surface);
                    bool ok = pass == 0 ? surface == frag || surface.ends_with(" " + frag)
                                        : surface.find(frag) != std::string::npos
                            || frag.find(surface) != std::string::npos;
                    if (!fused[i] && ok) {
                        hit = i;
                    }
                }
            }
            if (!hit) {
                notes.push_back(fmt::format(
                    "{}: figure missed: {} ({})", id, frag, gfig["type"].get<std::string>()
                ));
                continue;
            }
            fused[*hit] = true;
            ++figures.matched;
            const auto& f = e.figures[*hit];
            bool vok = std::fabs(f.value - gv) <= 1e-3 * std::max(1.0, std::fabs(gv));
            bool tok = dossier::analyzers::to_string(f.type) == gfig["type"].get<std::string>();
            value_ok += vok;
            type_ok += tok;
            if (!vok || !tok) {
                notes.push_back(fmt::format(
                    "{}: figure {}: got {} {} want {} {}",
                    id,
                    frag,
                    dossier::analyzers::to_string(f.type),
                    f.value,
                    gfig["type"].get<std::string>(),
                    gv
                ));
            }
        }
        for (std::size_t i = 0; i < e.figures.size(); ++i) {
            if (!fused[i]) {
                notes.push_back(fmt::format(
                    "{}: figure extra: {} ({})",
                    id,
                    e.figures[i].surface,
                    dossier::analyzers::to_string(e.figures[i].type)
                ));
            }
        }
        (void)attributed_ok;
    }
    fmt::print("articles: {}\n", files.size());
    fmt::print("{}\n{}\n", speakers.line("speakers"), orgs.line("organizations"));
    fmt::print(
        "{}\n{}\n", quotes.line("quotes (with speaker)"), quote_text.line("quotes (text only)")
    );
    fmt::print("{}\n", figures.line("figures (found)"));
    fmt::print(
        "{:<22} {:.3f}  ({} of {} matched figures)\n",
        "figure type accuracy",
        figures.matched ? double(type_ok) / double(figures.matched) : 1.0,
        type_ok,
        figures.matched
    );
    fmt::print(
        "{:<22} {:.3f}  ({} of {} matched figures)\n",
        "figure value accuracy",
        figures.matched ? double(value_ok) / double(figures.matched) : 1.0,
        value_ok,
        figures.matched
    );
    if (!notes.empty()) {
        fmt::print("\ndifferences:\n");
        for (const auto& n : notes) {
            fmt::print("  {}\n", n);
        }
    }
    return 0;
}

// ---- Reuters-21578 --------------------------------------------------------------------------

std::string gunzip(const std::string& path) {
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f) {
        throw dossier::Error("cannot open '" + path + "'");
    }
    std::string out;
    char buf[1 << 16];
    int n;
    while ((n = gzread(f, buf, sizeof buf)) > 0) {
        out.append(buf, static_cast<std::size_t>(n));
    }
    gzclose(f);
    return out;
}

std::string between(
    const std::string& s, const std::string& open, const std::string& close, std::size_t from = 0
) {
    auto b = s.find(open, from);
    if (b == std::string::npos) {
        return {};
    }
    b += open.size();
    auto e = s.find(close, b);
    return e == std::string::npos ? std::string() : s.substr(b, e - b);
}

std::vector<std::string> d_list(const std::string& field) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while ((pos = field.find("<D>", pos)) != std::string::npos) {
        auto e = field.find("</D>", pos);
        out.push_back(field.substr(pos + 3, e - pos - 3));
        pos = e;
    }
    return out;
}

std::string unescape(std::string s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '&') {
            auto semi = s.find(';', i);
            if (semi != std::string::npos && semi - i <= 6) {
                std::string ent = s.substr(i + 1, semi - i - 1);
                if (ent == "lt")
                    out += '<';
                else if (ent == "gt")
                    out += '>';
                else if (ent == "amp")
                    out += '&';
                else if (!ent.empty() && ent[0] == '#')
                    out += ' ';
                i = semi;
                continue;
            }
        }
        out += static_cast<unsigned char>(s[i]) < 0x80 ? s[i] : ' ';
    }
    return out;
}

std::string squash(const std::string& s) {  // "World Bank" / "world-bank" → "worldbank"
    std::string out;
    for (char c : fold_key(s)) {
        if (c != ' ' && c != '-' && c != '.') {
            out += c;
        }
    }
    return out;
}

/// Calls fn(story) for every <REUTERS> story of the reut2-NNN.sgm.gz files in `dir`.
template <typename Fn>
void for_each_reuters_story(const std::string& dir, Fn&& fn) {
    for (int n = 0; n <= 21; ++n) {
        std::string path = fmt::format("{}/reut2-{:03}.sgm.gz", dir, n);
        if (!fs::exists(path))
            continue;
        std::string sgm = gunzip(path);
        std::size_t pos = 0;
        while ((pos = sgm.find("<REUTERS", pos)) != std::string::npos) {
            auto end = sgm.find("</REUTERS>", pos);
            fn(sgm.substr(pos, end - pos));
            pos = end;
        }
    }
}

int reuters(const std::string& dir) {
    const Extractor& ex = Extractor::builtin();
    // organization variants from the gazetteer, so "ec" meets "European Community"
    std::map<std::string, std::set<std::string>> variants;  // squash(canonical) → squashed variants
    {
        std::istringstream in(read_all(dossier::analyzers::data_dir() + "/organizations.tsv"));
        for (std::string line; std::getline(in, line);) {
            if (line.empty() || line[0] == '#')
                continue;
            std::vector<std::string> fields;
            std::stringstream ls(line);
            for (std::string f; std::getline(ls, f, '\t');)
                fields.push_back(f);
            std::string canonical = key(fields[0]);
            for (const auto& f : fields)
                variants[squash(canonical)].insert(squash(f));
            variants[squash(canonical)].insert(squash(canonical));
        }
    }
    std::size_t people = 0, people_speakers = 0, orgs = 0, orgs_found = 0, docs = 0, labelled = 0;
    std::size_t speakers_total = 0, orgs_total = 0;
    for_each_reuters_story(dir, [&](const std::string& story) {
        std::string body = between(story, "<BODY>", "</BODY>");
        if (body.empty())
            return;
        ++docs;
        auto pl = d_list(between(story, "<PEOPLE>", "</PEOPLE>"));
        auto ol = d_list(between(story, "<ORGS>", "</ORGS>"));
        Extraction e = ex.extract(unescape(between(story, "<TITLE>", "</TITLE>")), unescape(body));
        speakers_total += e.speakers.size();
        orgs_total += e.organizations.size();
        if (pl.empty() && ol.empty())
            return;
        ++labelled;
        for (const auto& label : pl) {
            ++people;
            std::vector<std::string> words;
            std::stringstream ls(label);
            for (std::string w; std::getline(ls, w, '-');)
                words.push_back(w);
            for (const auto& s : e.speakers) {
                std::string k = " " + fold_key(s) + " ";
                for (auto& c : k)
                    c = c == '-' ? ' ' : c;
                bool all = true;
                for (const auto& w : words)
                    all = all && k.find(" " + w + " ") != std::string::npos;
                if (all) {
                    ++people_speakers;
                    break;
                }
            }
        }
        for (const auto& label : ol) {
            ++orgs;
            std::string l = squash(label), head = squash(label.substr(0, label.find('-')));
            for (const auto& o : e.organizations) {
                std::string k = squash(key(o));
                auto it = variants.find(k);
                bool hit = k == l || k == head
                    || (it != variants.end() && (it->second.count(l) || it->second.count(head)));
                if (hit) {
                    ++orgs_found;
                    break;
                }
            }
        }
    });
    fmt::print("stories with a body: {}; with PEOPLE or ORGS labels: {}\n", docs, labelled);
    fmt::print(
        "PEOPLE labels found among speakers:     {} of {} ({:.1f}%)\n",
        people_speakers,
        people,
        people ? 100.0 * double(people_speakers) / double(people) : 0.0
    );
    fmt::print(
        "ORGS labels found among organizations:  {} of {} ({:.1f}%)\n",
        orgs_found,
        orgs,
        orgs ? 100.0 * double(orgs_found) / double(orgs) : 0.0
    );
    fmt::print(
        "speakers per story: {:.2f}; organizations per story: {:.2f}\n",
        double(speakers_total) / double(std::max<std::size_t>(docs, 1)),
        double(orgs_total) / double(std::max<std::size_t>(docs, 1))
    );
    return 0;
}

// ---- speed ----------------------------------------------------------------------------------

int speed(const std::string& dir) {
    std::vector<dossier::indexer::Article> articles;
    std::size_t bytes = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (!e.is_regular_file() || e.path().extension() != ".txt"
            || e.path().filename() == "README.TXT")
            continue;
        dossier::indexer::ReadReport report;
        auto a = dossier::indexer::article_from_text(
            dossier::analyzers::repair_utf8(read_all(e.path().string())),
            e.path().stem().string(),
            e.path().string(),
            report
        );
        bytes += a.text.size() + a.title.size();
        articles.push_back(std::move(a));
    }
    const Extractor& ex = Extractor::builtin();
    using clock = std::chrono::steady_clock;
    auto t0 = clock::now();
    std::size_t quotes = 0, figures = 0;
    for (const auto& a : articles) {
        auto e = ex.extract(a.title, a.text);
        quotes += e.quotes.size();
        figures += e.figures.size();
    }
    auto t1 = clock::now();
    dossier::indexer::DocumentBuilder builder;
    std::size_t terms = 0;
    for (const auto& a : articles) {
        terms += builder.build(a).termlist_count();
    }
    auto t2 = clock::now();
    double mb = double(bytes) / 1e6;
    double ext = std::chrono::duration<double>(t1 - t0).count(),
           all = std::chrono::duration<double>(t2 - t1).count();
    fmt::print("articles: {}, {:.2f} MB (one thread)\n", articles.size(), mb);
    fmt::print(
        "extraction only:               {:.2f} s, {:.2f} MB/s  ({} quotes, {} figures)\n",
        ext,
        mb / ext,
        quotes,
        figures
    );
    fmt::print(
        "whole analysis (DocumentBuilder): {:.2f} s, {:.2f} MB/s per core  ({} terms)\n",
        all,
        mb / all,
        terms
    );
    fmt::print("extraction share of the analysis: {:.0f}%\n", 100.0 * ext / all);
    return 0;
}

// ---- top: most frequent extracted names --------------------------------------------------

int top(const std::string& dir, std::size_t n) {
    const Extractor& ex = Extractor::builtin();
    std::map<std::string, std::size_t> speakers, orgs;
    std::size_t docs = 0, unnamed = 0, quotes = 0;
    auto count = [&](const Extraction& e) {
        ++docs;
        for (const auto& s : std::set<std::string>(e.speakers.begin(), e.speakers.end()))
            ++speakers[s];
        for (const auto& o : std::set<std::string>(e.organizations.begin(), e.organizations.end()))
            ++orgs[o];
        for (const auto& q : e.quotes) {
            ++quotes;
            unnamed += !q.speaker.has_value();
        }
    };
    if (fs::exists(dir + "/reut2-000.sgm.gz")) {
        for_each_reuters_story(dir, [&](const std::string& story) {
            std::string body = between(story, "<BODY>", "</BODY>");
            if (!body.empty())
                count(ex.extract(unescape(between(story, "<TITLE>", "</TITLE>")), unescape(body)));
        });
    } else {
        for (const auto& e : fs::recursive_directory_iterator(dir)) {
            if (!e.is_regular_file() || e.path().extension() != ".txt"
                || e.path().filename() == "README.TXT")
                continue;
            dossier::indexer::ReadReport report;
            auto a = dossier::indexer::article_from_text(
                dossier::analyzers::repair_utf8(read_all(e.path().string())),
                e.path().stem().string(),
                e.path().string(),
                report
            );
            count(ex.extract(a.title, a.text));
        }
    }
    auto print = [n](const char* what, const std::map<std::string, std::size_t>& m) {
        std::vector<std::pair<std::size_t, std::string>> v;
        for (const auto& [k, c] : m)
            v.emplace_back(c, k);
        std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
            return a.first != b.first ? a.first > b.first : a.second < b.second;
        });
        fmt::print("{} (articles):", what);
        for (std::size_t i = 0; i < v.size() && i < n; ++i)
            fmt::print("{}{} {}", i % 6 ? "; " : "\n  ", v[i].first, v[i].second);
        fmt::print("\n");
    };
    fmt::print("articles: {}; quotes: {} ({} unnamed)\n", docs, quotes, unnamed);
    print("speakers", speakers);
    print("organizations", orgs);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        std::string cmd = argc > 1 ? argv[1] : "";
        if (cmd == "gold" && argc == 4)
            return gold(argv[2], argv[3]);
        if (cmd == "reuters" && argc == 3)
            return reuters(argv[2]);
        if (cmd == "speed" && argc == 3)
            return speed(argv[2]);
        if (cmd == "top" && (argc == 3 || argc == 4))
            return top(argv[2], argc == 4 ? std::stoul(argv[3]) : 60);
        fmt::print(
            stderr,
            "usage: eval_extraction gold GOLD_DIR CORPUS_DIR | reuters REUTERS_DIR | speed DIR | "
            "top DIR [N]\n"
        );
        return 2;
    } catch (const std::exception& e) {
        fmt::print(stderr, "eval_extraction: error: {}\n", e.what());
        return 1;
    }
}
