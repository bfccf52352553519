// A one-trick HTTP server on blocking sockets for tests: it meets every
// request it reads with the same behaviour (a canned reply, a close, or
// silence), so the code under test sees exactly the case being pinned.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <string>
#include <thread>
#include <vector>

namespace logsim::testing {

// Serves one connection at a time; enough for the client tests.
class ScriptedServer {
 public:
  enum class Action { kReply, kClose, kSilent };

  ScriptedServer(Action action, std::string reply = {}) : action_(action), reply_(std::move(reply)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 16);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~ScriptedServer() {
    stopping_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  int port() const { return port_; }
  int accepted() const { return accepted_.load(); }
  int requests() const { return requests_.load(); }

 private:
  void serve() {
    std::vector<int> held;
    while (!stopping_) {
      const int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) break;
      ++accepted_;
      timeval tv{0, 200000};
      ::setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      std::string in;
      bool open = true;
      while (open && !stopping_) {
        char buf[4096];
        const ssize_t n = ::recv(c, buf, sizeof buf, 0);
        if (n == 0) break;
        if (n < 0) {
          if (errno == EAGAIN || errno == EWOULDBLOCK) {
            if (action_ == Action::kSilent && in.find("\r\n\r\n") != std::string::npos) {
              held.push_back(c);
              open = false;
            }
            continue;
          }
          break;
        }
        in.append(buf, static_cast<std::size_t>(n));
        // Requests in these tests are small and have Content-Length.
        for (auto end = in.find("\r\n\r\n"); end != std::string::npos; end = in.find("\r\n\r\n")) {
          std::size_t length = 0;
          const auto cl = in.find("Content-Length: ");
          if (cl != std::string::npos && cl < end) length = std::stoul(in.substr(cl + 16));
          if (in.size() < end + 4 + length) break;
          in.erase(0, end + 4 + length);
          ++requests_;
          if (action_ == Action::kReply) {
            ::send(c, reply_.data(), reply_.size(), MSG_NOSIGNAL);
          } else if (action_ == Action::kClose) {
            open = false;
            break;
          }
        }
      }
      if (open || action_ != Action::kSilent) ::close(c);
    }
    for (int c : held) ::close(c);
  }

  Action action_;
  std::string reply_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> accepted_{0};
  std::atomic<int> requests_{0};
  std::thread thread_;
};

inline std::string reply_with(int status, const std::string& extra = {}) {
  return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: 2\r\n" + extra + "\r\nok";
}

}  // namespace logsim::testing
