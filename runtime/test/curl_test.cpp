#include <corio/curl.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include <corio/gather.hpp>
#include <corio/run.hpp>
#include <corio/sleep.hpp>
#include <corio/task.hpp>
#include <corio/wait_for.hpp>

#include "http_server.hpp"

using namespace std::chrono_literals;
using corio::task;

static_assert(std::is_same_v<decltype(corio::curl_perform(nullptr).await_resume()), CURLcode>);

namespace {

std::size_t append(char* data, std::size_t size, std::size_t n, void* userp) {
  static_cast<std::string*>(userp)->append(data, size * n);
  return size * n;
}

task<std::string> fetch(std::string url) {
  // RAII: a cancelled co_await throws, and the handle must still be cleaned up.
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> handle(curl_easy_init(), &curl_easy_cleanup);
  CURL* easy = handle.get();
  std::string body;
  curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &append);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &body);
  CURLcode rc = co_await corio::curl_perform(easy);  // drop-in for curl_easy_perform(easy)
  if (rc != CURLE_OK) co_return std::string("error: ") + curl_easy_strerror(rc);
  co_return body;
}

}  // namespace

TEST(Curl, PerformAgainstARealServer) {
  corio_test::http_server server;
  EXPECT_EQ(corio::run(fetch(server.url("/hello"))), "hello");
}

TEST(Curl, ConcurrentTransfersOnOneLoop) {
  corio_test::http_server server;
  auto bodies = corio::run([&]() -> task<std::vector<std::string>> {
    std::vector<task<std::string>> ts;
    for (int i = 0; i < 16; ++i) ts.push_back(fetch(server.url("/n/" + std::to_string(i))));
    co_return co_await corio::gather(std::move(ts));
  }());
  for (int i = 0; i < 16; ++i) EXPECT_EQ(bodies[static_cast<std::size_t>(i)], "item " + std::to_string(i));
}

TEST(Curl, TransportErrorsAreCurlCodes) {
  // A port that nothing listens on: bind one, then let the server go.
  std::string url;
  {
    corio_test::http_server gone;
    url = gone.url("/hello");
  }
  EXPECT_EQ(corio::run(fetch(url)), std::string("error: ") + curl_easy_strerror(CURLE_COULDNT_CONNECT));
}

TEST(Curl, CancellationAbortsTheTransfer) {
  corio_test::http_server server;
  auto start = std::chrono::steady_clock::now();
  bool timed_out = corio::run([&]() -> task<bool> {
    try {
      co_await corio::wait_for(fetch(server.url("/slow")), 50ms);
    } catch (const corio::timeout_error&) {
      co_return corio::event_loop::current()->pending_io() == 0;
    }
    co_return false;
  }());
  EXPECT_TRUE(timed_out);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}
