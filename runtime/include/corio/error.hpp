#pragma once
// Exceptions thrown by corio awaitables (asyncio.CancelledError, asyncio.TimeoutError).
#include <stdexcept>

namespace corio {

/// Thrown from the co_await that was interrupted because its task was cancelled.
class cancelled_error : public std::runtime_error {
 public:
  cancelled_error() : std::runtime_error("corio: task cancelled") {}
};

/// Thrown by corio::wait_for when the deadline passes first.
class timeout_error : public std::runtime_error {
 public:
  timeout_error() : std::runtime_error("corio: timed out") {}
};

}  // namespace corio
