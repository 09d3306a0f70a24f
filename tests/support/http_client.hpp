/// A minimal HTTP/1.1 client over a loopback socket, sending requests byte for byte as written
/// (so tests can send hostile ones: ../, %2e%2e, oversized headers, malformed request lines).
#pragma once

#include <string>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace dossier::test {

struct HttpReply {
    int status = 0;       ///< 0 when no status line came back
    std::string headers;  ///< the header block, lines as received
    std::string body;

    /// The value of header `name` (case-insensitive), "" when absent.
    std::string header(const std::string& name) const {
        std::size_t pos = 0;
        while ((pos = headers.find("\r\n", pos)) != std::string::npos) {
            pos += 2;
            std::size_t colon = headers.find(':', pos);
            std::size_t eol = headers.find("\r\n", pos);
            if (colon == std::string::npos || (eol != std::string::npos && colon > eol)) {
                continue;
            }
            std::string key = headers.substr(pos, colon - pos);
            if (key.size() == name.size()
                && std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
                       return std::tolower(static_cast<unsigned char>(a))
                           == std::tolower(static_cast<unsigned char>(b));
                   })) {
                std::size_t v = headers.find_first_not_of(' ', colon + 1);
                return headers.substr(v, (eol == std::string::npos ? headers.size() : eol) - v);
            }
        }
        return {};
    }
};

/// Sends `raw` to 127.0.0.1:`port` and reads the reply until the server closes the connection.
inline HttpReply http_raw(int port, const std::string& raw) {
    HttpReply r;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        close(fd);
        return r;
    }
    std::size_t sent = 0;
    while (sent < raw.size()) {
        ssize_t n = send(fd, raw.data() + sent, raw.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) {
            break;
        }
        sent += static_cast<std::size_t>(n);
    }
    std::string all;
    char buf[65536];
    ssize_t n;
    while ((n = recv(fd, buf, sizeof buf, 0)) > 0) {
        all.append(buf, static_cast<std::size_t>(n));
    }
    close(fd);
    std::size_t end = all.find("\r\n\r\n");
    if (all.rfind("HTTP/1.1 ", 0) != 0 || end == std::string::npos) {
        return r;
    }
    r.status = std::stoi(all.substr(9, 3));
    r.headers = all.substr(0, end);
    r.body = all.substr(end + 4);
    return r;
}

/// GET `target` (path and query, already encoded) with Connection: close and extra header lines.
inline HttpReply
http_get(int port, const std::string& target, const std::string& extra_headers = "") {
    return http_raw(
        port,
        "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers
            + "Connection: close\r\n\r\n"
    );
}

/// Percent-encodes a query parameter value.
inline std::string url_encode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

}  // namespace dossier::test
