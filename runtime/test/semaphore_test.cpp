#include <corio/semaphore.hpp>

#include <gtest/gtest.h>

#include <vector>

#include <corio/gather.hpp>
#include <corio/run.hpp>
#include <corio/spawn.hpp>
#include <corio/task.hpp>
#include <corio/yield.hpp>

using corio::task;

TEST(Semaphore, LimitsConcurrency) {
  int inside = 0, peak = 0;
  auto worker = [](corio::semaphore& s, int& inside, int& peak) -> task<void> {
    co_await s.acquire();
    ++inside;
    peak = std::max(peak, inside);
    co_await corio::yield();
    co_await corio::yield();
    --inside;
    s.release();
  };
  corio::run([&]() -> task<void> {
    corio::semaphore s(2);
    std::vector<task<void>> ts;
    for (int i = 0; i < 10; ++i) ts.push_back(worker(s, inside, peak));
    co_await corio::gather(std::move(ts));
    EXPECT_EQ(s.available(), 2u);
  }());
  EXPECT_EQ(peak, 2);
}

TEST(Semaphore, CancelledAcquireKeepsTheCount) {
  auto main_task = []() -> task<std::size_t> {
    corio::semaphore s(0);
    auto h = corio::spawn([](corio::semaphore& s) -> task<void> { co_await s.acquire(); }(s));
    co_await corio::yield();
    h.cancel();
    EXPECT_THROW(co_await std::move(h), corio::cancelled_error);
    s.release();
    co_return s.available();
  };
  EXPECT_EQ(corio::run(main_task()), 1u);
}
