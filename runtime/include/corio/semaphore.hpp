#pragma once
// corio::semaphore: asyncio.Semaphore. acquire() waits while the count is zero; release()
// hands a unit straight to the first waiter (FIFO). Loop-thread only. A waiter cancelled
// before it got a unit leaves the queue and throws corio::cancelled_error.
#include <coroutine>
#include <cstddef>

#include <corio/detail/leaf.hpp>
#include <corio/detail/waiter_list.hpp>

namespace corio {

class semaphore {
 public:
  explicit semaphore(std::size_t initial) noexcept : count_(initial) {}
  semaphore(const semaphore&) = delete;
  semaphore& operator=(const semaphore&) = delete;

  [[nodiscard]] bool try_acquire() noexcept {
    if (count_ == 0) return false;
    --count_;
    return true;
  }
  void release(std::size_t n = 1) noexcept {
    for (; n > 0; --n) {
      if (auto* w = waiters_.pop_front())
        static_cast<acquire_awaiter*>(w)->wake();
      else
        ++count_;
    }
  }
  [[nodiscard]] std::size_t available() const noexcept { return count_; }

  class acquire_awaiter : private detail::leaf_op, private detail::waiter_node {
   public:
    explicit acquire_awaiter(semaphore& s) noexcept : sem_(s) {}
    acquire_awaiter(acquire_awaiter&&) noexcept = default;
    ~acquire_awaiter() { sem_.waiters_.remove(this); }
    bool await_ready() noexcept { return sem_.waiters_.empty() && sem_.try_acquire(); }
    template <class Promise>
    bool await_suspend(std::coroutine_handle<Promise> h) {
      if (!begin(h, event_loop::require("corio::semaphore::acquire()"))) return false;
      sem_.waiters_.push_back(this);
      suspended();
      return true;
    }
    void await_resume() const { throw_if_cancelled(); }

   private:
    friend class semaphore;
    void wake() noexcept { complete(); }
    void cancel() noexcept override {
      sem_.waiters_.remove(this);
      complete_cancelled();
    }
    semaphore& sem_;
  };

  [[nodiscard]] acquire_awaiter acquire() noexcept { return acquire_awaiter{*this}; }

 private:
  detail::waiter_list waiters_;
  std::size_t count_;
};

}  // namespace corio
