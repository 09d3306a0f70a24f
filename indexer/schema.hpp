/// THE on-disk contract: term prefixes, value slots, document data keys and the schema version.
/// Every layer that reads or writes the index takes these names from here and nowhere else.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "analyzers/aliases.hpp"
#include "analyzers/extraction.hpp"
#include "analyzers/normalizer.hpp"

namespace dossier::indexer::schema {

/// Bumped whenever the meaning of a prefix, slot or data key changes; the searcher refuses
/// an index with another version and says to rebuild it.
/// 2: stories (XLSH, slots 7-8), article dates; place and person facets (slots 5-6).
/// 3: story signatures by one permutation hashing (analyzers::minhash; not comparable with 2's).
/// 4: story band terms: 16 bands of 2 rows, 8-character keys (3's were 32 of 3, 14 hex digits).
/// 5: SLOT_STORY_SHARED (slot 10): the story id again, only on articles of stories of two or more.
/// 6: facet spelling terms (spelling_term()): a browse counts facets from term frequencies.
/// 7: facet id slots (pack_facet_ids(), one per facet; one slot since 9): a search counts by ids.
/// 8: per-facet keys (FacetSpec::key): organizations and speakers keyed without legal forms.
/// 9: one facet id slot for every facet (SLOT_FACET_IDS) instead of one per facet (slots 11-15).
inline constexpr int SCHEMA_VERSION = 9;

/// Metadata keys (Xapian::Database::get_metadata).
inline constexpr const char* META_SCHEMA = "dossier.schema";
inline constexpr const char* META_ALIASES =
    "dossier.aliases";  ///< alias table the index was built with (TSV)
/// Only in the metadata database of a sharded index (`indexer --shards N`): N. That database holds
/// no article; it carries the schema, the alias table and the spelling table of all the shards
/// for stubs whose shards are remote (the remote protocol carries no spelling table).
inline constexpr const char* META_SHARDS = "dossier.shards";
/// In a sharded index's metadata database: "1" while a sharded run may have left story ids that
/// are not yet linked across shards (set before its first shard changes, cleared once every
/// shard's stories are committed). A run that finds it set re-evaluates every story.
inline constexpr const char* META_STORIES_DIRTY = "dossier.stories_dirty";
/// AliasTable::to_folded_tsv() of META_ALIASES: its variants' fold_key() and normalize() forms,
/// so a reader need not compute them (ICU's transliterators for Cyrillic variants are costly to
/// load). Optional: a reader computes them when it is absent (an index built before it existed).
inline constexpr const char* META_ALIASES_FOLDED = "dossier.aliases.folded";

// Term prefixes, after Xapian Omega's docs/termprefixes.rst: single capitals as standardised there,
// X + capitals for Dossier's own. Free-text terms are unprefixed, with "Z" for stemmed forms.
inline constexpr const char* PREFIX_ID = "Q";     ///< unique id: Q<article id>, one per document
inline constexpr const char* PREFIX_TITLE = "S";  ///< title words (free text, "title:")
inline constexpr const char* PREFIX_PATH = "P";   ///< absolute source file (boolean), for --prune
inline constexpr const char* PREFIX_SPEAKER = "XSPK";  ///< speaker key (boolean, "speaker:")
inline constexpr const char* PREFIX_ORG = "XORG";      ///< organization key (boolean, "org:")
inline constexpr const char* PREFIX_FIGURE = "XFIG";   ///< figure type (boolean, "figure:")
inline constexpr const char* PREFIX_PLACE = "XPLC";    ///< place key (boolean, "place:")
inline constexpr const char* PREFIX_PERSON = "XPER";   ///< person key (boolean, "person:")
inline constexpr const char* PREFIX_ALIAS =
    "XA";  ///< alias group of a name variant in the text (free text)
inline constexpr const char* PREFIX_STEM = "Z";  ///< Xapian's stemmed-term prefix

/// The stemmer of the free-text terms (PREFIX_STEM + stem) and where it applies: words outside
/// phrases get a stemmed term beside the exact one (STEM_SOME), phrases match exact words. The
/// indexer's TermWriter and the searcher's query parser both take them from here.
inline constexpr const char* STEMMER_LANGUAGE = "english";
inline constexpr Xapian::TermGenerator::stem_strategy INDEX_STEM_STRATEGY =
    Xapian::TermGenerator::STEM_SOME;
inline constexpr Xapian::QueryParser::stem_strategy QUERY_STEM_STRATEGY =
    Xapian::QueryParser::STEM_SOME;

/// The stemmer named by STEMMER_LANGUAGE.
inline Xapian::Stem stemmer() {
    return Xapian::Stem(STEMMER_LANGUAGE);
}

/// The stemmed term of `word`: PREFIX_STEM + its stem.
inline std::string stem_term(const Xapian::Stem& stem, const std::string& word) {
    return PREFIX_STEM + stem(word);
}

inline constexpr const char* PREFIX_BAND =
    "XLSH";  ///< LSH band key of the MinHash signature (boolean): candidates for the same story

/// Facet spellings (schema version 6): for each facet value of an article, beside its key term
/// (facet prefix + facet_key()), a boolean term spelling_prefix(facet prefix) + key + TAB + the
/// display value as extracted ("XDSPKkyrylo budanov\tKyrylo Budanov"). Its term frequency is the
/// number of articles spelling the key so, which is what a facet count shows as the value's name
/// (the most frequent spelling): a browse (every article) reads its facet counts from term
/// frequencies instead of decoding every article's slots (searcher::browse_counts). A spelling
/// too long for a term is marked instead by long_spelling_term() of its key.
inline constexpr const char* PREFIX_SPELLING = "XD";

// Value slots.
inline constexpr Xapian::valueno SLOT_CONTENT_HASH =
    0;                                           ///< 16 hex digits: FNV-1a 64 of the analysed input
inline constexpr Xapian::valueno SLOT_DATE = 1;  ///< YYYYMMDD when the article has a date
inline constexpr Xapian::valueno SLOT_SPEAKERS = 2;  ///< pack_values() of speaker display names
inline constexpr Xapian::valueno SLOT_ORGS = 3;  ///< pack_values() of organization display names
inline constexpr Xapian::valueno SLOT_FIGURE_TYPES = 4;  ///< pack_values() of figure types
inline constexpr Xapian::valueno SLOT_PLACES = 5;        ///< pack_values() of place names
inline constexpr Xapian::valueno SLOT_PEOPLE = 6;        ///< pack_values() of person names
/// Story id: the id-term text (id_term() without "Q") of the smallest member of the article's
/// story, the connected group of articles at or above analyzers::SAME_STORY_THRESHOLD; the
/// article's own when it stands alone. The collapse key of folded searches.
inline constexpr Xapian::valueno SLOT_STORY = 7;
inline constexpr Xapian::valueno SLOT_SIGNATURE = 8;  ///< analyzers::Signature::serialise()
/// SLOT_STORY again when the article's story has two or more articles (in the whole index: over
/// all shards of a sharded one), else absent: most articles stand alone. Written wherever
/// SLOT_STORY is (indexer/stories.cpp). Over remote shards the searcher counts stories on it
/// (Xapian's ValueCountMatchSpy then sends back the few shared stories, not every story id of
/// the match): stories = matches − articles with a value + distinct values (docs/shards.md).
/// Slot 9 is the quotations database's SLOT_QUOTE_ARTICLE.
inline constexpr Xapian::valueno SLOT_STORY_SHARED = 10;
/// The facets' ids (schema 9): every facet's values of an article as 64-bit ids
/// (pack_facet_ids()), one section per facet with values (facet_ids_section()), in one slot. A
/// local search counts facets on them and reads a display string only for the values it shows;
/// remote shards count the packed display values (the stock server's ValueCountMatchSpy), so
/// both are written. One slot for all facets, because a search reads it for each match: a
/// sparse match costs one B-tree block per slot read, so five slots cost five blocks (schema 7
/// and 8 had slots 11-15, one per facet). Slots 12-15 are free.
inline constexpr Xapian::valueno SLOT_FACET_IDS = 11;

/// One facet: a multi-valued field of the extraction, stored in each document as boolean terms
/// (prefix + facet_key(value), for filters) and as one packed value slot (pack_values() of the
/// display values, for counts). Every layer takes a facet's names from its row: the searcher
/// (filters, counts, query field), the renderer (JSON keys, text labels) and the CLI (option).
/// Adding a facet is one row here (with its prefix and slot) plus the extractor that fills it;
/// its index in FACETS is stored in SLOT_FACET_IDS, so rows are added at the end.
struct FacetSpec {
    const char* name;      ///< key in JSON "facets", "filters", "facet_distinct"; text label
    const char* label;     ///< heading on the web page ("Speakers")
    const char* hit_key;   ///< key of a hit's values in JSON ("speakers")
    const char* field;     ///< query field: `field:value` filters ("org")
    const char* cli_flag;  ///< `search` option of the filter ("--org")
    const char* cli_help;  ///< its help text
    const char* prefix;    ///< boolean term prefix
    Xapian::valueno slot;  ///< value slot of the packed display values
    bool stem_match;  ///< a filter value may also select stored values with the same English stem
    /// How a display value is keyed (facet_key()): its boolean term is prefix + key, its id's key
    /// hash is the key's, and values with one key are one facet value. Plain: analyzers::fold_key()
    /// (case, accents, punctuation); Organization: analyzers::organization_key() (also without a
    /// legal form: "General Motors Corp" = "General Motors"), for the organization and speaker
    /// facets. The alias table is looked up by keys of the same kind.
    analyzers::KeyKind key_kind;
    /// The facet's display values in one article's extraction (distinct, in any order).
    std::vector<std::string> (*values)(const analyzers::Extraction&);
};

std::vector<std::string> speaker_values(const analyzers::Extraction& e);
std::vector<std::string> organization_values(const analyzers::Extraction& e);
std::vector<std::string> figure_type_values(const analyzers::Extraction& e);
std::vector<std::string> place_values(const analyzers::Extraction& e);
std::vector<std::string> person_values(const analyzers::Extraction& e);

/// The facets, in the order of output. A facet is identified by its index in this table.
inline constexpr FacetSpec FACETS[] = {
    {"speaker",
     "Speakers",
     "speakers",
     "speaker",
     "--speaker",
     "only articles quoting this speaker (repeat: any of them); same as speaker:VALUE",
     PREFIX_SPEAKER,
     SLOT_SPEAKERS,
     false,
     analyzers::KeyKind::Organization,
     &speaker_values},
    {"organization",
     "Organizations",
     "organizations",
     "org",
     "--org",
     "only articles naming this organization (repeat: any of them); same as org:VALUE",
     PREFIX_ORG,
     SLOT_ORGS,
     false,
     analyzers::KeyKind::Organization,
     &organization_values},
    {"figure_type",
     "Figure types",
     "figure_types",
     "figure",
     "--figure",
     "only articles with figures of this type (repeat: any of them); same as figure:TYPE",
     PREFIX_FIGURE,
     SLOT_FIGURE_TYPES,
     true,
     analyzers::KeyKind::Plain,
     &figure_type_values},
    {"place",
     "Places",
     "places",
     "place",
     "--place",
     "only articles naming this place (repeat: any of them); same as place:VALUE",
     PREFIX_PLACE,
     SLOT_PLACES,
     false,
     analyzers::KeyKind::Plain,
     &place_values},
    {"person",
     "People",
     "people",
     "person",
     "--person",
     "only articles naming this person, quoted or not (repeat: any of them); same as "
     "person:VALUE",
     PREFIX_PERSON,
     SLOT_PEOPLE,
     false,
     analyzers::KeyKind::Plain,
     &person_values},
};

inline constexpr std::size_t FACET_COUNT = std::size(FACETS);
// SLOT_FACET_IDS stores a facet's index in one byte: the order of FACETS is part of the on-disk
// contract (reordering or removing a row needs a schema version bump).
static_assert(FACET_COUNT <= 256);

// Keys of the JSON object stored as document data.
inline constexpr const char* DATA_ID = "id";
inline constexpr const char* DATA_TITLE = "title";
inline constexpr const char* DATA_PATH = "path";
inline constexpr const char* DATA_TEXT =
    "text";  ///< the body as read (NFC), for snippets and display
/// The body as snippets read it, analyzers::collapse_space(analyzers::normalize(body)), stored
/// only when normalizing it transliterates Cyrillic or Greek (about 1% of the 285k benchmark
/// articles): a search that shows such an article's snippet would otherwise load ICU's
/// transliterator registry, 10–12 ms of a fresh process (issue 13). Optional: a reader
/// normalizes DATA_TEXT when it is absent (articles indexed before it).
inline constexpr const char* DATA_TEXT_FOLDED = "text_folded";
inline constexpr const char* DATA_EXTRA =
    "extra";  ///< optional fields: date, source, url, author, others
inline constexpr const char* DATA_EXTRACTION =
    "extraction";                                 ///< quotes, figures, speakers, organizations
inline constexpr const char* DATA_DATE = "date";  ///< the article's date, "YYYY-MM-DD"
inline constexpr const char* DATA_DATE_SOURCE =
    "date_source";  ///< where the date came from: field, dateline, text, mtime
inline constexpr const char* DATA_SOURCE =
    "source_file";  ///< absolute source file (--prune), absent for stdin

// The quotations database: one Xapian document per quotation of the articles, in the directory
// QUOTES_DIRECTORY inside the articles database's own directory (the live version of a rebuilt
// layout, each local shard). It is derived from the articles' stored extraction and kept in step
// by the indexer (indexer/quotes.hpp): the quotes view matches queries against it instead of
// analysing the matching articles' quotations per query.
inline constexpr const char* QUOTES_DIRECTORY = "quotes";
/// Value columns (indexer/columns.hpp): a flat copy of a value slot of every article, in the file
/// COLUMN_FILE_PREFIX + the slot number inside the articles database's own directory (as
/// QUOTES_DIRECTORY), written at the end of each indexer run and used by a local reader only while
/// it mirrors the database's UUID and revision. Derived data: a reader without it reads the slot.
inline constexpr const char* COLUMN_FILE_PREFIX = "dossier-column-";
/// The slots that have a column, those a search reads for every match: the facet ids, the date
/// (the histogram) and the shared story (the story count).
inline constexpr std::array<Xapian::valueno, 3> COLUMN_SLOTS = {
    SLOT_FACET_IDS, SLOT_DATE, SLOT_STORY_SHARED};

/// The column file name of `slot`: COLUMN_FILE_PREFIX + its number ("dossier-column-11").
inline std::string column_file(Xapian::valueno slot) {
    return COLUMN_FILE_PREFIX + std::to_string(slot);
}

/// The term-frequency table (indexer/columns.hpp, TermFreqs): the frequency of every unprefixed
/// term and stem of the articles, in this file beside the columns, written and mirrored as they
/// are. Derived data: a reader without it asks the database.
inline constexpr const char* TERM_FREQS_FILE = "dossier-termfreqs";
/// The slot number its header carries in a column's place (no value slot has it).
inline constexpr Xapian::valueno TERM_FREQS_TAG = 0xFFFFFFFEU;

/// In the quotations database: the revision (Xapian::Database::get_revision()) of the articles
/// database it mirrors; "" while a change is under way.
inline constexpr const char* META_QUOTES_OF = "dossier.quotes.of";
/// In an articles database: a token of its last commit that changed articles (32 random hex
/// digits), written by indexer::IndexWriter in that commit itself (and in its first commit into a
/// database that has none). Unlike the revision, metadata crosses Xapian 1.4's remote protocol
/// (RemoteDatabase::get_revision() throws UnimplementedError), so a reader of a shard served by
/// xapian-tcpsrv can tell whether a quotations database mirrors it.
inline constexpr const char* META_COMMIT = "dossier.commit";
/// In the quotations database: the META_COMMIT of the articles it mirrors; "" while a change is
/// under way. A reader uses the quotations database only when this equals the articles' token
/// and, where the revision can be read (a local database), META_QUOTES_OF equals it too. An
/// index written before tokens existed has none: it is used locally by the revision alone, and
/// the next writer's commit gives both databases a token.
inline constexpr const char* META_QUOTES_COMMIT = "dossier.quotes.commit";
/// In an articles database: its surname merges (indexer::NameMerges) as of one commit, written
/// in that commit by the end of an indexer run (IndexWriter::commit(), a rebuild before its
/// switch): the commit's META_COMMIT token, a newline, then NameMerges::serialise(). Readers use
/// it only while the token is the database's own; otherwise they compute the merges from the
/// person and speaker terms, which it only caches (an index without it answers the same).
inline constexpr const char* META_NAME_MERGES = "dossier.name_merges";
/// In a sharded index's metadata database (DIR/meta): the surname merges of all its shards
/// together, as a stub over them computes them, written by the end of a sharded run: the
/// shards' META_COMMIT tokens (those of shards with articles, sorted, joined by ','), a
/// newline, then NameMerges::serialise(). A reader of a stub uses it only while its parts'
/// tokens are those (a shard committed to on its own, or one left out, makes it compute them:
/// seconds at 285k, where a cold search over one database takes tens of milliseconds).
inline constexpr const char* META_STUB_NAME_MERGES = "dossier.stub_name_merges";
/// The quotations stub of a stub file STUB (a stub of shards, e.g. scripts/shards' remote.stub)
/// is STUB + this suffix ("remote.stub.quotes"): a plain Xapian stub with one line per line of
/// STUB, in the same order, naming the quotations database of that line's articles database
/// (`auto PATH`, `remote HOST:PORT` of an xapian-tcpsrv serving it). A sharded index's metadata
/// database (no article) has one too, empty, so the two stubs' lines correspond one to one: a
/// quotation's document id in the quotations stub then tells its part as an article's does in
/// STUB. A stub without it whose databases are all local finds each one's quotations inside its
/// directory (QUOTES_DIRECTORY).
inline constexpr const char* QUOTES_STUB_SUFFIX = ".quotes";
/// A quotation document's terms: its text as free text (indexer::TermWriter::index_passage, as
/// an article body), the speaker's facet term (PREFIX_SPEAKER), the other facet terms of its
/// article (so filters select its article's quotations), and its article's id term (PREFIX_ID,
/// shared by the article's quotations: deleting the term deletes them). Its data is a JSON
/// object: DATA_ID and DATA_TITLE of the article and DATA_QUOTE, analyzers::to_json(Quote).
inline constexpr const char* DATA_QUOTE = "quote";
/// A quotation document's value slots: SLOT_DATE as its article's, and this one.
inline constexpr Xapian::valueno SLOT_QUOTE_ARTICLE =
    9;  ///< the article's document id in the articles database (decimal)

/// Xapian's glass backend rejects terms longer than 245 bytes; Dossier keeps every term at or
/// below this many bytes (long ids and paths are shortened with a hash, see id_term()).
inline constexpr std::size_t MAX_TERM_BYTES = 240;

/// @throws dossier::SchemaError "truncated packed value list" (for_each_packed()).
[[noreturn]] void throw_truncated_packed();

/// Encodes a set of strings for one value slot: sorted, de-duplicated, each as a varint length
/// followed by the bytes. One slot can then carry a multi-valued facet.
std::string pack_values(std::vector<std::string> values);

/// Calls `f(std::string_view)` for each value of pack_values(), in order, without allocating (the
/// facet spies decode a slot per matching document). The views point into `packed`.
/// @throws dossier::SchemaError on a truncated value.
template <class F>
void for_each_packed(std::string_view packed, F&& f) {
    std::size_t i = 0;
    while (i < packed.size()) {
        std::size_t n = 0;
        for (int shift = 0;; shift += 7) {
            if (i >= packed.size() || shift > 56) {
                throw_truncated_packed();
            }
            const auto byte = static_cast<unsigned char>(packed[i++]);
            n |= static_cast<std::size_t>(byte & 0x7F) << shift;
            if (!(byte & 0x80)) {
                break;
            }
        }
        if (n > packed.size() - i) {
            throw_truncated_packed();
        }
        f(packed.substr(i, n));
        i += n;
    }
}

/// One facet id (SLOT_FACET_IDS): FNV-1a 64 (analyzers::fnv1a64) of the display value and of
/// its key (facet_key()). Ids come from the strings themselves, so the parallel blocks of a
/// rebuild and separate shards agree without a shared dictionary, and compaction remaps nothing.
/// A reader finds the display of an id in the packed display slot of a document that has it.
struct FacetId {
    std::uint64_t display = 0;
    std::uint64_t key = 0;
};

/// The ids of one facet's values: for each distinct value with a non-empty key (the values
/// pack_values() keeps and spelling_term() names), its FacetId as two 8-byte little-endian
/// numbers, in display-id order. 16 bytes a value, no length to decode.
std::string pack_facet_ids(std::vector<FacetId> ids);

/// SLOT_FACET_IDS `slot_value` with the section of facet `facet` (its index in FACETS) set to
/// `ids` (pack_facet_ids(); empty: no section). A section is the facet's index (one byte), the
/// number of ids (a varint) and the ids; sections are in facet order, only for facets with ids.
std::string with_facet_ids(std::string_view slot_value, std::size_t facet, std::string_view ids);

/// The ids of facet `facet` in SLOT_FACET_IDS `slot_value` (pack_facet_ids() form, a view into
/// it); empty when the facet has none. Reads the value up to that section only.
/// @throws dossier::SchemaError when the value is malformed there.
std::string_view facet_ids_section(std::string_view slot_value, std::size_t facet);

/// Every facet's section of SLOT_FACET_IDS, by facet index (views into the value).
using FacetIdSections = std::array<std::string_view, FACET_COUNT>;

/// facet_ids_section() of every facet at once, in one pass (a search reads the slot of each
/// matching document once for all its facet counts).
/// @throws dossier::SchemaError when the value is malformed.
FacetIdSections facet_ids_sections(std::string_view slot_value);

/// @throws dossier::SchemaError "facet id slot of N bytes" (for_each_facet_id()).
[[noreturn]] void throw_bad_facet_ids(std::size_t bytes);

/// Calls `f(FacetId)` for each id of pack_facet_ids(), in order.
/// @throws dossier::SchemaError when the size is not a multiple of 16.
template <class F>
void for_each_facet_id(std::string_view packed, F&& f) {
    if (packed.size() % 16 != 0) {
        throw_bad_facet_ids(packed.size());
    }
    const auto* p = reinterpret_cast<const unsigned char*>(packed.data());
    auto read = [](const unsigned char* at) {
        std::uint64_t v = 0;
        for (int i = 7; i >= 0; --i) {
            v = (v << 8) | at[i];
        }
        return v;
    };
    for (std::size_t i = 0; i < packed.size(); i += 16) {
        f(FacetId{read(p + i), read(p + i + 8)});
    }
}

/// Decodes pack_values(). @throws dossier::SchemaError on a truncated value.
std::vector<std::string> unpack_values(std::string_view packed);

/// The boolean term of a facet value: prefix + facet_key(prefix, value), e.g. "XSPKkyrylo budanov".
std::string facet_term(const char* prefix, std::string_view value);

/// The key of `value` in `facet` (FacetSpec::key_kind).
inline std::string facet_key(const FacetSpec& facet, std::string_view value) {
    return analyzers::name_key(facet.key_kind, value);
}

/// The key of `value` in the facet whose term prefix is `prefix`; fold_key() for a prefix of no
/// facet.
std::string facet_key(const char* prefix, std::string_view value);

/// The prefix of a facet's spelling terms: PREFIX_SPELLING + the facet prefix without its "X"
/// ("XSPK" → "XDSPK").
std::string spelling_prefix(const char* facet_prefix);

/// The spelling term of a facet value (PREFIX_SPELLING): spelling_prefix(prefix) + fold_key(value)
/// + TAB + value; "" when the key is empty (such a value is not counted), and
/// long_spelling_term() of the key when the term would be longer than MAX_TERM_BYTES.
std::string spelling_term(const char* prefix, std::string_view value);

/// The term that marks a key with a spelling too long for its spelling term:
/// spelling_prefix(prefix) + "#" + 16 hex digits of FNV-1a 64 of the key (a key never starts
/// with "#": fold_key drops it). A reader then takes that key's spellings from the slots of its
/// articles.
std::string long_spelling_term(const char* prefix, std::string_view key);

/// Adds a facet's values of one article to `doc`: for each value its key term (facet_term) and
/// spelling term (spelling_term), the packed slot of all of them (pack_values) and their section
/// of SLOT_FACET_IDS (with_facet_ids()). `facet` is a row of FACETS.
void add_facet_values(
    Xapian::Document& doc, const FacetSpec& facet, std::vector<std::string> values
);

/// The unique-id term of an article id: "Q" + id. An id that would make the term longer than
/// MAX_TERM_BYTES becomes its first 200 bytes (cut at a UTF-8 boundary) + "#" + 16 hex digits of
/// a 64-bit hash of the whole id, so any id length works and distinct ids stay distinct.
std::string id_term(std::string_view id);

/// The alias table stored in a database (META_ALIASES, with META_ALIASES_FOLDED when present);
/// empty when it has none. @throws dossier::CorpusError when the stored table is malformed.
analyzers::AliasTable stored_alias_table(const Xapian::Database& db);

/// The unique-id term of a document (its PREFIX_ID term), "" when it has none.
std::string id_term_of(const Xapian::Document& doc);

/// The shard (0 .. shards-1) that holds article `id` in a sharded index (`indexer --shards N`):
/// FNV-1a 64 of the id, modulo `shards`. Stable across runs, platforms and releases; changing it
/// (or N) means re-sharding (README, "More than one machine").
std::size_t shard_of(std::string_view id, std::size_t shards);

/// The SLOT_DATE value of an article's date field: "YYYYMMDD", or "" when `text` is not a date
/// in a form news feeds use: ISO 8601 ("2024-11-03", "2024-11-03T10:00:00Z"), "2024/11/03",
/// "20241103", or Reuters' "3-NOV-1987 15:01:01.79".
std::string date_value(std::string_view text);

/// The boolean term of an article's source file ("P" + absolute path), shortened like id_term().
std::string source_term(std::string_view source);

}  // namespace dossier::indexer::schema
