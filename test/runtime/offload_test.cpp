#include <corio/offload.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <corio/gather.hpp>
#include <corio/run.hpp>
#include <corio/spawn.hpp>
#include <corio/task.hpp>
#include <corio/yield.hpp>

using corio::task;

TEST(Offload, RunsOnAnotherThreadAndResumesOnTheLoop) {
  auto main_task = []() -> task<bool> {
    const auto loop_thread = std::this_thread::get_id();
    auto worker_thread = co_await corio::offload([] { return std::this_thread::get_id(); });
    co_return worker_thread != loop_thread && std::this_thread::get_id() == loop_thread;
  };
  EXPECT_TRUE(corio::run(main_task()));
}

TEST(Offload, ArgumentsVoidAndExceptions) {
  corio::run([]() -> task<void> {
    EXPECT_EQ(co_await corio::offload([](int a, std::string b) { return b + std::to_string(a); }, 5, "x"), "x5");
    int hit = 0;
    co_await corio::offload([&hit] { hit = 1; });
    EXPECT_EQ(hit, 1);
    EXPECT_THROW(co_await corio::offload([]() -> int { throw std::runtime_error("in pool"); }), std::runtime_error);
  }());
}

TEST(Offload, ManyConcurrentCallsAreBoundedByThePool) {
  std::atomic<int> inside{0}, peak{0};
  auto one = [&](int i) -> task<int> {
    co_return co_await corio::offload([&, i] {
      int now = ++inside;
      int p = peak.load();
      while (now > p && !peak.compare_exchange_weak(p, now)) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      --inside;
      return i;
    });
  };
  auto results = corio::run([&]() -> task<std::vector<int>> {
    std::vector<task<int>> ts;
    for (int i = 0; i < 64; ++i) ts.push_back(one(i));
    co_return co_await corio::gather(std::move(ts));
  }());
  for (int i = 0; i < 64; ++i) EXPECT_EQ(results[static_cast<std::size_t>(i)], i);
  EXPECT_LE(static_cast<std::size_t>(peak.load()), corio::detail::offload_pool_size());
}

TEST(Offload, CancellationIsDeliveredAfterTheCallReturns) {
  auto main_task = []() -> task<std::string> {
    std::atomic<bool> release{false};
    std::string trace;
    auto h = corio::spawn([](std::atomic<bool>& release, std::string& trace) -> task<void> {
      int v = co_await corio::offload([&release] {
        while (!release.load()) std::this_thread::yield();
        return 1;
      });
      trace += "got" + std::to_string(v) + ";";
      co_await corio::yield();  // the cancellation lands here
      trace += "not reached;";
    }(release, trace));
    co_await corio::yield();
    h.cancel();
    release = true;
    try {
      co_await std::move(h);
    } catch (const corio::cancelled_error&) {
      trace += "cancelled";
    }
    co_return trace;
  };
  EXPECT_EQ(corio::run(main_task()), "got1;cancelled");
}
