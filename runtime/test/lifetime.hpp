#pragma once
// Counts live objects so tests can prove coroutine frames are destroyed (no leaks).
#include <atomic>

namespace corio_test {

struct tracked {
  static inline std::atomic<int> alive{0};
  tracked() noexcept { ++alive; }
  tracked(const tracked&) noexcept { ++alive; }
  tracked(tracked&&) noexcept { ++alive; }
  tracked& operator=(const tracked&) = default;
  tracked& operator=(tracked&&) = default;
  ~tracked() { --alive; }
};

}  // namespace corio_test
