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
///     "DOSSCOL1"                   magic and format version (8 bytes)
///     u32 slot, u32 schema::SCHEMA_VERSION
///     u64 revision                 Xapian::Database::get_revision() of the database copied
///     u64 uuid length, the UUID (Xapian::Database::get_uuid()), zero-padded to 8 bytes
///     u64 L                        the last document id (documents 1..L)
///     u64 offset[0..L]             document d's value is data[offset[d-1], offset[d])
///     data                         the values, in document id order (offset[L] bytes)
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <xapian.h>

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

/// write_column() of every slot of schema::COLUMN_SLOTS. Returns whether any was written.
bool write_columns(const std::string& live, const Xapian::Database& db);

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

    /// For a reader passing document ids in ascending order: release() below `did` once it is
    /// RELEASE_STEP documents past the last release (`released`, the reader's own, 0 at first).
    void passing(Xapian::docid did, Xapian::docid& released) const {
        if (did >= released + RELEASE_STEP) {
            released = did;
            release(did);
        }
    }

    /// Documents between two releases of passing(): about 3 MB of facet ids.
    static constexpr Xapian::docid RELEASE_STEP = 16384;

    /// The last document id the column covers.
    Xapian::docid last_docid() const { return m_last; }

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
    const unsigned char* m_offsets = nullptr;
    const char* m_data = nullptr;
    std::uint64_t m_data_size = 0;
};

}  // namespace dossier::indexer
