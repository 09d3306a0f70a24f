/// One mapping from the exceptions a search can raise to what a front end answers: an HTTP-like
/// status, a process exit code and a one-line message. Shared by `search`, `--batch` and the
/// server, so they all say the same thing for the same failure.
#pragma once

#include <exception>
#include <string>

#include <nlohmann/json.hpp>

namespace dossier::searcher {

struct ErrorInfo {
    /// HTTP-like status: 400 malformed query or bad input, 503 index unavailable (missing,
    /// unreadable, of another schema version, or changing too fast to read), 500 anything else.
    int status = 500;
    /// Exit code of the CLI: 2 for every error (grep's convention; 0 and 1 are results).
    int exit_code = 2;
    /// "query", "input", "index" or "internal".
    std::string kind;
    /// One line, naming the input (the exception's own message).
    std::string message;

    /// {"error": message, "kind": kind, "status": status}.
    nlohmann::json to_json() const;
};

/// Classifies `error` (which must not be null): dossier::QueryError → 400 "query";
/// dossier::SchemaError, dossier::IndexUnavailableError and Xapian::DatabaseError (opening,
/// corrupt, modified, lock) → 503 "index"; any other dossier::Error → 400 "input";
/// Xapian::Error, std::exception and anything else → 500 "internal". Pure: safe on any thread.
ErrorInfo classify(std::exception_ptr error);

}  // namespace dossier::searcher
