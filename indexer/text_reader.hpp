/// Reads one plain-text or Markdown article file.
#pragma once

#include <string>
#include <vector>

#include "indexer/article.hpp"

namespace dossier::indexer {

/// What reading a file found besides the article: repairs made, reasons to skip it.
struct ReadReport {
    std::vector<std::string> warnings;  ///< one line each, naming the file
    std::string
        skip_reason;  ///< non-empty: the file holds no article ("binary file", "empty article")
    std::string skip_detail;  ///< optional details for the skip warning (parser message)
};

/// Reads a text article: id = file name without extension; the first line is the title when it
/// reads as a headline, otherwise the title comes from the lead sentence. Invalid UTF-8 is
/// repaired to U+FFFD (with a warning naming the byte offset); NUL bytes mark a binary file.
/// @throws dossier::CorpusError if the file cannot be read.
Article read_text_article(const std::string& path, ReadReport& report);

/// Builds an article from text already in memory (used for files and stdin).
Article article_from_text(std::string text, std::string id, std::string path, ReadReport& report);

/// Reads a whole file into memory. @throws dossier::CorpusError naming the path.
std::string read_file(const std::string& path);

}  // namespace dossier::indexer
