/// An article as read from the input, before analysis.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace dossier::indexer {

struct Article {
    std::string id;     ///< stable article id (file name without extension, or the JSONL id field)
    std::string title;  ///< headline, or derived from the lead sentence
    std::string text;   ///< body text, valid UTF-8
    std::string path;   ///< source path as given on the command line (file, or file:line for JSONL)
    std::string
        source;  ///< absolute path of the source file; --prune deletes the article once it is
                 ///< gone. Empty for standard input and for articles not read from a file.
    nlohmann::json extra =
        nlohmann::json::object();  ///< date, source, url, author and any other fields
};

}  // namespace dossier::indexer
