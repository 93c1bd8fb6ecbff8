#include <corio/yield.hpp>

#include <gtest/gtest.h>

#include <string>

#include <corio/gather.hpp>
#include <corio/run.hpp>
#include <corio/spawn.hpp>
#include <corio/task.hpp>

using corio::task;

namespace {
task<void> worker(char name, int steps, std::string& trace) {
  for (int i = 0; i < steps; ++i) {
    trace += name;
    co_await corio::yield();
  }
}
}  // namespace

TEST(Yield, InterleavesReadyTasksRoundRobin) {
  std::string trace;
  corio::run([&]() -> task<void> { co_await corio::gather(worker('a', 3, trace), worker('b', 3, trace)); }());
  EXPECT_EQ(trace, "ababab");
}

TEST(Yield, ThrowsWhenCancelled) {
  auto main_task = []() -> task<int> {
    int spins = 0;
    auto h = corio::spawn([](int& n) -> task<void> {
      for (;;) {
        ++n;
        co_await corio::yield();
      }
    }(spins));
    co_await corio::yield();
    co_await corio::yield();
    h.cancel();
    EXPECT_THROW(co_await std::move(h), corio::cancelled_error);
    co_return spins;
  };
  EXPECT_GE(corio::run(main_task()), 1);
}
