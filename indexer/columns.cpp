#include "indexer/columns.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzers/error.hpp"
#include "indexer/schema.hpp"

namespace dossier::indexer {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view MAGIC = "DOSSCOL1";

/// The fixed part of the header: magic, slot and schema, revision, UUID length.
constexpr std::size_t FIXED_HEADER = 8 + 4 + 4 + 8 + 8;

std::size_t padded(std::size_t n) {
    return (n + 7) / 8 * 8;
}

void put(std::string& out, std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) {
        out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    }
}

std::uint64_t get(const unsigned char* p, int bytes) {
    std::uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) {
        v = (v << 8) | p[i];
    }
    return v;
}

/// The header up to the offsets: what a column of `slot` copied from `db` starts with.
std::string header_of(const Xapian::Database& db, Xapian::valueno slot) {
    const std::string uuid = db.get_uuid();
    std::string out(MAGIC);
    put(out, slot, 4);
    put(out, static_cast<std::uint64_t>(schema::SCHEMA_VERSION), 4);
    put(out, db.get_revision(), 8);
    put(out, uuid.size(), 8);
    out += uuid;
    out.resize(FIXED_HEADER + padded(uuid.size()), '\0');
    put(out, db.get_lastdocid(), 8);
    return out;
}

/// A file descriptor closed on scope exit.
struct Fd {
    int fd = -1;

    ~Fd() {
        if (fd >= 0) {
            ::close(fd);
        }
    }
};

/// Writes all of `bytes` at `at` of `fd`. @throws dossier::Error naming `path`.
void write_at(int fd, std::string_view bytes, off_t at, const std::string& path) {
    while (!bytes.empty()) {
        const ssize_t n = ::pwrite(fd, bytes.data(), bytes.size(), at);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw Error("cannot write '" + path + "': " + std::strerror(errno));
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
        at += n;
    }
}

}  // namespace

std::string column_path(const std::string& live, Xapian::valueno slot) {
    return (fs::path(live) / schema::column_file(slot)).string();
}

bool write_column(const std::string& live, const Xapian::Database& db, Xapian::valueno slot) {
    if (ValueColumn::open(live, db, slot, ValueColumn::Check::Every)) {
        return false;  // already mirrors db, and adds up
    }
    const std::string path = column_path(live, slot);
    const std::string header = header_of(db, slot);
    const Xapian::docid last = db.get_lastdocid();
    // Temporary files of writers that died (the caller holds the writer lock: none is alive).
    std::error_code ec;
    const std::string stale_prefix = schema::column_file(slot) + ".tmp-";
    for (const auto& entry : fs::directory_iterator(live, ec)) {
        if (entry.path().filename().string().rfind(stale_prefix, 0) == 0) {
            fs::remove(entry.path(), ec);
        }
    }
    const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
    Fd f{::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644)};
    if (f.fd < 0) {
        throw Error("cannot write '" + tmp + "': " + std::strerror(errno));
    }
    try {
        // The data after the header and the offsets; the offsets (`index`, in document order as
        // the value stream goes) once every value is placed.
        const off_t data_start =
            static_cast<off_t>(header.size() + 8 * (static_cast<std::size_t>(last) + 1));
        std::string index = header;
        index.reserve(header.size() + 8 * (static_cast<std::size_t>(last) + 1));
        std::string buffer;
        std::uint64_t written = 0;  // data bytes before `buffer`
        std::uint64_t next = 1;     // the first document whose offset is not set yet
        auto flush = [&] {
            write_at(f.fd, buffer, data_start + static_cast<off_t>(written), tmp);
            written += buffer.size();
            buffer.clear();
        };
        for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) {
            const Xapian::docid did = v.get_docid();
            const std::uint64_t at = written + buffer.size();
            for (; next <= did; ++next) {
                put(index, at, 8);  // documents without a value before it end where it starts
            }
            buffer += *v;
            if (buffer.size() >= (1u << 20)) {
                flush();
            }
        }
        const std::uint64_t end = written + buffer.size();
        for (; next <= std::uint64_t{last} + 1; ++next) {
            put(index, end, 8);
        }
        flush();
        write_at(f.fd, index, 0, tmp);
        if (::fsync(f.fd) != 0) {
            throw Error("cannot write '" + tmp + "': " + std::strerror(errno));
        }
        if (::rename(tmp.c_str(), path.c_str()) != 0) {
            throw Error("cannot write '" + path + "': " + std::strerror(errno));
        }
    } catch (...) {
        ::unlink(tmp.c_str());
        throw;
    }
    return true;
}

bool write_columns(const std::string& live, const Xapian::Database& db) {
    bool wrote = false;
    for (const Xapian::valueno slot : schema::COLUMN_SLOTS) {
        wrote = write_column(live, db, slot) || wrote;
    }
    return wrote;
}

std::shared_ptr<const ValueColumn> ValueColumn::open(
    const std::string& live, const Xapian::Database& db, Xapian::valueno slot, Check check
) {
    std::string header;
    try {
        if (db.size() != 1) {
            return nullptr;
        }
        header = header_of(db, slot);
    } catch (const Xapian::Error&) {
        return nullptr;  // remote (no revision over the protocol), or not glass
    }
    const std::string path = column_path(live, slot);
    // Not blocking on a FIFO of that name, not mapping anything but a regular file.
    Fd f{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)};

    struct stat st {};

    if (f.fd < 0 || ::fstat(f.fd, &st) != 0 || !S_ISREG(st.st_mode)
        || st.st_size < static_cast<off_t>(header.size())) {
        return nullptr;
    }
    const auto size = static_cast<std::size_t>(st.st_size);
    std::shared_ptr<ValueColumn> out(new ValueColumn());  // owns the mapping from here on
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, f.fd, 0);
    if (map == MAP_FAILED) {
        return nullptr;
    }
    out->m_path = path;
    out->m_map = map;
    out->m_map_size = size;
    const auto* bytes = static_cast<const unsigned char*>(map);
    if (std::memcmp(bytes, header.data(), header.size()) != 0) {
        return nullptr;  // another database, revision, schema or slot
    }
    const std::uint64_t last = get(bytes + header.size() - 8, 8);
    const std::uint64_t index_end = header.size() + 8 * (last + 1);
    if (last > UINT32_MAX || index_end > size) {
        return nullptr;
    }
    out->m_last = static_cast<Xapian::docid>(last);
    out->m_offsets = bytes + header.size();
    out->m_data = reinterpret_cast<const char*>(bytes + index_end);
    out->m_data_size = size - index_end;
    if (out->offset(0) != 0 || out->offset(last) != out->m_data_size) {
        return nullptr;  // truncated or padded
    }
    if (check == Check::Every) {
        std::uint64_t previous = 0;
        for (std::uint64_t i = 1; i <= last; ++i) {
            const std::uint64_t o = out->offset(i);
            if (o < previous) {
                return nullptr;
            }
            previous = o;
        }
        // The offsets are read one page at a time from here on: let go of what the check mapped.
        out->release_range(out->m_offsets, out->m_offsets + 8 * (last + 1));
    }
    return out;
}

void ValueColumn::release(Xapian::docid did) const {
    if (did <= 1) {
        return;
    }
    const std::uint64_t below = std::min<std::uint64_t>(did, std::uint64_t{m_last} + 1) - 1;
    release_range(m_offsets, m_offsets + 8 * below);
    // An offset the file garbled is kept inside the mapping.
    release_range(m_data, m_data + std::min(offset(below), m_data_size));
}

void ValueColumn::release_range(const void* from, const void* to) const {
    const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const auto a = (reinterpret_cast<std::uintptr_t>(from) + page - 1) / page * page;
    const auto b = reinterpret_cast<std::uintptr_t>(to) / page * page;
    if (a < b) {
        // Read-only pages of a file: dropping them loses nothing (the kernel maps them again
        // from the page cache on the next read). A failure only leaves them mapped.
        ::madvise(reinterpret_cast<void*>(a), b - a, MADV_DONTNEED);
    }
}

ValueColumn::~ValueColumn() {
    if (m_map != nullptr) {
        ::munmap(m_map, m_map_size);
    }
}

void ValueColumn::throw_bad_offsets(Xapian::docid did) const {
    throw SchemaError(
        "column file '" + m_path + "' is corrupt: document " + std::to_string(did)
        + " lies outside it"
    );
}

}  // namespace dossier::indexer
