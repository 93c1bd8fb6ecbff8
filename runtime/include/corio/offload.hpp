#pragma once
// co_await corio::offload(fn, args...): asyncio.to_thread. Runs fn on corio's bounded
// thread pool (CORIO_OFFLOAD_THREADS, default max(4, hardware threads)), resumes the task
// on its loop and returns fn's result or rethrows its exception.
//
// Cancellation cannot interrupt fn: a cancellation requested while it runs is delivered
// at the task's next suspension, after the result has arrived (no frame is freed while a
// pool thread still writes into it).
//
// errno travels with the call, as if fn ran on the task's thread: fn starts with the task's
// errno and the task resumes with the errno fn left (so `co_await corio::offload([&] {
// return fopen(p, "r"); })` followed by perror says why fopen failed, as the call did).
#include <cerrno>
#include <coroutine>
#include <exception>
#include <functional>
#include <tuple>
#include <type_traits>
#include <utility>

#include <corio/detail/context.hpp>
#include <corio/detail/result.hpp>
#include <corio/loop.hpp>

namespace corio {

namespace detail {

struct pool_job {
  pool_job* next_job = nullptr;
  virtual void run() noexcept = 0;

 protected:
  ~pool_job() = default;
};

/// Queue a job on the process-wide offload pool (started on first use).
void submit_to_pool(pool_job* job);
/// Number of threads in the offload pool.
[[nodiscard]] std::size_t offload_pool_size();

template <class F, class... Args>
class offload_awaiter : private pool_job {
 public:
  using result_type = std::invoke_result_t<F&, Args&...>;

  template <class G, class... A>
  explicit offload_awaiter(G&& fn, A&&... args) : fn_(std::forward<G>(fn)), args_(std::forward<A>(args)...) {}
  offload_awaiter(offload_awaiter&&) = default;

  bool await_ready() const noexcept { return false; }
  template <class Promise>
  void await_suspend(std::coroutine_handle<Promise> h) {
    loop_ = &event_loop::require("corio::offload()");
    handle_ = h;
    context_ = context_of(h);
    errno_ = errno;
    loop_->begin_external();
    submit_to_pool(this);
  }
  result_type await_resume() {
    loop_->end_external();
    errno = errno_;
    return std::move(result_).get();
  }

 private:
  void run() noexcept override {
    errno = errno_;
    try {
      if constexpr (std::is_void_v<result_type>) {
        std::apply(fn_, args_);
        result_.set_value();
      } else {
        result_.set_value(std::apply(fn_, args_));
      }
    } catch (...) {
      result_.set_exception(std::current_exception());
    }
    errno_ = errno;
    loop_->post(handle_, context_);  // the loop's mutex orders our writes before its reads
  }

  F fn_;
  std::tuple<Args...> args_;
  result<result_type> result_;
  int errno_ = 0;  // the task's errno on the way out, fn's on the way back
  event_loop* loop_ = nullptr;
  std::coroutine_handle<> handle_;
  task_context* context_ = nullptr;
};

}  // namespace detail

template <class F, class... Args>
  requires std::is_invocable_v<std::decay_t<F>&, std::decay_t<Args>&...>
[[nodiscard]] auto offload(F&& fn, Args&&... args) {
  return detail::offload_awaiter<std::decay_t<F>, std::decay_t<Args>...>(std::forward<F>(fn),
                                                                         std::forward<Args>(args)...);
}

}  // namespace corio
