/// What Dossier extracts from an article: quotes and their speakers, organizations, people,
/// places, numeric figures. This header is the contract between the extractors
/// (analyzers/extractors/) and the indexer and searcher; its JSON form is stored in the index
/// (schema DATA_EXTRACTION).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace dossier::analyzers {

enum class FigureType {
    Troops,
    Casualties,
    Killed,
    Wounded,
    Captured,
    Money,
    Age,
    Date,
    Duration,
    Proportion,
    PercentChange,  ///< a change in percent or percentage points, signed: "fell 3.2%" → -0.032
    Price,          ///< money per unit: "$18 a barrel", "17.50 dlrs per share"
    Volume,         ///< an amount in a unit of measure or of stock: barrels, tonnes, shares
    People,         ///< a count of people: workers, jobs, residents, fans, users
    Votes,
    Seats,
    Points,  ///< index, score or basis points ("the FTSE fell 30 points"), signed like changes
    Count,   ///< any other count with its noun in `unit` ("500 stores", "38 bids")
    Other
};

enum class Qualifier { Exact, LowerBound, UpperBound, Approximate };

/// "troops", "casualties", "killed", ... "other" (the names used in terms, facets and JSON).
const char* to_string(FigureType type);
const char* to_string(Qualifier qualifier
);  ///< "exact", "lower_bound", "upper_bound", "approximate"
std::optional<FigureType> figure_type_from_string(std::string_view name);

struct Quote {
    std::string text;                    ///< the quoted words (direct) or the reported clause
    std::optional<std::string> speaker;  ///< canonical display name; nullopt for unnamed sources
    bool direct = true;                  ///< inside quotation marks
    std::size_t begin = 0, end = 0;      ///< byte offsets into the analysed text
    std::size_t sentence = 0;            ///< 0-based index of the sentence it starts in
};

struct Figure {
    FigureType type = FigureType::Other;
    double value = 0;  ///< normalized: 12000, 24, 5.6e9, 0.5; dates: YYYYMMDD as a number
    std::optional<double> value_max;  ///< a range's upper end ("10-15 percent": 0.1 and 0.15)
    std::string date;      ///< ISO "2023-12-14" for dates (value holds 20231214), else empty
    std::string currency;  ///< "USD", "EUR", ... for money, else empty
    std::string unit;      ///< "years", "percent", "percentage points", or what a count counts
                           ///< ("troops", "barrels", "shares", "people"), when the sentence says so
    Qualifier qualifier = Qualifier::Exact;
    std::string surface;                       ///< the figure as written: "more than 12,000"
    std::string sentence;                      ///< the sentence it occurs in
    std::size_t sentence_index = 0;            ///< 0-based
    std::size_t begin = 0, end = 0;            ///< byte offsets of `surface` in the analysed text
    std::optional<std::string> attributed_to;  ///< speaker or organization the figure comes from
};

/// Per-article caps of the extraction (issue 15). Without them, text made of digits and
/// punctuation (a figure every few bytes, each keeping up to 1,000 bytes of its sentence) stored
/// 45 bytes of extraction per input byte and held ~330 in memory while indexing: 2.9 GB for an
/// article of the 8 MiB the indexer accepts. The real maxima, `scripts/eval-extraction sizes` over
/// BBC News + Reuters-21578 (21,268 articles) and PolNeAR (924, up to 34 KB): 151 figures (27 in
/// one sentence), 116 quotes, 243 people, 34 places, 25 organizations. The caps are 8 to 13 times
/// those, so news is never cut; past a cap the article keeps the first ones (in text order), its
/// text is still indexed in full, and Extraction::capped says which lists were cut. Bound: a figure
/// stores at most ~1.3 KB (a sentence window of 1,000 bytes, the surface, unit, names), a reported
/// quote at most its sentence (analyzers::MAX_SENTENCE_BYTES) and direct quotes never overlap, so
/// the extraction of one article holds at most ~5 MB plus twice the article's size (figures 2.6 MB,
/// reported quotes 2 MB, surfaces, direct quotes and names within the text).
inline constexpr std::size_t MAX_FIGURES = 2000;
inline constexpr std::size_t MAX_QUOTES = 1000;
/// Each of people, places and organizations (speakers are at most one per quote, plus the
/// headline's).
inline constexpr std::size_t MAX_NAMES = 1000;

struct Extraction {
    /// canonical display names, unique: the headline's speaker, then the quotes' in order of
    /// appearance
    std::vector<std::string> speakers;
    std::vector<std::string> organizations;  ///< canonical display names, unique
    std::vector<std::string> people;  ///< persons named, quoted or not: canonical names, unique
    std::vector<std::string> places;  ///< countries, regions, cities: canonical names, unique
    std::vector<Quote> quotes;
    std::vector<Figure> figures;

    /// The lists a cap cut short, in this order of "figures", "quotes", "people", "places",
    /// "organizations" (empty: nothing left out). Not part of the stored form.
    std::vector<std::string> capped;

    std::vector<std::string> figure_types() const;  ///< unique type names, in FigureType order
};

/// One line saying what the caps left out ("kept the first 2000 figures and 1000 quotes, the
/// per-article caps"), or "" when nothing was.
std::string capped_note(const Extraction& extraction);

/// The stored form of an extraction (schema::DATA_EXTRACTION), and of one quote or figure of it;
/// extraction_from_json() reads it back (@throws dossier::SchemaError when malformed). The
/// indexer writes with to_json(), the searcher reads with extraction_from_json(): one format.
nlohmann::json to_json(const Extraction& extraction);
nlohmann::json to_json(const Quote& quote);
nlohmann::json to_json(const Figure& figure);
Extraction extraction_from_json(const nlohmann::json& json);
Quote quote_from_json(const nlohmann::json& json);

}  // namespace dossier::analyzers
