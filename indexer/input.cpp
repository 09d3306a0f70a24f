#include "indexer/input.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>
#include <zlib.h>

#include "analyzers/error.hpp"
#include "analyzers/hash.hpp"
#include "analyzers/normalizer.hpp"
#include "analyzers/text.hpp"

namespace dossier::indexer {

namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return s;
}

/// The file name without ".gz" and without its format extension: "001.txt.gz" → "001".
fs::path strip_extensions(const fs::path& p) {
    fs::path out = p;
    if (lower(out.extension().string()) == ".gz") {
        out.replace_extension();
    }
    const std::string ext = lower(out.extension().string());
    static const char* known[] = {
        ".txt", ".text", ".md", ".markdown", ".jsonl", ".ndjson", ".json"};
    for (const char* k : known) {
        if (ext == k) {
            out.replace_extension();
            break;
        }
    }
    return out;
}

gzFile open_gz(const std::string& path) {
    gzFile f = nullptr;
    if (path == "-") {
        int fd = dup(STDIN_FILENO);
        if (fd >= 0) {
            f = gzdopen(fd, "rb");
            if (!f) {
                close(fd);
            }
        }
    } else {
        f = gzopen(path.c_str(), "rb");
    }
    if (!f) {
        const char* why = errno ? std::strerror(errno) : "out of memory";
        throw CorpusError(path == "-" ? "<stdin>" : path, 0, std::string("cannot read: ") + why);
    }
    gzbuffer(f, 1 << 17);
    return f;
}

/// Reads up to `n` bytes; throws on corrupt data.
std::size_t gz_read(gzFile f, char* out, std::size_t n, const std::string& path, std::size_t line) {
    int got = gzread(f, out, static_cast<unsigned>(n));
    if (got < 0) {
        int err = 0;
        const char* msg = gzerror(f, &err);
        throw CorpusError(
            path == "-" ? "<stdin>" : path,
            line,
            std::string("read error: ") + (err == Z_ERRNO ? std::strerror(errno) : msg)
        );
    }
    return static_cast<std::size_t>(got);
}

std::string json_string(const nlohmann::json& v) {
    if (v.is_string()) {
        return v.get<std::string>();
    }
    if (v.is_number() || v.is_boolean()) {
        return v.dump();
    }
    return {};
}

std::string hex64(std::uint64_t h) {
    return fmt::format("{:016x}", h);
}

std::uint64_t fnv1a(std::string_view a, std::string_view b) {
    return analyzers::Fnv1a64().field(a).field(b).value();
}

}  // namespace

FileKind classify_file(const std::string& path, bool named_explicitly, InputFormat fallback) {
    fs::path p(path);
    if (lower(p.extension().string()) == ".gz") {
        p.replace_extension();
    }
    const std::string stem = lower(p.stem().string());
    const std::string ext = lower(p.extension().string());
    if (!named_explicitly
        && (stem == "readme" || stem == "license" || stem == "licence" || stem == "copying"
            || stem == "changelog")) {
        return FileKind::Ignored;  // documentation that lives beside articles in a corpus folder
    }
    if (ext == ".jsonl" || ext == ".ndjson" || ext == ".json") {
        return FileKind::Jsonl;
    }
    if (ext.empty() || ext == ".txt" || ext == ".text" || ext == ".md" || ext == ".markdown") {
        return FileKind::Text;
    }
    if (named_explicitly) {
        return fallback == InputFormat::Jsonl ? FileKind::Jsonl : FileKind::Text;
    }
    return FileKind::Unsupported;
}

std::vector<InputFile> expand_inputs(const std::vector<std::string>& inputs, InputFormat fallback) {
    std::vector<InputFile> files;
    auto add = [&](const fs::path& p, const std::string& shown, std::string id, bool named) {
        InputFile f;
        f.path = shown;
        std::error_code ec;
        fs::path abs = fs::absolute(p, ec);
        f.source = (ec ? p : abs).lexically_normal().string();
        f.id = std::move(id);
        f.kind = classify_file(p.string(), named, fallback);
        f.size = fs::file_size(p, ec);
        if (ec) {
            f.size = 0;
        }
        files.push_back(std::move(f));
    };
    for (const auto& input : inputs) {
        if (input == "-") {
            InputFile f;
            f.path = "-";
            f.kind = fallback == InputFormat::Text ? FileKind::Text
                : fallback == InputFormat::Jsonl   ? FileKind::Jsonl
                                                   : FileKind::Text;  // Auto: decided on content
            files.push_back(std::move(f));
            continue;
        }
        std::error_code ec;
        fs::file_status st = fs::status(input, ec);
        if (ec || !fs::exists(st)) {
            throw CorpusError(input, 0, "no such file or directory");
        }
        if (!fs::is_directory(st)) {
            add(input, input, strip_extensions(fs::path(input).filename()).string(), true);
            continue;
        }
        std::vector<fs::path> found;
        auto it = fs::recursive_directory_iterator(
            input, fs::directory_options::skip_permission_denied, ec
        );
        if (ec) {
            throw CorpusError(input, 0, "cannot read directory: " + ec.message());
        }
        for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec) {
                throw CorpusError(input, 0, "cannot read directory: " + ec.message());
            }
            const std::string name = it->path().filename().string();
            if (!name.empty() && name[0] == '.') {
                if (it->is_directory(ec)) {
                    it.disable_recursion_pending();
                }
                continue;
            }
            if (it->is_regular_file(ec)) {
                found.push_back(it->path());
            }
        }
        std::sort(found.begin(), found.end());
        for (const auto& f : found) {
            // Ids are the path below the named directory, so bbc/business/001.txt and
            // bbc/sport/001.txt stay two articles ("business/001", "sport/001").
            fs::path rel = f.lexically_relative(input);
            std::string id =
                (rel.parent_path() / strip_extensions(rel.filename())).generic_string();
            add(f, f.string(), std::move(id), false);
        }
    }
    return files;
}

std::string read_all(const std::string& path, std::size_t limit) {
    gzFile f = open_gz(path);
    std::string out;
    try {
        std::size_t n = 0;
        do {
            if (out.size() > limit) {
                throw TooLargeError(
                    path == "-" ? "<stdin>" : path,
                    0,
                    fmt::format(
                        "article too large: more than {} MiB (after decompression), skipped",
                        limit >> 20
                    )
                );
            }
            std::size_t old = out.size();
            out.resize(old + (1 << 17));
            n = gz_read(f, out.data() + old, 1 << 17, path, 0);
            out.resize(old + n);
        } while (n > 0);
    } catch (...) {
        gzclose(f);
        throw;
    }
    gzclose(f);
    return out;
}

struct LineReader::Impl {
    gzFile file = nullptr;
    std::string path;
};

LineReader::LineReader(const std::string& path, std::size_t max_line)
    : m_impl(std::make_unique<Impl>()), m_max_line(max_line) {
    m_impl->path = path;
    m_impl->file = open_gz(path);
}

LineReader::~LineReader() {
    if (m_impl && m_impl->file) {
        gzclose(m_impl->file);
    }
}

bool LineReader::fill() {
    if (m_eof) {
        return false;
    }
    if (m_pos > 0) {
        m_buf.erase(0, m_pos);
        m_pos = 0;
    }
    std::size_t old = m_buf.size();
    m_buf.resize(old + (1 << 16));
    std::size_t n = gz_read(m_impl->file, m_buf.data() + old, 1 << 16, m_impl->path, m_line + 1);
    m_buf.resize(old + n);
    if (n == 0) {
        m_eof = true;
    }
    return n > 0;
}

bool LineReader::next(std::string& line) {
    m_overlong = false;
    std::size_t scanned = m_pos;
    while (true) {
        std::size_t nl = m_buf.find('\n', scanned);
        if (nl != std::string::npos) {
            line.assign(m_buf, m_overlong ? nl : m_pos, m_overlong ? 0 : nl - m_pos);
            m_pos = nl + 1;
            break;
        }
        if (m_buf.size() - m_pos > m_max_line) {
            m_overlong = true;  // drop what is read of it; skip to its end
            m_buf.clear();
            m_pos = 0;
        }
        scanned = m_buf.size() - m_pos;  // offset relative to m_pos, which fill() resets to 0
        if (!fill()) {
            if (m_pos >= m_buf.size() && !m_overlong) {
                return false;
            }
            line.assign(m_buf, m_pos, m_overlong ? 0 : std::string::npos);  // no "\n" at the end
            m_pos = m_buf.size();
            break;
        }
    }
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    ++m_line;
    return true;
}

std::string_view LineReader::peek(std::size_t n) {
    while (m_buf.size() - m_pos < n && fill()) {
    }
    return std::string_view(m_buf).substr(m_pos, n);
}

std::uint64_t LineReader::raw_offset() const {
    z_off_t off = gzoffset(m_impl->file);
    return off < 0 ? 0 : static_cast<std::uint64_t>(off);
}

bool looks_binary(std::string_view data) {
    // NUL never occurs in text; control characters other than white space are rare in text in any
    // 8-bit encoding, so a legacy Latin-1 article is repaired, while images or PDFs are skipped.
    std::string_view head = data.substr(0, 8192);
    if (head.find('\0') != std::string_view::npos) {
        return true;
    }
    std::size_t control = 0;
    for (unsigned char c : head) {
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v')
            || c == 0x7F) {
            ++control;
        }
    }
    return control * 10 > head.size();
}

bool json_too_deep(std::string_view json, std::size_t max_depth) {
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (in_string) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth) {
                return true;
            }
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return false;
}

Article article_from_json_line(
    std::string_view line,
    const std::string& file,
    std::size_t line_no,
    const JsonFields& fields,
    ReadReport& report
) {
    Article article;
    const std::string where = fmt::format("{}:{}", file, line_no);
    article.path = where;
    std::string repaired;
    if (line.find('\0') != std::string_view::npos) {
        report.skip_reason = "binary data";
        return article;
    }
    std::string charset;
    if (analyzers::is_valid_utf8(line)) {
    } else if (auto legacy = analyzers::transcode_legacy(line, &charset)) {
        report.warnings.push_back(
            fmt::format("{}: not UTF-8: read as {} (ICU charset detection)", where, charset)
        );
        repaired = std::move(*legacy);
        line = repaired;
    } else {
        std::size_t offset = 0;
        repaired = analyzers::repair_utf8(line, &offset);
        report.warnings.push_back(fmt::format(
            "{}: invalid UTF-8 at byte {} of the line, repaired with U+FFFD", where, offset
        ));
        line = repaired;
    }
    if (json_too_deep(line)) {
        report.skip_reason = "malformed JSON";
        report.skip_detail = fmt::format("nested deeper than {} levels", MAX_JSON_DEPTH);
        return article;
    }
    nlohmann::json record = nlohmann::json::parse(line, nullptr, false);
    if (record.is_discarded()) {
        // Parse again with exceptions only to get the parser's message (rare path).
        try {
            nlohmann::json again = nlohmann::json::parse(line);
            report.skip_detail = "unexpected parser result";
        } catch (const nlohmann::json::exception& e) {
            std::string msg = e.what();
            if (auto p = msg.find("parse error"); p != std::string::npos) {
                msg = msg.substr(p);
            }
            report.skip_detail = msg;
        }
        report.skip_reason = "malformed JSON";
        return article;
    }
    if (!record.is_object()) {
        report.skip_reason = "malformed JSON";
        report.skip_detail = std::string("expected an object, found ") + record.type_name();
        return article;
    }
    auto take_string = [&](const std::string& name, std::string& out) -> bool {
        auto it = record.find(name);
        if (it == record.end()) {
            return true;
        }
        if (it->is_null()) {
            record.erase(it);
            return true;
        }
        if (!it->is_string() && !it->is_number()) {
            report.skip_reason = "malformed JSON";
            report.skip_detail =
                fmt::format("field '{}' is a {}, not a string", name, it->type_name());
            return false;
        }
        out = json_string(*it);
        record.erase(it);
        return true;
    };
    std::string id;
    if (!take_string(fields.id, id) || !take_string(fields.title, article.title)) {
        return article;
    }
    if (record.contains(fields.text)) {
        if (!take_string(fields.text, article.text)) {
            return article;
        }
    } else if (!take_string(fields.fallback_text, article.text)) {
        return article;
    }
    if (article.title.find_first_not_of(" \t\r\n") == std::string::npos) {
        article.title.clear();
    }
    if (article.text.find_first_not_of(" \t\r\n") == std::string::npos) {
        if (article.title.empty()) {
            report.skip_reason = "empty article";
            return article;
        }
        article.text.clear();  // a title-only record (a news brief) is still an article
    }
    if (article.title.empty()) {
        auto titled = analyzers::split_title(article.text);
        article.title = std::move(titled.title);
        if (titled.has_headline) {
            article.text = std::move(titled.body);
        }
    }
    const std::size_t first = id.find_first_not_of(" \t");
    const std::size_t last = id.find_last_not_of(" \t");
    id = first == std::string::npos ? std::string() : id.substr(first, last - first + 1);
    if (std::any_of(id.begin(), id.end(), [](unsigned char c) { return c < 0x20 || c == 0x7F; })) {
        // An id is shown on one line and passed around as a term: a newline or NUL in it is an
        // error in the data, not a name to keep.
        report.skip_reason = "bad id";
        report.skip_detail = "the id holds a control character, such as a newline or NUL";
        return article;
    }
    if (id.empty()) {
        id = "h" + hex64(fnv1a(article.title, article.text));
        report.warnings.push_back(fmt::format(
            "{}: no '{}' field, using the content-derived id '{}'", where, fields.id, id
        ));
    }
    article.id = std::move(id);
    article.extra = std::move(record);  // date, source, url, author and every other field
    return article;
}

const std::string& too_large_detail() {
    static const std::string detail =
        fmt::format("more than {} MiB, the maximum article size", MAX_ARTICLE_BYTES >> 20);
    return detail;
}

std::uint64_t total_input_bytes(const std::vector<InputFile>& files) {
    std::uint64_t total = 0;
    for (const auto& f : files) {
        if (f.path == "-") {
            return 0;
        }
        total += f.size;
    }
    return total;
}

void read_records(
    const std::vector<InputFile>& files,
    InputFormat format,
    const std::function<bool(InputRecord&&)>& emit
) {
    std::uint64_t base = 0;  // bytes of the files before the current one
    for (std::size_t i = 0; i < files.size(); ++i) {
        const InputFile& f = files[i];
        InputRecord job;
        job.file = i;
        job.done_bytes = base + f.size;
        if (f.kind == FileKind::Ignored) {
            job.kind = InputRecord::Kind::Ignored;
        } else if (f.kind == FileKind::Unsupported) {
            job.kind = InputRecord::Kind::Skip;
            job.skip_reason = "unsupported file type";
        } else if (f.kind == FileKind::Text && f.path != "-") {
            job.kind = InputRecord::Kind::TextFile;  // read by the analysis thread
        } else {
            // JSONL, or standard input: read here, record by record.
            try {
                LineReader reader(f.path);
                const std::string_view head = reader.peek(8192);
                const std::size_t first = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
                const char lead = first == std::string_view::npos ? '\0' : head[first];
                bool jsonl = f.kind == FileKind::Jsonl;
                if (f.path == "-" && format == InputFormat::Auto) {
                    jsonl = lead == '{';
                }
                if (!jsonl) {
                    job.kind = InputRecord::Kind::TextData;
                    std::string line;
                    while (reader.next(line)) {
                        job.data += line;
                        job.data += '\n';
                        if (reader.overlong() || job.data.size() > MAX_ARTICLE_BYTES) {
                            throw TooLargeError(
                                "<stdin>", 0, "article too large: more than 8 MiB, skipped"
                            );
                        }
                    }
                    job.done_bytes = base + reader.raw_offset();
                } else if (looks_binary(head)) {
                    job.kind = InputRecord::Kind::Skip;
                    job.skip_reason = "binary file";
                } else if (lead == '[') {
                    // A .json file holding one array of records rather than one record per line.
                    std::string all = read_all(f.path, MAX_ARTICLE_BYTES);
                    nlohmann::json array = json_too_deep(all)
                        ? nlohmann::json(nlohmann::json::value_t::discarded)
                        : nlohmann::json::parse(all, nullptr, false);
                    if (array.is_discarded() || !array.is_array()) {
                        job.kind = InputRecord::Kind::Skip;
                        job.skip_reason = "malformed JSON";
                        job.skip_detail = "not JSON lines, nor one JSON array";
                    } else {
                        for (std::size_t k = 0; k < array.size(); ++k) {
                            InputRecord rec;
                            rec.kind = InputRecord::Kind::JsonRecord;
                            rec.file = i;
                            rec.line = k + 1;
                            rec.data = array[k].dump(
                                -1, ' ', false, nlohmann::json::error_handler_t::replace
                            );
                            rec.done_bytes = base + f.size * (k + 1) / array.size();
                            if (!emit(std::move(rec))) {
                                return;
                            }
                        }
                        base += f.size;
                        continue;
                    }
                } else {
                    std::string line;
                    while (reader.next(line)) {
                        if (!reader.overlong()
                            && line.find_first_not_of(" \t\r") == std::string::npos) {
                            continue;  // blank lines separate nothing and hold nothing
                        }
                        InputRecord rec;
                        rec.kind = InputRecord::Kind::JsonRecord;
                        rec.file = i;
                        rec.line = reader.line_number();
                        if (reader.overlong()) {
                            rec.kind = InputRecord::Kind::Skip;
                            rec.skip_reason = "article too large";
                            rec.skip_detail = too_large_detail();
                        }
                        rec.data = std::move(line);
                        rec.done_bytes = base + reader.raw_offset();
                        if (!emit(std::move(rec))) {
                            return;
                        }
                        line = std::string();
                    }
                    base += f.size;
                    continue;
                }
            } catch (const TooLargeError&) {
                job.kind = InputRecord::Kind::Skip;
                job.skip_reason = "article too large";
                job.skip_detail = too_large_detail();
            } catch (const CorpusError& e) {
                job.kind = InputRecord::Kind::Skip;
                job.skip_reason = "unreadable input";
                job.skip_detail = e.what();
            }
        }
        base += f.size;
        if (!emit(std::move(job))) {
            return;
        }
    }
}

}  // namespace dossier::indexer
