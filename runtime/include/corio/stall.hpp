#pragma once
// The stall detector: warns when one resumption holds the loop longer than a threshold.
//
// Off by default. Enable with corio::enable_stall_detector() / set_stall_threshold(), or
// with the environment variable CORIO_DEBUG=1 (threshold CORIO_STALL_MS, default 100).
#include <chrono>
#include <functional>
#include <source_location>

namespace corio {

struct stall_info {
  std::chrono::nanoseconds duration;
  /// Where the stalling task was started (run/spawn/task_group::spawn), if known.
  const std::source_location* where;
};

/// Set the threshold; zero disables the detector.
void set_stall_threshold(std::chrono::nanoseconds threshold) noexcept;
[[nodiscard]] std::chrono::nanoseconds stall_threshold() noexcept;
/// Enable with the default threshold (100 ms) unless one is set already.
void enable_stall_detector(std::chrono::nanoseconds threshold = std::chrono::milliseconds(100)) noexcept;
/// Replace the reporter (default: one line on stderr). Pass {} to restore the default.
void set_stall_handler(std::function<void(const stall_info&)> handler);

namespace detail {
void report_stall(const stall_info& info);
}

}  // namespace corio
