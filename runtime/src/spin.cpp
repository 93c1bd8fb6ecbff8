#include <corio/detail/spin.hpp>

#include <atomic>
#include <cstdlib>

namespace corio::detail {

namespace {

constexpr long default_spin_us = 20;

std::chrono::nanoseconds configured_budget() noexcept {
  long us = default_spin_us;
  if (const char* s = std::getenv("CORIO_SPIN_US")) {
    char* end = nullptr;
    long v = std::strtol(s, &end, 10);
    if (end != s && v >= 0 && v <= 1000000) us = v;
  }
  return std::chrono::microseconds(us);
}

std::atomic<std::chrono::nanoseconds::rep>& budget_ns() noexcept {
  static std::atomic<std::chrono::nanoseconds::rep> ns{configured_budget().count()};
  return ns;
}

}  // namespace

std::chrono::nanoseconds spin_budget() noexcept {
  return std::chrono::nanoseconds(budget_ns().load(std::memory_order_relaxed));
}

void set_spin_budget(std::chrono::nanoseconds budget) noexcept {
  budget_ns().store(budget.count() < 0 ? 0 : budget.count(), std::memory_order_relaxed);
}

}  // namespace corio::detail
