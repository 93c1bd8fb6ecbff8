#include <corio/spawn.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include <corio/event.hpp>
#include <corio/run.hpp>
#include <corio/sleep.hpp>
#include <corio/task.hpp>
#include <corio/yield.hpp>

#include "lifetime.hpp"

using namespace std::chrono_literals;
using corio::task;

namespace {
task<int> wait_then(corio::event& e, int v, std::vector<int>& log) {
  corio_test::tracked guard;
  co_await e.wait();
  log.push_back(v);
  co_return v;
}
}  // namespace

TEST(Spawn, RunsConcurrentlyAndJoins) {
  std::vector<int> log;
  auto main_task = [&]() -> task<int> {
    corio::event e;
    auto a = corio::spawn(wait_then(e, 1, log));
    auto b = corio::spawn(wait_then(e, 2, log));
    co_await corio::yield();  // both are now waiting on e
    EXPECT_TRUE(log.empty());
    e.set();
    int sum = co_await std::move(a) + co_await std::move(b);
    co_return sum;
  };
  EXPECT_EQ(corio::run(main_task()), 3);
  EXPECT_EQ(log, (std::vector<int>{1, 2}));
  EXPECT_EQ(corio_test::tracked::alive.load(), 0);
}

TEST(Spawn, AwaitAlreadyFinished) {
  auto main_task = []() -> task<int> {
    auto h = corio::spawn([]() -> task<int> { co_return 8; }());
    co_await corio::yield();
    EXPECT_TRUE(h.done());
    co_return co_await std::move(h);
  };
  EXPECT_EQ(corio::run(main_task()), 8);
}

TEST(Spawn, ExceptionReachesTheJoiner) {
  auto main_task = []() -> task<void> {
    auto h = corio::spawn([]() -> task<void> {
      co_await corio::yield();
      throw std::runtime_error("spawned failure");
    }());
    co_await std::move(h);
  };
  EXPECT_THROW(corio::run(main_task()), std::runtime_error);
}

TEST(Spawn, UnobservedFailureIsReported) {
  testing::internal::CaptureStderr();
  corio::run([]() -> task<void> {
    corio::spawn([]() -> task<void> {
      throw std::runtime_error("nobody listens");
      co_return;
    }())
        .detach();
    co_await corio::yield();
  }());
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("nobody listens"), std::string::npos) << err;
  EXPECT_NE(err.find("spawn_test.cpp"), std::string::npos) << err;
}

TEST(Spawn, CancellingTheJoinerCancelsTheJoined) {
  auto main_task = []() -> task<bool> {
    corio::event never;
    std::vector<int> log;
    auto outer = corio::spawn([](corio::event& e, std::vector<int>& log) -> task<void> {
      auto inner = corio::spawn(wait_then(e, 1, log));
      co_await std::move(inner);
    }(never, log));
    co_await corio::yield();
    co_await corio::yield();
    outer.cancel();
    try {
      co_await std::move(outer);
    } catch (const corio::cancelled_error&) {
      co_return log.empty();
    }
    co_return false;
  };
  EXPECT_TRUE(corio::run(main_task()));
  EXPECT_EQ(corio_test::tracked::alive.load(), 0);
}

TEST(Spawn, OutsideALoopIsALogicError) {
  EXPECT_THROW((void)corio::spawn([]() -> task<void> { co_return; }()), std::logic_error);
}

TEST(TaskGroup, JoinsAllChildren) {
  std::vector<int> log;
  auto main_task = [&]() -> task<void> {
    corio::event e;
    corio::task_group g;
    for (int i = 0; i < 5; ++i) g.spawn(wait_then(e, i, log));
    g.spawn([](corio::event& e) -> task<void> {
      e.set();
      co_return;
    }(e));
    EXPECT_EQ(g.running(), 6u);
    co_await g.join();
    EXPECT_EQ(g.running(), 0u);
  };
  corio::run(main_task());
  EXPECT_EQ(log, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(corio_test::tracked::alive.load(), 0);
}

TEST(TaskGroup, FirstFailureCancelsSiblingsAndIsRethrown) {
  std::vector<int> log;
  auto main_task = [&]() -> task<std::string> {
    corio::event never;
    corio::task_group g;
    g.spawn(wait_then(never, 1, log));
    g.spawn(wait_then(never, 2, log));
    g.spawn([]() -> task<void> {
      co_await corio::yield();
      throw std::runtime_error("child failed");
    }());
    try {
      co_await g.join();
    } catch (const std::runtime_error& e) {
      co_return e.what();
    }
    co_return "joined";
  };
  EXPECT_EQ(corio::run(main_task()), "child failed");
  EXPECT_TRUE(log.empty());
  EXPECT_EQ(corio_test::tracked::alive.load(), 0);
}

TEST(TaskGroup, CancellingTheOwnerCancelsChildren) {
  auto main_task = []() -> task<bool> {
    std::vector<int> log;
    auto owner = corio::spawn([](std::vector<int>& log) -> task<void> {
      corio::event never;
      corio::task_group g;
      g.spawn(wait_then(never, 1, log));
      co_await g.join();
    }(log));
    co_await corio::yield();
    co_await corio::yield();
    owner.cancel();
    try {
      co_await std::move(owner);
    } catch (const corio::cancelled_error&) {
      co_return log.empty();
    }
    co_return false;
  };
  EXPECT_TRUE(corio::run(main_task()));
  EXPECT_EQ(corio_test::tracked::alive.load(), 0);
}

TEST(TaskGroup, DestroyedUnjoinedCancelsChildren) {
  bool cancelled = false;
  auto main_task = [&]() -> task<void> {
    {
      corio::task_group g;
      g.spawn([](bool& flag) -> task<void> {
        try {
          co_await corio::sleep_for(1h);
        } catch (const corio::cancelled_error&) {
          flag = true;
        }
      }(cancelled));
      co_await corio::yield();
    }
    co_await corio::yield();
    co_await corio::yield();
  };
  corio::run(main_task());
  EXPECT_TRUE(cancelled);
}
