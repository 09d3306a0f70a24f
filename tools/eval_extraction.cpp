/// eval_extraction: scores the extractors against hand annotations, Reuters-21578 labels, and
/// measures analysis speed. Used by scripts/eval-extraction.
///   eval_extraction gold GOLD_DIR CORPUS_DIR   precision/recall per kind on annotated articles
///   eval_extraction reuters REUTERS_DIR        how many PEOPLE/ORGS/PLACES labels it finds
///   eval_extraction polnear SPLIT_DIR [-v]     named-source P/R/F1 per article (PolNeAR)
///   eval_extraction conll FILE [-v]            document-level ORG/PER/LOC P/R/F1 (CoNLL-2003)
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

#include "analyzers/analysis_config.hpp"
#include "analyzers/error.hpp"
#include "analyzers/extractor.hpp"
#include "analyzers/normalizer.hpp"
#include "analyzers/text.hpp"
#include "indexer/document_builder.hpp"
#include "indexer/text_reader.hpp"

namespace fs = std::filesystem;
using dossier::analyzers::Extraction;
using dossier::analyzers::Extractor;

namespace {

/// The analysis configuration of this run (the data directory a front end uses), loaded once.
const dossier::analyzers::AnalysisConfig& analysis() {
    static const auto config = dossier::analyzers::AnalysisConfig::from_environment();
    return config;
}

}  // namespace

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
    auto c = analysis().aliases->canonical(name);
    return fold_key(c ? *c : name);
}

/// key() for the PolNeAR score, which also folds the variants of data/organizations.tsv into their
/// display name ("FBI" or "F.B.I." -> "Federal Bureau of Investigation", "AP" -> "Associated
/// Press"; a dotted acronym is read without its dots, "f.a.a" -> "faa"): the
/// extractor names a gazetteer organization by its display name, so before issue 12's fifth stop a
/// gold "The FBI" scored as one miss and one false speaker. A change of the measure, not of the
/// extraction.
std::string org_key(const std::string& name) {
    static const std::map<std::string, std::string> variants = [] {
        std::map<std::string, std::string> m;
        std::ifstream in(analysis().data_dir + "/organizations.tsv");
        for (std::string line; std::getline(in, line);) {
            if (line.empty() || line[0] == '#')
                continue;
            std::istringstream fields(line);
            std::string display, v;
            std::getline(fields, display, '\t');
            while (std::getline(fields, v, '\t'))
                if (!v.empty())
                    m.emplace(fold_key(v), key(display));
        }
        return m;
    }();
    std::string k = key(name);
    // a dotted acronym ("the F.B.I.", NYT style) is looked up without its dots
    bool dotted = k.size() >= 5;
    for (std::size_t i = 0; dotted && i < k.size(); ++i)
        dotted = i % 2 == 0 ? (k[i] >= 'a' && k[i] <= 'z') : k[i] == '.';
    if (dotted) {
        std::string bare;
        for (char ch : k)
            if (ch != '.')
                bare += ch;
        k = bare;
    }
    auto it = variants.find(k);
    return it == variants.end() ? k : it->second;
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
    const Extractor& ex = *analysis().extractor;
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
    const Extractor& ex = *analysis().extractor;
    // organization variants from the gazetteer, so "ec" meets "European Community"
    std::map<std::string, std::set<std::string>> variants;  // squash(canonical) → squashed variants
    {
        std::istringstream in(read_all(analysis().data_dir + "/organizations.tsv"));
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
    // PLACES labels are lower-case, hyphenated country names; a few are abbreviations
    const std::map<std::string, std::string> place_labels = {
        {"usa", "unitedstates"},
        {"uk", "unitedkingdom"},
        {"ussr", "sovietunion"},
        {"uae", "unitedarabemirates"},
        {"south-korea", "southkorea"},
        {"hong-kong", "hongkong"},
        {"ivory-coast", "cotedivoire"}};
    std::size_t places = 0, places_found = 0, places_total = 0, people_found = 0, people_total = 0;
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
        places_total += e.places.size();
        people_total += e.people.size();
        for (const auto& label : d_list(between(story, "<PLACES>", "</PLACES>"))) {
            ++places;
            auto it = place_labels.find(label);
            std::string l = it != place_labels.end() ? it->second : squash(label);
            for (const auto& p : e.places) {
                std::string k = squash(p);
                if (k == l || (k.rfind(l, 0) == 0 && l.size() >= 4)) {  // "bosnia" of "Bosnia &..."
                    ++places_found;
                    break;
                }
            }
        }
        if (pl.empty() && ol.empty())
            return;
        ++labelled;
        for (const auto& label : pl) {
            ++people;
            std::vector<std::string> words;
            std::stringstream ls(label);
            for (std::string w; std::getline(ls, w, '-');)
                words.push_back(w);
            auto among = [&words](const std::vector<std::string>& names) {
                for (const auto& s : names) {
                    std::string k = " " + fold_key(s) + " ";
                    for (auto& c : k)
                        c = c == '-' ? ' ' : c;
                    bool all = true;
                    for (const auto& w : words)
                        all = all && k.find(" " + w + " ") != std::string::npos;
                    if (all)
                        return true;
                }
                return false;
            };
            people_speakers += among(e.speakers);
            people_found += among(e.people);
        }
        for (const auto& label : ol) {
            ++orgs;
            std::string l = squash(label), head = squash(label.substr(0, label.find('-')));
            for (const auto& o : e.organizations) {
                std::string k = squash(key(o));
                auto it = variants.find(k);
                // (or its initials: the label "atpc" and "Association of Tin Producing
                // Countries", named in full where the story defines the acronym)
                std::string initials;
                for (std::size_t c = 0; c < o.size(); ++c)
                    if ((c == 0 || o[c - 1] == ' ') && o[c] >= 'A' && o[c] <= 'Z')
                        initials += static_cast<char>(o[c] - 'A' + 'a');
                bool hit = k == l || k == head || (l.size() >= 3 && initials == l)
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
        "PEOPLE labels found among people:       {} of {} ({:.1f}%)\n",
        people_found,
        people,
        people ? 100.0 * double(people_found) / double(people) : 0.0
    );
    fmt::print(
        "PLACES labels found among places:       {} of {} ({:.1f}%)\n",
        places_found,
        places,
        places ? 100.0 * double(places_found) / double(places) : 0.0
    );
    fmt::print(
        "ORGS labels found among organizations:  {} of {} ({:.1f}%)\n",
        orgs_found,
        orgs,
        orgs ? 100.0 * double(orgs_found) / double(orgs) : 0.0
    );
    fmt::print(
        "speakers per story: {:.2f}; organizations per story: {:.2f}; people per story: {:.2f}; "
        "places per story: {:.2f}\n",
        double(speakers_total) / double(std::max<std::size_t>(docs, 1)),
        double(orgs_total) / double(std::max<std::size_t>(docs, 1)),
        double(people_total) / double(std::max<std::size_t>(docs, 1)),
        double(places_total) / double(std::max<std::size_t>(docs, 1))
    );
    return 0;
}

/// Calls fn(article) for each .txt article of a BBC News style directory (README.TXT left out).
template <typename Fn>
void for_each_text_file(const std::string& dir, Fn&& fn) {
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (!e.is_regular_file() || e.path().extension() != ".txt"
            || e.path().filename() == "README.TXT")
            continue;
        dossier::indexer::ReadReport report;
        fn(dossier::indexer::article_from_text(
            dossier::analyzers::repair_utf8(read_all(e.path().string())),
            e.path().stem().string(),
            e.path().string(),
            report
        ));
    }
}

// ---- speed ----------------------------------------------------------------------------------

int speed(const std::string& dir) {
    std::vector<dossier::indexer::Article> articles;
    std::size_t bytes = 0;
    for_each_text_file(dir, [&](dossier::indexer::Article a) {
        bytes += a.text.size() + a.title.size();
        articles.push_back(std::move(a));
    });
    const Extractor& ex = *analysis().extractor;
    using clock = std::chrono::steady_clock;
    auto t0 = clock::now();
    std::size_t quotes = 0, figures = 0;
    for (const auto& a : articles) {
        auto e = ex.extract(a.title, a.text);
        quotes += e.quotes.size();
        figures += e.figures.size();
    }
    auto t1 = clock::now();
    dossier::indexer::DocumentBuilder builder(analysis());
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

/// Calls fn(title, body) for each story of a Reuters-21578 directory (with a body) or each
/// article of a BBC News style directory of .txt files.
template <typename Fn>
void for_each_article(const std::string& dir, Fn&& fn) {
    if (fs::exists(dir + "/reut2-000.sgm.gz")) {
        for_each_reuters_story(dir, [&](const std::string& story) {
            std::string body = between(story, "<BODY>", "</BODY>");
            if (!body.empty())
                fn(unescape(between(story, "<TITLE>", "</TITLE>")), unescape(body));
        });
        return;
    }
    for_each_text_file(dir, [&](const dossier::indexer::Article& a) { fn(a.title, a.text); });
}

int top(const std::string& dir, std::size_t n) {
    const Extractor& ex = *analysis().extractor;
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
    for_each_article(dir, [&](const std::string& title, const std::string& body) {
        count(ex.extract(title, body));
    });
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

// ---- figtypes: articles per figure type ---------------------------------------------------

/// Articles tagged with each figure type (the figure facet) and figures per type, over BBC News
/// and/or Reuters-21578 (each DIR is either), so "other" can be watched. `--list TYPE` first
/// prints each figure of that type: surface [unit] value || sentence.
int figtypes(std::vector<std::string> dirs) {
    std::string list;  // "--list TYPE": also print each figure of that type with its sentence
    if (dirs.size() > 2 && dirs[0] == "--list") {
        list = dirs[1];
        dirs.erase(dirs.begin(), dirs.begin() + 2);
    }
    const Extractor& ex = *analysis().extractor;
    std::map<std::string, std::size_t> articles, figures;
    std::size_t docs = 0, with = 0;
    auto count = [&](const Extraction& e) {
        ++docs;
        with += !e.figures.empty();
        for (const auto& t : e.figure_types())
            ++articles[t];
        for (const auto& f : e.figures) {
            ++figures[to_string(f.type)];
            if (list == to_string(f.type))
                fmt::print("{} [{}] {} || {}\n", f.surface, f.unit, f.value, f.sentence);
        }
    };
    for (const auto& dir : dirs)
        for_each_article(dir, [&](const std::string& title, const std::string& body) {
            count(ex.extract(title, body));
        });
    std::vector<std::pair<std::size_t, std::string>> v;
    for (const auto& [k, c] : articles)
        v.emplace_back(c, k);
    std::sort(v.rbegin(), v.rend());
    fmt::print("articles: {} ({} with figures)\ntype: articles tagged, figures\n", docs, with);
    for (const auto& [c, k] : v)
        fmt::print("  {:<16} {:>6} {:>7}\n", k, c, figures[k]);
    return 0;
}

// ---- sizes: the largest extraction of an article ----------------------------------------------

/// Per kind (figures, quotes, speakers, organizations, people, places), the most one article of
/// the DIRs (BBC News and/or Reuters-21578) holds, and the largest stored extraction (JSON bytes)
/// and its ratio to the article's size: the real maxima that the caps of
/// analyzers/extraction.hpp must stay above.
int sizes(const std::vector<std::string>& dirs) {
    const Extractor& ex = *analysis().extractor;

    struct Max {
        std::size_t n = 0;
        std::string title;
    };

    std::map<std::string, Max> most;
    double ratio = 0;
    std::string ratio_title;
    std::size_t docs = 0;
    auto keep = [&](const std::string& kind, std::size_t n, const std::string& title) {
        Max& m = most[kind];
        if (n > m.n) {
            m = {n, title};
        }
    };
    for (const auto& dir : dirs)
        for_each_article(dir, [&](const std::string& title, const std::string& body) {
            ++docs;
            const Extraction e = ex.extract(title, body);
            keep("figures", e.figures.size(), title);
            keep("quotes", e.quotes.size(), title);
            keep("speakers", e.speakers.size(), title);
            keep("organizations", e.organizations.size(), title);
            keep("people", e.people.size(), title);
            keep("places", e.places.size(), title);
            std::map<std::size_t, std::size_t> per_sentence;
            for (const auto& f : e.figures)
                keep("figures, 1 sentence", ++per_sentence[f.sentence_index], title);
            const std::size_t bytes = to_json(e).dump().size();
            keep("extraction bytes", bytes, title);
            keep("article bytes", body.size(), title);
            if (body.size() >= 200 && double(bytes) / body.size() > ratio) {
                ratio = double(bytes) / body.size();
                ratio_title = title;
            }
        });
    fmt::print("articles: {}\nthe most in one article:\n", docs);
    for (const auto& [kind, m] : most)
        fmt::print("  {:<18} {:>8}  ({})\n", kind, m.n, m.title);
    fmt::print("  {:<18} {:>8.1f}  ({})\n", "extraction/article", ratio, ratio_title);
    return 0;
}

// ---- figures: value precision/recall on the hand-checked spans --------------------------------

/// Scores figure values against tests/data/figures-dev/figures.tsv (format in its README.md):
/// the figures of each span's article that lie inside the span, dates excluded, each value and
/// range end matched at most once to an equal gold value (relative tolerance 1e-6).
int figures(const std::string& tsv, const std::string& shared, bool verbose) {
    const Extractor& ex = *analysis().extractor;
    std::ifstream in(tsv);
    if (!in)
        throw std::runtime_error("cannot read " + tsv);
    std::map<std::string, std::pair<std::string, std::string>> cache;  // source → title, body
    auto article = [&](const std::string& source) -> const std::pair<std::string, std::string>& {
        auto it = cache.find(source);
        if (it != cache.end())
            return it->second;
        std::pair<std::string, std::string> tb;
        auto hash = source.find('#');
        if (hash != std::string::npos) {
            std::string path = shared + "/" + source.substr(0, hash), id = source.substr(hash + 1);
            std::string sgm = gunzip(path);
            auto pos = sgm.find("NEWID=\"" + id + "\"");
            if (pos == std::string::npos)
                throw std::runtime_error("no story " + source);
            std::string story = sgm.substr(pos, sgm.find("</REUTERS>", pos) - pos);
            tb = {
                unescape(between(story, "<TITLE>", "</TITLE>")),
                unescape(between(story, "<BODY>", "</BODY>"))};
        } else {
            dossier::indexer::ReadReport report;
            auto a = dossier::indexer::article_from_text(
                dossier::analyzers::repair_utf8(read_all(shared + "/" + source)),
                source,
                source,
                report
            );
            tb = {a.title, a.text};
        }
        return cache.emplace(source, std::move(tb)).first->second;
    };
    std::size_t tp = 0, npred = 0, ngold = 0, rows = 0;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        std::vector<std::string> col;
        std::size_t b = 0;
        for (std::size_t e; (e = line.find('\t', b)) != std::string::npos; b = e + 1)
            col.push_back(line.substr(b, e - b));
        col.push_back(line.substr(b));
        if (col.size() != 4)
            throw std::runtime_error(tsv + ": not 4 columns: " + line);
        const auto& [title, body] = article(col[0]);
        // the span is found with white space runs read as one space (wire copy breaks lines)
        std::string flat;
        std::vector<std::size_t> at;
        for (std::size_t i = 0; i < body.size(); ++i) {
            bool space = body[i] == ' ' || body[i] == '\n' || body[i] == '\t' || body[i] == '\r';
            if (space && !flat.empty() && flat.back() == ' ')
                continue;
            flat.push_back(space ? ' ' : body[i]);
            at.push_back(i);
        }
        auto fb = flat.find(col[1]);
        auto fe = fb == std::string::npos ? fb : flat.find(col[2], fb);
        if (fe == std::string::npos)
            throw std::runtime_error(tsv + ": span not found in " + col[0] + ": " + col[1]);
        std::size_t sb = at[fb], se = at[fe + col[2].size() - 1] + 1;
        ++rows;
        std::vector<double> gold;
        std::istringstream vs(col[3]);
        for (std::string v; vs >> v;) {
            if (v == "-")
                continue;
            auto dots = v.find("..");
            gold.push_back(std::stod(v.substr(0, dots)));
            if (dots != std::string::npos)
                gold.push_back(std::stod(v.substr(dots + 2)));
        }
        std::vector<double> pred;
        auto e = ex.extract(title, body);
        for (const auto& f : e.figures) {
            if (f.type == dossier::analyzers::FigureType::Date || f.begin < sb || f.end > se)
                continue;
            pred.push_back(f.value);
            if (f.value_max)
                pred.push_back(*f.value_max);
        }
        std::vector<bool> used(gold.size());
        std::string missed, extra;
        std::size_t hit = 0;
        for (double p : pred) {
            bool ok = false;
            for (std::size_t g = 0; g < gold.size() && !ok; ++g) {
                if (!used[g] && std::abs(p - gold[g]) <= 1e-6 * std::max(1.0, std::abs(gold[g]))) {
                    used[g] = ok = true;
                }
            }
            hit += ok;
            if (!ok)
                extra += fmt::format(" {:g}", p);
        }
        for (std::size_t g = 0; g < gold.size(); ++g)
            if (!used[g])
                missed += fmt::format(" {:g}", gold[g]);
        tp += hit;
        npred += pred.size();
        ngold += gold.size();
        if (verbose && (!missed.empty() || !extra.empty()))
            fmt::print("  {} \"{}\": missed{} | extra{}\n", col[0], col[1], missed, extra);
    }
    double p = npred ? double(tp) / npred : 0, r = ngold ? double(tp) / ngold : 0;
    fmt::print(
        "figure values  P={:.3f} R={:.3f} F1={:.3f}  (matched {}, predicted {}, gold {}; {} "
        "spans)\n",
        p,
        r,
        p + r > 0 ? 2 * p * r / (p + r) : 0,
        tp,
        npred,
        ngold,
        rows
    );
    return 0;
}

// ---- PolNeAR: named sources ------------------------------------------------------------------
//
// How a PolNeAR Source span becomes a name (or is dropped as unnamed):
//  1. The span is cut at its first comma, parenthesis, dash or relative pronoun ("Huma Abedin,
//     vice chairwoman for ..." -> "Huma Abedin"; "Sen. Lindsey Graham (R-SC)" -> "Sen. Lindsey
//     Graham").
//  2. What is left is named only when its last word is capitalized: "the Clinton campaign",
//     "Hillary Clinton's right-hand woman", "White House officials" and "a new poll" end in a
//     common noun and are generic noun phrases. Pronouns ("He", "I", "It"), single letters
//     (transcript labels "Q", "A") and capitalized group plurals ("Democrats", "Republicans",
//     "Americans") are not named either. A capitalized last word after "for", "of", "with", "at"
//     inside a noun phrase ("a spokesman for Trump") is the complement, not the source: dropped.
//     A person's home state after "of" is cut ("Sen. Tammy Baldwin of Wisconsin" -> "Sen.
//     Tammy Baldwin"; a US state or territory after two capitalized words, the one before "of"
//     not an organization or role word, so "Federal Reserve Bank of New York" stays whole).
//  3. The name is the run of capitalized words ending there, started after the last possessive
//     ("Breitbart's Joel Pollak" -> "Joel Pollak") and after the last title or role word
//     ("Former Florida Gov. Jeb Bush" -> "Jeb Bush"; "Spokeswoman Haley Morris" -> "Haley
//     Morris"); a leading "The" is dropped ("The New York Times" -> "New York Times").
// Texts annotated by several annotators are scored against the first annotation file (sorted by
// name). Scoring is per article, on sets of distinct names: a predicted speaker matches a gold
// name when their keys are equal after the alias table, or when one of them is a single word
// equal to the other's last word ("Trump" and "Donald Trump"). On both sides a single word that
// is the last word of a longer name of the same article counts once with it. Totals are
// micro-averaged.

const std::set<std::string>& polnear_role_words() {
    static const std::set<std::string> words = {
        "sen",
        "sens",
        "senator",
        "reps",
        "rep",
        "representative",
        "gov",
        "governor",
        "president",
        "mr",
        "mrs",
        "ms",
        "dr",
        "former",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "author",
        "reporter",
        "editor",
        "chairman",
        "chairwoman",
        "candidate",
        "nominee",
        "frontrunner",
        "secretary",
        "state",
        "director",
        "adviser",
        "advisor",
        "manager",
        "speaker",
        "leader",
        "mayor",
        "attorney",
        "general",
        "judge",
        "justice",
        "gen",
        "lt",
        "col",
        "sgt",
        "rev",
        "professor",
        "prof",
        "chief",
        "host",
        "anchor",
        "correspondent",
        "columnist",
        "strategist",
        "pollster",
        "analyst",
        "commentator",
        "ambassador",
        "minister",
        "vice",
        "press",
        "chair",
        "founder",
        "ceo",
        "executive",
        "officer",
        "official",
        "the",
        "senior",
        "house",
        "majority",
        "minority",
        "whip",
        "republican",
        "democratic",
        "democrat",
        "gop",
        "presidential",
        "hopeful",
        "challenger",
        "businessman",
        "billionaire",
        "mogul",
        // issue 12, fourth stop: roles the extractor strips as titles (data/person-titles.txt)
        // that gold names kept ("Pastor Kevin Swanson", "Congressman Chris Collins", "Army Capt.
        // Christian Pardo", "RNC Chief of Staff Katie Walsh")
        "congressman",
        "congresswoman",
        "pastor",
        "rabbi",
        "bishop",
        "archbishop",
        "reverend",
        "commissioner",
        "alderman",
        "alderwoman",
        "councilman",
        "councilwoman",
        "committeeman",
        "committeewoman",
        "officer",
        "pollster",
        "capt",
        "captain",
        "sheriff",
        "supervisor",
        "superintendent",
        "treasurer",
        "delegate",
        "activist",
        "pres",
        "admiral",
        "adm",
        "staff",
        // issue 12, twelfth stop: "German Chancellor Angela Merkel", "Del. Stacey Plaskett",
        // "New York City Public Advocate Trish James", "United Auto Workers Secretary-Treasurer
        // Gary Casteel"
        "chancellor",
        "del",
        "advocate",
        "secretary-treasurer",
        "economist"};
    return words;
}

std::vector<std::string> split_words(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        if (!cur.empty())
            out.push_back(cur);
        cur.clear();
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == ' ' || c == '\n' || c == '\t') {
            flush();
        } else if (c == '\'' || (s.compare(i, 3, "\xE2\x80\x99") == 0)) {  // possessive marker
            std::size_t len = c == '\'' ? 1 : 3;
            if (i + len < s.size() && (s[i + len] == 's' || s[i + len] == 'S')
                && (i + len + 1 == s.size() || s[i + len + 1] == ' ')) {
                flush();
                out.push_back("'s");
                i += len;
            } else if (i + len == s.size() || s[i + len] == ' ') {  // "Sanders'"
                flush();
                out.push_back("'s");
                i += len - 1;
            } else {
                cur += s.substr(i, len);
                i += len - 1;
            }
        } else {
            cur += c;
        }
    }
    flush();
    return out;
}

bool capitalized(const std::string& w) {
    return !w.empty() && ((w[0] >= 'A' && w[0] <= 'Z') || static_cast<unsigned char>(w[0]) >= 0xC3);
}

/// A Source span up to its first comma, bracket, dash or relative pronoun (what may name it).
std::string polnear_head(std::string span, bool at_comma = true) {
    for (std::size_t p; (p = span.find("\xC2\xA0")) != std::string::npos;)  // no-break space
        span.replace(p, 2, " ");
    // a party label in brackets goes: "Martin O'Malley (D) and Mike Huckabee (R)"
    for (std::size_t p; (p = span.find(" (")) != std::string::npos
         && span.find(')', p) != std::string::npos && span.find(')', p) < p + 12;)
        span.erase(p, span.find(')', p) + 1 - p);
    for (const char* cut : {",", "(", " \xE2\x80\x94", " -- ", " who ", " which ", " that "}) {
        auto p = at_comma || cut[0] != ',' ? span.find(cut) : std::string::npos;
        if (p != std::string::npos)
            span = span.substr(0, p);
    }
    return span;
}

/// The name a PolNeAR Source span gives, or "" when it is a pronoun or a generic noun phrase.
std::string polnear_source_name(std::string span) {
    span = polnear_head(span);
    auto words = split_words(span);
    while (!words.empty() && (words.back() == "." || words.back() == ":"))
        words.pop_back();
    if (words.empty())
        return {};
    std::string last = words.back();
    while (!last.empty() && (last.back() == '.' || last.back() == ':' || last.back() == ';'))
        last.pop_back();
    words.back() = last;
    static const std::set<std::string> pronouns = {
        "i",     "he",   "she",    "it",      "we",       "they",   "you",   "him",
        "her",   "them", "us",     "me",      "his",      "its",    "their", "who",
        "which", "that", "this",   "these",   "those",    "one",    "some",  "many",
        "all",   "both", "others", "someone", "everyone", "nobody", "anyone"};
    static const std::set<std::string> groups = {
        "democrats",
        "republicans",
        "americans",
        "conservatives",
        "liberals",
        "progressives",
        "evangelicals",
        "independents",
        "democrat",
        "republican",
        "gop",
        "q",
        "a",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        // since issue 12's twelfth stop: generic plurals at a sentence start ("Aides said",
        // "Analysts say", "Several said", "Mourners say"), which the lower-case test below misses
        // when the article never writes the word again
        "aides",
        "analysts",
        "economists",
        "critics",
        "experts",
        "officials",
        "lawmakers",
        "mourners",
        "scholars",
        "readers",
        "polls",
        "proponents",
        "demonstrators",
        "protesters",
        "delegates",
        "politicians",
        "several",
        "supporters",
        "voters",
        "residents",
        "opponents",
        "historians",
        "researchers",
        "scientists",
        "sources",
        "observers",
        "advocates",
        "activists",
        "organizers",
        "investigators",
        "prosecutors",
        "authorities",
        "strategists",
        "pollsters",
        "insiders",
        "donors"};
    // "Sen. Tammy Baldwin of Wisconsin", "Gov. Terry E. Branstad of Iowa": a person's home state
    // after "of" is not part of the name (organizations keep theirs: "University of Texas",
    // "Federal Reserve Bank of New York", "Republican Party of Iowa")
    static const std::set<std::string> states = {
        "alabama",        "alaska",        "arizona",
        "arkansas",       "california",    "colorado",
        "connecticut",    "delaware",      "florida",
        "georgia",        "hawaii",        "idaho",
        "illinois",       "indiana",       "iowa",
        "kansas",         "kentucky",      "louisiana",
        "maine",          "maryland",      "massachusetts",
        "michigan",       "minnesota",     "mississippi",
        "missouri",       "montana",       "nebraska",
        "nevada",         "new hampshire", "new jersey",
        "new mexico",     "new york",      "north carolina",
        "north dakota",   "ohio",          "oklahoma",
        "oregon",         "pennsylvania",  "rhode island",
        "south carolina", "south dakota",  "tennessee",
        "texas",          "utah",          "vermont",
        "virginia",       "washington",    "west virginia",
        "wisconsin",      "wyoming",       "puerto rico",
        "virgin islands", "guam"};
    static const std::set<std::string> org_words = {
        "university", "college", "bank",  "court",   "party",     "department", "state",
        "governor",   "general", "board", "council", "committee", "school",     "office",
        "institute",  "center",  "city",  "county",  "church",    "association"};
    for (std::size_t of = 2; of + 1 < words.size(); ++of) {
        if (words[of] != "of")
            continue;
        std::string rest;
        for (std::size_t i = of + 1; i < words.size(); ++i)
            if (!(i == of + 1 && fold_key(words[i]) == "the"))
                rest += (rest.empty() ? "" : " ") + fold_key(words[i]);
        std::string before = fold_key(words[of - 1]);
        while (!before.empty() && before.back() == '.')
            before.pop_back();
        std::string before2 = fold_key(words[of - 2]);
        while (!before2.empty() && before2.back() == '.')
            before2.pop_back();
        // since issue 12's twelfth stop also a person's employer or town: "Mr. Burman of the
        // Tax Policy Center", "Joel Pollak of Breitbart California" (the Source is the person)
        bool courtesy = before2 == "mr" || before2 == "ms" || before2 == "mrs" || before2 == "dr";
        if ((states.count(rest) || courtesy || !org_words.count(before2))
            && capitalized(words[of - 1]) && capitalized(words[of - 2]) && !org_words.count(before)
            && !polnear_role_words().count(before)) {
            words.resize(of);
            last = words.back();
            break;
        }
    }
    std::string lower = fold_key(last);
    if (!capitalized(last) || pronouns.count(lower) || groups.count(lower) || last.size() < 2)
        return {};
    // the capitalized run ending at the last word
    std::size_t first = words.size() - 1;
    while (first > 0) {
        const std::string& w = words[first - 1];
        if (w == "'s" || !(capitalized(w) || w == "of" || w == "for" || w == "and"))
            break;
        --first;
    }
    if (first > 0) {
        std::string before = fold_key(words[first - 1]);
        if (before == "for" || before == "of" || before == "with" || before == "at"
            || before == "from" || before == "by" || before == "to" || before == "in")
            return {};
    }
    // a sentence's opening conjunction or adverb is no part of the name ("But Matt Morrison,
    // the group's deputy director, said", "Both Palmer and Sherman confess")
    static const std::set<std::string> openers = {
        "but", "yet", "so", "now", "both", "neither", "either", "meanwhile", "still", "even"};
    while (first < words.size()
           && (words[first] == "of" || words[first] == "for" || words[first] == "and"
               || (first + 1 < words.size() && openers.count(fold_key(words[first])))))
        ++first;
    // after the last role word (not in an organization's name: "The State Department Refugee
    // Processing Center", "the House Financial Services Committee")
    static const std::set<std::string> org_heads = {
        "center",     "centre",      "committee",  "department",     "council",
        "agency",     "bureau",      "commission", "institute",      "institution",
        "foundation", "association", "office",     "administration", "board",
        "party",      "court",       "university", "union",          "coalition"};
    const bool org_name = org_heads.count(fold_key(words.back())) != 0;
    if (org_name && first + 1 < words.size() && fold_key(words[first]) == "the")
        ++first;
    for (std::size_t i = org_name ? first : words.size() - 1; i > first; --i) {
        std::string k = fold_key(words[i - 1]);
        while (!k.empty() && k.back() == '.')
            k.pop_back();
        if (polnear_role_words().count(k)) {
            first = i;
            break;
        }
    }
    // a role's "of" phrase is no part of the name: "Supervisor of Elections Susan Bucher",
    // "Director of Government Affairs Phil Smith" give the last two words (three with an initial)
    if (first + 2 < words.size() && (words[first] == "of" || words[first] == "for")) {
        std::size_t keep = words.size() >= 3 && words[words.size() - 2].size() == 2
                && words[words.size() - 2][1] == '.'
            ? 3
            : 2;
        first = std::max(first, words.size() - keep);
    }
    std::string name;
    for (std::size_t i = first; i < words.size(); ++i)
        name += (name.empty() ? "" : " ") + words[i];
    return name;
}

struct Prf {
    std::size_t predicted = 0, gold = 0, matched = 0;

    std::string line(const std::string& what) const {
        double p = predicted ? double(matched) / double(predicted) : 1.0;
        double r = gold ? double(matched) / double(gold) : 1.0;
        double f = p + r > 0 ? 2 * p * r / (p + r) : 0.0;
        return fmt::format(
            "{:<26} P={:.3f} R={:.3f} F1={:.3f}  (matched {}, predicted {}, gold {})",
            what,
            p,
            r,
            f,
            matched,
            predicted,
            gold
        );
    }
};

/// org_key without a generational suffix: "Joseph R. Biden Jr." and "Joseph R. Biden" are one
/// person (issue 12, twelfth stop).
std::string person_key(const std::string& name) {
    std::string k = org_key(name);
    for (const char* suffix : {" jr", " sr"})
        if (k.size() > 6 && k.ends_with(suffix))
            k.resize(k.size() - 3);
    return k;
}

std::string last_word(const std::string& k) {
    auto p = k.rfind(' ');
    return p == std::string::npos ? k : k.substr(p + 1);
}

/// One entry per person: a single word that is the last word of a longer name of the same set
/// ("trump" beside "donald trump") is the same person, written short; since issue 12's fifth stop
/// so is the last two words of a name of three ("wasserman schultz" beside "debbie wasserman
/// schultz", "vargas llosa" beside "mario vargas llosa").
std::set<std::string> merge_surnames(const std::set<std::string>& names) {
    std::set<std::string> lasts, out;
    for (const auto& n : names) {
        auto sp = n.rfind(' ');
        if (sp == std::string::npos)
            continue;
        lasts.insert(n.substr(sp + 1));
        auto sp2 = n.rfind(' ', sp - 1);
        if (sp2 != std::string::npos && sp2 > 0 && n.rfind(' ', sp2 - 1) == std::string::npos)
            lasts.insert(n.substr(sp2 + 1));
    }
    for (const auto& n : names)
        if (!lasts.count(n))
            out.insert(n);
    return out;
}

/// True when `name` is one word followed by the two words of `shorter` ("debbie wasserman schultz"
/// and "wasserman schultz"; not "difference between bernie sanders" and "bernie sanders").
bool ends_with_words(const std::string& name, const std::string& shorter) {
    auto words = [](const std::string& n) { return std::count(n.begin(), n.end(), ' ') + 1; };
    return words(shorter) == 2 && words(name) == 3 && name.size() > shorter.size() + 1
        && name.compare(name.size() - shorter.size(), shorter.size(), shorter) == 0
        && name[name.size() - shorter.size() - 1] == ' ';
}

/// Scores the names of one article: exact keys first, then surname matches (see above).
void score_set(
    const std::set<std::string>& pred,
    const std::set<std::string>& gold,
    Prf& s,
    std::vector<std::string>* misses = nullptr,
    std::vector<std::string>* extras = nullptr,
    bool surname = true
) {
    s.predicted += pred.size();
    s.gold += gold.size();
    std::set<std::string> pleft = pred, gleft = gold;
    for (const auto& p : pred) {
        if (gleft.count(p)) {
            ++s.matched;
            gleft.erase(p);
            pleft.erase(p);
        }
    }
    if (surname) {
        for (auto it = pleft.begin(); it != pleft.end();) {
            bool hit = false;
            for (auto g = gleft.begin(); g != gleft.end(); ++g) {
                bool ps = it->find(' ') == std::string::npos,
                     gs = g->find(' ') == std::string::npos;
                if (((ps || gs) && last_word(*it) == last_word(*g)) || ends_with_words(*it, *g)
                    || ends_with_words(*g, *it)) {
                    gleft.erase(g);
                    hit = true;
                    break;
                }
            }
            if (hit) {
                ++s.matched;
                it = pleft.erase(it);
            } else {
                ++it;
            }
        }
    }
    if (misses)
        misses->insert(misses->end(), gleft.begin(), gleft.end());
    if (extras)
        extras->insert(extras->end(), pleft.begin(), pleft.end());
}

int polnear(const std::string& dir, bool verbose) {
    const Extractor& ex = *analysis().extractor;
    std::vector<fs::path> texts;
    for (const auto& e : fs::directory_iterator(dir + "/text"))
        if (e.path().extension() == ".txt")
            texts.push_back(e.path());
    std::sort(texts.begin(), texts.end());
    std::vector<fs::path> anns;
    for (const auto& e : fs::directory_iterator(dir + "/attributions"))
        if (e.path().extension() == ".ann")
            anns.push_back(e.path());
    std::sort(anns.begin(), anns.end());
    Prf total;
    double macro_f = 0;
    std::size_t n = 0;
    for (const auto& t : texts) {
        std::string stem = t.stem().string();
        auto ann = std::find_if(anns.begin(), anns.end(), [&](const fs::path& a) {
            std::string s = a.stem().string();
            return s.size() > stem.size() && s.compare(0, stem.size(), stem) == 0
                && s[stem.size()] == '_';
        });
        if (ann == anns.end())
            continue;
        std::string text = read_all(t.string());
        std::string a = read_all(ann->string());
        std::vector<std::size_t> byte_at;  // byte offset of each code point, and the end
        for (std::size_t i = 0; i < text.size(); ++i)
            if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
                byte_at.push_back(i);
        byte_at.push_back(text.size());
        // T lines: "T<n>\tSource <offsets>\t<surface>"; the surface may run over several lines,
        // so the span is read from the text by its offsets instead.
        std::set<std::string> gold;
        // for -v: the cue of each Source ("E<n>\tAttribution:T1 Content:T2 Cue:T3 Source:T4")
        std::map<std::string, std::string> cue_of, span_of;
        std::map<std::string, std::vector<std::string>> why;
        {
            std::istringstream es(a);
            for (std::string line; std::getline(es, line);) {
                if (line.size() < 2 || line[0] != 'E')
                    continue;
                std::string cue, src;
                std::istringstream ws(line.substr(line.find('\t') + 1));
                for (std::string w; ws >> w;) {
                    if (w.rfind("Cue:", 0) == 0)
                        cue = w.substr(4);
                    if (w.rfind("Source:", 0) == 0)
                        src = w.substr(7);
                }
                if (!src.empty())
                    cue_of[src] = cue;
            }
        }
        std::istringstream in(a);
        for (std::string line; std::getline(in, line);) {
            if (line.size() < 2 || line[0] != 'T')
                continue;
            auto tab = line.find('\t');
            auto tab2 = line.find('\t', tab + 1);
            if (tab == std::string::npos || tab2 == std::string::npos)
                continue;
            std::string head = line.substr(tab + 1, tab2 - tab - 1);
            if (verbose)
                span_of[line.substr(0, tab)] = line.substr(tab2 + 1);
            if (head.rfind("Source ", 0) != 0)
                continue;
            // offsets count characters (code points); fragments of a discontinuous span are
            // joined by a space
            std::string surface;
            std::istringstream hs(head.substr(7));
            for (std::string frag; std::getline(hs, frag, ';');) {
                std::istringstream fs_(frag);
                std::size_t b = 0, e = 0;
                fs_ >> b >> e;
                if (e <= b || e >= byte_at.size())
                    continue;
                surface +=
                    (surface.empty() ? "" : " ") + text.substr(byte_at[b], byte_at[e] - byte_at[b]);
            }
            // "Obama and Hillary Clinton": each conjunct is a source of its own, unless the
            // span ends in an organization's head word ("Securities and Exchange Commission")
            std::vector<std::string> parts;
            static const std::set<std::string> heads = {
                "commission",  "services",     "institution",  "department", "committee",
                "center",      "centre",       "council",      "agency",     "association",
                "bureau",      "foundation",   "institute",    "office",     "administration",
                "enforcement", "organization", "organisation", "party",      "group",
                "fund",        "coalition",    "news",         "times",      "post",
                "journal",     "company",      "network",      "project",    "union",
                "board",       "service",      "directorate",  "academies",  "academy",
                "university",  "school",       "ministry"};
            std::string tail = fold_key(polnear_source_name(surface));
            bool org = heads.count(last_word(tail)) != 0;
            // since stop 14 also a head word followed by "of" or "for" and capitalized words
            // before the "and": "Center for Economic and Policy Research", "Organization for
            // Economic Cooperation and Development", "Department of Health and Human Services"
            const std::string first_part = polnear_head(surface);
            if (const auto and_at = first_part.find(" and "); !org && and_at != std::string::npos) {
                auto left = split_words(first_part.substr(0, and_at));
                auto right = split_words(first_part.substr(and_at + 5));
                // not two names: "the Department of Justice and the FBI", "the University
                // of Pennsylvania and Carnegie Mellon"
                const bool two = right.empty() || fold_key(right.front()) == "the";
                for (std::size_t i = 1; !org && !two && i + 1 < left.size(); ++i) {
                    const std::string word = fold_key(left[i - 1]);
                    if ((left[i] == "of" || left[i] == "for") && heads.count(word)
                        && word != "university" && word != "school" && capitalized(left[i - 1])) {
                        org = std::all_of(
                            left.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                            left.end(),
                            [](const std::string& w) { return capitalized(w) || w == "the"; }
                        );
                    }
                }
            }
            // since stop 14: a role, then the name between commas ("the White House spokesman,
            // Josh Earnest,", "Ms. Merkel's spokesman, Steffen Seibert,"): the name is the source
            // (cut at the first comma, such spans gave no name at all)
            if (const auto comma = surface.find(", "); comma != std::string::npos) {
                std::string role = surface.substr(0, comma);
                std::string rest = surface.substr(comma + 2);
                if (const auto end = rest.find(','); end != std::string::npos) {
                    rest = rest.substr(0, end);
                }
                const auto words = split_words(rest);
                const bool name = words.size() >= 2 && words.size() <= 4
                    && std::all_of(words.begin(), words.end(), [](const std::string& w) {
                                      return capitalized(w);
                                  });
                // a role: it names nobody, or it has a word of a role ("director", "leader",
                // "hopeful"), a possessive or a title in capitals ("The Podesta Group's CEO",
                // "The leader of the Anti-Defamation League")
                static const std::set<std::string> small = {
                    "the", "a", "an", "of", "for", "and", "in", "at", "on", "to"};
                const auto role_words = split_words(role);
                const bool role_like =
                    polnear_source_name(role).empty() || role.find("'s ") != std::string::npos
                    || role.find("\xE2\x80\x99s ") != std::string::npos
                    || std::any_of(role_words.begin(), role_words.end(), [](const std::string& w) {
                           return !w.empty() && w[0] >= 'a' && w[0] <= 'z' && !small.count(w);
                       });
                if (name && !role.empty() && role_like) {
                    surface = rest;
                }
            }
            // the conjuncts are looked for in the head only: "Richard Sabato, the president of
            // a building and construction trades council in northern New Jersey" is one source
            // ("Carson, Fiorina and Huckabee", a list of short capitalized items, stays whole)
            std::string list = polnear_head(surface, false);
            bool is_list =
                list.find(", ") != std::string::npos && list.find(" and ") != std::string::npos;
            for (std::size_t b = 0; is_list && b < list.size();) {
                std::size_t e = std::min(list.find(", ", b), list.find(" and ", b));
                std::string item =
                    list.substr(b, e == std::string::npos ? std::string::npos : e - b);
                if (item.rfind("and ", 0) == 0)
                    item = item.substr(4);
                is_list = capitalized(item) && split_words(item).size() <= 4;
                b = e == std::string::npos ? list.size() : e + (list[e] == ',' ? 2 : 5);
            }
            if (is_list) {
                for (std::size_t p; (p = list.find(", ")) != std::string::npos;)
                    list.replace(p, 2, " and ");
                surface = list;
            } else {
                surface = polnear_head(surface);
            }
            for (std::size_t p; !org && (p = surface.find(" and ")) != std::string::npos;) {
                parts.push_back(surface.substr(0, p));
                surface = surface.substr(p + 5);
            }
            parts.push_back(surface);
            for (const auto& part : parts) {
                std::string name = polnear_source_name(part);
                // a single word capitalized only as the first of its sentence ("Protesters
                // said") is a common noun: the article also writes it in lower case
                if (name.empty()
                    || (name.find(' ') == std::string::npos
                        && text.find(" " + fold_key(name) + " ") != std::string::npos))
                    continue;
                gold.insert(person_key(name));
                if (verbose)
                    why[person_key(name)].push_back(line.substr(0, tab));
            }
        }
        auto nl = text.find('\n');
        std::string title = nl == std::string::npos ? text : text.substr(0, nl);
        std::string body = nl == std::string::npos ? std::string() : text.substr(nl + 1);
        Extraction e = ex.extract(title, body);
        std::set<std::string> pred;
        for (const auto& s : e.speakers)
            pred.insert(person_key(s.rfind("The ", 0) == 0 ? s.substr(4) : s));
        Prf one;
        std::vector<std::string> misses, extras;
        score_set(merge_surnames(pred), merge_surnames(gold), one, &misses, &extras);
        total.predicted += one.predicted;
        total.gold += one.gold;
        total.matched += one.matched;
        double p = one.predicted ? double(one.matched) / double(one.predicted) : 1.0;
        double r = one.gold ? double(one.matched) / double(one.gold) : 1.0;
        macro_f += p + r > 0 ? 2 * p * r / (p + r) : 0.0;
        ++n;
        if (verbose) {
            for (const auto& m : misses) {
                fmt::print("{}: missed: {}", stem, m);
                for (const auto& id : why[m])  // the cue of each relation naming it
                    fmt::print(
                        " [{} | {}]", cue_of.count(id) ? span_of[cue_of[id]] : "", span_of[id]
                    );
                fmt::print("\n");
            }
            for (const auto& m : extras) {
                fmt::print("{}: extra: {}", stem, m);
                {  // [near] when the name's last word is written within 150 bytes of a quote
                    std::size_t sp = m.rfind(' ');
                    std::string last = sp == std::string::npos ? m : m.substr(sp + 1);
                    bool near = false;
                    std::string lower_body = fold_key(body);
                    for (const auto& q : e.quotes)
                        if (q.speaker && person_key(*q.speaker) == m) {
                            std::size_t b = q.begin > 150 ? q.begin - 150 : 0;
                            std::size_t f = lower_body.find(last, b);
                            near = near || (f != std::string::npos && f < q.end + 150);
                        }
                    fmt::print(" {}", near ? "[near]" : "[far]");
                }
                for (const auto& q : e.quotes)  // the sentence of its first quote, to judge it
                    if (q.speaker && org_key(*q.speaker) == m) {
                        std::string_view at = std::string_view(body).substr(
                            std::min(q.begin, body.size()),
                            std::min<std::size_t>(q.end - q.begin + 80, 240)
                        );
                        fmt::print(" [{}]", at);
                        break;
                    }
                fmt::print("\n");
            }
        }
    }
    fmt::print("articles: {}\n", n);
    fmt::print("{}\n", total.line("named sources (micro)"));
    fmt::print("{:<26} F1={:.3f}\n", "named sources (macro)", n ? macro_f / double(n) : 0.0);
    return 0;
}

// ---- CoNLL-2003: document-level entities -----------------------------------------------------
//
// Each -DOCSTART- document is rebuilt as text: tokens joined by spaces except before closing
// punctuation and clitics ("'s", "n't") and after opening brackets, one sentence per line (so
// all-capital headlines, datelines and results tables stay as they are). Gold: the distinct
// entity strings of each type in the document (IOB1 runs; for PER a lone surname counts once
// with the full name, and matches it, as in the PolNeAR scoring). Predicted: organizations,
// people (quoted or not) and places of the extraction. Compared per document as sets of keys
// after the alias table, micro-averaged. "without tables" leaves out documents where more than a
// third of the lines hold two numbers or more (sports results and standings).

/// The key an organization is compared by in the CoNLL score: org_key() (gazetteer variants, a
/// dotted acronym without its dots), and each word of dotted initials without its dots, so a gold
/// "U.S. Treasury" meets the extractor's "US Treasury" (a change of the measure, stop 13).
std::string conll_org_key(const std::string& name) {
    std::string k = org_key(name), out;
    std::istringstream words(k);
    for (std::string w; words >> w;) {
        bool dotted = w.size() >= 3;
        for (std::size_t i = 0; dotted && i < w.size(); ++i)
            dotted = i % 2 == 0 ? (w[i] >= 'a' && w[i] <= 'z') : w[i] == '.';
        if (dotted)
            w.erase(std::remove(w.begin(), w.end(), '.'), w.end());
        out += (out.empty() ? "" : " ") + w;
    }
    return out;
}

int conll(const std::string& file, bool verbose) {
    const Extractor& ex = *analysis().extractor;
    std::ifstream in(file);
    if (!in)
        throw dossier::Error("cannot read '" + file + "'");

    struct Doc {
        std::string text;
        std::set<std::string> org, per, loc;
        std::size_t lines = 0, table_lines = 0;
    };

    std::vector<Doc> docs;
    std::string line, sentence, type, entity;
    std::size_t numbers = 0;
    auto close_entity = [&] {
        if (!entity.empty() && !docs.empty()) {
            auto& d = docs.back();
            std::string k = key(entity);
            if (type == "ORG")
                d.org.insert(conll_org_key(entity));
            else if (type == "PER")
                d.per.insert(k);
            else if (type == "LOC")
                d.loc.insert(k);
        }
        entity.clear();
        type.clear();
    };
    auto close_sentence = [&] {
        close_entity();
        if (!sentence.empty() && !docs.empty()) {
            docs.back().text += sentence + "\n";
            ++docs.back().lines;
            docs.back().table_lines += numbers >= 2;
        }
        sentence.clear();
        numbers = 0;
    };
    while (std::getline(in, line)) {
        if (line.empty()) {
            close_sentence();
            continue;
        }
        std::istringstream ls(line);
        std::string tok, pos, chunk, ner;
        ls >> tok >> pos >> chunk >> ner;
        if (tok == "-DOCSTART-") {
            close_sentence();
            docs.emplace_back();
            continue;
        }
        bool glue = tok == "," || tok == "." || tok == ")" || tok == ":" || tok == ";"
            || tok == "'s" || tok == "n't" || tok == "?" || tok == "!" || tok == "%";
        bool after_open = !sentence.empty() && (sentence.back() == '(');
        if (!sentence.empty() && !glue && !after_open)
            sentence += ' ';
        sentence += tok;
        numbers += !tok.empty() && std::isdigit(static_cast<unsigned char>(tok[0]));
        std::string t = ner.size() > 2 ? ner.substr(2) : "";
        if (ner == "O" || ner[0] == 'B' || t != type)
            close_entity();
        if (ner != "O") {
            type = t;
            // glued as the text is ("Boatmen's Bancshares", not "Boatmen 's")
            entity += (entity.empty() || glue ? "" : " ") + tok;
        }
    }
    close_sentence();
    Prf org, per, loc, org_text, per_text, loc_text;
    std::size_t text_docs = 0;
    for (const auto& d : docs) {
        Extraction e = ex.extract("", d.text);
        std::set<std::string> po, pp, pl;
        for (const auto& o : e.organizations)
            po.insert(conll_org_key(o));
        for (const auto& p : e.people)
            pp.insert(key(p));
        for (const auto& p : e.places)
            pl.insert(key(p));

        bool table = d.table_lines * 3 > d.lines;
        std::vector<std::string> misses, extras;
        score_set(po, d.org, org, &misses, &extras, false);
        pp = merge_surnames(pp);
        std::vector<std::string> per_misses, per_extras;
        score_set(pp, merge_surnames(d.per), per, &per_misses, &per_extras);
        score_set(pl, d.loc, loc, nullptr, nullptr, false);
        if (!table) {
            ++text_docs;
            score_set(po, d.org, org_text, nullptr, nullptr, false);
            score_set(pp, merge_surnames(d.per), per_text);
            score_set(pl, d.loc, loc_text, nullptr, nullptr, false);
        }
        if (verbose) {
            for (const auto& m : misses)
                fmt::print("{}ORG missed: {}\n", table ? "[table] " : "", m);
            for (const auto& m : extras)
                fmt::print("{}ORG extra: {}\n", table ? "[table] " : "", m);
            for (const auto& m : per_misses)
                fmt::print("{}PER missed: {}\n", table ? "[table] " : "", m);
            for (const auto& m : per_extras)
                fmt::print("{}PER extra: {}\n", table ? "[table] " : "", m);
        }
    }
    fmt::print("documents: {} ({} without tables)\n", docs.size(), text_docs);
    fmt::print("{}\n{}\n{}\n", org.line("ORG"), per.line("PER"), loc.line("LOC"));
    fmt::print(
        "{}\n{}\n{}\n",
        org_text.line("ORG (without tables)"),
        per_text.line("PER (without tables)"),
        loc_text.line("LOC (without tables)")
    );
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
        if (cmd == "polnear" && (argc == 3 || argc == 4))
            return polnear(argv[2], argc == 4 && std::string(argv[3]) == "-v");
        if (cmd == "conll" && (argc == 3 || argc == 4))
            return conll(argv[2], argc == 4 && std::string(argv[3]) == "-v");
        if (cmd == "speed" && argc == 3)
            return speed(argv[2]);
        if (cmd == "figures" && (argc == 4 || argc == 5))
            return figures(argv[2], argv[3], argc == 5 && std::string(argv[4]) == "-v");
        if (cmd == "figtypes" && argc >= 3)
            return figtypes(std::vector<std::string>(argv + 2, argv + argc));
        if (cmd == "sizes" && argc >= 3)
            return sizes(std::vector<std::string>(argv + 2, argv + argc));
        if (cmd == "top" && (argc == 3 || argc == 4))
            return top(argv[2], argc == 4 ? std::stoul(argv[3]) : 60);
        fmt::print(
            stderr,
            "usage: eval_extraction gold GOLD_DIR CORPUS_DIR | reuters REUTERS_DIR | polnear DIR "
            "[-v] | "
            "conll FILE [-v] | speed DIR | top DIR [N] | figtypes [--list TYPE] DIR... | "
            "figures TSV SHARED_DIR [-v] | sizes DIR...\n"
        );
        return 2;
    } catch (const std::exception& e) {
        fmt::print(stderr, "eval_extraction: error: {}\n", e.what());
        return 1;
    }
}
