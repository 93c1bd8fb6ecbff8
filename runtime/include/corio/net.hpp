#pragma once
// POSIX-shaped socket awaitables: each has the signature, return value and errno of the
// function it is named after, so corolint can rewrite `recv(fd, buf, n, 0)` into
// `co_await corio::recv(fd, buf, n, 0)` without touching the arguments or the type.
//
// They work on blocking and non-blocking fds alike and never change the fd's mode: calls
// with a flags argument use MSG_DONTWAIT; read/write use recv/send on sockets, and on
// other fds (pipes, ttys) wait for readiness first (a write to a blocking pipe or tty goes
// PIPE_BUF bytes at a time, each of which cannot block). connect on a blocking socket
// flips O_NONBLOCK for the call only.
//
// Each returns what the blocking call would have returned (docs/corio.md, "Short counts"):
// on a blocking fd, send, sendto, sendmsg and write go on until every byte is written, and
// recv, recvfrom and recvmsg with MSG_WAITALL on a stream socket until the full length has
// come, the stream ends or an error occurs (an error after some bytes: that count, as the
// kernel returns it). Whether the fd is blocking is asked (F_GETFL) only when a first
// attempt moved part of the data, so a call that completes at once costs no extra system
// call. On an O_NONBLOCK fd, or with MSG_DONTWAIT in the flags, a call waits for readiness
// instead of failing with EAGAIN, then returns what one call returns, short or not.
// Cancellation removes the fd interest and throws corio::cancelled_error; bytes already
// moved by a call that was going on stay moved.
#include <poll.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include <corio/detail/io_op.hpp>
#include <corio/detail/leaf.hpp>

namespace corio {

namespace detail {

// Reads that may wait for readiness before their first attempt (io_op): those whose call
// cannot succeed at once while epoll reports the fd not readable. Not empty reads (read(2)
// of 0 bytes from a pipe returns 0 at once), nor out-of-band data or the error queue
// (signalled by EPOLLPRI and EPOLLERR, not EPOLLIN).
[[nodiscard]] constexpr bool readiness_says_readable(std::size_t len, int flags) noexcept {
  return len > 0 && !(flags & (MSG_OOB | MSG_ERRQUEUE));
}

/// The part of a transfer a blocking call would go on with after a first attempt moved only
/// some of the data (defined in net.cpp: none of it runs when a call completes at once).
struct transfer {
  std::size_t done = 0;  // bytes moved so far by a transfer that goes on; 0 before

  /// After a first send or write moved 0 < r < len bytes: go on (-1/EAGAIN: wait for
  /// readiness) if a blocking call would, i.e. on a blocking fd without MSG_DONTWAIT; else r.
  ssize_t after_first_send(int fd, int flags, ssize_t r) noexcept;
  /// Likewise after a first receive with MSG_WAITALL: go on on a blocking stream socket
  /// without MSG_DONTWAIT or MSG_PEEK (MSG_WAITALL has no effect on datagrams).
  ssize_t after_first_receive(int fd, int flags, ssize_t r) noexcept;
  /// After a later attempt that moved r bytes (or -1 with errno) of the `len` in all:
  /// the total once complete, at the end of the stream or on an error (which a blocking
  /// call reports only when nothing was moved), else -1/EAGAIN to wait and go on.
  ssize_t after_next(ssize_t r, std::size_t len) noexcept;
};

// Each attempt below makes its call inline; a transfer that goes on continues out of line
// (net.cpp), to keep the common case, a call that completes at once, as small as before.
struct recv_attempt {
  int fd;
  void* buf;
  std::size_t len;
  int flags;
  transfer t{};
  ssize_t operator()(std::uint32_t revents) noexcept {
    if (t.done != 0) [[unlikely]]
      return next(revents);
    const ssize_t r = ::recv(fd, buf, len, flags | MSG_DONTWAIT);
    if (!(flags & MSG_WAITALL) || r <= 0 || static_cast<std::size_t>(r) == len) [[likely]]
      return r;
    return t.after_first_receive(fd, flags, r);
  }
  [[nodiscard]] std::size_t progress() const noexcept { return t.done; }
  [[nodiscard]] bool may_wait_first() const noexcept { return readiness_says_readable(len, flags); }

 private:
  ssize_t next(std::uint32_t revents) noexcept;
};
struct recvfrom_attempt {
  int fd;
  void* buf;
  std::size_t len;
  int flags;
  sockaddr* addr;
  socklen_t* addrlen;
  transfer t{};
  ssize_t operator()(std::uint32_t revents) noexcept {
    if (t.done != 0) [[unlikely]]
      return next(revents);
    const ssize_t r = ::recvfrom(fd, buf, len, flags | MSG_DONTWAIT, addr, addrlen);
    if (!(flags & MSG_WAITALL) || r <= 0 || static_cast<std::size_t>(r) == len) [[likely]]
      return r;
    return t.after_first_receive(fd, flags, r);
  }
  [[nodiscard]] std::size_t progress() const noexcept { return t.done; }
  [[nodiscard]] bool may_wait_first() const noexcept { return readiness_says_readable(len, flags); }

 private:
  ssize_t next(std::uint32_t revents) noexcept;
};
struct recvmsg_attempt {
  int fd;
  msghdr* msg;
  int flags;
  std::size_t control_room;  // msg_controllen as the caller passed it (each call overwrites it)
  transfer t{};
  std::unique_ptr<iovec[]> rest{};  // the caller's iovecs past the bytes received
  ssize_t operator()(std::uint32_t revents) noexcept {
    if (t.done != 0) [[unlikely]]
      return next(revents);
    const ssize_t r = ::recvmsg(fd, msg, flags | MSG_DONTWAIT);
    if (!(flags & MSG_WAITALL) || r <= 0) [[likely]]
      return r;
    return first_done(r);
  }
  [[nodiscard]] std::size_t progress() const noexcept { return t.done; }

 private:
  ssize_t first_done(ssize_t r) noexcept;
  ssize_t next(std::uint32_t revents) noexcept;
};
struct send_attempt {
  int fd;
  const void* buf;
  std::size_t len;
  int flags;
  transfer t{};
  ssize_t operator()(std::uint32_t revents) noexcept {
    if (t.done != 0) [[unlikely]]
      return next(revents);
    const ssize_t r = ::send(fd, buf, len, flags | MSG_DONTWAIT);
    if (r <= 0 || static_cast<std::size_t>(r) == len) [[likely]]
      return r;
    return t.after_first_send(fd, flags, r);
  }
  [[nodiscard]] std::size_t progress() const noexcept { return t.done; }

 private:
  ssize_t next(std::uint32_t revents) noexcept;
};
struct sendto_attempt {
  int fd;
  const void* buf;
  std::size_t len;
  int flags;
  const sockaddr* addr;
  socklen_t addrlen;
  transfer t{};
  ssize_t operator()(std::uint32_t revents) noexcept {
    if (t.done != 0) [[unlikely]]
      return next(revents);
    const ssize_t r = ::sendto(fd, buf, len, flags | MSG_DONTWAIT, addr, addrlen);
    if (r <= 0 || static_cast<std::size_t>(r) == len) [[likely]]
      return r;
    return t.after_first_send(fd, flags, r);
  }
  [[nodiscard]] std::size_t progress() const noexcept { return t.done; }

 private:
  ssize_t next(std::uint32_t revents) noexcept;
};
struct sendmsg_attempt {
  int fd;
  const msghdr* msg;
  int flags;
  transfer t{};
  std::unique_ptr<iovec[]> rest{};  // the caller's iovecs past the bytes sent
  ssize_t operator()(std::uint32_t revents) noexcept {
    if (t.done != 0) [[unlikely]]
      return next(revents);
    const ssize_t r = ::sendmsg(fd, msg, flags | MSG_DONTWAIT);
    if (r <= 0) return r;
    return first_done(r);
  }
  [[nodiscard]] std::size_t progress() const noexcept { return t.done; }

 private:
  ssize_t first_done(ssize_t r) noexcept;
  ssize_t next(std::uint32_t revents) noexcept;
};
struct read_attempt {
  int fd;
  void* buf;
  std::size_t count;
  ssize_t operator()(std::uint32_t revents) const noexcept;
  [[nodiscard]] bool may_wait_first() const noexcept { return count > 0; }
};
struct write_attempt {
  int fd;
  const void* buf;
  std::size_t count;
  transfer t{};
  // What the fd turned out to be at the first attempt: a socket (send), or another fd
  // that is non-blocking (one write), blocking and pollable (PIPE_BUF at a time) or a
  // regular file or block device (written directly: epoll cannot wait for it).
  enum class kind : std::uint8_t { unknown, socket, nonblocking, pipe_like, direct } fd_kind = kind::unknown;
  ssize_t operator()(std::uint32_t revents) noexcept;
  [[nodiscard]] std::size_t progress() const noexcept { return t.done; }

 private:
  ssize_t to_socket(std::uint32_t revents) noexcept;
  ssize_t to_pipe(std::uint32_t revents) noexcept;
};
struct accept_attempt {
  int fd;
  sockaddr* addr;
  socklen_t* addrlen;
  int flags;
  ssize_t operator()(std::uint32_t revents) const noexcept;
};

/// connect: start (possibly switching O_NONBLOCK on for the call), then wait for
/// writability and report SO_ERROR as connect would have.
class connect_awaiter final : private leaf_op, private io_waiter {
 public:
  connect_awaiter(int fd, const sockaddr* addr, socklen_t len) noexcept : addr_(addr), len_(len) {
    this->fd = fd;
    this->events = EPOLLOUT;
    this->on_ready = &connect_awaiter::ready;
  }
  connect_awaiter(connect_awaiter&&) = default;
  ~connect_awaiter() {
    if (queued) loop_->remove_io(*this);
  }
  bool await_ready() noexcept;
  template <class Promise>
  bool await_suspend(std::coroutine_handle<Promise> h) {
    if (!begin(h, event_loop::require("corio::connect()"))) return false;
    loop_->add_io(*this);
    suspended();
    return true;
  }
  int await_resume() {
    throw_if_cancelled();
    if (result_ < 0) errno = error_;
    return result_;
  }

 private:
  static void ready(io_waiter* w) noexcept;
  void cancel() noexcept override {
    loop_->remove_io(*this);
    complete_cancelled();
  }
  const sockaddr* addr_;
  socklen_t len_;
  int result_ = -1;
  int error_ = 0;
};

/// poll: any number of fds, readiness from the loop, timeout from the timer heap.
class poll_awaiter final : private leaf_op, private timer_node {
 public:
  poll_awaiter(pollfd* fds, nfds_t nfds, int timeout_ms) : fds_(fds), nfds_(nfds), timeout_ms_(timeout_ms) {
    this->on_fire = &poll_awaiter::fire;
  }
  poll_awaiter(poll_awaiter&&) = default;
  ~poll_awaiter() { disarm(); }
  bool await_ready() noexcept;
  template <class Promise>
  bool await_suspend(std::coroutine_handle<Promise> h) {
    if (!begin(h, event_loop::require("corio::poll()"))) return false;
    arm();
    suspended();
    return true;
  }
  int await_resume() {
    throw_if_cancelled();
    if (result_ < 0) errno = error_;
    return result_;
  }

 private:
  struct fd_wait : io_waiter {
    poll_awaiter* owner = nullptr;
  };
  void arm();
  void disarm() noexcept;
  static void fire(timer_node* t) noexcept;
  static void ready(io_waiter* w) noexcept;
  void cancel() noexcept override {
    disarm();
    complete_cancelled();
  }
  pollfd* fds_;
  nfds_t nfds_;
  int timeout_ms_;
  std::vector<fd_wait> waits_;
  int result_ = 0;
  int error_ = 0;
};

}  // namespace detail

/// co_await corio::connect(fd, addr, len) -> int, like connect(2).
[[nodiscard]] inline detail::connect_awaiter connect(int fd, const sockaddr* addr, socklen_t len) noexcept {
  return detail::connect_awaiter(fd, addr, len);
}
/// co_await corio::accept(fd, addr, addrlen) -> int, like accept(2).
[[nodiscard]] inline auto accept(int fd, sockaddr* addr, socklen_t* addrlen) {
  return detail::make_io_op<int>(fd, EPOLLIN, detail::accept_attempt{fd, addr, addrlen, 0});
}
/// co_await corio::accept4(fd, addr, addrlen, flags) -> int, like accept4(2).
[[nodiscard]] inline auto accept4(int fd, sockaddr* addr, socklen_t* addrlen, int flags) {
  return detail::make_io_op<int>(fd, EPOLLIN, detail::accept_attempt{fd, addr, addrlen, flags});
}
[[nodiscard]] inline auto recv(int fd, void* buf, std::size_t len, int flags) {
  return detail::make_io_op<ssize_t>(fd, EPOLLIN, detail::recv_attempt{fd, buf, len, flags});
}
[[nodiscard]] inline auto recvfrom(int fd, void* buf, std::size_t len, int flags, sockaddr* addr, socklen_t* addrlen) {
  return detail::make_io_op<ssize_t>(fd, EPOLLIN, detail::recvfrom_attempt{fd, buf, len, flags, addr, addrlen});
}
[[nodiscard]] inline auto recvmsg(int fd, msghdr* msg, int flags) {
  return detail::make_io_op<ssize_t>(fd, EPOLLIN,
                                     detail::recvmsg_attempt{fd, msg, flags, msg ? msg->msg_controllen : 0});
}
[[nodiscard]] inline auto send(int fd, const void* buf, std::size_t len, int flags) {
  return detail::make_io_op<ssize_t>(fd, EPOLLOUT, detail::send_attempt{fd, buf, len, flags});
}
[[nodiscard]] inline auto sendto(int fd, const void* buf, std::size_t len, int flags, const sockaddr* addr,
                                 socklen_t addrlen) {
  return detail::make_io_op<ssize_t>(fd, EPOLLOUT, detail::sendto_attempt{fd, buf, len, flags, addr, addrlen});
}
[[nodiscard]] inline auto sendmsg(int fd, const msghdr* msg, int flags) {
  return detail::make_io_op<ssize_t>(fd, EPOLLOUT, detail::sendmsg_attempt{fd, msg, flags});
}
/// co_await corio::read(fd, buf, count) -> ssize_t, like read(2).
[[nodiscard]] inline auto read(int fd, void* buf, std::size_t count) {
  return detail::make_io_op<ssize_t>(fd, EPOLLIN, detail::read_attempt{fd, buf, count});
}
/// co_await corio::write(fd, buf, count) -> ssize_t, like write(2).
[[nodiscard]] inline auto write(int fd, const void* buf, std::size_t count) {
  return detail::make_io_op<ssize_t>(fd, EPOLLOUT, detail::write_attempt{fd, buf, count});
}
/// co_await corio::poll(fds, nfds, timeout_ms) -> int, like poll(2) (timeout < 0: none).
[[nodiscard]] inline detail::poll_awaiter poll(pollfd* fds, nfds_t nfds, int timeout_ms) {
  return detail::poll_awaiter(fds, nfds, timeout_ms);
}

}  // namespace corio
