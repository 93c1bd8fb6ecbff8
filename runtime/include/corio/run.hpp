#pragma once
// corio::run(task): asyncio.run for corio. Creates an event loop on the calling thread,
// runs the task to completion, cancels and finishes whatever it spawned and left behind,
// and returns the task's value or rethrows its exception.
#include <source_location>
#include <stdexcept>
#include <utility>

#include <corio/detail/driver.hpp>
#include <corio/loop.hpp>
#include <corio/task.hpp>

namespace corio {

namespace detail {
struct run_join final : join_point {
  bool done = false;
  std::coroutine_handle<> child_done(std::size_t) noexcept override {
    done = true;
    return std::noop_coroutine();
  }
};
}  // namespace detail

/// Run `main` on a new event loop on this thread and return its result (or rethrow).
/// Throws std::logic_error when called on a thread that is already running a loop.
template <class T>
T run(task<T> main, std::source_location where = std::source_location::current()) {
  if (event_loop::current()) throw std::logic_error("corio::run() cannot be called from a running event loop");
  if (!main.valid()) throw std::invalid_argument("corio::run() of an empty task");
  event_loop loop;
  detail::run_join join;
  {
    detail::driver d;
    d.context().set_where(where);
    loop.schedule(d.bind(main.handle(), &join, 0, nullptr), &d.context());
    try {
      loop.run_until(join.done);
    } catch (...) {
      main = task<T>{};  // destroy the frames while the driver and the loop still exist
      throw;
    }
    // Like asyncio.run: tasks spawned and never joined are cancelled, then finished.
    loop.cancel_spawned();
    loop.drain_spawned();
  }
  return std::move(main.outcome()).get();
}

/// Block the calling (non-loop) thread until `t` completes; same as corio::run.
template <class T>
T sync_wait(task<T> t, std::source_location where = std::source_location::current()) {
  if (event_loop::current()) throw std::logic_error("corio::sync_wait() cannot be called from a running event loop");
  return run(std::move(t), where);
}

}  // namespace corio
