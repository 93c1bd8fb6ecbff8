#pragma once
// co_await corio::sleep_for(d) / sleep_until(t): asyncio.sleep. The timer lives in the
// awaiting frame (no allocation); cancellation removes it from the loop's heap.
//
// Overloads exist for every form corolint rewrites: any std::chrono::duration, a timespec
// (nanosleep), and time points of steady_clock, system_clock or any other clock.
#include <chrono>
#include <coroutine>
#include <ctime>

#include <corio/detail/leaf.hpp>
#include <corio/loop.hpp>

namespace corio {

class sleep_awaiter : private detail::leaf_op, private detail::timer_node {
 public:
  explicit sleep_awaiter(std::chrono::steady_clock::time_point deadline) noexcept {
    this->deadline = deadline;
    this->on_fire = &sleep_awaiter::fire;
  }
  // Movable until awaited (so that wait_for can take it); never moved while suspended.
  sleep_awaiter(sleep_awaiter&&) noexcept = default;
  sleep_awaiter& operator=(sleep_awaiter&&) = delete;
  ~sleep_awaiter() {
    if (queued()) loop_->remove_timer(*this);
  }

  bool await_ready() const noexcept { return false; }
  template <class Promise>
  bool await_suspend(std::coroutine_handle<Promise> h) {
    if (!begin(h, event_loop::require("corio::sleep_for()"))) return false;
    loop_->add_timer(*this);
    suspended();
    return true;
  }
  void await_resume() const { throw_if_cancelled(); }

 private:
  static void fire(detail::timer_node* t) noexcept {
    auto* self = static_cast<sleep_awaiter*>(t);
    self->complete();
  }
  void cancel() noexcept override {
    loop_->remove_timer(*this);
    complete_cancelled();
  }
};

template <class Rep, class Period>
[[nodiscard]] sleep_awaiter sleep_for(std::chrono::duration<Rep, Period> d) {
  const auto now = std::chrono::steady_clock::now();
  if (d <= d.zero()) return sleep_awaiter{now};
  // Clamp absurd durations (seconds::max()...) to a century instead of overflowing.
  constexpr auto century = std::chrono::hours(24 * 365 * 100);
  if (std::chrono::duration<double>(d) >= std::chrono::duration<double>(century)) return sleep_awaiter{now + century};
  return sleep_awaiter{now + std::chrono::ceil<std::chrono::steady_clock::duration>(d)};
}

/// The nanosleep form: `nanosleep(&ts, nullptr)` becomes `co_await corio::sleep_for(ts)`.
[[nodiscard]] inline sleep_awaiter sleep_for(const timespec& ts) {
  return sleep_for(std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec));
}

template <class Duration>
[[nodiscard]] sleep_awaiter sleep_until(std::chrono::time_point<std::chrono::steady_clock, Duration> t) {
  return sleep_for(t - std::chrono::steady_clock::now());
}

/// Other clocks (system_clock...) are converted once, at the call, to the steady clock.
template <class Clock, class Duration>
[[nodiscard]] sleep_awaiter sleep_until(std::chrono::time_point<Clock, Duration> t) {
  return sleep_for(t - Clock::now());
}

}  // namespace corio
