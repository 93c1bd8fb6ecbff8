#pragma once
// co_await corio::yield(): let every other ready task run once (asyncio.sleep(0)).
#include <coroutine>

#include <corio/detail/context.hpp>
#include <corio/error.hpp>
#include <corio/loop.hpp>

namespace corio {

class yield_awaiter {
 public:
  bool await_ready() const noexcept { return false; }
  template <class Promise>
  void await_suspend(std::coroutine_handle<Promise> h) {
    context_ = detail::context_of(h);
    event_loop::require("corio::yield()").schedule(h, context_);
  }
  /// Throws cancelled_error if the task was cancelled meanwhile.
  void await_resume() const {
    if (context_ && context_->cancelled()) throw cancelled_error();
  }

 private:
  detail::task_context* context_ = nullptr;
};

[[nodiscard]] inline yield_awaiter yield() noexcept { return {}; }

}  // namespace corio
