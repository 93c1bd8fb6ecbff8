#pragma once
// corio::queue<T>: asyncio.Queue. put() waits while the queue is full (max_size 0 means
// unbounded), get() waits while it is empty; FIFO for items and for waiters. Loop-thread
// only. Cancelling a waiting put or get removes it (no item is lost or duplicated): an
// item handed to a getter that is then cancelled is still delivered to it.
#include <coroutine>
#include <cstddef>
#include <deque>
#include <optional>
#include <stdexcept>
#include <utility>

#include <corio/detail/leaf.hpp>
#include <corio/detail/waiter_list.hpp>

namespace corio {

template <class T>
class queue {
 public:
  explicit queue(std::size_t max_size = 0) : max_size_(max_size) {}
  queue(const queue&) = delete;
  queue& operator=(const queue&) = delete;

  [[nodiscard]] std::size_t size() const noexcept { return items_.size(); }
  [[nodiscard]] bool empty() const noexcept { return items_.empty(); }
  [[nodiscard]] bool full() const noexcept { return max_size_ != 0 && items_.size() >= max_size_; }

  /// put_nowait: false if full.
  bool try_put(T value) {
    if (auto* g = getters_.pop_front()) {
      static_cast<get_awaiter*>(g)->deliver(std::move(value));
      return true;
    }
    if (full()) return false;
    items_.push_back(std::move(value));
    return true;
  }
  /// get_nowait: empty if there is nothing.
  std::optional<T> try_get() {
    if (items_.empty()) return std::nullopt;
    std::optional<T> out(std::move(items_.front()));
    items_.pop_front();
    refill();
    return out;
  }

  class put_awaiter : private detail::leaf_op, private detail::waiter_node {
   public:
    put_awaiter(queue& q, T value) : q_(q), value_(std::move(value)) {}
    put_awaiter(put_awaiter&&) = default;
    ~put_awaiter() { q_.putters_.remove(this); }
    bool await_ready() { return q_.putters_.empty() && q_.try_put_ref(value_); }
    template <class Promise>
    bool await_suspend(std::coroutine_handle<Promise> h) {
      if (!begin(h, event_loop::require("corio::queue::put()"))) return false;
      q_.putters_.push_back(this);
      suspended();
      return true;
    }
    void await_resume() const { throw_if_cancelled(); }

   private:
    friend class queue;
    void cancel() noexcept override {
      q_.putters_.remove(this);
      complete_cancelled();
    }
    queue& q_;
    T value_;
  };

  class get_awaiter : private detail::leaf_op, private detail::waiter_node {
   public:
    explicit get_awaiter(queue& q) noexcept : q_(q) {}
    get_awaiter(get_awaiter&&) = default;
    ~get_awaiter() { q_.getters_.remove(this); }
    bool await_ready() {
      if (q_.items_.empty()) return false;
      value_.emplace(std::move(q_.items_.front()));
      q_.items_.pop_front();
      q_.refill();
      return true;
    }
    template <class Promise>
    bool await_suspend(std::coroutine_handle<Promise> h) {
      if (!begin(h, event_loop::require("corio::queue::get()"))) return false;
      q_.getters_.push_back(this);
      suspended();
      return true;
    }
    T await_resume() {
      if (value_) return std::move(*value_);
      throw_if_cancelled();
      throw std::logic_error("corio::queue: getter resumed without an item");
    }

   private:
    friend class queue;
    void deliver(T v) {
      value_.emplace(std::move(v));
      complete();
    }
    void cancel() noexcept override {
      q_.getters_.remove(this);
      complete_cancelled();
    }
    queue& q_;
    std::optional<T> value_;
  };

  [[nodiscard]] put_awaiter put(T value) { return put_awaiter{*this, std::move(value)}; }
  [[nodiscard]] get_awaiter get() noexcept { return get_awaiter{*this}; }

 private:
  bool try_put_ref(T& value) {
    if (auto* g = getters_.pop_front()) {
      static_cast<get_awaiter*>(g)->deliver(std::move(value));
      return true;
    }
    if (full()) return false;
    items_.push_back(std::move(value));
    return true;
  }
  // After an item left: move the first blocked putter's item in and wake it.
  void refill() {
    while (!full()) {
      auto* p = static_cast<put_awaiter*>(putters_.pop_front());
      if (!p) return;
      items_.push_back(std::move(p->value_));
      p->complete();
    }
  }

  std::deque<T> items_;
  std::size_t max_size_;
  detail::waiter_list getters_;
  detail::waiter_list putters_;
};

}  // namespace corio
