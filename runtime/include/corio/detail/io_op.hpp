#pragma once
// The readiness-driven operation behind every POSIX-shaped awaitable in net.hpp.
//
// `Attempt` is a callable `ssize_t(std::uint32_t revents)` that performs the system call
// without blocking (MSG_DONTWAIT, or a readiness check for calls that have no such flag)
// and returns its result with errno set; `revents` is what epoll reported when the attempt
// follows a wake-up, 0 otherwise. The awaitable tries once at once; on EAGAIN it waits for
// readiness in the loop and tries again from the readiness callback. An attempt may keep
// state between tries: one that a blocking call would take further (the rest of a send on
// a blocking socket) returns -1/EAGAIN to wait and go on, and tells what it has done so
// far through progress(). Reads (an Attempt with may_wait_first()) may wait for readiness
// first when the fd's last reads found nothing (event_loop::should_wait_before_read). The
// co_await returns the call's own return value and leaves the call's errno in errno.
#include <sys/epoll.h>
#include <sys/types.h>

#include <cerrno>
#include <coroutine>
#include <cstdint>
#include <utility>

#include <corio/detail/leaf.hpp>
#include <corio/loop.hpp>

namespace corio::detail {

[[nodiscard]] inline bool would_block(int err) noexcept { return err == EAGAIN || err == EWOULDBLOCK; }

template <class Result, class Attempt>
class io_op final : private leaf_op, private io_waiter {
 public:
  io_op(int fd, std::uint32_t events, Attempt attempt) : attempt_(std::move(attempt)) {
    this->fd = fd;
    this->events = events;
    this->on_ready = &io_op::ready;
  }
  io_op(io_op&&) = default;
  ~io_op() {
    if (queued) loop_->remove_io(*this);
  }

  bool await_ready() noexcept {
    if constexpr (requires(const Attempt& a) { a.may_wait_first(); }) {
      event_loop* loop = event_loop::current();
      if (!loop || !attempt_.may_wait_first()) return try_once(0);
      if (loop->should_wait_before_read(this->fd)) return false;
      const bool done = try_once(0);
      loop->read_attempted(this->fd, done);
      return done;
    } else {
      return try_once(0);
    }
  }
  template <class Promise>
  bool await_suspend(std::coroutine_handle<Promise> h) {
    if (!begin(h, event_loop::require("corio socket operations"))) return false;
    loop_->add_io(*this);
    suspended();
    return true;
  }
  Result await_resume() {
    throw_if_cancelled();
    if (result_ < 0) errno = error_;
    return static_cast<Result>(result_);
  }

 private:
  // True when the call finished (successfully or with an error other than EAGAIN).
  bool try_once(std::uint32_t revents) noexcept {
    for (;;) {
      errno = 0;
      result_ = attempt_(revents);
      error_ = errno;
      if (result_ < 0 && error_ == EINTR) continue;
      return !(result_ < 0 && would_block(error_));
    }
  }
  static void ready(io_waiter* w) noexcept {
    auto* self = static_cast<io_op*>(w);
    if (self->try_once(self->revents)) {
      self->complete();
      return;
    }
    try {
      self->loop_->add_io(*self);  // a spurious wake-up, or more to do: wait again
    } catch (...) {
      // Cannot wait any more: end as an interrupted blocking call would, with the count
      // so far if there is one (else -1/EAGAIN).
      if constexpr (requires(const Attempt& a) { a.progress(); })
        if (self->attempt_.progress() > 0) self->result_ = static_cast<ssize_t>(self->attempt_.progress());
      self->complete();
    }
  }
  void cancel() noexcept override {
    loop_->remove_io(*this);
    complete_cancelled();
  }

  Attempt attempt_;
  ssize_t result_ = -1;
  int error_ = 0;
};

template <class Result, class Attempt>
io_op<Result, Attempt> make_io_op(int fd, std::uint32_t events, Attempt attempt) {
  return io_op<Result, Attempt>(fd, events, std::move(attempt));
}

}  // namespace corio::detail
