#include <corio/queue.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include <corio/gather.hpp>
#include <corio/run.hpp>
#include <corio/spawn.hpp>
#include <corio/task.hpp>
#include <corio/yield.hpp>

using corio::task;

TEST(Queue, ProducerConsumerBounded) {
  std::vector<int> got;
  auto producer = [](corio::queue<int>& q) -> task<void> {
    for (int i = 0; i < 100; ++i) co_await q.put(i);
    co_await q.put(-1);
  };
  auto consumer = [](corio::queue<int>& q, std::vector<int>& out) -> task<void> {
    for (;;) {
      int v = co_await q.get();
      if (v < 0) break;
      EXPECT_LE(q.size(), 3u);
      out.push_back(v);
    }
  };
  corio::run([&]() -> task<void> {
    corio::queue<int> q(3);
    co_await corio::gather(consumer(q, got), producer(q));
  }());
  ASSERT_EQ(got.size(), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(got[static_cast<std::size_t>(i)], i);
}

TEST(Queue, MoveOnlyItemsAndNowait) {
  corio::run([]() -> task<void> {
    corio::queue<std::unique_ptr<int>> q(1);
    EXPECT_TRUE(q.try_put(std::make_unique<int>(1)));
    EXPECT_FALSE(q.try_put(std::make_unique<int>(2)));
    auto v = co_await q.get();
    EXPECT_EQ(*v, 1);
    EXPECT_FALSE(q.try_get().has_value());
  }());
}

TEST(Queue, CancelledGetterLosesNothing) {
  auto main_task = []() -> task<int> {
    corio::queue<int> q;
    auto h = corio::spawn([](corio::queue<int>& q) -> task<int> { co_return co_await q.get(); }(q));
    co_await corio::yield();
    h.cancel();
    EXPECT_THROW(co_await std::move(h), corio::cancelled_error);
    q.try_put(5);  // goes to the queue, not to the cancelled getter
    co_return co_await q.get();
  };
  EXPECT_EQ(corio::run(main_task()), 5);
}

TEST(Queue, CancelledPutterLeavesNoItem) {
  auto main_task = []() -> task<std::size_t> {
    corio::queue<int> q(1);
    co_await q.put(1);
    auto h = corio::spawn([](corio::queue<int>& q) -> task<void> { co_await q.put(2); }(q));
    co_await corio::yield();
    h.cancel();
    EXPECT_THROW(co_await std::move(h), corio::cancelled_error);
    EXPECT_EQ(co_await q.get(), 1);
    co_return q.size();
  };
  EXPECT_EQ(corio::run(main_task()), 0u);
}
