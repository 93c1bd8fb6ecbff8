#include <corio/stall.hpp>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace corio {

namespace {

std::int64_t initial_threshold() {
  const char* debug = std::getenv("CORIO_DEBUG");
  if (!debug || debug[0] == '\0' || debug[0] == '0') return 0;
  std::int64_t ms = 100;
  if (const char* s = std::getenv("CORIO_STALL_MS")) {
    char* end = nullptr;
    long long v = std::strtoll(s, &end, 10);
    if (end != s && v > 0) ms = v;
  }
  return ms * 1000000;
}

std::atomic<std::int64_t>& threshold_ns() {
  static std::atomic<std::int64_t> t{initial_threshold()};
  return t;
}

std::mutex handler_mutex;
std::function<void(const stall_info&)>& handler() {
  static std::function<void(const stall_info&)> h;
  return h;
}

}  // namespace

void set_stall_threshold(std::chrono::nanoseconds threshold) noexcept {
  threshold_ns().store(threshold.count() < 0 ? 0 : threshold.count(), std::memory_order_relaxed);
}

std::chrono::nanoseconds stall_threshold() noexcept {
  return std::chrono::nanoseconds(threshold_ns().load(std::memory_order_relaxed));
}

void enable_stall_detector(std::chrono::nanoseconds threshold) noexcept {
  std::int64_t expected = 0;
  threshold_ns().compare_exchange_strong(expected, threshold.count());
}

void set_stall_handler(std::function<void(const stall_info&)> h) {
  std::lock_guard lock(handler_mutex);
  handler() = std::move(h);
}

namespace detail {
void report_stall(const stall_info& info) {
  std::function<void(const stall_info&)> h;
  {
    std::lock_guard lock(handler_mutex);
    h = handler();
  }
  if (h) {
    h(info);
    return;
  }
  const double ms = static_cast<double>(info.duration.count()) / 1e6;
  if (info.where)
    std::fprintf(stderr, "corio: stall: a task held the event loop for %.1f ms (task started at %s:%u in %s)\n", ms,
                 info.where->file_name(), static_cast<unsigned>(info.where->line()), info.where->function_name());
  else
    std::fprintf(stderr, "corio: stall: a task held the event loop for %.1f ms\n", ms);
}
}  // namespace detail

}  // namespace corio
