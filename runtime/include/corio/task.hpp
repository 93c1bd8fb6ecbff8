#pragma once
// corio::task<T>: a lazy coroutine producing T (or void, or a reference).
//
// A task does nothing until it is awaited (`co_await t`), passed to corio::run, spawned,
// or handed to gather/when_any/wait_for. Completion hands control straight back to the
// awaiting coroutine (symmetric transfer), so chains of awaits do not grow the stack.
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include <corio/detail/context.hpp>
#include <corio/detail/driver.hpp>
#include <corio/detail/frame_alloc.hpp>
#include <corio/detail/result.hpp>

namespace corio {

template <class T = void>
class task;

namespace detail {

class task_promise_base {
 public:
  struct final_awaiter {
    bool await_ready() const noexcept { return false; }
    template <class Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> h) noexcept {
      const std::uintptr_t next = h.promise().next_;
      // A tagged word, not a plain pointer: the low bit says "a driver, not a coroutine".
      if (next & driver_tag)
        return reinterpret_cast<driver*>(next & ~driver_tag)->complete();  // NOLINT(performance-no-int-to-ptr)
      if (next == 0) return std::noop_coroutine();
      return std::coroutine_handle<>::from_address(
          reinterpret_cast<void*>(next));  // NOLINT(performance-no-int-to-ptr): symmetric transfer
    }
    void await_resume() const noexcept {}
  };

  std::suspend_always initial_suspend() const noexcept { return {}; }
  final_awaiter final_suspend() const noexcept { return {}; }

  static void* operator new(std::size_t size) { return allocate_frame(size); }
  static void operator delete(void* frame, std::size_t size) noexcept { deallocate_frame(frame, size); }

  task_context* corio_context() noexcept { return context_; }
  void set_context(task_context* c) noexcept { context_ = c; }
  void set_continuation(std::coroutine_handle<> c) noexcept { next_ = reinterpret_cast<std::uintptr_t>(c.address()); }
  void set_driver(driver* d) noexcept { next_ = reinterpret_cast<std::uintptr_t>(d) | driver_tag; }

 private:
  // Who runs next when the task ends: the awaiting coroutine's frame address, or a
  // driver (tagged in bit 0) when the task runs concurrently. One word either way.
  static constexpr std::uintptr_t driver_tag = 1;
  std::uintptr_t next_ = 0;
  task_context* context_ = nullptr;
};

template <class T>
class task_promise final : public task_promise_base {
 public:
  task<T> get_return_object() noexcept;
  void unhandled_exception() noexcept { result_.set_exception(std::current_exception()); }
  template <class U = T>
    requires std::is_convertible_v<U&&, T>
  void return_value(U&& v) noexcept(std::is_nothrow_constructible_v<T, U&&>) {
    result_.set_value(std::forward<U>(v));
  }
  result<T>& outcome() noexcept { return result_; }

 private:
  result<T> result_;
};

template <class T>
class task_promise<T&> final : public task_promise_base {
 public:
  task<T&> get_return_object() noexcept;
  void unhandled_exception() noexcept { result_.set_exception(std::current_exception()); }
  void return_value(T& v) noexcept { result_.set_value(v); }
  result<T&>& outcome() noexcept { return result_; }

 private:
  result<T&> result_;
};

template <>
class task_promise<void> final : public task_promise_base {
 public:
  task<void> get_return_object() noexcept;
  void unhandled_exception() noexcept { result_.set_exception(std::current_exception()); }
  void return_void() noexcept { result_.set_value(); }
  result<void>& outcome() noexcept { return result_; }

 private:
  result<void> result_;
};

}  // namespace detail

template <class T>
class [[nodiscard]] task {
 public:
  using promise_type = detail::task_promise<T>;
  using value_type = T;
  using handle_type = std::coroutine_handle<promise_type>;

  task() noexcept = default;
  explicit task(handle_type h) noexcept : h_(h) {}
  task(task&& other) noexcept : h_(std::exchange(other.h_, {})) {}
  task& operator=(task&& other) noexcept {
    if (this != &other) {
      if (h_) h_.destroy();
      h_ = std::exchange(other.h_, {});
    }
    return *this;
  }
  task(const task&) = delete;
  task& operator=(const task&) = delete;
  ~task() {
    if (h_) h_.destroy();
  }

  [[nodiscard]] bool valid() const noexcept { return static_cast<bool>(h_); }
  [[nodiscard]] bool done() const noexcept { return h_ && h_.done(); }

  class awaiter {
   public:
    explicit awaiter(handle_type h) noexcept : h_(h) {}
    bool await_ready() const noexcept { return !h_ || h_.done(); }
    template <class Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> caller) noexcept {
      h_.promise().set_context(detail::context_of(caller));
      h_.promise().set_continuation(caller);
      return h_;
    }
    T await_resume() {
      if (!h_) throw std::logic_error("corio: co_await on an empty task");
      return std::move(h_.promise().outcome()).get();
    }

   private:
    handle_type h_;
  };

  awaiter operator co_await() && noexcept { return awaiter{h_}; }
  awaiter operator co_await() & noexcept { return awaiter{h_}; }

  /// Low-level access for drivers (gather, spawn, run). The task keeps ownership.
  [[nodiscard]] handle_type handle() const noexcept { return h_; }
  /// The finished task's outcome (value or exception), for drivers.
  [[nodiscard]] detail::result<T>& outcome() const noexcept { return h_.promise().outcome(); }

 private:
  handle_type h_{};
};

namespace detail {
template <class T>
task<T> task_promise<T>::get_return_object() noexcept {
  return task<T>{std::coroutine_handle<task_promise<T>>::from_promise(*this)};
}
template <class T>
task<T&> task_promise<T&>::get_return_object() noexcept {
  return task<T&>{std::coroutine_handle<task_promise<T&>>::from_promise(*this)};
}
inline task<void> task_promise<void>::get_return_object() noexcept {
  return task<void>{std::coroutine_handle<task_promise<void>>::from_promise(*this)};
}
}  // namespace detail

}  // namespace corio
