/// A real dossier-server process on a free loopback port, for API tests.
#pragma once

#include <chrono>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/spawn.hpp"

namespace dossier::test {

inline std::string server_binary() {
    return DOSSIER_SERVER_BIN;
}

/// Starts `dossier-server --listen 127.0.0.1:0 ARGS...` with its output in `log`, waits for the
/// "listening on" line and reads the port from it. Killed (SIGKILL) when destroyed unless stopped.
class ServerProcess {
public:
    ServerProcess(const std::vector<std::string>& args, const std::string& log) : m_log(log) {
        std::vector<std::string> argv = {server_binary(), "--listen", "127.0.0.1:0"};
        argv.insert(argv.end(), args.begin(), args.end());
        m_child = std::make_unique<Child>(argv, log);
        const std::regex listening(R"(listening on http://127\.0\.0\.1:(\d+)/)");
        for (int i = 0; i < 300; ++i) {
            std::ifstream in(log);
            std::stringstream ss;
            ss << in.rdbuf();
            std::smatch m;
            const std::string text = ss.str();
            if (std::regex_search(text, m, listening)) {
                m_port = std::stoi(m[1]);
                return;
            }
            if (!m_child->running()) {
                throw std::runtime_error("dossier-server exited: " + text);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        throw std::runtime_error("dossier-server did not start");
    }

    int port() const { return m_port; }

    Child& child() { return *m_child; }

    std::string log() const {
        std::ifstream in(m_log);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }

private:
    std::string m_log;
    std::unique_ptr<Child> m_child;
    int m_port = 0;
};

}  // namespace dossier::test
