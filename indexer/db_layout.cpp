#include "indexer/db_layout.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string_view>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>
#include <xapian.h>

#include "analyzers/error.hpp"
#include "indexer/schema.hpp"

namespace dossier::indexer::layout {

namespace fs = std::filesystem;

namespace {

/// The version named by db/XAPIANDB ("v-000003"), or "" when there is no stub.
std::string stub_target(const fs::path& db) {
    std::ifstream in(db / STUB_FILE);
    if (!in) {
        return {};
    }
    std::string backend, target;
    in >> backend >> target;
    return target;
}

void fsync_path(const fs::path& p, int flags) {
    int fd = ::open(p.c_str(), flags);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

bool is_plain_database(const fs::path& db) {
    std::error_code ec;
    return fs::exists(db / "iamglass", ec);
}

}  // namespace

std::string live_database(const std::string& db) {
    std::string target = stub_target(db);
    if (target.empty() || is_plain_database(db)) {
        return db;  // Xapian too prefers a glass database over a stub in the same directory
    }
    return (fs::path(db) / target).string();
}

WriterLock::WriterLock(const std::string& db) {
    std::error_code ec;
    fs::path lock_path;
    if (fs::exists(db, ec) && !fs::is_directory(db, ec)) {
        lock_path = db + LOCK_FILE;  // --db names a stub file: lock beside it
    } else {
        fs::create_directories(db, ec);
        if (ec) {
            throw Error("cannot create database directory '" + db + "': " + ec.message());
        }
        lock_path = fs::path(db) / LOCK_FILE;
    }
    m_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd < 0) {
        throw Error("cannot open lock file '" + lock_path.string() + "': " + std::strerror(errno));
    }
    if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        int err = errno;
        ::close(m_fd);
        m_fd = -1;
        if (err == EWOULDBLOCK) {
            throw Error("database '" + db + "' is locked: another indexer is writing to it");
        }
        throw Error("cannot lock database '" + db + "': " + std::strerror(err));
    }
}

WriterLock::~WriterLock() {
    if (m_fd >= 0) {
        ::close(m_fd);  // releases the flock
    }
}

namespace {

/// The stub a switch writes before renaming it over db/XAPIANDB is "XAPIANDB.tmp-PID".
std::string stub_tmp_prefix() {
    return std::string(STUB_FILE) + ".tmp-";
}

/// True when `name` is `prefix` followed by digits only, as Dossier's writers name what they
/// leave in a database directory (".build-1234", "v-000002", "XAPIANDB.tmp-1234"): never a
/// user's ".build-cache".
bool numbered(std::string_view name, std::string_view prefix) {
    return name.size() > prefix.size() && name.substr(0, prefix.size()) == prefix
        && std::all_of(
               name.begin() + static_cast<std::ptrdiff_t>(prefix.size()),
               name.end(),
               [](char c) { return c >= '0' && c <= '9'; }
        );
}

}  // namespace

void remove_stale_builds(const std::string& db) {
    std::error_code ec;
    const std::string stub_tmp = stub_tmp_prefix();
    std::vector<fs::path> stale;
    for (const auto& entry : fs::directory_iterator(db, ec)) {
        const std::string name = entry.path().filename().string();
        if (numbered(name, BUILD_PREFIX) || numbered(name, stub_tmp)) {
            stale.push_back(entry.path());  // left by a rebuild that died: we hold the lock
        }
    }
    for (const auto& path : stale) {
        fs::remove_all(path, ec);
    }
}

bool is_new_database(const std::string& db) {
    std::error_code ec;
    if (!fs::is_directory(db, ec)) {
        return false;
    }
    const std::string stub_tmp = stub_tmp_prefix();
    bool building = false;   // a build directory of a dead first import or rebuild
    bool leftovers = false;  // its version or stub, which a kill before the switch leaves
    for (const auto& entry : fs::directory_iterator(db, ec)) {
        const std::string name = entry.path().filename().string();
        if (name == LOCK_FILE) {
            continue;
        }
        if (numbered(name, BUILD_PREFIX)) {
            building = true;
        } else if (numbered(name, VERSION_PREFIX) || numbered(name, stub_tmp)) {
            leftovers = true;
        } else {
            return false;
        }
    }
    return !ec && (building || !leftovers);
}

std::string prepare_build_directory(const std::string& db) {
    std::error_code ec;
    remove_stale_builds(db);
    fs::path dir = fs::path(db) / fmt::format("{}{}", BUILD_PREFIX, ::getpid());
    fs::remove_all(dir, ec);
    fs::create_directories(dir, ec);
    if (ec) {
        throw Error("cannot create '" + dir.string() + "': " + ec.message());
    }
    return dir.string();
}

SwitchResult switch_to_new_version(
    const std::string& db,
    const std::vector<std::string>& parts,
    const std::string& build_dir,
    const std::function<void(const std::string&)>& complete
) {
    const fs::path root(db);
    SwitchResult result;
    std::error_code ec;

    unsigned long next = 1;
    for (const auto& entry : fs::directory_iterator(root, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(VERSION_PREFIX, 0) == 0) {
            try {
                next = std::max(next, std::stoul(name.substr(2)) + 1);
            } catch (const std::exception&) {
            }
        }
    }
    result.version = fmt::format("{}{:06}", VERSION_PREFIX, next);
    const fs::path version_dir = root / result.version;

    try {
        Xapian::Database built;
        for (const auto& part : parts) {
            built.add_database(Xapian::Database(part));
        }
        // Renumbering keeps the parts' order: documents are numbered in input order.
        built.compact(version_dir.string(), parts.size() > 8 ? Xapian::DBCOMPACT_MULTIPASS : 0);
    } catch (const Xapian::Error& e) {
        fs::remove_all(version_dir, ec);
        throw Error(
            "cannot compact the rebuilt database into '" + version_dir.string()
            + "': " + e.get_description()
        );
    }
    if (complete) {
        try {
            complete(version_dir.string());
        } catch (...) {
            fs::remove_all(version_dir, ec);
            throw;
        }
    }
    fsync_path(version_dir, O_RDONLY | O_DIRECTORY);

    const std::string previous = is_plain_database(root) ? std::string() : stub_target(root);

    // The switch: write the new stub beside the old one, then rename over it (atomic on POSIX).
    const fs::path tmp = root / (stub_tmp_prefix() + std::to_string(::getpid()));
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << "auto " << result.version << "\n";
        out.flush();
        if (!out) {
            throw Error("cannot write '" + tmp.string() + "'");
        }
    }
    fsync_path(tmp, O_RDONLY);
    if (::rename(tmp.c_str(), (root / STUB_FILE).c_str()) != 0) {
        int err = errno;
        fs::remove(tmp, ec);
        throw Error("cannot switch '" + db + "' to the rebuilt database: " + std::strerror(err));
    }
    fsync_path(root, O_RDONLY | O_DIRECTORY);

    // A plain database in `db` itself: remove "iamglass" first, which makes Xapian read the stub,
    // then the tables (readers that have them open keep reading the unlinked files).
    if (is_plain_database(root)) {
        fs::remove(root / "iamglass", ec);
        for (const auto& entry : fs::directory_iterator(root, ec)) {
            const std::string name = entry.path().filename().string();
            if (entry.path().extension() == ".glass" || name == "flintlock"
                || name.rfind("changes", 0) == 0 || name == schema::QUOTES_DIRECTORY
                || name.rfind(schema::COLUMN_FILE_PREFIX, 0) == 0
                || name.rfind(schema::TERM_FREQS_FILE, 0) == 0) {
                fs::remove_all(entry.path(), ec);
                result.removed.push_back(name);
            }
        }
    }

    fs::remove_all(build_dir, ec);
    for (const auto& entry : fs::directory_iterator(root, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(VERSION_PREFIX, 0) == 0 && name != result.version && name != previous) {
            fs::remove_all(entry.path(), ec);
            result.removed.push_back(name);
        }
    }
    return result;
}

namespace {

/// A process killed while Xapian created a database can leave table files without "iamglass":
/// no revision was ever committed, so nothing is lost by starting afresh.
bool remove_unfinished_creation(const std::string& path) {
    std::error_code ec;
    if (!fs::is_directory(path, ec) || fs::exists(fs::path(path) / "iamglass", ec)
        || fs::exists(fs::path(path) / "XAPIANDB", ec)) {
        return false;
    }
    bool removed = false;
    for (const auto& entry : fs::directory_iterator(path, ec)) {
        if (entry.path().extension() == ".glass" || entry.path().filename() == "flintlock") {
            removed |= fs::remove(entry.path(), ec);
        }
    }
    return removed;
}

}  // namespace

Xapian::WritableDatabase open_writable(const std::string& path, int flags) {
    try {
        try {
            return Xapian::WritableDatabase(path, flags);
        } catch (const Xapian::DatabaseOpeningError&) {
            if (!remove_unfinished_creation(path)) {
                throw;
            }
            return Xapian::WritableDatabase(path, flags);
        }
    } catch (const Xapian::DatabaseLockError&) {
        throw Error("database '" + path + "' is locked: another indexer is writing to it");
    } catch (const Xapian::Error& e) {
        throw Error("cannot open database '" + path + "' for writing: " + e.get_description());
    }
}

}  // namespace dossier::indexer::layout
