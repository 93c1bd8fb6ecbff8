#include <corio/offload.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include <corio/detail/spin.hpp>
#include <corio/gather.hpp>
#include <corio/run.hpp>
#include <corio/sleep.hpp>
#include <corio/spawn.hpp>
#include <corio/task.hpp>
#include <corio/yield.hpp>

using corio::task;

TEST(Offload, RunsOnAnotherThreadAndResumesOnTheLoop) {
  auto main_task = []() -> task<bool> {
    const auto loop_thread = std::this_thread::get_id();
    auto worker_thread = co_await corio::offload([] { return std::this_thread::get_id(); });
    co_return worker_thread != loop_thread&& std::this_thread::get_id() == loop_thread;
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

// An offloaded C call keeps its errno: the corolint rewrite of `FILE *f = fopen(...)`
// into `co_await corio::offload([&] { return fopen(...); })` is followed by perror(),
// which must say why fopen failed. And the call sees the task's errno, as it would.
TEST(Offload, ErrnoTravelsWithTheCall) {
  corio::run([]() -> task<void> {
    errno = 0;
    FILE* f = co_await corio::offload([] { return std::fopen("/nonexistent/corio/offload", "r"); });
    EXPECT_EQ(f, nullptr);
    EXPECT_EQ(errno, ENOENT);
    errno = EPERM;
    EXPECT_EQ(co_await corio::offload([] { return errno; }), EPERM);
    EXPECT_EQ(errno, EPERM);  // untouched by the call: as it was
    EXPECT_THROW(co_await corio::offload([]() -> int {
                   errno = EACCES;
                   throw std::runtime_error("in pool");
                 }),
                 std::runtime_error);
    EXPECT_EQ(errno, EACCES);
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

namespace {

task<int> offload_value(int v) {
  co_return co_await corio::offload([v] { return v; });
}

// Restores the default spin budget when a test that changed it ends, and ends a spin that
// a worker started with the test's budget (a new job stops every spinner).
struct spin_budget_guard {
  std::chrono::nanoseconds saved = corio::detail::spin_budget();
  ~spin_budget_guard() {
    corio::detail::set_spin_budget(saved);
    corio::run([]() -> task<void> { co_await corio::offload([] {}); }());
  }
};

}  // namespace

TEST(Offload, ABurstFromSeveralTasksSpreadsOverTheWorkers) {
  // Each of pool-size calls waits until all of them have started: they finish only if
  // every worker took one (the bound only turns a hang into a failure).
  const std::size_t workers = corio::detail::offload_pool_size();
  std::atomic<std::size_t> started{0};
  auto meet = [&]() -> task<bool> {
    co_return co_await corio::offload([&] {
      ++started;
      const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
      while (started.load() < workers && std::chrono::steady_clock::now() < give_up) std::this_thread::yield();
      return started.load() >= workers;
    });
  };
  // And 1,000 short calls from 8 tasks at once, each task keeping several in flight.
  auto burst = []() -> task<long> {
    std::vector<task<int>> calls;
    for (int i = 0; i < 125; ++i) calls.push_back(offload_value(i));
    long sum = 0;
    for (int v : co_await corio::gather(std::move(calls))) sum += v;
    co_return sum;
  };
  auto [met, sums] = corio::run([&]() -> task<std::pair<std::vector<bool>, std::vector<long>>> {
    std::vector<task<bool>> meetings;
    for (std::size_t i = 0; i < workers; ++i) meetings.push_back(meet());
    std::vector<task<long>> bursts;
    for (int i = 0; i < 8; ++i) bursts.push_back(burst());
    auto m = co_await corio::gather(std::move(meetings));
    auto b = co_await corio::gather(std::move(bursts));
    co_return std::pair{m, b};
  }());
  for (bool m : met) EXPECT_TRUE(m);
  for (long s : sums) EXPECT_EQ(s, 125 * 124 / 2);
}

TEST(Offload, ResultsArriveWhetherThreadsSpinOrPark) {
  spin_budget_guard guard;
  // 0: workers park after each job and the loop sleeps in epoll until the eventfd;
  // 30 s: the loop spins through a 5 ms call and workers wait for the next job spinning.
  for (auto budget : {std::chrono::nanoseconds(0), std::chrono::nanoseconds(std::chrono::seconds(30))}) {
    corio::detail::set_spin_budget(budget);
    auto results = corio::run([]() -> task<std::vector<int>> {
      std::vector<int> got;
      for (int i = 0; i < 50; ++i) got.push_back(co_await corio::offload([i] { return i; }));
      got.push_back(co_await corio::offload([] {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        return 50;
      }));
      std::vector<task<int>> together;
      for (int i = 51; i < 60; ++i) together.push_back(offload_value(i));
      for (int v : co_await corio::gather(std::move(together))) got.push_back(v);
      co_return got;
    }());
    ASSERT_EQ(results.size(), 60u);
    for (int i = 0; i < 60; ++i) EXPECT_EQ(results[static_cast<std::size_t>(i)], i);
  }
}

TEST(Offload, TheLoopStopsSpinningForItsTimers) {
  spin_budget_guard guard;
  // A budget longer than the test's timeout: the call returns only after the timer fired,
  // so a loop that kept spinning past its timer's deadline would hang here.
  corio::detail::set_spin_budget(std::chrono::seconds(600));
  std::atomic<bool> fired{false};
  auto [slept, value] = corio::run([&]() -> task<std::tuple<bool, int>> {
    co_return co_await corio::gather(
        [](std::atomic<bool>& fired) -> task<bool> {
          co_await corio::sleep_for(std::chrono::milliseconds(1));
          fired = true;
          co_return true;
        }(fired),
        [](std::atomic<bool>& fired) -> task<int> {
          co_return co_await corio::offload([&fired] {
            while (!fired.load()) std::this_thread::yield();
            return 7;
          });
        }(fired));
  }());
  EXPECT_TRUE(slept);
  EXPECT_EQ(value, 7);
}
