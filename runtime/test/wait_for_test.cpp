#include <corio/wait_for.hpp>

#include <gtest/gtest.h>

#include <chrono>

#include <corio/event.hpp>
#include <corio/run.hpp>
#include <corio/sleep.hpp>
#include <corio/spawn.hpp>
#include <corio/task.hpp>
#include <corio/yield.hpp>

#include "lifetime.hpp"

using namespace std::chrono_literals;
using corio::task;

TEST(WaitFor, ReturnsTheValueInTime) {
  auto main_task = []() -> task<int> { co_return co_await corio::wait_for([]() -> task<int> { co_return 4; }(), 10s); };
  EXPECT_EQ(corio::run(main_task()), 4);
}

TEST(WaitFor, TimesOutAndCancelsTheInnerTask) {
  bool inner_cancelled = false;
  auto main_task = [&]() -> task<bool> {
    corio::event never;
    auto inner = [](corio::event& e, bool& flag) -> task<int> {
      corio_test::tracked guard;
      try {
        co_await e.wait();
      } catch (const corio::cancelled_error&) {
        flag = true;
        throw;
      }
      co_return 1;
    };
    bool timed_out = false;
    try {
      co_await corio::wait_for(inner(never, inner_cancelled), 5ms);
    } catch (const corio::timeout_error&) {
      timed_out = true;
    }
    // The awaiting task is not cancelled: it can go on awaiting.
    co_await corio::sleep_for(1ms);
    co_return timed_out;
  };
  EXPECT_TRUE(corio::run(main_task()));
  EXPECT_TRUE(inner_cancelled);
  EXPECT_EQ(corio_test::tracked::alive.load(), 0);
}

TEST(WaitFor, WrapsAnyAwaitable) {
  auto main_task = []() -> task<int> {
    int n = 0;
    co_await corio::wait_for(corio::sleep_for(1ms), 10s);  // finishes
    ++n;
    try {
      co_await corio::wait_for(corio::sleep_for(1h), 1ms);
    } catch (const corio::timeout_error&) {
      ++n;
    }
    corio::event e;
    e.set();
    co_await corio::wait_for(e.wait(), 1s);
    ++n;
    co_return n;
  };
  EXPECT_EQ(corio::run(main_task()), 3);
  EXPECT_EQ(corio::run([]() -> task<std::size_t> { co_return corio::event_loop::current()->pending_timers(); }()), 0u);
}

TEST(WaitFor, TimerRemovedWhenInnerFinishes) {
  auto main_task = []() -> task<std::size_t> {
    co_await corio::wait_for([]() -> task<void> { co_await corio::yield(); }(), 1h);
    co_return corio::event_loop::current()->pending_timers();
  };
  EXPECT_EQ(corio::run(main_task()), 0u);
}

TEST(WaitFor, OuterCancellationIsNotATimeout) {
  auto main_task = []() -> task<bool> {
    corio::event never;
    auto h = corio::spawn([](corio::event& e) -> task<void> { co_await corio::wait_for(e.wait(), 1h); }(never));
    co_await corio::yield();
    h.cancel();
    try {
      co_await std::move(h);
    } catch (const corio::cancelled_error&) {
      co_return true;
    } catch (const corio::timeout_error&) {
      co_return false;
    }
    co_return false;
  };
  EXPECT_TRUE(corio::run(main_task()));
}
