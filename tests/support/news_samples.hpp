/// Deterministic samples of the shared news sets (BBC News files, Reuters-21578 stories) for tests.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <zlib.h>

#include "support/paths.hpp"

namespace dossier::test {

struct SampleArticle {
    std::string id;
    std::string title;
    std::string text;
    std::string date;  ///< Reuters: the story's <DATE> ("26-FEB-1987 15:01:01.79"); BBC: ""
};

/// Every `step`-th BBC file of every category (sorted paths), title = first line. Empty when
/// the shared data is absent. ISO-8859-1 files (there is one) are skipped: the indexer repairs
/// them.
inline std::vector<SampleArticle> bbc_sample(std::size_t step) {
    std::vector<SampleArticle> out;
    const std::filesystem::path root = shared_data_dir() + "/bbc-news/bbc";
    if (!std::filesystem::exists(root)) {
        return out;
    }
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
        if (e.is_regular_file() && e.path().extension() == ".txt"
            && e.path().filename() != "README.TXT") {
            files.push_back(e.path());
        }
    }
    std::sort(files.begin(), files.end());
    for (std::size_t i = 0; i < files.size(); i += step) {
        std::ifstream in(files[i], std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        std::string all = ss.str();
        std::size_t nl = all.find('\n');
        SampleArticle a;
        a.id = files[i].parent_path().filename().string() + "_" + files[i].stem().string();
        a.title = all.substr(0, nl);
        a.text = nl == std::string::npos ? "" : all.substr(nl + 1);
        bool ascii_or_utf8 = true;
        for (unsigned char c : all) {
            ascii_or_utf8 &= c != 0xA3 && c != 0xE9;  // the Latin-1 file's pound and e-acute
        }
        if (ascii_or_utf8) {
            out.push_back(std::move(a));
        }
    }
    return out;
}

/// Replaces the SGML entities of Reuters-21578 (&lt; &gt; &amp; &#N;) with characters; control
/// characters become spaces.
inline std::string reuters_unescape(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '&') {
            std::size_t semi = s.find(';', i);
            if (semi != std::string::npos && semi - i <= 6) {
                std::string ent = s.substr(i + 1, semi - i - 1);
                char c = 0;
                if (ent == "lt")
                    c = '<';
                else if (ent == "gt")
                    c = '>';
                else if (ent == "amp")
                    c = '&';
                else if (!ent.empty() && ent[0] == '#') {
                    int n = std::atoi(ent.c_str() + 1);
                    c = n >= 32 && n < 127 ? static_cast<char>(n) : ' ';
                }
                if (c) {
                    out.push_back(c);
                    i = semi;
                    continue;
                }
            }
        }
        unsigned char u = static_cast<unsigned char>(s[i]);
        out.push_back(u >= 0x80 ? ' ' : s[i]);  // one stray 0xFC byte in the whole set
    }
    return out;
}

/// Reuters stories with a body from one reut2-NNN.sgm.gz file, every `step`-th one.
inline std::vector<SampleArticle> reuters_sample(int file_no, std::size_t step) {
    std::vector<SampleArticle> out;
    char name[64];
    std::snprintf(name, sizeof name, "/reuters21578/reut2-%03d.sgm.gz", file_no);
    gzFile gz = gzopen((shared_data_dir() + name).c_str(), "rb");
    if (!gz) {
        return out;
    }
    std::string all;
    char buf[65536];
    int n;
    while ((n = gzread(gz, buf, sizeof buf)) > 0) {
        all.append(buf, static_cast<std::size_t>(n));
    }
    gzclose(gz);
    auto between = [](const std::string& s,
                      std::size_t from,
                      std::size_t to,
                      const char* open,
                      const char* close) {
        std::size_t b = s.find(open, from);
        if (b == std::string::npos || b > to) {
            return std::string();
        }
        b += std::char_traits<char>::length(open);
        std::size_t e = s.find(close, b);
        return e == std::string::npos || e > to ? std::string() : s.substr(b, e - b);
    };
    std::size_t count = 0;
    for (std::size_t pos = all.find("<REUTERS"); pos != std::string::npos;
         pos = all.find("<REUTERS", pos + 1)) {
        std::size_t end = all.find("</REUTERS>", pos);
        std::string body = between(all, pos, end, "<BODY>", "</BODY>");
        if (body.empty() || count++ % step != 0) {
            continue;
        }
        std::size_t idpos = all.find("NEWID=\"", pos);
        SampleArticle a;
        a.id = "reuters_" + all.substr(idpos + 7, all.find('"', idpos + 7) - idpos - 7);
        a.title = reuters_unescape(between(all, pos, end, "<TITLE>", "</TITLE>"));
        a.text = reuters_unescape(body);
        a.date = between(all, pos, end, "<DATE>", "</DATE>");
        out.push_back(std::move(a));
    }
    return out;
}

}  // namespace dossier::test
