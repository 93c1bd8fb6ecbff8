#pragma once
// corio::gather and corio::when_any: run tasks concurrently and join them.
//
// gather(a, b, c) -> std::tuple<A, B, C> (a void task gives std::monostate), in argument
// order; gather(std::vector<task<T>>) -> std::vector<T> (void for task<void>). The first
// exception cancels the other tasks and is rethrown once they have all finished.
//
// when_any(a, b) -> std::variant<A, B> (index() says which finished first);
// when_any(std::vector<task<T>>) -> when_any_result<T>{index, value}. The first task to
// finish wins (its exception, if it failed, is rethrown); the rest are cancelled and
// finished before the co_await returns.
#include <array>
#include <coroutine>
#include <cstddef>
#include <exception>
#include <stdexcept>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include <corio/detail/driver.hpp>
#include <corio/task.hpp>

namespace corio {

template <class T>
struct when_any_result {
  std::size_t index;
  detail::non_void_t<T> value;
};

namespace detail {

enum class join_mode { all, any };

template <class T>
non_void_t<T> take(task<T>& t) {
  if constexpr (std::is_void_v<T>) {
    std::move(t.outcome()).get();
    return {};
  } else {
    return std::move(t.outcome()).get();
  }
}

/// Starts drivers as children of the awaiting task and resumes it when all have ended.
/// Derived classes own the tasks and drivers; `child_failed` reads a task's outcome.
class join_group : public join_point {
 protected:
  static constexpr std::size_t none = static_cast<std::size_t>(-1);

  explicit join_group(join_mode mode) noexcept : mode_(mode) {}

  void prepare(std::coroutine_handle<> waiter, driver* drivers, std::size_t n) noexcept {
    waiter_ = waiter;
    drivers_ = drivers;
    count_ = n;
    remaining_ = n + 1;  // +1: the start loop itself, so no child can finish the join early
  }
  /// After every child is bound: start them one by one (each runs to its first suspension).
  template <class Handles>
  bool launch(Handles&& handle_of) {
    for (std::size_t i = 0; i < count_; ++i) handle_of(i).resume();
    return --remaining_ != 0;
  }

  std::coroutine_handle<> child_done(std::size_t index) noexcept override {
    const bool failed = child_failed(index);
    if (first_ == none && (mode_ == join_mode::any || failed)) {
      first_ = index;
      for (std::size_t i = 0; i < count_; ++i)
        if (i != index && !drivers_[i].finished()) drivers_[i].context().request_cancel();
    }
    if (--remaining_ == 0) return waiter_;
    return std::noop_coroutine();
  }

  virtual bool child_failed(std::size_t index) const noexcept = 0;

  join_mode mode_;
  std::size_t first_ = none;  // all: first failure; any: first to finish

 private:
  std::coroutine_handle<> waiter_;
  driver* drivers_ = nullptr;
  std::size_t count_ = 0;
  std::size_t remaining_ = 0;
};

template <join_mode Mode, class... Ts>
class tuple_join final : private join_group {
 public:
  explicit tuple_join(task<Ts>... ts) : join_group(Mode), tasks_(std::move(ts)...) {}
  tuple_join(const tuple_join&) = delete;
  tuple_join& operator=(const tuple_join&) = delete;

  bool await_ready() const noexcept { return sizeof...(Ts) == 0; }
  template <class Promise>
  bool await_suspend(std::coroutine_handle<Promise> h) {
    prepare(h, drivers_.data(), sizeof...(Ts));
    std::array<std::coroutine_handle<>, sizeof...(Ts)> handles;
    bind_all(handles, context_of(h), std::index_sequence_for<Ts...>{});
    return launch([&](std::size_t i) { return handles[i]; });
  }
  auto await_resume() {
    if constexpr (Mode == join_mode::all) {
      if (first_ != none) rethrow_at<0>(first_);
      return take_all(std::index_sequence_for<Ts...>{});
    } else {
      return take_one<0>(first_);
    }
  }

 private:
  template <std::size_t... I>
  void bind_all(std::array<std::coroutine_handle<>, sizeof...(Ts)>& handles, task_context* parent,
                std::index_sequence<I...>) {
    (void)parent;  // unused when there are no tasks
    (void)handles;
    ((handles[I] = drivers_[I].bind(std::get<I>(tasks_).handle(), this, I, parent)), ...);
  }
  bool child_failed(std::size_t index) const noexcept override { return failed_at<0>(index); }
  template <std::size_t I>
  bool failed_at(std::size_t index) const noexcept {
    if constexpr (I == sizeof...(Ts))
      return false;
    else
      return index == I ? std::get<I>(tasks_).outcome().has_exception() : failed_at<I + 1>(index);
  }
  template <std::size_t I>
  void rethrow_at(std::size_t index) {
    if constexpr (I < sizeof...(Ts)) {
      if (index == I) std::rethrow_exception(std::get<I>(tasks_).outcome().exception());
      rethrow_at<I + 1>(index);
    }
  }
  template <std::size_t... I>
  std::tuple<non_void_t<Ts>...> take_all(std::index_sequence<I...>) {
    return std::tuple<non_void_t<Ts>...>{take(std::get<I>(tasks_))...};
  }
  using variant_type = std::variant<non_void_t<Ts>...>;
  template <std::size_t I>
  variant_type take_one(std::size_t index) {
    if constexpr (I + 1 == sizeof...(Ts)) {
      return variant_type(std::in_place_index<I>, take(std::get<I>(tasks_)));
    } else {
      if (index == I) return variant_type(std::in_place_index<I>, take(std::get<I>(tasks_)));
      return take_one<I + 1>(index);
    }
  }

  std::tuple<task<Ts>...> tasks_;
  std::array<driver, sizeof...(Ts)> drivers_;
};

template <join_mode Mode, class T>
class vector_join final : private join_group {
 public:
  explicit vector_join(std::vector<task<T>> ts) : join_group(Mode), tasks_(std::move(ts)) {}
  vector_join(const vector_join&) = delete;
  vector_join& operator=(const vector_join&) = delete;

  bool await_ready() const noexcept { return tasks_.empty(); }
  template <class Promise>
  bool await_suspend(std::coroutine_handle<Promise> h) {
    for (auto& t : tasks_)
      if (!t.valid()) throw std::invalid_argument("corio: gather/when_any of an empty task");
    drivers_ = std::vector<driver>(tasks_.size());
    prepare(h, drivers_.data(), tasks_.size());
    task_context* parent = context_of(h);
    for (std::size_t i = 0; i < tasks_.size(); ++i) drivers_[i].bind(tasks_[i].handle(), this, i, parent);
    return launch([this](std::size_t i) -> std::coroutine_handle<> { return tasks_[i].handle(); });
  }
  auto await_resume() {
    if constexpr (Mode == join_mode::all) {
      if (first_ != none) std::rethrow_exception(tasks_[first_].outcome().exception());
      if constexpr (std::is_void_v<T>) {
        return;
      } else {
        std::vector<T> out;
        out.reserve(tasks_.size());
        for (auto& t : tasks_) out.push_back(std::move(t.outcome()).get());
        return out;
      }
    } else {
      if (first_ == none) throw std::invalid_argument("corio::when_any() of no tasks");
      return when_any_result<T>{first_, take(tasks_[first_])};
    }
  }

 private:
  bool child_failed(std::size_t index) const noexcept override { return tasks_[index].outcome().has_exception(); }

  std::vector<task<T>> tasks_;
  std::vector<driver> drivers_;
};

}  // namespace detail

/// Run the tasks concurrently; a tuple of their results, in order (asyncio.gather).
template <class... Ts>
[[nodiscard]] detail::tuple_join<detail::join_mode::all, Ts...> gather(task<Ts>... ts) {
  return detail::tuple_join<detail::join_mode::all, Ts...>(std::move(ts)...);
}

/// Run the tasks concurrently; a vector of their results, in order (void for task<void>).
template <class T>
[[nodiscard]] detail::vector_join<detail::join_mode::all, T> gather(std::vector<task<T>> ts) {
  return detail::vector_join<detail::join_mode::all, T>(std::move(ts));
}

/// The first task to finish wins; the others are cancelled (asyncio.wait FIRST_COMPLETED).
template <class... Ts>
  requires(sizeof...(Ts) > 0)
[[nodiscard]] detail::tuple_join<detail::join_mode::any, Ts...> when_any(task<Ts>... ts) {
  return detail::tuple_join<detail::join_mode::any, Ts...>(std::move(ts)...);
}

template <class T>
[[nodiscard]] detail::vector_join<detail::join_mode::any, T> when_any(std::vector<task<T>> ts) {
  return detail::vector_join<detail::join_mode::any, T>(std::move(ts));
}

}  // namespace corio
