#include <corio/event.hpp>

#include <gtest/gtest.h>

#include <string>

#include <corio/gather.hpp>
#include <corio/run.hpp>
#include <corio/spawn.hpp>
#include <corio/task.hpp>
#include <corio/yield.hpp>

#include "lifetime.hpp"

using corio::task;

TEST(Event, SetWakesAllWaitersInOrder) {
  std::string trace;
  auto waiter = [](corio::event& e, char c, std::string& t) -> task<void> {
    co_await e.wait();
    t += c;
  };
  auto main_task = [&]() -> task<void> {
    corio::event e;
    auto setter = [](corio::event& e, std::string& t) -> task<void> {
      t += 's';
      e.set();
      co_return;
    };
    co_await corio::gather(waiter(e, 'a', trace), waiter(e, 'b', trace), setter(e, trace));
    EXPECT_TRUE(e.is_set());
    co_await e.wait();  // already set: does not suspend
    e.clear();
    EXPECT_FALSE(e.is_set());
  };
  corio::run(main_task());
  EXPECT_EQ(trace, "sab");
}

TEST(Event, CancelledWaiterLeavesTheQueue) {
  auto main_task = []() -> task<bool> {
    corio::event e;
    auto h = corio::spawn([](corio::event& e) -> task<void> {
      corio_test::tracked guard;
      co_await e.wait();
    }(e));
    co_await corio::yield();
    h.cancel();
    bool cancelled = false;
    try {
      co_await std::move(h);
    } catch (const corio::cancelled_error&) {
      cancelled = true;
    }
    e.set();  // must not touch the cancelled waiter
    co_return cancelled;
  };
  EXPECT_TRUE(corio::run(main_task()));
  EXPECT_EQ(corio_test::tracked::alive.load(), 0);
}
