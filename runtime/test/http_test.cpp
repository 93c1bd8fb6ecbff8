#include <corio/http.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include <corio/gather.hpp>
#include <corio/run.hpp>
#include <corio/task.hpp>
#include <corio/wait_for.hpp>

#include "http_server.hpp"

using namespace std::chrono_literals;
using corio::task;

TEST(Http, GetStatusHeadersBody) {
  corio_test::http_server server;
  auto r = corio::run([&]() -> task<corio::http::response> {
    corio::http::session s;
    co_return co_await s.get(server.url("/hello"));
  }());
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.text(), "hello");
  EXPECT_EQ(r.header("x-corio"), "yes");
  EXPECT_EQ(r.header("Content-Type"), "text/plain");
  EXPECT_FALSE(r.header("x-absent").has_value());
}

TEST(Http, PostNotFoundAndRedirect) {
  corio_test::http_server server;
  corio::run([&]() -> task<void> {
    corio::http::session s;
    auto echoed = co_await s.post(server.url("/echo"), "payload", "text/plain");
    EXPECT_EQ(echoed.status, 200);
    EXPECT_EQ(echoed.body, "payload");
    auto missing = co_await s.get(server.url("/missing"));
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.body, "no such thing");
    auto redirected = co_await s.get(server.url("/redirect"));
    EXPECT_EQ(redirected.status, 200);
    EXPECT_EQ(redirected.body, "hello");
  }());
}

TEST(Http, ManyConcurrentGets) {
  corio_test::http_server server;
  auto results = corio::run([&]() -> task<std::vector<corio::http::response>> {
    corio::http::session s;
    std::vector<task<corio::http::response>> ts;
    for (int i = 0; i < 32; ++i) ts.push_back(s.get(server.url("/n/" + std::to_string(i))));
    co_return co_await corio::gather(std::move(ts));
  }());
  ASSERT_EQ(results.size(), 32u);
  for (int i = 0; i < 32; ++i) EXPECT_EQ(results[static_cast<std::size_t>(i)].body, "item " + std::to_string(i));
}

TEST(Http, TransportErrorThrowsAndTimeoutCancels) {
  corio_test::http_server server;
  std::string dead;
  {
    corio_test::http_server gone;
    dead = gone.url("/hello");
  }
  corio::run([&]() -> task<void> {
    corio::http::session s;
    try {
      co_await s.get(dead);
      ADD_FAILURE() << "expected corio::http::error";
    } catch (const corio::http::error& e) {
      EXPECT_EQ(e.code(), CURLE_COULDNT_CONNECT);
    }
    EXPECT_THROW(co_await corio::wait_for(s.get(server.url("/slow")), 50ms), corio::timeout_error);
  }());
}
