#pragma once
// Common state of a leaf awaitable: something that suspends the task on the loop (a timer,
// an fd, a lock queue...) and that cancellation must be able to interrupt.
#include <coroutine>

#include <corio/detail/context.hpp>
#include <corio/error.hpp>
#include <corio/loop.hpp>

namespace corio::detail {

/// Leaf operations run on their loop's thread only, so the loop is the thread's current
/// one: looking it up instead of storing it keeps every suspended frame 8 bytes smaller.
struct current_loop_ref {
  event_loop* operator->() const noexcept { return event_loop::current(); }
};

class leaf_op : public cancellable {
 protected:
  /// Record who waits. Returns false (do not suspend) if the task is already cancelled.
  template <class Promise>
  bool begin(std::coroutine_handle<Promise> h, [[maybe_unused]] event_loop& loop) noexcept {
    context_ = context_of(h);
    handle_ = h;
    if (context_ && context_->cancelled()) {
      cancelled_ = true;
      return false;
    }
    return true;
  }
  /// Called once the operation is registered and the task will suspend.
  void suspended() noexcept {
    if (context_) context_->set_waiting(this);
  }
  /// The operation completed normally: queue the task for resumption.
  void complete() noexcept {
    if (context_ && context_->waiting() == this) context_->clear_waiting();
    loop_->schedule(handle_, context_);
  }
  /// From cancel(): after deregistering, queue the task so that it throws.
  void complete_cancelled() noexcept {
    cancelled_ = true;
    loop_->schedule(handle_, context_);
  }
  void throw_if_cancelled() const {
    if (cancelled_) throw cancelled_error();
  }
  void forget_waiting() noexcept {
    if (context_ && context_->waiting() == this) context_->clear_waiting();
  }

  std::coroutine_handle<> handle_{};
  task_context* context_ = nullptr;
  [[no_unique_address]] current_loop_ref loop_;
  bool cancelled_ = false;
};

}  // namespace corio::detail
