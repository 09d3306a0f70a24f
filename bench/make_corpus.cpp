/// bench_corpus: converts the shared news sets to Dossier JSONL on standard output.
///   bench_corpus [--bbc DIR] [--reuters DIR] [--enwiki DIR] [--limit N]
/// BBC: DIR/<category>/<NNN>.txt (line 1 headline). Reuters-21578: DIR/reut2-*.sgm.gz (SGML).
/// enwiki: WikiExtractor files (<doc id url title> ... </doc>) anywhere below DIR.
/// Sets are written in this order (BBC, Reuters, enwiki) and files in sorted order: deterministic.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <zlib.h>

#include "analyzers/normalizer.hpp"

namespace fs = std::filesystem;

namespace {

std::size_t g_limit = SIZE_MAX;

std::string analyzers_repair(const std::string& s) {
    return dossier::analyzers::is_valid_utf8(s) ? s : dossier::analyzers::repair_utf8(s);
}

std::size_t g_written = 0;

bool emit(nlohmann::json rec) {
    if (g_written >= g_limit) {
        return false;
    }
    std::cout << rec.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return ++g_written < g_limit;
}

std::string slurp(const fs::path& p) {
    gzFile f = gzopen(p.c_str(), "rb");
    std::string out;
    if (!f) {
        return out;
    }
    char buf[1 << 16];
    int n;
    while ((n = gzread(f, buf, sizeof buf)) > 0) {
        out.append(buf, static_cast<std::size_t>(n));
    }
    gzclose(f);
    return out;
}

std::vector<fs::path> files_below(const std::string& dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (e.is_regular_file()) {
            out.push_back(e.path());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

/// SGML/XML character references and the few named entities of these sets; control characters
/// (Reuters' &#2; &#3; markers) are dropped.
std::string decode_entities(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '&') {
            std::size_t semi = s.find(';', i);
            if (semi != std::string_view::npos && semi - i <= 8) {
                std::string_view ent = s.substr(i + 1, semi - i - 1);
                int code = -1;
                if (ent == "lt")
                    code = '<';
                else if (ent == "gt")
                    code = '>';
                else if (ent == "amp")
                    code = '&';
                else if (ent == "quot")
                    code = '"';
                else if (ent == "apos")
                    code = '\'';
                else if (!ent.empty() && ent[0] == '#')
                    code = std::atoi(std::string(ent.substr(1)).c_str());
                if (code >= 0) {
                    if (code >= 32 && code < 128)
                        out.push_back(static_cast<char>(code));
                    else if (code == '\n' || code == '\t')
                        out.push_back(static_cast<char>(code));
                    i = semi;
                    continue;
                }
            }
        }
        out.push_back(s[i]);
    }
    return out;
}

std::string trim(const std::string& s) {
    std::size_t a = s.find_first_not_of(' ');
    std::size_t b = s.find_last_not_of(' ');
    return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

std::string between(std::string_view s, std::string_view open, std::string_view close) {
    std::size_t a = s.find(open);
    if (a == std::string_view::npos)
        return {};
    a += open.size();
    std::size_t b = s.find(close, a);
    if (b == std::string_view::npos)
        return {};
    return std::string(s.substr(a, b - a));
}

std::string attribute(std::string_view tag, std::string_view name) {
    std::string key = " " + std::string(name) + "=\"";
    std::size_t a = tag.find(key);
    if (a == std::string_view::npos)
        return {};
    a += key.size();
    std::size_t b = tag.find('"', a);
    return std::string(tag.substr(a, b - a));
}

bool bbc(const std::string& dir) {
    for (const auto& p : files_below(dir)) {
        if (p.extension() != ".txt")
            continue;
        std::string text = analyzers_repair(slurp(p));
        std::size_t nl = text.find('\n');
        std::string title = text.substr(0, nl);
        std::string body = nl == std::string::npos ? "" : text.substr(nl + 1);
        std::string category = p.parent_path().filename().string();
        if (!emit(
                {{"id", "bbc-" + category + "-" + p.stem().string()},
                 {"title", title},
                 {"text", body},
                 {"source", "BBC News"},
                 {"section", category}}
            ))
            return false;
    }
    return true;
}

bool reuters(const std::string& dir) {
    for (const auto& p : files_below(dir)) {
        if (p.filename().string().rfind("reut2-", 0) != 0)
            continue;
        const std::string sgml = slurp(p);
        std::size_t pos = 0;
        while ((pos = sgml.find("<REUTERS", pos)) != std::string::npos) {
            std::size_t end = sgml.find("</REUTERS>", pos);
            if (end == std::string::npos)
                break;
            std::string_view story(sgml.data() + pos, end - pos);
            pos = end;
            std::string_view tag = story.substr(0, story.find('>'));
            std::string title = decode_entities(between(story, "<TITLE>", "</TITLE>"));
            std::string body = decode_entities(between(story, "<BODY>", "</BODY>"));
            if (title.empty() && body.empty()) {
                std::string text =
                    decode_entities(between(story, "<TEXT TYPE=\"UNPROC\">", "</TEXT>"));
                body = text;
            }
            if (title.empty() && body.empty())
                continue;
            std::string date = between(story, "<DATE>", "</DATE>");
            nlohmann::json topics = nlohmann::json::array();
            std::string t = between(story, "<TOPICS>", "</TOPICS>");
            for (std::size_t a = 0; (a = t.find("<D>", a)) != std::string::npos; a += 3)
                topics.push_back(t.substr(a + 3, t.find("</D>", a) - a - 3));
            if (!emit(
                    {{"id", "reuters-" + attribute(tag, "NEWID")},
                     {"title", analyzers_repair(title)},
                     {"text", analyzers_repair(body)},
                     {"date", trim(date.substr(0, 12))},
                     {"source", "Reuters"},
                     {"topics", topics}}
                ))
                return false;
        }
    }
    return true;
}

bool enwiki(const std::string& dir) {
    for (const auto& p : files_below(dir)) {
        std::ifstream in(p);
        std::string line, title, id, url, body;
        bool in_doc = false, skip_title = false;
        while (std::getline(in, line)) {
            if (line.rfind("<doc ", 0) == 0) {
                in_doc = true;
                id = attribute(line, "id");
                url = attribute(line, "url");
                title = decode_entities(attribute(line, "title"));
                body.clear();
                skip_title = true;
            } else if (line == "</doc>") {
                in_doc = false;
                if (!emit(
                        {{"id", "enwiki-" + id},
                         {"title", analyzers_repair(title)},
                         {"text", analyzers_repair(body)},
                         {"url", url},
                         {"source", "Wikipedia"}}
                    ))
                    return false;
            } else if (in_doc) {
                if (skip_title) {  // the first line repeats the title
                    skip_title = false;
                    continue;
                }
                if (line.empty())
                    continue;
                body += line;
                body += '\n';
            }
        }
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    std::string bbc_dir, reuters_dir, enwiki_dir;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string a = argv[i];
        if (a == "--bbc")
            bbc_dir = argv[i + 1];
        else if (a == "--reuters")
            reuters_dir = argv[i + 1];
        else if (a == "--enwiki")
            enwiki_dir = argv[i + 1];
        else if (a == "--limit")
            g_limit = std::stoull(argv[i + 1]);
        else {
            std::cerr
                << "usage: bench_corpus [--bbc DIR] [--reuters DIR] [--enwiki DIR] [--limit N]\n";
            return 2;
        }
    }
    if (!bbc_dir.empty() && !bbc(bbc_dir))
        return 0;
    if (!reuters_dir.empty() && !reuters(reuters_dir))
        return 0;
    if (!enwiki_dir.empty())
        enwiki(enwiki_dir);
    return 0;
}
