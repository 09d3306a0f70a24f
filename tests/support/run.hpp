/// Runs a command line (the real indexer and search binaries) and captures its output.
#pragma once

#include <array>
#include <cstdio>
#include <string>

#include <sys/wait.h>

namespace dossier::test {

struct RunResult {
    int status = -1;  ///< exit status, or -1 when the process did not exit normally
    std::string out;  ///< standard output
    std::string err;  ///< standard error
};

/// Quotes one argument for /bin/sh.
inline std::string sh_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

/// Runs `command` with /bin/sh; stderr is captured through a temporary file.
inline RunResult run(const std::string& command) {
    RunResult r;
    char errpath[] = "/tmp/dossier-test-err-XXXXXX";
    int fd = mkstemp(errpath);
    if (fd >= 0) {
        close(fd);
    }
    std::string full = command + " 2>" + sh_quote(errpath);
    FILE* pipe = popen(full.c_str(), "r");
    if (!pipe) {
        return r;
    }
    std::array<char, 4096> buf{};
    std::size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) {
        r.out.append(buf.data(), n);
    }
    int status = pclose(pipe);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (FILE* f = fopen(errpath, "r")) {
        while ((n = fread(buf.data(), 1, buf.size(), f)) > 0) {
            r.err.append(buf.data(), n);
        }
        fclose(f);
    }
    unlink(errpath);
    return r;
}

}  // namespace dossier::test
