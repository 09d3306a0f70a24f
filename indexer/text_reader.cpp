#include "indexer/text_reader.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "analyzers/error.hpp"
#include "analyzers/normalizer.hpp"
#include "analyzers/text.hpp"

namespace dossier::indexer {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw CorpusError(path, 0, std::string("cannot read: ") + std::strerror(errno));
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) {
        throw CorpusError(path, 0, "read error");
    }
    return ss.str();
}

Article article_from_text(std::string text, std::string id, std::string path, ReadReport& report) {
    Article article;
    article.id = std::move(id);
    article.path = std::move(path);
    if (text.find('\0') != std::string::npos) {
        report.skip_reason = "binary file";
        return article;
    }
    if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) {
        text.erase(0, 3);  // UTF-8 byte order mark
    }
    if (!analyzers::is_valid_utf8(text)) {
        std::size_t offset = 0;
        text = analyzers::repair_utf8(text, &offset);
        report.warnings.push_back(
            article.path + ": invalid UTF-8 at byte " + std::to_string(offset) + ", repaired with U+FFFD"
        );
    }
    auto titled = analyzers::split_title(text);
    article.title = std::move(titled.title);
    article.text = std::move(titled.body);
    if (article.text.find_first_not_of(" \t\r\n") == std::string::npos) {
        report.skip_reason = "empty article";
    }
    return article;
}

Article read_text_article(const std::string& path, ReadReport& report) {
    std::string id = std::filesystem::path(path).stem().string();
    return article_from_text(read_file(path), std::move(id), path, report);
}

}  // namespace dossier::indexer
