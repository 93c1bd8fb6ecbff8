#pragma once
// co_await corio::wait_for(awaitable, timeout): asyncio.wait_for. The awaitable runs as a
// child; if the timeout passes first the child is cancelled, and once it has finished the
// co_await throws corio::timeout_error. Cancelling the awaiting task cancels the child and
// throws corio::cancelled_error instead.
#include <chrono>
#include <coroutine>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include <corio/detail/driver.hpp>
#include <corio/detail/leaf.hpp>
#include <corio/error.hpp>
#include <corio/loop.hpp>
#include <corio/task.hpp>

namespace corio {

namespace detail {

bool is_cancellation(const std::exception_ptr& e) noexcept;

template <class A>
decltype(auto) get_awaiter(A&& a) {
  if constexpr (requires { std::forward<A>(a).operator co_await(); })
    return std::forward<A>(a).operator co_await();
  else
    return std::forward<A>(a);
}

template <class A>
using await_result_t = decltype(get_awaiter(std::declval<A>()).await_resume());

template <class T>
struct is_task : std::false_type {};
template <class T>
struct is_task<task<T>> : std::true_type {};

template <class R, class A>
task<R> as_task(A a) {
  co_return co_await std::move(a);
}

template <class T>
class timeout_join final : private join_point, private timer_node {
 public:
  timeout_join(task<T> t, clock::time_point deadline) : task_(std::move(t)) {
    this->deadline = deadline;
    this->on_fire = &timeout_join::fire;
  }
  timeout_join(const timeout_join&) = delete;
  timeout_join& operator=(const timeout_join&) = delete;
  ~timeout_join() {
    if (queued()) loop_->remove_timer(*this);
  }

  bool await_ready() const noexcept { return false; }
  template <class Promise>
  bool await_suspend(std::coroutine_handle<Promise> h) {
    if (!task_.valid()) throw std::invalid_argument("corio::wait_for() of an empty task");
    loop_ = &event_loop::require("corio::wait_for()");
    waiter_ = h;
    parent_ = context_of(h);
    auto child = driver_.bind(task_.handle(), this, 0, parent_);
    loop_->add_timer(*this);
    remaining_ = 2;
    child.resume();
    return --remaining_ != 0;
  }
  T await_resume() {
    auto& outcome = task_.outcome();
    if (timed_out_ && outcome.has_exception() && is_cancellation(outcome.exception()) &&
        !(parent_ && parent_->cancelled()))
      throw timeout_error();
    return std::move(outcome).get();
  }

 private:
  static void fire(timer_node* t) noexcept {
    auto* self = static_cast<timeout_join*>(t);
    self->timed_out_ = true;
    self->driver_.context().request_cancel();
  }
  std::coroutine_handle<> child_done(std::size_t) noexcept override {
    if (queued()) loop_->remove_timer(*this);
    if (--remaining_ == 0) return waiter_;
    return std::noop_coroutine();
  }

  task<T> task_;
  driver driver_;
  event_loop* loop_ = nullptr;
  task_context* parent_ = nullptr;
  std::coroutine_handle<> waiter_;
  int remaining_ = 0;
  bool timed_out_ = false;
};

}  // namespace detail

template <class A, class Rep, class Period>
[[nodiscard]] auto wait_for(A&& awaitable, std::chrono::duration<Rep, Period> timeout) {
  using R = detail::await_result_t<A&&>;
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::ceil<std::chrono::steady_clock::duration>(timeout);
  if constexpr (detail::is_task<std::remove_cvref_t<A>>::value) {
    return detail::timeout_join<R>(std::move(awaitable), deadline);
  } else {
    return detail::timeout_join<R>(detail::as_task<R>(std::forward<A>(awaitable)), deadline);
  }
}

}  // namespace corio
