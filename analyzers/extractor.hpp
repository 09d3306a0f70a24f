/// The extraction facade: quotes and speakers, organizations and figures of one article.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "analyzers/aliases.hpp"
#include "analyzers/extraction.hpp"

namespace dossier::analyzers {

namespace extract {
class Lexicon;
class EntityExtractor;
class QuoteExtractor;
class FigureExtractor;
}  // namespace extract

/// Runs the extractors of analyzers/extractors/ over an article. Construct once (it loads the
/// gazetteers and word lists of the data directory); extract() is const and thread-safe, so one
/// Extractor serves every indexing thread.
class Extractor {
public:
    /// Loads `dir`/aliases.tsv and the extraction data files of `dir` (see docs/extraction.md).
    /// @throws dossier::Error (CorpusError naming file and line) for a malformed data file.
    explicit Extractor(const std::string& dir);
    /// Same, with an alias table given by the caller (the index's own table, for instance).
    Extractor(const std::string& dir, const AliasTable& aliases);
    ~Extractor();
    Extractor(const Extractor&) = delete;
    Extractor& operator=(const Extractor&) = delete;

    /// Everything extracted from one article. Offsets (begin, end) are bytes into `text`,
    /// sentence indexes are 0-based over analyzers::sentences(text). `title` is not analysed
    /// for quotes or figures (headlines are not sentences), only `text`; the headline's speaker
    /// ("Kasich: …", "Howard Dean Tells …") heads `speakers`, without a quote. Invalid UTF-8 in
    /// `text` is repaired first (offsets then refer to the repaired text). `token_reads`, when
    /// given, receives the number of token reads the rules made (extract::TokenList): a
    /// deterministic measure of the work, linear in the text's size (tests/analyzers).
    Extraction extract(
        std::string_view title, std::string_view text, std::uint64_t* token_reads = nullptr
    ) const;

    /// FNV-1a 64 over the names and contents of every data file in the directory it was loaded
    /// from: any edit to a gazetteer or word list changes it, so the indexer re-analyses.
    std::uint64_t fingerprint() const { return m_fingerprint; }

private:
    std::unique_ptr<extract::Lexicon> m_lex;
    std::unique_ptr<extract::EntityExtractor> m_entities;
    std::unique_ptr<extract::QuoteExtractor> m_quotes;
    std::unique_ptr<extract::FigureExtractor> m_figures;
    std::uint64_t m_fingerprint = 0;
};

}  // namespace dossier::analyzers
