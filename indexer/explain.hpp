/// `indexer --explain`: what the extractors find in one article, for people tuning the rules.
#pragma once

#include <string>

#include "analyzers/extractor.hpp"
#include "indexer/article.hpp"

namespace dossier::indexer {

enum class ExplainFormat { Text, Json };

/// Reads one article for explanation: a JSON object with "text" (or "body") and optional
/// "title"/"id", else a plain-text article as the indexer reads it.
/// @throws dossier::CorpusError naming the path when it cannot be read or parsed.
Article read_article_for_explain(const std::string& path);

/// The extraction of `article` rendered as readable text or as JSON
/// ({"id","title","extraction":{...to_json...}}). Pure: returns the output, prints nothing.
std::string
explain(const Article& article, const analyzers::Extractor& extractor, ExplainFormat format);

}  // namespace dossier::indexer
