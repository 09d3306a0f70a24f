// libFuzzer target: the input reader. The first byte picks how the rest is read:
//   bit 0: written gzip-compressed (a valid stream), else as is (the reader sniffs gzip itself);
//   then the file goes through read_all + article_from_text, and LineReader +
//   article_from_json_line for every line, as the indexer reads text and JSONL files.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <unistd.h>
#include <zlib.h>

#include "analyzers/error.hpp"
#include "analyzers/normalizer.hpp"
#include "indexer/input.hpp"
#include "indexer/text_reader.hpp"

namespace {

std::string temp_path() {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir && *dir ? dir : "/tmp") + "/dossier-fuzz-input-"
        + std::to_string(getpid()) + ".jsonl";
}

void write_file(const std::string& path, std::string_view bytes, bool gzip) {
    if (gzip) {
        gzFile f = gzopen(path.c_str(), "wb1");
        if (!f) {
            std::abort();
        }
        if (!bytes.empty()) {
            gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
        }
        gzclose(f);
        return;
    }
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) {
        std::abort();
    }
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fclose(f);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace dossier::indexer;
    if (size == 0) {
        return 0;
    }
    static const std::string path = temp_path();
    const bool gzip = (data[0] & 1) != 0;
    const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    write_file(path, rest, gzip);
    try {
        ReadReport report;
        Article a = article_from_text(read_all(path), "fuzz", path, report);
        if (report.skip_reason.empty()
            && (!dossier::analyzers::is_valid_utf8(a.title)
                || !dossier::analyzers::is_valid_utf8(a.text))) {
            std::abort();
        }
    } catch (const dossier::CorpusError&) {
    }
    try {
        LineReader reader(path);
        (void)reader.peek(8192);
        std::string line;
        const JsonFields fields;
        while (reader.next(line)) {
            ReadReport report;
            Article a = article_from_json_line(line, path, reader.line_number(), fields, report);
            if (report.skip_reason.empty() && a.id.empty()) {
                std::abort();
            }
        }
    } catch (const dossier::CorpusError&) {
    }
    unlink(path.c_str());
    return 0;
}
