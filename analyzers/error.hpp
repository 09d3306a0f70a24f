/// Exception hierarchy shared by every layer (it lives in the lowest one so all can throw it).
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace dossier {

/// Base of every error Dossier's libraries throw; the message is one line and names the input.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A problem with one input record: a file, or a line of a JSONL file (line is 1-based, 0 = none).
class CorpusError : public Error {
public:
    CorpusError(std::string file, std::size_t line, const std::string& what)
        : Error(line ? file + ":" + std::to_string(line) + ": " + what : file + ": " + what),
          m_file(std::move(file)),
          m_line(line) {}

    const std::string& file() const { return m_file; }

    std::size_t line() const { return m_line; }

private:
    std::string m_file;
    std::size_t m_line;
};

/// The database does not follow the on-disk contract this build expects.
class SchemaError : public Error {
public:
    using Error::Error;
};

/// A database that cannot be read at all: missing, not a database, unreadable.
class IndexUnavailableError : public Error {
public:
    using Error::Error;
};

/// A query that cannot be parsed.
class QueryError : public Error {
public:
    using Error::Error;
};

}  // namespace dossier
