#pragma once
// corio::event: asyncio.Event. set() wakes every waiter; wait() returns at once while set.
// Loop-thread only (like asyncio). A cancelled waiter leaves the queue and throws
// corio::cancelled_error.
#include <coroutine>

#include <corio/detail/leaf.hpp>
#include <corio/detail/waiter_list.hpp>

namespace corio {

class event {
 public:
  event() noexcept = default;
  event(const event&) = delete;
  event& operator=(const event&) = delete;

  void set() noexcept {
    set_ = true;
    while (auto* n = waiters_.pop_front()) static_cast<wait_awaiter*>(n)->wake();
  }
  void clear() noexcept { set_ = false; }
  [[nodiscard]] bool is_set() const noexcept { return set_; }

  class wait_awaiter : private detail::leaf_op, private detail::waiter_node {
   public:
    explicit wait_awaiter(event& e) noexcept : event_(e) {}
    wait_awaiter(wait_awaiter&&) noexcept = default;
    ~wait_awaiter() { event_.waiters_.remove(this); }
    bool await_ready() const noexcept { return event_.set_; }
    template <class Promise>
    bool await_suspend(std::coroutine_handle<Promise> h) {
      if (!begin(h, event_loop::require("corio::event::wait()"))) return false;
      event_.waiters_.push_back(this);
      suspended();
      return true;
    }
    void await_resume() const { throw_if_cancelled(); }

   private:
    friend class event;
    void wake() noexcept { complete(); }
    void cancel() noexcept override {
      event_.waiters_.remove(this);
      complete_cancelled();
    }
    event& event_;
  };

  /// Wait until the event is set.
  [[nodiscard]] wait_awaiter wait() noexcept { return wait_awaiter{*this}; }

 private:
  detail::waiter_list waiters_;
  bool set_ = false;
};

}  // namespace corio
