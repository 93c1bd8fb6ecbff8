#pragma once
// corio::tcp_stream / corio::tcp_listener: asyncio's open_connection / start_server
// level of convenience over the POSIX awaitables of net.hpp. Errors throw
// std::system_error; cancellation throws corio::cancelled_error from the pending call.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <corio/task.hpp>

namespace corio {

class tcp_stream {
 public:
  tcp_stream() noexcept = default;
  /// Adopt a connected socket (made non-blocking, TCP_NODELAY).
  explicit tcp_stream(int fd) noexcept;
  tcp_stream(tcp_stream&& o) noexcept;
  tcp_stream& operator=(tcp_stream&& o) noexcept;
  tcp_stream(const tcp_stream&) = delete;
  tcp_stream& operator=(const tcp_stream&) = delete;
  ~tcp_stream();

  /// Resolve host (corio::getaddrinfo) and connect to the first address that answers.
  [[nodiscard]] static task<tcp_stream> connect(std::string host, std::uint16_t port);

  /// Up to n bytes; 0 at end of stream.
  [[nodiscard]] task<std::size_t> read_some(void* buf, std::size_t n);
  /// All n bytes (fewer only at end of stream).
  [[nodiscard]] task<std::size_t> read_exactly(void* buf, std::size_t n);
  [[nodiscard]] task<void> write_all(const void* buf, std::size_t n);
  [[nodiscard]] task<void> write_all(std::string_view data) { return write_all(data.data(), data.size()); }
  void shutdown_write() noexcept;
  void close() noexcept;
  [[nodiscard]] int fd() const noexcept { return fd_; }
  [[nodiscard]] bool is_open() const noexcept { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

class tcp_listener {
 public:
  tcp_listener() noexcept = default;
  /// Listen on a numeric address ("127.0.0.1", "::", "0.0.0.0"); port 0 picks a free one.
  [[nodiscard]] static tcp_listener bind(const std::string& address, std::uint16_t port, int backlog = 512);
  tcp_listener(tcp_listener&& o) noexcept;
  tcp_listener& operator=(tcp_listener&& o) noexcept;
  tcp_listener(const tcp_listener&) = delete;
  tcp_listener& operator=(const tcp_listener&) = delete;
  ~tcp_listener();

  [[nodiscard]] task<tcp_stream> accept();
  [[nodiscard]] std::uint16_t port() const;
  [[nodiscard]] int fd() const noexcept { return fd_; }
  void close() noexcept;

 private:
  int fd_ = -1;
};

}  // namespace corio
