#include <corio/run.hpp>

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <thread>

#include <corio/event.hpp>
#include <corio/sleep.hpp>
#include <corio/spawn.hpp>
#include <corio/task.hpp>

#include "lifetime.hpp"

using namespace std::chrono_literals;
using corio::task;

namespace {
task<int> seven() { co_return 7; }
}  // namespace

TEST(Run, ReturnsTheValue) { EXPECT_EQ(corio::run(seven()), 7); }

TEST(Run, RethrowsTheException) {
  auto bad = []() -> task<void> {
    throw std::out_of_range("nope");
    co_return;
  };
  EXPECT_THROW(corio::run(bad()), std::out_of_range);
}

TEST(Run, RefusesToNestInsideARunningLoop) {
  auto nested = []() -> task<std::string> {
    try {
      corio::run(seven());
    } catch (const std::logic_error& e) {
      co_return e.what();
    }
    co_return "no error";
  };
  EXPECT_EQ(corio::run(nested()), "corio::run() cannot be called from a running event loop");
  auto nested_sync = []() -> task<bool> {
    try {
      corio::sync_wait(seven());
    } catch (const std::logic_error&) {
      co_return true;
    }
    co_return false;
  };
  EXPECT_TRUE(corio::run(nested_sync()));
}

TEST(Run, SyncWaitOutsideALoop) { EXPECT_EQ(corio::sync_wait(seven()), 7); }

TEST(Run, OneLoopPerThread) {
  int a = 0, b = 0;
  std::thread other([&] { b = corio::run(seven()); });
  a = corio::run(seven());
  other.join();
  EXPECT_EQ(a + b, 14);
}

TEST(Run, DetectsDeadlock) {
  auto stuck = []() -> task<void> {
    corio::event never;
    co_await never.wait();
  };
  try {
    corio::run(stuck());
    FAIL() << "expected a deadlock error";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("deadlock"), std::string::npos);
  }
  EXPECT_EQ(corio::event_loop::current(), nullptr);
}

TEST(Run, CancelsAndFinishesLeftoverSpawnedTasks) {
  static bool unwound = false;
  auto sleeper = []() -> task<void> {
    corio_test::tracked guard;
    try {
      co_await corio::sleep_for(1h);
    } catch (const corio::cancelled_error&) {
      unwound = true;
      throw;
    }
  };
  auto main_task = [&]() -> task<int> {
    corio::spawn(sleeper()).detach();
    co_await corio::sleep_for(1ms);
    co_return 3;
  };
  EXPECT_EQ(corio::run(main_task()), 3);
  EXPECT_TRUE(unwound);
  EXPECT_EQ(corio_test::tracked::alive.load(), 0);
}
