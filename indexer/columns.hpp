/// Value columns: a flat copy of one value slot of every document of an articles database, in a
/// file beside it (schema::column_file()), so a search reads a match's value by its document id
/// instead of through Xapian's value B-tree.
///
/// Why our own file: Xapian 1.4 keeps a slot's values in chunks of a B-tree, and a search that
/// reads the slot of a sparse match set (one article in eighty) reads and decodes a new 8 KB block
/// for nearly every match: a third of a cold `search` on the 285k benchmark archive went there
/// (docs/facets.md, "Where a cold query's time goes now"). A column is what Lucene's doc values
/// are: the value of document `d` at an offset found by indexing an array with `d`, in a
/// memory-mapped file the page cache already holds.
///
/// It is derived data, like the quotations database: written from the committed slot values at
/// the end of each indexer run (IndexWriter::commit(), a rebuild's new version before its
/// switch), stamped with the database's UUID and revision, and used by a reader only when both
/// are those of the database it has open. A column that is absent, stale (a commit since, by any
/// writer), from another schema or truncated is not used: the reader reads the slot as before and
/// answers the same. Never the only copy of anything.
///
/// File layout (little-endian):
///
///     "DOSSCOL4"                   magic and format version (8 bytes)
///     u32 slot, u32 schema::SCHEMA_VERSION
///     u64 revision                 Xapian::Database::get_revision() of the database copied
///     u64 uuid length, the UUID (Xapian::Database::get_uuid()), zero-padded to 8 bytes
///     u64 L                        the last document id (documents 1..L)
///     u64 offset[0..L]             document d's value is data[offset[d-1], offset[d])
///     data                         the values, in document id order (offset[L] bytes)
///     zero padding to 8 bytes
///     the dictionary               schema::SLOT_FACET_IDS only (FacetDictionary); nothing else
///
/// Every column holds its slot's values as they are, except the facet ids' (slot 11), which holds
/// them as small numbers (FacetDictionary): a document's section of a facet is the facet's index
/// (one byte), the section's length in bytes (a varint), then per distinct value its key number
/// and its display code (varints): 0 for the key's default display (FacetDictionary::
/// key_default(), the spelling the archive first gave it), else its display number + 1. The
/// values are sorted by (key number, display code), each once: a reader counts a key once per
/// document by comparing it with the one before, and most values need no count of their spelling
/// (DOSSCOL4; in DOSSCOL3 they were in the slot's order, with every display number). A search
/// then counts a value by indexing arrays with its numbers instead of looking its 64-bit hashes up
/// in hash tables (docs/facets.md, "Dense key numbers"). A document whose slot could not be
/// decoded when the column was written holds the one byte UNREADABLE: a reader reads its slot.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "indexer/schema.hpp"

namespace dossier::indexer {

/// The column file of slot `slot` of the articles database in directory `live` (a plain database,
/// the live version of a rebuilt layout): live/schema::column_file(slot).
std::string column_path(const std::string& live, Xapian::valueno slot);

/// Writes the column of `slot` of `db` (the committed state of the database in directory `live`,
/// of one sub-database), unless the column there already mirrors it: into a temporary file,
/// flushed to disk, then renamed over the old one, so a reader sees the old column or the new one.
/// Returns whether it wrote. Reads the slot's value stream once (about a second for the 285k
/// benchmark archive's 55 MB of facet ids).
/// @throws dossier::Error naming the file when it cannot be written (the old column, if any,
///         is left as it was and no longer mirrors a later commit, so readers do not use it).
bool write_column(const std::string& live, const Xapian::Database& db, Xapian::valueno slot);

/// write_column() of every slot of schema::COLUMN_SLOTS, then write_term_freqs(). Returns
/// whether any was written.
bool write_columns(const std::string& live, const Xapian::Database& db);

/// Writes the term-frequency table of `db` (the committed state of the database in directory
/// `live`, of one sub-database) into live/schema::TERM_FREQS_FILE, as write_column() writes a
/// column, unless the file already mirrors `db`. Returns whether it wrote. One pass over the
/// unprefixed terms and stems (a second or so and 20 MB for the 285k benchmark archive's 1.7
/// million).
bool write_term_freqs(const std::string& live, const Xapian::Database& db);

/// The term frequencies of the unprefixed terms and stems ("Z" + stem) of an articles database,
/// from the table write_term_freqs() wrote beside it (schema::TERM_FREQS_FILE). Why a table of
/// our own: a snippet's background model weighs every word of each hit's text by its term
/// frequency, and Xapian answers each get_termfreq() with a read of a leaf of the postlist table
/// (8 KB; about 1,400 of them for a cold query's ten hits at 285k, a tenth of its time); here a
/// word costs its bucket's entries (a few hundred bytes).
/// A table of up to MAP_UP_TO bytes is mapped; a larger one is read, a pread() of the bucket per
/// word, after one read of the bucket index (256 KB) by open(). Why: the lookups fall on random
/// pages, and on this VM (shadow page tables) the first touch of a page of a large mapping costs a
/// process up to 10 us even when the file is cached, a pread() 2-3 us; 1,400 lookups in a fresh
/// process (a cold query's ten hits) took, mapped / read, 1.3 / 3.4 ms over a 2 MB table (23.8k
/// articles: the whole mapping faulted in a few dozen faults), 4.5 / 4.0 over 8 MB, 9.6 / 3.9
/// over 20 MB (285k). Each word is looked up once per process (the snippets' SnippetWords keep its
/// frequency), so a warm process gains nothing from a large mapping either.
///
/// Layout after the header of write_column() (magic, schema::TERM_FREQS_TAG in the slot's place,
/// schema, revision, UUID, last document id): u64 n, then u32 start[BUCKETS + 1] (entries of
/// each bucket begin there; zero-padded to 8 bytes), then n entries of u64 hash, u32 frequency,
/// sorted by hash. The hash is hash_of(term); a bucket is its top 16 bits.
class TermFreqs {
public:
    static constexpr std::size_t BUCKETS = std::size_t{1} << 16;

    /// The largest table mapped rather than read (above).
    static constexpr std::size_t MAP_UP_TO = std::size_t{6} << 20;

    /// The table of directory `live` when it mirrors `db` (as ValueColumn::open() checks a
    /// column) and its sizes add up; nullptr otherwise. Mapped when it has at most `map_up_to`
    /// bytes, else read (tests take both ways on one table).
    static std::shared_ptr<const TermFreqs>
    open(const std::string& live, const Xapian::Database& db, std::size_t map_up_to = MAP_UP_TO);

    /// Whether open() mapped the table.
    bool mapped() const { return m_map != nullptr; }

    /// Whether the table lists `term` when the database has it: every term that does not
    /// start with a capital A–Y (the prefixes of boolean and facet terms).
    static bool covers(std::string_view term) {
        return !term.empty() && !(term.front() >= 'A' && term.front() <= 'Y');
    }

    /// The 64-bit hash of `term` the table is sorted by (FNV-1a 64, mixed so that its top bits
    /// spread evenly over the buckets).
    static std::uint64_t hash_of(std::string_view term);

    /// The term frequency of `term` (covers(term)); 0 when the database does not have it;
    /// nullopt when a read table cannot be read (an I/O error: ask the database).
    std::optional<Xapian::doccount> get(std::string_view term) const;

    /// Terms listed.
    std::size_t size() const { return m_size; }

    ~TermFreqs();
    TermFreqs(const TermFreqs&) = delete;
    TermFreqs& operator=(const TermFreqs&) = delete;

private:
    TermFreqs() = default;

    void* m_map = nullptr;  // the whole file, when mapped
    std::size_t m_map_size = 0;
    int m_fd = -1;                       // else read from here
    std::vector<std::uint32_t> m_start;  // BUCKETS + 1, checked in order and within m_size
    std::uint64_t m_entries_at = 0;      // file offset of the entries, 12 bytes each
    std::size_t m_size = 0;
};

/// The numbers of the facet ids' column (slot 11): per facet, the distinct key hashes and display
/// hashes (schema::FacetId) of the archive, numbered from 0 in the order the writer met them
/// (document order), each in one of two kinds: the keys that the database's alias table (as
/// schema::stored_alias_table() reads it) or its surname merges (as NameMerges::of_database()
/// finds them) name, which a search may join to others or others to them, with their displays;
/// and the rest, values of their own. A column value holds a key or display as its *number*: its
/// place among its kind << 1 | the kind (1: named). The dictionary lists hashes by *index*: the
/// values of their own first (index = place), then the named ones (index = place + the count of
/// the others), so the few named keys' hashes lie together. Layout, per facet in schema::FACETS
/// order: u64 A, u64 J (keys of each kind), u64 DA, u64 DJ (displays of each kind),
/// u64 key_hash[A + J] by index, u32 key index[A + J] sorted by key hash (zero-padded to 8
/// bytes), u64 display_hash[DA + DJ] by index, u32 key_default[A + J] by index (the display
/// number of the key's first value in the archive: its default display, display code 0 in the
/// column), zero-padded to 8 bytes, and u32 key_first[A + J] by index (the first document with
/// the key, whose values include its default display), zero-padded to 8 bytes. Then, after every
/// facet, u64 F (1: key frequencies follow, 0: a document could not be decoded and they do not),
/// and when F is 1, per facet in the same order: u32 key_docs[A + J] by index (the documents with
/// the key: its key term's frequency), zero-padded to 8 bytes; a browse reads its counts there
/// (searcher's browse_scan_numbers(): stop 24). A view into the mapped column, valid while it
/// lives. Nothing in it is trusted: a number read from it is checked before it indexes anything.
class FacetDictionary {
public:
    struct Facet {
        const unsigned char* key_hash = nullptr;      ///< keys × u64, by index
        const unsigned char* key_by_hash = nullptr;   ///< keys × u32, key indices by hash
        const unsigned char* display_hash = nullptr;  ///< displays × u64, by index
        const unsigned char* key_default = nullptr;   ///< keys × u32, by index
        const unsigned char* key_first = nullptr;     ///< keys × u32, by index
        const unsigned char* key_docs = nullptr;      ///< keys × u32, by index (frequencies)
        std::uint32_t keys = 0;                       ///< A + J
        std::uint32_t alone_keys = 0;                 ///< A: the indices of named keys follow
        std::uint32_t displays = 0;                   ///< DA + DJ
        std::uint32_t alone_displays = 0;             ///< DA
    };

    /// Parses a dictionary of exactly `size` bytes at `bytes`; nullopt when it does not add up.
    static std::optional<FacetDictionary> parse(const unsigned char* bytes, std::size_t size);

    const Facet& facet(std::size_t f) const { return m_facets[f]; }

    /// The index of key number `number` of facet `f` (not checked against the bounds).
    std::uint32_t key_index(std::size_t f, std::uint32_t number) const {
        return (number & 1) != 0 ? m_facets[f].alone_keys + (number >> 1) : number >> 1;
    }

    /// The index of display number `number` of facet `f` (not checked against the bounds).
    std::uint32_t display_index(std::size_t f, std::uint32_t number) const {
        return (number & 1) != 0 ? m_facets[f].alone_displays + (number >> 1) : number >> 1;
    }

    /// Whether key number `number` is one of facet `f`'s (its place within its kind's count).
    bool has_key(std::size_t f, std::uint32_t number) const {
        const Facet& b = m_facets[f];
        return (number >> 1) < ((number & 1) != 0 ? b.keys - b.alone_keys : b.alone_keys);
    }

    /// Whether display number `number` is one of facet `f`'s.
    bool has_display(std::size_t f, std::uint32_t number) const {
        const Facet& b = m_facets[f];
        return (number >> 1)
            < ((number & 1) != 0 ? b.displays - b.alone_displays : b.alone_displays);
    }

    /// The key hash of key index `n` of facet `f` (n < keys).
    std::uint64_t key_hash(std::size_t f, std::uint32_t n) const {
        return read64(m_facets[f].key_hash + 8 * std::size_t{n});
    }

    /// The display hash of display index `n` of facet `f` (n < displays).
    std::uint64_t display_hash(std::size_t f, std::uint32_t n) const {
        return read64(m_facets[f].display_hash + 8 * std::size_t{n});
    }

    /// Whether key index `n` of facet `f` is one the alias table or the surname merges name
    /// (then a search looks up where they send it); when not, it is a value of its own.
    bool joined(std::size_t f, std::uint32_t n) const { return n >= m_facets[f].alone_keys; }

    /// Whether the dictionary has each key's frequency (key_docs()): every document of the
    /// column was decoded when it was written.
    bool has_frequencies() const { return m_frequencies; }

    /// The number of documents with key index `n` of facet `f` (n < keys; has_frequencies()):
    /// the frequency of its key term.
    std::uint32_t key_docs(std::size_t f, std::uint32_t n) const {
        return static_cast<std::uint32_t>(read32(m_facets[f].key_docs + 4 * std::size_t{n}));
    }

    /// The first document with key index `n` of facet `f` (n < keys), whose slots hold the key's
    /// default display (not checked: a document id to read, which may not exist).
    std::uint32_t key_first(std::size_t f, std::uint32_t n) const {
        return static_cast<std::uint32_t>(read32(m_facets[f].key_first + 4 * std::size_t{n}));
    }

    /// The display number of the default display of key index `n` of facet `f` (n < keys): what
    /// display code 0 stands for. Not checked: has_display() before using it.
    std::uint32_t key_default(std::size_t f, std::uint32_t n) const {
        return static_cast<std::uint32_t>(read32(m_facets[f].key_default + 4 * std::size_t{n}));
    }

    /// The index of key hash `hash` in facet `f`, or nullopt (binary search).
    std::optional<std::uint32_t> key_index_of(std::size_t f, std::uint64_t hash) const;

    static std::uint64_t read64(const unsigned char* p) {
        std::uint64_t v = 0;
        for (int b = 7; b >= 0; --b) {
            v = (v << 8) | p[b];
        }
        return v;
    }

    static std::uint32_t read32(const unsigned char* p) {
        return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8
            | static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
    }

private:
    std::array<Facet, schema::FACET_COUNT> m_facets{};
    bool m_frequencies = false;
};

/// The value of a document of the facet ids' column whose slot could not be decoded.
inline constexpr std::string_view UNREADABLE = "\xff";

/// @throws dossier::SchemaError "malformed facet numbers".
[[noreturn]] void throw_bad_facet_numbers();

/// One facet's section of each facet of a value of the facet ids' column, by facet index (views
/// into the value); the sections of facets without values are empty.
/// @throws dossier::SchemaError when the value is malformed (UNREADABLE included).
std::array<std::string_view, schema::FACET_COUNT> facet_number_sections(std::string_view value);

/// Calls `f(key number, display code)` for each value of a section of facet_number_sections(),
/// as the column holds it: display code 0 for the key's default display, else its display number
/// + 1. The values come in increasing (key number, display code) order, each once.
/// @throws dossier::SchemaError when the section is malformed or out of that order (nothing is
///         checked against a dictionary).
template <class F>
void for_each_facet_code(std::string_view section, F&& f);

/// Calls `f(key number, display number)` for each value of a section of facet_number_sections(),
/// resolving display code 0 through `dictionary`'s key_default() of facet `facet`, in
/// for_each_facet_code()'s order. A value in its default display is checked (has_key(), and
/// has_display() of the default); the caller checks the others' numbers.
/// @throws dossier::SchemaError when the section is malformed or out of order, or a key number
///         with a default display or that default is not in the dictionary.
template <class F>
void for_each_facet_number(
    std::string_view section, const FacetDictionary& dictionary, std::size_t facet, F&& f
);

/// A reader's place in a ValueColumn it passes in ascending document order (ValueColumn::
/// passing()): below which document it last let the column's pages go, and the largest document
/// it has read since (0: none).
struct ColumnCursor {
    Xapian::docid released = 0;
    Xapian::docid read_to = 0;

    /// Notes that the column was read up to document `did` (0: not at all).
    void read(Xapian::docid did) { read_to = std::max(read_to, did); }
};

/// A column file mapped into memory, read-only.
class ValueColumn {
public:
    /// How much of a column open() checks.
    enum class Check {
        /// The header, and that the offsets start at 0 and end at the end of the file: constant
        /// time, for a reader (a search opens every column and reads a few of its values;
        /// value() checks the offsets of each value it reads).
        Ends,
        /// Also every offset in order: a pass over 8 bytes a document (2.3 MB for the 285k
        /// benchmark archive, a millisecond), for a writer deciding whether to write it again.
        Every,
    };

    /// The column of `slot` in directory `live` when it mirrors `db` (its UUID, revision and last
    /// document id, this schema version, and the offsets as `check` says); nullptr otherwise,
    /// including when the file is missing, unreadable, not a regular file or truncated, and when
    /// `db` is not of one local sub-database. The file is only ever replaced by a rename:
    /// truncating or rewriting it in place while a reader has it mapped kills the reader with
    /// SIGBUS, as it would a reader of Xapian's own files.
    static std::shared_ptr<const ValueColumn> open(
        const std::string& live,
        const Xapian::Database& db,
        Xapian::valueno slot,
        Check check = Check::Ends
    );

    ~ValueColumn();
    ValueColumn(const ValueColumn&) = delete;
    ValueColumn& operator=(const ValueColumn&) = delete;

    /// The value of document `did` (a view into the mapping, valid while the column lives); ""
    /// for a document without one, a deleted one or an id past the last. (The bytes are what
    /// the file holds: a reader that cannot decode them reads the slot instead.)
    /// @throws dossier::SchemaError when the offsets of `did` do not fit the file (out of order or
    ///         past its end: a column damaged on disk, or changed in place since open()).
    std::string_view value(Xapian::docid did) const {
        if (did == 0 || did > m_last) {
            return {};
        }
        const std::uint64_t begin = offset(did - 1);
        const std::uint64_t end = offset(did);
        if (begin > end || end > m_data_size) {
            throw_bad_offsets(did);
        }
        return {m_data + begin, static_cast<std::size_t>(end - begin)};
    }

    /// Lets go of the pages of the values (and offsets) of documents below `did` that this
    /// process has read: they stay in the page cache, where the next read finds them, but no
    /// longer count in its resident memory (a broad search reads most of the column, 55 MB on
    /// the 285k benchmark archive, where reading the slot through Xapian kept none of it).
    /// Readers call it as they pass document ids in ascending order; safe at any time, whatever
    /// the offsets hold.
    void release(Xapian::docid did) const;

    /// For a reader passing document ids in ascending order (its `cursor`): release() below
    /// `did` once it is release_step() documents past its last release, when it has read the
    /// column since then (ColumnCursor::read_to), which is set back to 0 once every page read
    /// is below `did`. A reader whose memo knows every document reads nothing: no system call
    /// then, whose TLB flush interrupts every core the process runs on (81 calls a query in a
    /// warm batch at 285k).
    void passing(Xapian::docid did, ColumnCursor& cursor) const {
        if (did >= cursor.released + m_release_step) {
            cursor.released = did;
            if (cursor.read_to != 0) {
                release(did);
                if (cursor.read_to < did) {
                    cursor.read_to = 0;
                }
            }
        }
    }

    /// Documents between two releases of passing(), at least: about 3 MB of facet ids.
    static constexpr Xapian::docid RELEASE_STEP = 16384;
    /// Bytes of values and offsets between two releases of passing(), at least: each release is
    /// a system call and a TLB flush on every core the process runs on (a cold broad search over
    /// the 285k archive made 109 of them, at 16,384 documents of each of three columns), while
    /// the pages it lets go of only matter by the megabyte.
    static constexpr std::uint64_t RELEASE_BYTES = std::uint64_t{8} << 20;

    /// Documents between two releases of passing(): RELEASE_STEP, or more for a column of small
    /// values, so that a release lets go of about RELEASE_BYTES.
    Xapian::docid release_step() const { return m_release_step; }

    /// The last document id the column covers.
    Xapian::docid last_docid() const { return m_last; }

    /// The dictionary of the facet ids' column; nullptr for any other column.
    const FacetDictionary* dictionary() const { return m_dictionary ? &*m_dictionary : nullptr; }

private:
    ValueColumn() = default;

    std::uint64_t offset(std::uint64_t i) const {
        std::uint64_t v = 0;
        const unsigned char* p = m_offsets + 8 * i;
        for (int b = 7; b >= 0; --b) {
            v = (v << 8) | p[b];
        }
        return v;
    }

    [[noreturn]] void throw_bad_offsets(Xapian::docid did) const;
    /// madvise(MADV_DONTNEED) of the whole pages between `from` and `to` (inside the mapping).
    void release_range(const void* from, const void* to) const;

    std::string m_path;
    void* m_map = nullptr;
    std::size_t m_map_size = 0;
    Xapian::docid m_last = 0;
    Xapian::docid m_release_step = RELEASE_STEP;  // release_step()
    const unsigned char* m_offsets = nullptr;
    const char* m_data = nullptr;
    std::uint64_t m_data_size = 0;
    std::optional<FacetDictionary> m_dictionary;
};

/// A varint of the facet ids' column (at most 32 bits) at `p`, before `end`; `p` moves past it.
/// @throws dossier::SchemaError (throw_bad_facet_numbers()) when it is cut short or too long.
inline std::uint32_t read_facet_varint(const unsigned char*& p, const unsigned char* end) {
    std::uint32_t v = 0;
    for (int shift = 0;; shift += 7) {
        if (p == end || shift > 28) {
            throw_bad_facet_numbers();
        }
        const unsigned char byte = *p++;
        v |= static_cast<std::uint32_t>(byte & 0x7F) << shift;
        if ((byte & 0x80) == 0) {
            return v;
        }
    }
}

template <class F>
void for_each_facet_code(std::string_view section, F&& f) {
    const auto* p = reinterpret_cast<const unsigned char*>(section.data());
    const auto* const end = p + section.size();
    bool first = true;
    std::uint64_t previous = 0;  // (key number, display code) of the value before
    while (p != end) {
        const std::uint32_t key = read_facet_varint(p, end);
        const std::uint32_t code = read_facet_varint(p, end);
        const std::uint64_t pair = std::uint64_t{key} << 32 | code;
        if (!first && pair <= previous) {
            throw_bad_facet_numbers();
        }
        first = false;
        previous = pair;
        f(key, code);
    }
}

template <class F>
void for_each_facet_number(
    std::string_view section, const FacetDictionary& dictionary, std::size_t facet, F&& f
) {
    for_each_facet_code(section, [&](std::uint32_t key, std::uint32_t code) {
        if (code != 0) {
            f(key, code - 1);
            return;
        }
        if (!dictionary.has_key(facet, key)) {
            throw_bad_facet_numbers();
        }
        const std::uint32_t display =
            dictionary.key_default(facet, dictionary.key_index(facet, key));
        if (!dictionary.has_display(facet, display)) {
            throw_bad_facet_numbers();
        }
        f(key, display);
    });
}

}  // namespace dossier::indexer
