/// Where a Dossier database lives on disk, the writers' lock, and the atomic switch of a rebuild.
///
/// `--db DIR` names either
///  - a plain Xapian database directory (what `indexer --in-place` creates first, and what a
///    database from before stop 34 is), or
///  - a rebuilt layout: DIR/XAPIANDB is a Xapian stub file ("auto v-000003") naming the live
///    version DIR/v-000003/, a compacted database. Xapian opens the stub by itself, so readers just
///    open DIR. `indexer --rebuild` builds DIR/.build-PID, compacts it into the next DIR/v-N and
///    renames a new stub over DIR/XAPIANDB: an atomic switch. A first import into a new
///    directory builds this layout the same way (v-000001).
/// In both layouts writers first take DIR/.dossier-lock (flock), so one indexer or rebuild at a
/// time.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

namespace dossier::indexer::layout {

inline constexpr const char* STUB_FILE = "XAPIANDB";
inline constexpr const char* LOCK_FILE = ".dossier-lock";
inline constexpr const char* VERSION_PREFIX = "v-";
inline constexpr const char* BUILD_PREFIX = ".build-";

/// The directory holding the live database of `db`: `db` itself unless db/XAPIANDB names a
/// version (then db/<version>). A path that does not exist yet is returned unchanged.
std::string live_database(const std::string& db);

/// An exclusive advisory lock (flock) on db/.dossier-lock, held for the object's lifetime and
/// released by the kernel if the process dies (kill -9 leaves no stale lock). Creates `db`.
class WriterLock {
public:
    /// @throws dossier::Error "database 'DB' is locked: another indexer is writing to it" at once,
    ///         without waiting, when another process holds it.
    explicit WriterLock(const std::string& db);
    ~WriterLock();
    WriterLock(const WriterLock&) = delete;
    WriterLock& operator=(const WriterLock&) = delete;

    /// Hands the lock on (a first import takes it before it knows which path it runs).
    WriterLock(WriterLock&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}

    WriterLock& operator=(WriterLock&&) = delete;

private:
    int m_fd = -1;
};

/// Opens a Xapian database for writing with `flags` (DB_CREATE_OR_OPEN and the like). A database
/// whose creation a killed process left unfinished (table files, no "iamglass") is started afresh.
/// @throws dossier::Error "database 'PATH' is locked: another indexer is writing to it" when
///         another writer holds it, "cannot open database 'PATH' for writing: ..." otherwise.
Xapian::WritableDatabase open_writable(const std::string& path, int flags);

/// A fresh, empty directory for a rebuild: db/.build-PID (stale build directories of dead
/// rebuilds are removed first). Call with the WriterLock held.
std::string prepare_build_directory(const std::string& db);

/// Removes what dead rebuilds left (db/.build-PID directories, db/XAPIANDB.tmp-PID stubs; the
/// names Dossier gives them, digits after the prefix, never a user's ".build-cache"): with the
/// WriterLock held, no build is under way. Every writer calls it, so that a rebuild killed after
/// its switch does not leave its blocks until the next rebuild.
void remove_stale_builds(const std::string& db);

/// True when `db` is a new database: a directory holding nothing but what Dossier's writers
/// leave there before a database exists: the lock file, and what a first import killed before
/// its switch left (its .build-PID, and beside it its compacted v-N and XAPIANDB.tmp-PID, which
/// the next switch removes). Call with the WriterLock held (it creates the directory). False for
/// a stub file, a plain database (even an empty one, which a foreign Xapian writer may hold), a
/// rebuilt layout, a creation a killed process left unfinished, or a directory holding anything
/// else (a folder of the user's).
bool is_new_database(const std::string& db);

/// What a switch did.
struct SwitchResult {
    std::string version;               ///< the new live version's directory name ("v-000004")
    std::vector<std::string> removed;  ///< directories (or plain-database files) removed
};

/// Compacts the databases `parts` (in order; their documents are numbered in that order) into
/// the next db/v-N, points db/XAPIANDB at it with an
/// atomic rename, removes `build_dir`, turns a plain database in `db` into the layout (its files
/// are removed once the stub is in place), and removes versions older than the one just replaced:
/// readers that opened the replaced one keep it until the next rebuild, and Unix keeps unlinked
/// files readable for readers that still hold them open. Call with the WriterLock held.
/// @throws dossier::Error when compaction or the switch fails; the old version stays live.
/// `complete(version_dir)` runs after the compaction and before the switch, to add derived data
/// to the new version (its quotations database); when it throws, the new version is removed.
SwitchResult switch_to_new_version(
    const std::string& db,
    const std::vector<std::string>& parts,
    const std::string& build_dir,
    const std::function<void(const std::string&)>& complete = {}
);

}  // namespace dossier::indexer::layout
