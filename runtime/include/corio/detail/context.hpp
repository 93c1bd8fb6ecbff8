#pragma once
// The cancellation context shared by a chain of awaiting tasks.
//
// Every concurrently running unit (the task passed to run(), a spawned task, a child of
// gather/when_any/wait_for/task_group) owns one task_context. A task awaited with
// `co_await t` runs in its awaiter's context. Contexts form a tree: cancelling one cancels
// its subtree. The leaf operation a context is suspended on (sleep, fd wait, lock...) is
// recorded in `waiting`, so that cancel() can wake it.
#include <concepts>
#include <coroutine>
#include <source_location>

namespace corio::detail {

/// A suspended leaf operation that can be interrupted. cancel() must deregister the
/// operation and *schedule* (never resume inline) the waiting coroutine.
struct cancellable {
  virtual void cancel() noexcept = 0;

 protected:
  ~cancellable() = default;
};

class task_context {
 public:
  task_context() noexcept = default;
  explicit task_context(std::source_location where) noexcept : where_(where), has_where_(true) {}
  task_context(const task_context&) = delete;
  task_context& operator=(const task_context&) = delete;
  ~task_context() {
    // Children outlive us only on abnormal teardown; make them roots, not dangling.
    for (auto* c = first_child_; c;) {
      auto* next = c->next_;
      c->parent_ = c->prev_ = c->next_ = nullptr;
      c = next;
    }
    detach();
  }

  void attach(task_context* parent) noexcept {
    detach();
    if (!parent) return;
    parent_ = parent;
    next_ = parent->first_child_;
    if (next_) next_->prev_ = this;
    parent->first_child_ = this;
  }

  void detach() noexcept {
    if (!parent_) return;
    if (prev_)
      prev_->next_ = next_;
    else
      parent_->first_child_ = next_;
    if (next_) next_->prev_ = prev_;
    parent_ = prev_ = next_ = nullptr;
  }

  /// True if this context or any ancestor was cancelled.
  [[nodiscard]] bool cancelled() const noexcept {
    for (auto* c = this; c; c = c->parent_)
      if (c->cancel_requested_) return true;
    return false;
  }

  /// Sticky cancellation: the current wait (if any) is interrupted, and every later
  /// suspension in this subtree throws cancelled_error immediately.
  void request_cancel() noexcept {
    cancel_requested_ = true;
    propagate();
  }

  void set_waiting(cancellable* op) noexcept { waiting_ = op; }
  void clear_waiting() noexcept { waiting_ = nullptr; }
  [[nodiscard]] cancellable* waiting() const noexcept { return waiting_; }
  [[nodiscard]] task_context* parent() const noexcept { return parent_; }

  /// The nearest source location recorded on this context or an ancestor (spawn/run site).
  [[nodiscard]] const std::source_location* where() const noexcept {
    for (auto* c = this; c; c = c->parent_)
      if (c->has_where_) return &c->where_;
    return nullptr;
  }
  void set_where(std::source_location w) noexcept {
    where_ = w;
    has_where_ = true;
  }

 private:
  void propagate() noexcept {
    if (auto* w = waiting_) {
      waiting_ = nullptr;
      w->cancel();
    }
    for (auto* c = first_child_; c; c = c->next_) c->propagate();
  }

  task_context* parent_ = nullptr;
  task_context* first_child_ = nullptr;
  task_context* next_ = nullptr;
  task_context* prev_ = nullptr;
  cancellable* waiting_ = nullptr;
  std::source_location where_{};
  bool has_where_ = false;
  bool cancel_requested_ = false;
};

/// The context of the coroutine behind `h`, or nullptr for foreign coroutine types.
template <class Promise>
task_context* context_of(std::coroutine_handle<Promise> h) noexcept {
  if constexpr (requires(Promise& p) {
                  { p.corio_context() } -> std::same_as<task_context*>;
                })
    return h.promise().corio_context();
  else
    return nullptr;
}

}  // namespace corio::detail
