// Damages the values of a database's facet ids' column on disk, as a disk error would: the
// header, the stamp and the offsets hold, the bytes of the values do not.
#pragma once

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "indexer/columns.hpp"
#include "indexer/schema.hpp"
#include "support/paths.hpp"

namespace dossier::test {

/// Overwrites the first `fraction` of the values of the facet ids' column of database `db` with
/// 0xff bytes (no number the dictionary holds): those documents must be read from their slots.
/// Writes a copy and renames it over the column, never in place (a reader may have it mapped).
/// Returns the column's bytes as they were.
inline std::string garble_facet_column(const std::string& db, double fraction) {
    namespace schema = dossier::indexer::schema;
    const std::string file = dossier::indexer::column_path(db, schema::SLOT_FACET_IDS);
    const std::string bytes = slurp(file);
    std::string garbled = bytes;
    // The values follow the header (32 bytes, the padded UUID, the last document id) and one
    // 8-byte offset per document id and one more, the last of which is the values' size
    // (indexer/columns.hpp); the dictionary follows them.
    const Xapian::Database opened(db);
    const std::size_t offsets = 32 + (opened.get_uuid().size() + 7) / 8 * 8 + 8;
    const std::size_t last = opened.get_lastdocid();
    const std::size_t data = offsets + 8 * (last + 1);
    std::size_t size = 0;
    for (int b = 7; b >= 0; --b) {
        size = size << 8 | static_cast<unsigned char>(garbled[offsets + 8 * last + b]);
    }
    REQUIRE(size > 0);
    REQUIRE(data + size < garbled.size());
    const auto end = data + static_cast<std::size_t>(static_cast<double>(size) * fraction);
    for (std::size_t i = data; i < end; ++i) {
        garbled[i] = '\xff';
    }
    const std::string tmp = file + ".test";
    std::ofstream(tmp, std::ios::binary) << garbled;
    std::filesystem::rename(tmp, file);
    return bytes;
}

}  // namespace dossier::test
