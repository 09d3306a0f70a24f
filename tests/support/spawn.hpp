/// Starts a real binary as a child process that a test can wait for or kill (crash tests).
#pragma once

#include <csignal>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace dossier::test {

/// A child process running `argv`, with stdout and stderr sent to `log` (or /dev/null).
class Child {
public:
    explicit Child(const std::vector<std::string>& argv, const std::string& log = "/dev/null") {
        m_pid = fork();
        if (m_pid == 0) {
            int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd >= 0) {
                dup2(fd, STDOUT_FILENO);
                dup2(fd, STDERR_FILENO);
            }
            std::vector<char*> args;
            for (const auto& a : argv) {
                args.push_back(const_cast<char*>(a.c_str()));
            }
            args.push_back(nullptr);
            execv(args[0], args.data());
            _exit(127);
        }
    }

    ~Child() {
        if (m_pid > 0 && !m_reaped) {
            kill(SIGKILL);
            wait();
        }
    }

    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    void kill(int sig) const { ::kill(m_pid, sig); }

    /// True while the child has not exited.
    bool running() {
        if (m_reaped) {
            return false;
        }
        int status = 0;
        pid_t r = waitpid(m_pid, &status, WNOHANG);
        if (r == m_pid) {
            m_reaped = true;
            m_status = status;
            return false;
        }
        return true;
    }

    /// Waits for the child; its exit code, or -signal when killed.
    int wait() {
        if (!m_reaped) {
            waitpid(m_pid, &m_status, 0);
            m_reaped = true;
        }
        return WIFEXITED(m_status) ? WEXITSTATUS(m_status) : -WTERMSIG(m_status);
    }

private:
    pid_t m_pid = -1;
    bool m_reaped = false;
    int m_status = 0;
};

}  // namespace dossier::test
