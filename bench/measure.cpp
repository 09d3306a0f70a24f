/// bench_measure: runs a command and reports its wall time and peak resident memory (the largest
/// VmHWM of the command and its descendants, from wait4()'s rusage), because /usr/bin/time is not
/// installed everywhere.
///   bench_measure OUT.json COMMAND [ARGS...]   → OUT.json: {"seconds": S, "peak_rss_mb": M,
///   "status": C}
#include <chrono>
#include <cstdio>
#include <fstream>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: bench_measure OUT.json COMMAND [ARGS...]\n");
        return 2;
    }
    const auto start = std::chrono::steady_clock::now();
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        _exit(127);
    }
    int status = 0;

    struct rusage usage {};

    wait4(pid, &status, 0, &usage);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::ofstream(argv[1]) << "{\"seconds\": " << seconds
                           << ", \"peak_rss_mb\": " << static_cast<double>(usage.ru_maxrss) / 1024.0
                           << ", \"user_s\": "
                           << static_cast<double>(usage.ru_utime.tv_sec)
            + static_cast<double>(usage.ru_utime.tv_usec) / 1e6
                           << ", \"status\": " << code << "}\n";
    return code;
}
