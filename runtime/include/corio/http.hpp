#pragma once
// corio::http::session: an aiohttp.ClientSession-like HTTP client on curl_perform.
//
//   corio::http::session s;
//   auto r = co_await s.get("http://127.0.0.1:8080/");
//   r.status; r.header("content-type"); r.text();
//
// Transport failures throw corio::http::error (with the CURLcode); HTTP error statuses
// are returned, not thrown (check r.status, as with aiohttp without raise_for_status).
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <corio/curl.hpp>
#include <corio/task.hpp>

namespace corio::http {

struct response {
  long status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // in order received
  std::string body;

  /// The first header with this name (case-insensitive).
  [[nodiscard]] std::optional<std::string> header(std::string_view name) const;
  [[nodiscard]] const std::string& text() const noexcept { return body; }
};

class error : public std::runtime_error {
 public:
  explicit error(CURLcode code, const std::string& url);
  [[nodiscard]] CURLcode code() const noexcept { return code_; }

 private:
  CURLcode code_;
};

struct session_options {
  /// Whole-request timeout; zero means none (use corio::wait_for for a per-call one).
  std::chrono::milliseconds timeout{0};
  std::vector<std::string> headers;  // "Name: value", sent with every request
  bool follow_redirects = true;
  std::string user_agent = "corio/0.1";
};

class session {
 public:
  session() = default;
  explicit session(session_options options) : options_(std::move(options)) {}

  [[nodiscard]] task<response> get(std::string url);
  [[nodiscard]] task<response> post(std::string url, std::string body,
                                    std::string content_type = "application/x-www-form-urlencoded");
  [[nodiscard]] task<response> request(std::string method, std::string url, std::string body = {},
                                       std::string content_type = {});

 private:
  session_options options_;
};

}  // namespace corio::http
