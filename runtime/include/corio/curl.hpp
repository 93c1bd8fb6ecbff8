#pragma once
// co_await corio::curl_perform(easy) -> CURLcode: curl_easy_perform without blocking.
//
// Each loop owns one libcurl multi handle driven by the loop itself: libcurl tells corio
// which sockets to watch (CURLMOPT_SOCKETFUNCTION) and when to call back
// (CURLMOPT_TIMERFUNCTION); corio calls curl_multi_socket_action on readiness or timeout.
// There is no polling. Connections are reused between transfers on the same loop.
// Cancellation removes the easy handle from the multi handle (the transfer is aborted)
// and throws corio::cancelled_error. Available when corio was built with libcurl
// (CORIO_HAS_CURL).
#include <curl/curl.h>

#include <coroutine>

#include <corio/detail/leaf.hpp>
#include <corio/loop.hpp>

namespace corio {

namespace detail {

class curl_driver;
class curl_awaiter;

curl_driver& curl_driver_for(event_loop& loop);
/// Start the transfer; false (with `rc` set) if libcurl refused the handle.
bool curl_start(curl_driver& d, CURL* easy, curl_awaiter* who, CURLcode& rc);
void curl_abort(curl_driver& d, CURL* easy) noexcept;

class curl_awaiter final : private leaf_op {
 public:
  explicit curl_awaiter(CURL* easy) noexcept : easy_(easy) {}
  curl_awaiter(curl_awaiter&&) = default;
  ~curl_awaiter() {
    if (running_) curl_abort(*driver_, easy_);
  }
  bool await_ready() const noexcept { return false; }
  template <class Promise>
  bool await_suspend(std::coroutine_handle<Promise> h) {
    if (!begin(h, event_loop::require("corio::curl_perform()"))) return false;
    driver_ = &curl_driver_for(*event_loop::current());
    if (!curl_start(*driver_, easy_, this, result_)) return false;
    running_ = true;
    suspended();
    return true;
  }
  CURLcode await_resume() const {
    throw_if_cancelled();
    return result_;
  }
  /// From the driver: the transfer ended.
  void finish(CURLcode rc) noexcept {
    running_ = false;
    result_ = rc;
    complete();
  }

 private:
  void cancel() noexcept override {
    curl_abort(*driver_, easy_);
    running_ = false;
    complete_cancelled();
  }
  CURL* easy_;
  curl_driver* driver_ = nullptr;
  CURLcode result_ = CURLE_OK;
  bool running_ = false;
};

}  // namespace detail

[[nodiscard]] inline detail::curl_awaiter curl_perform(CURL* easy) noexcept { return detail::curl_awaiter(easy); }

}  // namespace corio
