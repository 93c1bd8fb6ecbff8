#pragma once
// Bounded busy-waiting before a thread parks in the kernel. A futex or eventfd wake-up
// costs microseconds of latency on each side (about 14 us on a small VM), while the other
// side of an offload usually answers within one or two: the offload pool's workers and a
// loop waiting for an offloaded call spin for a short budget first (as Go's scheduler and
// folly's baton do), then park. Every spin is bounded by the budget, so an idle process
// burns at most one budget of CPU per offload on each side.
#include <chrono>
#include <thread>

#include <corio/loop.hpp>

namespace corio::detail {

/// How long a thread spins before parking: CORIO_SPIN_US microseconds (0 turns spinning
/// off), default 20, read at the first use.
[[nodiscard]] std::chrono::nanoseconds spin_budget() noexcept;
/// Replace the budget (tests drive both the spinning and the parking paths with it).
void set_spin_budget(std::chrono::nanoseconds budget) noexcept;

inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield" ::: "memory");
#else
  std::this_thread::yield();
#endif
}

/// Spin until ready() or until `limit`; returns ready()'s last value. Rounds of pause
/// instructions, each followed by a clock read and a yield: with more runnable threads than
/// cores (the thread this one just woke may be queued behind it), a spin that never yields
/// delays the very answer it waits for; measured on 2 cores, it made a 1 ms offloaded call
/// 30 us slower than not spinning at all.
template <class Ready>
bool spin_until(Ready ready, clock::time_point limit) noexcept {
  for (;;) {
    for (int i = 0; i < 16; ++i) {
      if (ready()) return true;
      cpu_relax();
    }
    if (clock::now() >= limit) return ready();
    std::this_thread::yield();
  }
}

}  // namespace corio::detail
