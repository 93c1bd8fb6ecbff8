#include <corio/tcp.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <system_error>
#include <utility>

#include <corio/dns.hpp>
#include <corio/net.hpp>

namespace corio {

namespace {

[[noreturn]] void fail(int err, const std::string& what) {
  throw std::system_error(err, std::generic_category(), "corio: " + what);
}

void tune(int fd) noexcept {
  int fl = ::fcntl(fd, F_GETFL);
  if (fl >= 0) ::fcntl(fd, F_SETFL, fl | O_NONBLOCK);
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

struct addrinfo_deleter {
  void operator()(addrinfo* a) const noexcept { ::freeaddrinfo(a); }
};

}  // namespace

tcp_stream::tcp_stream(int fd) noexcept : fd_(fd) {
  if (fd_ >= 0) tune(fd_);
}
tcp_stream::tcp_stream(tcp_stream&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
tcp_stream& tcp_stream::operator=(tcp_stream&& o) noexcept {
  if (this != &o) {
    close();
    fd_ = std::exchange(o.fd_, -1);
  }
  return *this;
}
tcp_stream::~tcp_stream() { close(); }

void tcp_stream::close() noexcept {
  if (fd_ >= 0) ::close(std::exchange(fd_, -1));
}
void tcp_stream::shutdown_write() noexcept {
  if (fd_ >= 0) ::shutdown(fd_, SHUT_WR);
}

task<tcp_stream> tcp_stream::connect(std::string host, std::uint16_t port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_ADDRCONFIG;
  std::string service = std::to_string(port);
  addrinfo* raw = nullptr;
  int rc = co_await corio::getaddrinfo(host.c_str(), service.c_str(), &hints, &raw);
  if (rc != 0) throw std::runtime_error("corio: cannot resolve " + host + ": " + gai_strerror(rc));
  std::unique_ptr<addrinfo, addrinfo_deleter> list(raw);
  int last_error = EHOSTUNREACH;
  for (addrinfo* a = list.get(); a; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      last_error = errno;
      continue;
    }
    tcp_stream s(fd);  // owns fd, also if the connect below is cancelled
    if (co_await corio::connect(fd, a->ai_addr, a->ai_addrlen) == 0) co_return s;
    last_error = errno;
  }
  fail(last_error, "connect to " + host + ":" + service);
}

task<std::size_t> tcp_stream::read_some(void* buf, std::size_t n) {
  ssize_t r = co_await corio::recv(fd_, buf, n, 0);
  if (r < 0) fail(errno, "recv");
  co_return static_cast<std::size_t>(r);
}

task<std::size_t> tcp_stream::read_exactly(void* buf, std::size_t n) {
  std::size_t got = 0;
  while (got < n) {
    ssize_t r = co_await corio::recv(fd_, static_cast<char*>(buf) + got, n - got, 0);
    if (r < 0) fail(errno, "recv");
    if (r == 0) break;
    got += static_cast<std::size_t>(r);
  }
  co_return got;
}

task<void> tcp_stream::write_all(const void* buf, std::size_t n) {
  std::size_t sent = 0;
  while (sent < n) {
    ssize_t r = co_await corio::send(fd_, static_cast<const char*>(buf) + sent, n - sent, MSG_NOSIGNAL);
    if (r < 0) fail(errno, "send");
    sent += static_cast<std::size_t>(r);
  }
}

tcp_listener tcp_listener::bind(const std::string& address, std::uint16_t port, int backlog) {
  sockaddr_storage ss{};
  socklen_t len = 0;
  int family = AF_INET;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&ss);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&ss);
  if (::inet_pton(AF_INET, address.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    len = sizeof *v4;
  } else if (::inet_pton(AF_INET6, address.c_str(), &v6->sin6_addr) == 1) {
    family = AF_INET6;
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    len = sizeof *v6;
  } else {
    throw std::invalid_argument("corio::tcp_listener::bind: not a numeric address: " + address);
  }
  tcp_listener l;
  l.fd_ = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (l.fd_ < 0) fail(errno, "socket");
  int one = 1;
  ::setsockopt(l.fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(l.fd_, reinterpret_cast<sockaddr*>(&ss), len) < 0) fail(errno, "bind " + address);
  if (::listen(l.fd_, backlog) < 0) fail(errno, "listen");
  return l;
}

tcp_listener::tcp_listener(tcp_listener&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
tcp_listener& tcp_listener::operator=(tcp_listener&& o) noexcept {
  if (this != &o) {
    close();
    fd_ = std::exchange(o.fd_, -1);
  }
  return *this;
}
tcp_listener::~tcp_listener() { close(); }
void tcp_listener::close() noexcept {
  if (fd_ >= 0) ::close(std::exchange(fd_, -1));
}

task<tcp_stream> tcp_listener::accept() {
  int fd = co_await corio::accept4(fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
  if (fd < 0) fail(errno, "accept");
  co_return tcp_stream(fd);
}

std::uint16_t tcp_listener::port() const {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&ss), &len) < 0) fail(errno, "getsockname");
  if (ss.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
  return ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
}

}  // namespace corio
