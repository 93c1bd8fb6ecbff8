#pragma once
// A driver runs one task concurrently with its starter: it owns the task's cancellation
// context and, when the task finishes, tells a join_point (gather, when_any, wait_for,
// spawn, task_group, run). It is not a coroutine: the task's own final suspension calls
// it, so a concurrent child costs no frame beyond the task's own. The task's outcome
// stays in the task's promise until the owner reads it.
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <variant>

#include <corio/detail/context.hpp>

namespace corio::detail {

struct join_point {
  /// Called from the child's final suspension; returns the coroutine to resume next.
  /// The child's frame is suspended at its end and may be destroyed here.
  virtual std::coroutine_handle<> child_done(std::size_t index) noexcept = 0;

 protected:
  ~join_point() = default;
};

class driver {
 public:
  driver() noexcept = default;
  driver(const driver&) = delete;
  driver& operator=(const driver&) = delete;
  // Movable only before binding (vectors of drivers are sized before use).
  driver(driver&&) noexcept {}

  /// Attach to `parent`, and make `promise` report to us. Returns the task's handle.
  template <class Promise>
  std::coroutine_handle<> bind(std::coroutine_handle<Promise> task, join_point* join, std::size_t index,
                               task_context* parent) noexcept {
    join_ = join;
    index_ = static_cast<std::uint32_t>(index);
    context_.attach(parent);
    task.promise().set_context(&context_);
    task.promise().set_driver(this);
    return task;
  }

  /// From the task's final suspension.
  std::coroutine_handle<> complete() noexcept {
    finished_ = true;
    context_.detach();
    return join_->child_done(index_);
  }

  [[nodiscard]] task_context& context() noexcept { return context_; }
  [[nodiscard]] bool finished() const noexcept { return finished_; }

 private:
  task_context context_;
  join_point* join_ = nullptr;
  std::uint32_t index_ = 0;  // gather of more than 4 billion tasks is not supported
  bool finished_ = false;
};

/// The value a void task contributes to a tuple or vector of results.
template <class T>
using non_void_t = std::conditional_t<std::is_void_v<T>, std::monostate, T>;

}  // namespace corio::detail
