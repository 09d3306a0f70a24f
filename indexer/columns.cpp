#include "indexer/columns.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzers/error.hpp"
#include "analyzers/hash.hpp"
#include "indexer/hash_ids.hpp"
#include "indexer/name_merges.hpp"
#include "indexer/schema.hpp"

namespace dossier::indexer {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view MAGIC = "DOSSCOL4";

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

/// header_of() for a reader: nullopt when `db` is not of one local sub-database.
std::optional<std::string> reader_header(const Xapian::Database& db, Xapian::valueno slot) {
    try {
        if (db.size() != 1) {
            return std::nullopt;
        }
        return header_of(db, slot);
    } catch (const Xapian::Error&) {
        return std::nullopt;  // remote (no revision over the protocol), or not glass
    }
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

/// Writes the file `name` in directory `live` as every file beside the database is written:
/// `write(fd, tmp)` fills a temporary file beside it, which is flushed to disk and renamed over
/// the old one, so a reader sees the old file or the new one. Temporary files of writers that
/// died are removed first (the caller holds the writer lock: none is alive).
/// @throws dossier::Error naming the file.
template <class Write>
void write_replacing(const std::string& live, const std::string& name, Write&& write) {
    std::error_code ec;
    const std::string stale_prefix = name + ".tmp-";
    for (const auto& entry : fs::directory_iterator(live, ec)) {
        if (entry.path().filename().string().rfind(stale_prefix, 0) == 0) {
            fs::remove(entry.path(), ec);
        }
    }
    const std::string path = (fs::path(live) / name).string();
    const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
    Fd f{::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644)};
    if (f.fd < 0) {
        throw Error("cannot write '" + tmp + "': " + std::strerror(errno));
    }
    try {
        write(f.fd, tmp);
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
}

/// The regular file `path` opened read-only when it has at least `least` bytes: `f` holds its
/// descriptor (opened with O_NONBLOCK, so as not to wait on a FIFO of that name); its size, or
/// nullopt (then `f` holds nothing or a descriptor to close).
std::optional<std::size_t> open_regular(const std::string& path, std::size_t least, Fd& f) {
    f.fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);

    struct stat st {};

    if (f.fd < 0 || ::fstat(f.fd, &st) != 0 || !S_ISREG(st.st_mode)
        || st.st_size < static_cast<off_t>(least)) {
        return std::nullopt;
    }
    return static_cast<std::size_t>(st.st_size);
}

/// The regular file `path` mapped read-only when it has at least `least` bytes and starts with
/// `header`; {nullptr, 0} otherwise (the caller unmaps what it is given). Not blocking on a FIFO
/// of that name, not mapping anything but a regular file.
std::pair<void*, std::size_t>
map_mirroring(const std::string& path, const std::string& header, std::size_t least) {
    Fd f;
    const std::optional<std::size_t> opened = open_regular(path, std::max(least, header.size()), f);
    if (!opened) {
        return {nullptr, 0};
    }
    const std::size_t size = *opened;
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, f.fd, 0);
    if (map == MAP_FAILED) {
        return {nullptr, 0};
    }
    if (std::memcmp(map, header.data(), header.size()) != 0) {
        ::munmap(map, size);
        return {nullptr, 0};  // another database, revision, schema or slot
    }
    return {map, size};
}

void put_varint(std::string& out, std::uint64_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7F) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

std::uint32_t get32(const unsigned char* p) {
    return static_cast<std::uint32_t>(get(p, 4));
}

/// Numbers the facet ids of the slot values it encodes, per facet, in the order it meets them:
/// the values of the facet ids' column and its dictionary (FacetDictionary). Keys that the
/// database's alias table or surname merges name (as a search reads them: a superset is safe, a
/// marked key is only looked up) and their displays are numbered apart from the others, so a
/// search finds their hashes in a short array of their own.
class FacetNumbering {
public:
    explicit FacetNumbering(const Xapian::Database& db) {
        // The surname merges for every facet, not only the person-name ones: a superset is safe.
        const analyzers::AliasTable aliases = schema::stored_alias_table(db);
        const NameMerges names = NameMerges::of_database(db);
        for (std::size_t f = 0; f < schema::FACET_COUNT; ++f) {
            m_facets[f].joined = named_keys(aliases, &names, schema::FACETS[f]);
        }
    }

    /// Appends the column's form of SLOT_FACET_IDS value `slot_value` of document `did` to `out`:
    /// UNREADABLE when it cannot be decoded (the dictionary then has no key frequencies).
    void encode(std::string_view slot_value, Xapian::docid did, std::string& out) {
        if (slot_value.empty()) {
            return;
        }
        std::string encoded;
        try {
            const schema::FacetIdSections sections = schema::facet_ids_sections(slot_value);
            // Every section decoded before any key is numbered: a key's first document (and so
            // its default display) is never one the column then marks UNREADABLE.
            for (const std::string_view section : sections) {
                schema::for_each_facet_id(section, [](const schema::FacetId&) {});
            }
            for (std::size_t f = 0; f < schema::FACET_COUNT; ++f) {
                if (sections[f].empty()) {
                    continue;
                }
                Numbers& n = m_facets[f];
                m_values.clear();
                schema::for_each_facet_id(sections[f], [&](const schema::FacetId& id) {
                    const std::uint32_t key = n.key(id.key, did);
                    const std::uint32_t display = n.display(id.display, key & 1);
                    std::uint32_t& first_display = n.key_default[key & 1][key >> 1];
                    if (first_display == NO_DISPLAY) {
                        first_display = display;  // the key's first value: its default display
                    }
                    m_values.push_back(
                        std::uint64_t{key} << 32 | (display == first_display ? 0 : display + 1)
                    );
                });
                // Each value once, by (key number, display code): a reader counts each key once
                // by comparing it with the one before.
                std::sort(m_values.begin(), m_values.end());
                m_values.erase(std::unique(m_values.begin(), m_values.end()), m_values.end());
                m_section.clear();
                for (std::size_t i = 0; i < m_values.size(); ++i) {
                    const auto key = static_cast<std::uint32_t>(m_values[i] >> 32);
                    put_varint(m_section, key);
                    put_varint(m_section, static_cast<std::uint32_t>(m_values[i]));
                    // Each key once per document. (A value that fails to decode further on sets
                    // m_unreadable, and then no frequency is written at all.)
                    if (i == 0 || m_values[i - 1] >> 32 != key) {
                        ++n.key_docs[key & 1][key >> 1];
                    }
                }
                encoded.push_back(static_cast<char>(f));
                put_varint(encoded, m_section.size());
                encoded += m_section;
            }
        } catch (const SchemaError&) {
            encoded = UNREADABLE;
            m_unreadable = true;
        }
        out += encoded;
    }

    /// The dictionary of the numbers given so far (FacetDictionary's layout).
    std::string dictionary() const {
        std::string out;
        for (const Numbers& n : m_facets) {
            put(out, n.key_hash[0].size(), 8);
            put(out, n.key_hash[1].size(), 8);
            put(out, n.display_hash[0].size(), 8);
            put(out, n.display_hash[1].size(), 8);
            // Hashes by index: the keys of their own (a number's place), then the marked ones
            // (their place + the count of the others); the displays alike.
            std::vector<std::uint64_t> keys = n.key_hash[0];
            keys.insert(keys.end(), n.key_hash[1].begin(), n.key_hash[1].end());
            for (const std::uint64_t h : keys) {
                put(out, h, 8);
            }
            std::vector<std::uint32_t> by_hash(keys.size());
            for (std::uint32_t i = 0; i < by_hash.size(); ++i) {
                by_hash[i] = i;
            }
            std::sort(by_hash.begin(), by_hash.end(), [&](std::uint32_t a, std::uint32_t b) {
                return keys[a] < keys[b];
            });
            for (const std::uint32_t i : by_hash) {
                put(out, i, 4);
            }
            out.resize(padded(out.size()), '\0');
            for (const auto& displays : n.display_hash) {
                for (const std::uint64_t h : displays) {
                    put(out, h, 8);
                }
            }
            // By index, as the hashes. Every key has a default: it was created by a value.
            for (const auto* by_place : {n.key_default, n.key_first}) {
                for (int kind = 0; kind < 2; ++kind) {
                    for (const std::uint32_t v : by_place[kind]) {
                        put(out, v, 4);
                    }
                }
                out.resize(padded(out.size()), '\0');
            }
        }
        // The key frequencies, unless a document could not be decoded (its keys are unknown).
        put(out, m_unreadable ? 0 : 1, 8);
        if (!m_unreadable) {
            for (const Numbers& n : m_facets) {
                for (int kind = 0; kind < 2; ++kind) {
                    for (const std::uint32_t v : n.key_docs[kind]) {
                        put(out, v, 4);
                    }
                }
                out.resize(padded(out.size()), '\0');
            }
        }
        return out;
    }

private:
    /// One facet's numbers: [0] keys of their own and their displays, [1] marked keys and theirs.
    /// A number is its place among its kind << 1 | the kind.
    struct Numbers {
        HashIds joined;                                           // the hashes of the marked keys
        HashIds keys, displays;                                   // hash → number
        std::vector<std::uint64_t> key_hash[2], display_hash[2];  // by place, of each kind
        std::vector<std::uint32_t> key_docs[2];     // by place: documents with the key
        std::vector<std::uint32_t> key_first[2];    // by place: the first of them
        std::vector<std::uint32_t> key_default[2];  // by place: its first display number

        std::uint32_t key(std::uint64_t hash, Xapian::docid did) {
            if (const std::uint32_t known = keys.find(hash); known != HashIds::NONE) {
                return known;
            }
            const std::uint32_t kind = joined.find(hash) != HashIds::NONE ? 1 : 0;
            const auto number = static_cast<std::uint32_t>(key_hash[kind].size() << 1 | kind);
            keys.find_or_add(hash, number);
            key_hash[kind].push_back(hash);
            key_docs[kind].push_back(0);
            key_first[kind].push_back(did);
            key_default[kind].push_back(NO_DISPLAY);
            return number;
        }

        std::uint32_t display(std::uint64_t hash, std::uint32_t kind) {
            const auto next = static_cast<std::uint32_t>(display_hash[kind].size() << 1 | kind);
            const std::uint32_t known = displays.find_or_add(hash, next);
            if (known != HashIds::NONE) {
                return known;
            }
            display_hash[kind].push_back(hash);
            return next;
        }
    };

    /// A key's default display before its first value has one.
    static constexpr std::uint32_t NO_DISPLAY = UINT32_MAX;

    std::array<Numbers, schema::FACET_COUNT> m_facets;
    std::string m_section;
    std::vector<std::uint64_t> m_values;  // one facet of one document: key number << 32 | code
    bool m_unreadable = false;            // a document's slot could not be decoded
};

}  // namespace

void throw_bad_facet_numbers() {
    throw SchemaError("malformed facet numbers in the facet ids' column");
}

std::array<std::string_view, schema::FACET_COUNT> facet_number_sections(std::string_view value) {
    std::array<std::string_view, schema::FACET_COUNT> out{};
    const auto* p = reinterpret_cast<const unsigned char*>(value.data());
    const auto* const end = p + value.size();
    std::size_t previous = schema::FACET_COUNT;  // none yet
    while (p != end) {
        const std::size_t facet = *p++;
        const std::uint64_t length = read_facet_varint(p, end);
        if (facet >= schema::FACET_COUNT || length > static_cast<std::uint64_t>(end - p)
            || (previous != schema::FACET_COUNT && previous >= facet)) {
            throw_bad_facet_numbers();
        }
        out[facet] = std::string_view(reinterpret_cast<const char*>(p), length);
        p += length;
        previous = facet;
    }
    return out;
}

std::optional<FacetDictionary>
FacetDictionary::parse(const unsigned char* bytes, std::size_t size) {
    FacetDictionary out;
    std::size_t at = 0;
    for (Facet& f : out.m_facets) {
        if (size - at < 32) {
            return std::nullopt;
        }
        const std::uint64_t alone = get(bytes + at, 8);
        const std::uint64_t joined = get(bytes + at + 8, 8);
        const std::uint64_t alone_displays = get(bytes + at + 16, 8);
        const std::uint64_t joined_displays = get(bytes + at + 24, 8);
        at += 32;
        const std::uint64_t keys = alone + joined;
        const std::uint64_t displays = alone_displays + joined_displays;
        if (alone > UINT32_MAX / 2 || joined > UINT32_MAX / 2 || alone_displays > UINT32_MAX / 2
            || joined_displays > UINT32_MAX / 2
            || (size - at) / 8 < keys + 3 * padded(4 * keys) / 8 + displays) {
            return std::nullopt;
        }
        f.keys = static_cast<std::uint32_t>(keys);
        f.alone_keys = static_cast<std::uint32_t>(alone);
        f.displays = static_cast<std::uint32_t>(displays);
        f.alone_displays = static_cast<std::uint32_t>(alone_displays);
        f.key_hash = bytes + at;
        at += 8 * keys;
        f.key_by_hash = bytes + at;
        at += padded(4 * keys);
        f.display_hash = bytes + at;
        at += 8 * displays;
        f.key_default = bytes + at;
        at += padded(4 * keys);
        f.key_first = bytes + at;
        at += padded(4 * keys);
    }
    if (size - at < 8) {
        return std::nullopt;
    }
    const std::uint64_t frequencies = get(bytes + at, 8);
    at += 8;
    if (frequencies > 1) {
        return std::nullopt;
    }
    out.m_frequencies = frequencies == 1;
    if (out.m_frequencies) {
        for (Facet& f : out.m_facets) {
            const std::size_t part = padded(4 * std::size_t{f.keys});
            if (size - at < part) {
                return std::nullopt;
            }
            f.key_docs = bytes + at;
            at += part;
        }
    }
    if (at != size) {
        return std::nullopt;
    }
    return out;
}

std::optional<std::uint32_t>
FacetDictionary::key_index_of(std::size_t f, std::uint64_t hash) const {
    const Facet& facet = m_facets[f];
    std::uint32_t lo = 0, hi = facet.keys;
    while (lo < hi) {
        const std::uint32_t mid = lo + (hi - lo) / 2;
        const std::uint32_t n = get32(facet.key_by_hash + 4 * std::size_t{mid});
        if (n >= facet.keys) {
            return std::nullopt;  // a file damaged under a valid stamp
        }
        const std::uint64_t h = key_hash(f, n);
        if (h == hash) {
            return n;
        }
        if (h < hash) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return std::nullopt;
}

std::string column_path(const std::string& live, Xapian::valueno slot) {
    return (fs::path(live) / schema::column_file(slot)).string();
}

bool write_column(const std::string& live, const Xapian::Database& db, Xapian::valueno slot) {
    if (ValueColumn::open(live, db, slot, ValueColumn::Check::Every)) {
        return false;  // already mirrors db, and adds up
    }
    const std::string header = header_of(db, slot);
    const Xapian::docid last = db.get_lastdocid();
    write_replacing(live, schema::column_file(slot), [&](int fd, const std::string& tmp) {
        // The data after the header and the offsets; the offsets (`index`, in document order as
        // the value stream goes) once every value is placed.
        const off_t data_start =
            static_cast<off_t>(header.size() + 8 * (static_cast<std::size_t>(last) + 1));
        std::string index = header;
        index.reserve(header.size() + 8 * (static_cast<std::size_t>(last) + 1));
        std::string buffer;
        std::uint64_t written = 0;  // data bytes before `buffer`
        std::optional<FacetNumbering> numbering;
        if (slot == schema::SLOT_FACET_IDS) {
            numbering.emplace(db);
        }
        std::uint64_t next = 1;  // the first document whose offset is not set yet
        auto flush = [&] {
            write_at(fd, buffer, data_start + static_cast<off_t>(written), tmp);
            written += buffer.size();
            buffer.clear();
        };
        for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) {
            const Xapian::docid did = v.get_docid();
            const std::uint64_t at = written + buffer.size();
            for (; next <= did; ++next) {
                put(index, at, 8);  // documents without a value before it end where it starts
            }
            if (numbering) {
                numbering->encode(*v, did, buffer);
            } else {
                buffer += *v;
            }
            if (buffer.size() >= (1u << 20)) {
                flush();
            }
        }
        const std::uint64_t end = written + buffer.size();
        for (; next <= std::uint64_t{last} + 1; ++next) {
            put(index, end, 8);
        }
        // The data padded to 8 bytes, then the dictionary of the facet ids' column.
        buffer.resize(padded(end) - written, '\0');
        flush();
        if (numbering) {
            const std::string dictionary = numbering->dictionary();
            numbering.reset();  // its tables, before the index is written
            write_at(fd, dictionary, data_start + static_cast<off_t>(written), tmp);
        }
        write_at(fd, index, 0, tmp);
    });
    return true;
}

bool write_columns(const std::string& live, const Xapian::Database& db) {
    bool wrote = false;
    for (const Xapian::valueno slot : schema::COLUMN_SLOTS) {
        wrote = write_column(live, db, slot) || wrote;
    }
    return write_term_freqs(live, db) || wrote;
}

std::uint64_t TermFreqs::hash_of(std::string_view term) {
    // MurmurHash3's 64-bit finaliser over FNV-1a 64: FNV's top bits alone are uneven for short
    // keys, and the buckets are the top 16 bits.
    std::uint64_t h = analyzers::fnv1a64(term);
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ULL;
    h ^= h >> 33;
    return h;
}

bool write_term_freqs(const std::string& live, const Xapian::Database& db) {
    if (TermFreqs::open(live, db)) {
        return false;  // already mirrors db
    }

    struct Entry {
        std::uint64_t hash;
        std::uint32_t freq;
    };

    std::vector<Entry> entries;
    for (auto t = db.allterms_begin(); t != db.allterms_end();) {
        const std::string& term = *t;
        if (!TermFreqs::covers(term)) {
            t.skip_to("Z");  // the prefixed terms, A to Y, lie together
            continue;
        }
        entries.push_back({TermFreqs::hash_of(term), static_cast<std::uint32_t>(t.get_termfreq())});
        ++t;
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.hash < b.hash;
    });
    std::string out = header_of(db, schema::TERM_FREQS_TAG);
    put(out, entries.size(), 8);
    std::size_t at = 0;
    for (std::size_t b = 0; b <= TermFreqs::BUCKETS; ++b) {
        while (at < entries.size() && (entries[at].hash >> 48) < b) {
            ++at;
        }
        put(out, at, 4);
    }
    out.resize(padded(out.size()), '\0');
    out.reserve(out.size() + 12 * entries.size());
    for (const Entry& e : entries) {
        put(out, e.hash, 8);
        put(out, e.freq, 4);
    }
    entries = {};
    write_replacing(live, schema::TERM_FREQS_FILE, [&](int fd, const std::string& tmp) {
        write_at(fd, out, 0, tmp);
    });
    return true;
}

namespace {

/// Reads `n` bytes at `at` of `fd` into `out`; false on an error or a short file.
bool read_at(int fd, unsigned char* out, std::size_t n, std::uint64_t at) {
    while (n > 0) {
        const ssize_t got = ::pread(fd, out, n, static_cast<off_t>(at));
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            return false;
        }
        out += got;
        n -= static_cast<std::size_t>(got);
        at += static_cast<std::uint64_t>(got);
    }
    return true;
}

}  // namespace

std::shared_ptr<const TermFreqs>
TermFreqs::open(const std::string& live, const Xapian::Database& db, std::size_t map_up_to) {
    const auto header = reader_header(db, schema::TERM_FREQS_TAG);
    if (!header) {
        return nullptr;
    }
    const std::size_t index_end = padded(header->size() + 8 + 4 * (BUCKETS + 1));
    Fd f;
    const std::optional<std::size_t> opened =
        open_regular((fs::path(live) / schema::TERM_FREQS_FILE).string(), index_end, f);
    if (!opened) {
        return nullptr;
    }
    // Owns the descriptor, and the mapping once there is one, from here on.
    std::shared_ptr<TermFreqs> out(new TermFreqs());
    out->m_fd = std::exchange(f.fd, -1);
    // A regular file: reads may block (O_NONBLOCK only kept open() from waiting on a FIFO).
    const int flags = ::fcntl(out->m_fd, F_GETFL);
    if (flags < 0 || ::fcntl(out->m_fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
        return nullptr;
    }
    const std::uint64_t size = *opened;
    if (size <= map_up_to) {
        out->m_map = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, out->m_fd, 0);
        if (out->m_map == MAP_FAILED) {
            out->m_map = nullptr;
            return nullptr;
        }
        out->m_map_size = size;
    }
    std::vector<unsigned char> head(header->size() + 8);
    if (!read_at(out->m_fd, head.data(), head.size(), 0)
        || std::memcmp(head.data(), header->data(), header->size()) != 0) {
        return nullptr;  // another database, revision, schema or slot
    }
    const std::uint64_t n = indexer::get(head.data() + header->size(), 8);
    if (n > (size - index_end) / 12 || index_end + 12 * n != size) {
        return nullptr;  // truncated or padded
    }
    out->m_size = static_cast<std::size_t>(n);
    out->m_entries_at = index_end;
    // The bucket starts read straight into their array (256 KB, decoded in place: each u32 from
    // its own little-endian bytes), in order and within the entries: get() then never reads
    // past them.
    out->m_start.resize(BUCKETS + 1);
    auto* starts = reinterpret_cast<unsigned char*>(out->m_start.data());
    if (!read_at(out->m_fd, starts, 4 * (BUCKETS + 1), head.size())) {
        return nullptr;
    }
    std::uint64_t previous = 0;
    for (std::size_t b = 0; b <= BUCKETS; ++b) {
        const std::uint32_t s = get32(starts + 4 * b);
        if (s < previous || s > n) {
            return nullptr;
        }
        out->m_start[b] = s;
        previous = s;
    }
    if (previous != n) {
        return nullptr;
    }
    if (out->m_map != nullptr) {
        ::close(out->m_fd);  // the mapping stays
        out->m_fd = -1;
    }
    return out;
}

std::optional<Xapian::doccount> TermFreqs::get(std::string_view term) const {
    const std::uint64_t h = hash_of(term);
    const std::size_t b = static_cast<std::size_t>(h >> 48);
    const std::size_t first = m_start[b];
    const std::size_t count = m_start[b + 1] - first;
    const std::uint64_t at = m_entries_at + 12 * std::uint64_t{first};
    std::vector<unsigned char> read;  // a bucket holds size() / 65,536 entries on average
    const unsigned char* entries = nullptr;
    if (m_map != nullptr) {
        entries = static_cast<const unsigned char*>(m_map) + at;
    } else {
        read.resize(12 * count);
        if (!read_at(m_fd, read.data(), read.size(), at)) {
            return std::nullopt;  // checked whole when opened: an I/O error, not a missing word
        }
        entries = read.data();
    }
    for (std::size_t i = 0; i < count; ++i) {
        const unsigned char* e = entries + 12 * i;
        const std::uint64_t eh = indexer::get(e, 8);
        if (eh == h) {
            return static_cast<Xapian::doccount>(indexer::get(e + 8, 4));
        }
        if (eh > h) {
            break;
        }
    }
    return 0;
}

TermFreqs::~TermFreqs() {
    if (m_map != nullptr) {
        ::munmap(m_map, m_map_size);
    }
    if (m_fd >= 0) {
        ::close(m_fd);
    }
}

std::shared_ptr<const ValueColumn> ValueColumn::open(
    const std::string& live, const Xapian::Database& db, Xapian::valueno slot, Check check
) {
    const auto header = reader_header(db, slot);
    if (!header) {
        return nullptr;
    }
    const std::string path = column_path(live, slot);
    const auto [map, size] = map_mirroring(path, *header, 0);
    if (map == nullptr) {
        return nullptr;
    }
    std::shared_ptr<ValueColumn> out(new ValueColumn());  // owns the mapping from here on
    out->m_path = path;
    out->m_map = map;
    out->m_map_size = size;
    const auto* bytes = static_cast<const unsigned char*>(map);
    const std::uint64_t last = get(bytes + header->size() - 8, 8);
    const std::uint64_t index_end = header->size() + 8 * (last + 1);
    if (last > UINT32_MAX || index_end > size) {
        return nullptr;
    }
    out->m_last = static_cast<Xapian::docid>(last);
    out->m_offsets = bytes + header->size();
    out->m_data = reinterpret_cast<const char*>(bytes + index_end);
    out->m_data_size = out->offset(last);
    if (out->offset(0) != 0 || out->m_data_size > size - index_end
        || padded(out->m_data_size) > size - index_end) {
        return nullptr;  // truncated
    }
    // The data padded to 8 bytes, then the dictionary (facet ids) or nothing.
    const std::size_t dictionary = index_end + padded(out->m_data_size);
    if (slot == schema::SLOT_FACET_IDS) {
        out->m_dictionary = FacetDictionary::parse(bytes + dictionary, size - dictionary);
        if (!out->m_dictionary) {
            return nullptr;
        }
    } else if (dictionary != size) {
        return nullptr;  // truncated or padded
    }
    // Each document takes 8 bytes of offsets and its value's bytes on average.
    const std::uint64_t per_document = 8 + out->m_data_size / (last + 1);
    out->m_release_step = static_cast<Xapian::docid>(std::clamp<std::uint64_t>(
        RELEASE_BYTES / per_document, RELEASE_STEP, std::uint64_t{UINT32_MAX}
    ));
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
