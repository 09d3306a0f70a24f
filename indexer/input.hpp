/// Reading inputs: files and directories (by extension), JSONL, standard input, gzip.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analyzers/error.hpp"
#include "indexer/article.hpp"
#include "indexer/text_reader.hpp"

namespace dossier::indexer {

/// How an input is read.
enum class InputFormat {
    Auto,   ///< by extension; standard input: JSONL when it starts with '{', else one text article
    Text,   ///< one plain-text or Markdown article per file
    Jsonl,  ///< one JSON object per line
};

/// Names of the JSONL fields Dossier maps onto Article. Any other field of a record is kept in
/// Article::extra (and shown by search).
struct JsonFields {
    std::string id = "id";
    std::string title = "title";
    std::string text = "text";  ///< "body" is accepted too when this field is absent
    std::string fallback_text = "body";
};

/// What a directory walk or a named file turns into.
enum class FileKind {
    Text,         ///< .txt .text .md .markdown, no extension (and anything named explicitly)
    Jsonl,        ///< .jsonl .ndjson .json
    Ignored,      ///< README, LICENSE, COPYING, CHANGELOG inside a directory: counted, not indexed
    Unsupported,  ///< other extensions inside a directory: skipped with a warning
};

/// Classifies a file by its extension, looking through a trailing ".gz" ("a.jsonl.gz" is JSONL).
/// `named_explicitly`: the user named the file itself rather than a directory holding it, so an
/// unknown extension is read as `fallback` and README files are indexed like any other.
FileKind classify_file(const std::string& path, bool named_explicitly, InputFormat fallback);

/// A file to read, with the names it is known by.
struct InputFile {
    std::string path;    ///< as it will be shown: the input as given, or directory/relative path
    std::string source;  ///< absolute, lexically normal path (empty for standard input)
    std::string id;      ///< article id for a text file: path below the named directory without
                         ///< extension(s) ("business/001"), or the file name's stem when named
    FileKind kind = FileKind::Text;
    std::uint64_t size = 0;  ///< bytes on disk (compressed size for .gz), for progress
};

/// Expands inputs into files, in a deterministic order (each directory sorted, recursively; hidden
/// entries skipped). "-" stands for standard input and is passed through with path "-".
/// @throws dossier::CorpusError for an input that does not exist or cannot be listed.
std::vector<InputFile> expand_inputs(const std::vector<std::string>& inputs, InputFormat fallback);

/// The largest article (file, JSONL line, or standard input) read, in bytes after decompression:
/// 8 MiB, some ten times the longest real news article. A larger one is skipped with a warning
/// ("article too large"), read no further than the limit, so memory stays bounded whatever the
/// input (a gzip bomb included).
inline constexpr std::size_t MAX_ARTICLE_BYTES = std::size_t{8} << 20;

/// JSON nested deeper than this (arrays and objects) is refused as malformed: nlohmann::json copies
/// and prints values recursively, so unbounded nesting would overflow the stack.
inline constexpr std::size_t MAX_JSON_DEPTH = 100;

/// An input larger than MAX_ARTICLE_BYTES.
class TooLargeError : public CorpusError {
public:
    using CorpusError::CorpusError;
};

/// Reads a whole file or standard input ("-"), decompressing gzip data transparently (by content,
/// so "x.txt.gz" and a plain "x.txt" both work), reading no more than `limit` + 1 bytes.
/// @throws dossier::CorpusError naming the path; TooLargeError past `limit` bytes.
std::string read_all(const std::string& path, std::size_t limit = MAX_ARTICLE_BYTES);

/// Reads lines from a file or standard input ("-"), gzip-transparent. Not thread-safe. Line
/// terminators ("\n", "\r\n") are removed. A line longer than `max_line` bytes is not kept: it is
/// read past (memory stays bounded by `max_line`) and returned empty with overlong() true.
class LineReader {
public:
    /// @throws dossier::CorpusError when the file cannot be opened.
    explicit LineReader(const std::string& path, std::size_t max_line = MAX_ARTICLE_BYTES);
    ~LineReader();
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;

    /// The next line; false at the end. @throws dossier::CorpusError on a read error or corrupt
    /// gzip data, naming the file and the line.
    bool next(std::string& line);

    /// The last line returned was longer than `max_line` (and is returned empty).
    bool overlong() const { return m_overlong; }

    /// Looks at the start of the input without consuming it (up to `n` bytes).
    std::string_view peek(std::size_t n);

    std::size_t line_number() const {
        return m_line;
    }  ///< 1-based number of the last line returned

    /// Bytes consumed from the underlying file so far (compressed bytes for gzip), for progress.
    std::uint64_t raw_offset() const;

private:
    bool fill();

    struct Impl;
    std::unique_ptr<Impl> m_impl;
    std::string m_buf;
    std::size_t m_pos = 0;
    std::size_t m_line = 0;
    std::size_t m_max_line;
    bool m_eof = false;
    bool m_overlong = false;
};

/// True when `data` looks binary: a NUL byte, or more than 10% control characters (other than
/// white space), in its first 8 KiB.
bool looks_binary(std::string_view data);

/// True when arrays and objects in `json` nest deeper than `max_depth` (a scan that respects
/// strings; it does not validate).
bool json_too_deep(std::string_view json, std::size_t max_depth = MAX_JSON_DEPTH);

/// The skip detail of an input larger than MAX_ARTICLE_BYTES ("more than 8 MiB, ...").
const std::string& too_large_detail();

/// One unit of work read from the inputs, in input order: a text file still to be read, a JSON
/// record, the text read from standard input, or an input already judged (skipped or ignored).
struct InputRecord {
    enum class Kind { TextFile, TextData, JsonRecord, Skip, Ignored };
    Kind kind = Kind::Skip;
    std::size_t file = 0;  ///< index into the expanded input files
    std::size_t line = 0;  ///< 1-based JSONL line or array element (0 = the whole file)
    std::string data;      ///< the JSON record, or the text read from standard input
    std::string skip_reason;
    std::string skip_detail;
    std::uint64_t done_bytes = 0;  ///< input bytes consumed once this record is done (progress)
};

/// Reads `files` in order and hands each record to `emit` (which returns false to stop early).
/// This is where the format of a file is sniffed: standard input with InputFormat::Auto is
/// JSONL when it starts with '{' (after white space and a BOM), else one text article; a JSON
/// file starting with '[' is one array of records; a binary-looking JSON file is skipped. Text
/// files are not read here (kind TextFile: the analysis thread reads them). Unreadable and
/// over-large inputs become Skip records; blank JSONL lines are no records.
void read_records(
    const std::vector<InputFile>& files,
    InputFormat format,
    const std::function<bool(InputRecord&&)>& emit
);

/// Input bytes in all of `files`, for progress; 0 (unknown) when standard input is among them.
std::uint64_t total_input_bytes(const std::vector<InputFile>& files);

/// Parses one JSONL record (`line` is the raw line, 1-based `line_no`) into an Article.
/// Invalid UTF-8 is repaired first (warning with file:line and byte offset). A line that is not a
/// JSON object, nests deeper than MAX_JSON_DEPTH, has a non-string title/text, or has neither title
/// nor text sets report.skip_reason ("malformed JSON", "empty article") with the details in
/// report.warnings. A record without an id gets "h" + 16 hex digits of a hash of its title and
/// text, and a warning.
Article article_from_json_line(
    std::string_view line,
    const std::string& file,
    std::size_t line_no,
    const JsonFields& fields,
    ReadReport& report
);

}  // namespace dossier::indexer
