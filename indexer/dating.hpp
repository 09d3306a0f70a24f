/// An article's date and where it came from, for SLOT_DATE, timelines and --explain.
#pragma once

#include <string>

#include "indexer/article.hpp"

namespace dossier::indexer {

struct ArticleDate {
    std::string iso;     ///< "YYYY-MM-DD", or "" when the article has none
    std::string source;  ///< "field", "dateline", "text", "mtime", or "" with no date
};

/// The input's `date` field when it parses (schema::date_value), else the date the text states
/// about itself (analyzers::find_stated_date: a dateline, or "Published …"), else the
/// modification time (UTC) of the article's source file, else none. Reads the file's mtime
/// only when the first two give nothing.
ArticleDate resolve_date(const Article& article);

}  // namespace dossier::indexer
