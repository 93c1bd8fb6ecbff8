#pragma once
// corio::mutex: asyncio.Lock. FIFO and fair: unlock() hands the lock to the first waiter.
// `auto guard = co_await m.scoped_lock();` unlocks at scope exit. Loop-thread only.
// A waiter cancelled before it got the lock leaves the queue and throws
// corio::cancelled_error; one that already got it keeps it (its guard releases it).
#include <coroutine>
#include <utility>

#include <corio/detail/leaf.hpp>
#include <corio/detail/waiter_list.hpp>

namespace corio {

class mutex {
 public:
  mutex() noexcept = default;
  mutex(const mutex&) = delete;
  mutex& operator=(const mutex&) = delete;

  [[nodiscard]] bool try_lock() noexcept {
    if (locked_) return false;
    locked_ = true;
    return true;
  }
  void unlock() noexcept {
    if (auto* n = waiters_.pop_front())
      static_cast<lock_awaiter*>(n)->wake();  // ownership passes on
    else
      locked_ = false;
  }
  [[nodiscard]] bool locked() const noexcept { return locked_; }

  class lock_awaiter : private detail::leaf_op, private detail::waiter_node {
   public:
    explicit lock_awaiter(mutex& m) noexcept : mutex_(m) {}
    lock_awaiter(lock_awaiter&&) noexcept = default;
    ~lock_awaiter() { mutex_.waiters_.remove(this); }
    bool await_ready() noexcept { return mutex_.try_lock(); }
    template <class Promise>
    bool await_suspend(std::coroutine_handle<Promise> h) {
      if (!begin(h, event_loop::require("corio::mutex::lock()"))) return false;
      mutex_.waiters_.push_back(this);
      suspended();
      return true;
    }
    void await_resume() const { throw_if_cancelled(); }

   protected:
    mutex& owner() const noexcept { return mutex_; }

   private:
    friend class mutex;
    void wake() noexcept { complete(); }
    void cancel() noexcept override {
      mutex_.waiters_.remove(this);
      complete_cancelled();
    }
    mutex& mutex_;
  };

  class [[nodiscard]] guard {
   public:
    explicit guard(mutex& m) noexcept : m_(&m) {}
    guard(guard&& o) noexcept : m_(std::exchange(o.m_, nullptr)) {}
    guard& operator=(guard&&) = delete;
    ~guard() {
      if (m_) m_->unlock();
    }
    void unlock() noexcept {
      if (m_) std::exchange(m_, nullptr)->unlock();
    }

   private:
    mutex* m_;
  };

  class scoped_lock_awaiter : public lock_awaiter {
   public:
    using lock_awaiter::lock_awaiter;
    guard await_resume() const {
      lock_awaiter::await_resume();
      return guard{owner()};
    }
  };

  /// co_await m.lock(); ... m.unlock();
  [[nodiscard]] lock_awaiter lock() noexcept { return lock_awaiter{*this}; }
  /// auto g = co_await m.scoped_lock();
  [[nodiscard]] scoped_lock_awaiter scoped_lock() noexcept { return scoped_lock_awaiter{*this}; }

 private:
  detail::waiter_list waiters_;
  bool locked_ = false;
};

}  // namespace corio
