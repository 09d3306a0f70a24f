#include "indexer/text_reader.hpp"

#include <algorithm>
#include <cstddef>
#include <filesystem>

#include "analyzers/error.hpp"
#include "analyzers/normalizer.hpp"
#include "analyzers/text.hpp"
#include "indexer/input.hpp"

namespace dossier::indexer {

std::string read_file(const std::string& path) {
    return read_all(path);
}

Article article_from_text(std::string text, std::string id, std::string path, ReadReport& report) {
    Article article;
    article.id = std::move(id);
    article.path = std::move(path);
    if (looks_binary(text) || text.find('\0') != std::string::npos) {
        report.skip_reason = "binary file";
        return article;
    }
    if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) {
        text.erase(0, 3);  // UTF-8 byte order mark
    }
    std::string charset;
    if (analyzers::is_valid_utf8(text)) {
    } else if (auto legacy = analyzers::transcode_legacy(text, &charset)) {
        report.warnings.push_back(
            article.path + ": not UTF-8: read as " + charset + " (ICU charset detection)"
        );
        text = std::move(*legacy);
    } else {
        std::size_t offset = 0;
        std::string repaired = analyzers::repair_utf8(text, &offset);
        const auto line =
            1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n');
        report.warnings.push_back(
            article.path + ":" + std::to_string(line) + ": invalid UTF-8 at byte "
            + std::to_string(offset) + ", repaired with U+FFFD"
        );
        text = std::move(repaired);
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
