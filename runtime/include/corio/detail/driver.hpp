#pragma once
// A runner is the frame that drives one concurrently running task: it owns the task's
// cancellation context, awaits the task, stores its outcome, and tells a join_point when
// it is done (gather, when_any, wait_for, spawn, task_group and run are join points).
#include <coroutine>
#include <cstddef>
#include <exception>
#include <type_traits>
#include <utility>
#include <variant>

#include <corio/detail/context.hpp>
#include <corio/detail/result.hpp>
#include <corio/task.hpp>

namespace corio::detail {

struct join_point {
  /// Called from the runner's final suspension; returns the coroutine to resume next.
  virtual std::coroutine_handle<> child_done(std::size_t index) noexcept = 0;

 protected:
  ~join_point() = default;
};

class runner;

class runner_promise {
 public:
  runner get_return_object() noexcept;
  std::suspend_always initial_suspend() const noexcept { return {}; }
  struct final_awaiter {
    bool await_ready() const noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<runner_promise> h) noexcept {
      runner_promise& p = h.promise();
      p.context_.detach();
      join_point* j = p.join_;
      // child_done may destroy this frame; touch nothing of it afterwards.
      return j->child_done(p.index_);
    }
    void await_resume() const noexcept {}
  };
  final_awaiter final_suspend() const noexcept { return {}; }
  void return_void() const noexcept {}
  void unhandled_exception() const noexcept { std::terminate(); }  // the body catches everything

  task_context* corio_context() noexcept { return &context_; }
  task_context& context() noexcept { return context_; }
  void bind(join_point* j, std::size_t index) noexcept {
    join_ = j;
    index_ = index;
  }

 private:
  task_context context_;
  join_point* join_ = nullptr;
  std::size_t index_ = 0;
};

class runner {
 public:
  using promise_type = runner_promise;
  using handle_type = std::coroutine_handle<runner_promise>;

  runner() noexcept = default;
  explicit runner(handle_type h) noexcept : h_(h) {}
  runner(runner&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  runner& operator=(runner&& o) noexcept {
    if (this != &o) {
      reset();
      h_ = std::exchange(o.h_, {});
    }
    return *this;
  }
  ~runner() { reset(); }

  void reset() noexcept {
    if (h_) std::exchange(h_, {}).destroy();
  }

  /// Prepare to start: bind to the join point and put the context under `parent`.
  handle_type bind(join_point* j, std::size_t index, task_context* parent) noexcept {
    h_.promise().bind(j, index);
    h_.promise().context().attach(parent);
    return h_;
  }
  [[nodiscard]] task_context& context() noexcept { return h_.promise().context(); }
  [[nodiscard]] handle_type handle() const noexcept { return h_; }
  [[nodiscard]] bool done() const noexcept { return h_.done(); }

 private:
  handle_type h_{};
};

inline runner runner_promise::get_return_object() noexcept {
  return runner{std::coroutine_handle<runner_promise>::from_promise(*this)};
}

template <class T>
runner make_runner(task<T> t, result<T>& out) {
  try {
    if constexpr (std::is_void_v<T>) {
      co_await std::move(t);
      out.set_value();
    } else {
      out.set_value(co_await std::move(t));
    }
  } catch (...) {
    out.set_exception(std::current_exception());
  }
}

/// The value a void task contributes to a tuple or vector of results.
template <class T>
using non_void_t = std::conditional_t<std::is_void_v<T>, std::monostate, T>;

template <class T>
non_void_t<T> take(result<T>&& r) {
  if constexpr (std::is_void_v<T>) {
    std::move(r).get();
    return {};
  } else {
    return std::move(r).get();
  }
}

}  // namespace corio::detail
