#include <corio/gather.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include <corio/event.hpp>
#include <corio/run.hpp>
#include <corio/sleep.hpp>
#include <corio/spawn.hpp>
#include <corio/task.hpp>
#include <corio/yield.hpp>

#include "lifetime.hpp"

using namespace std::chrono_literals;
using corio::task;

namespace {

task<std::string> job(int n) {
  co_await corio::sleep_for(std::chrono::milliseconds(n));
  co_return "Task " + std::to_string(n) + " finished";
}

task<int> wait_and_return(corio::event& e, int v) {
  co_await e.wait();
  co_return v;
}

task<void> wait_forever(corio::event& e, bool& cancelled) {
  corio_test::tracked guard;
  try {
    co_await e.wait();
  } catch (const corio::cancelled_error&) {
    cancelled = true;
    throw;
  }
}

task<int> fail_after(corio::event& e) {
  co_await e.wait();
  throw std::runtime_error("failed");
}

}  // namespace

TEST(Gather, TupleOfResultsInArgumentOrder) {
  auto main_task = []() -> task<std::tuple<std::string, std::string, std::string>> {
    co_return co_await corio::gather(job(3), job(1), job(2));
  };
  auto [a, b, c] = corio::run(main_task());
  EXPECT_EQ(a, "Task 3 finished");
  EXPECT_EQ(b, "Task 1 finished");
  EXPECT_EQ(c, "Task 2 finished");
}

TEST(Gather, VoidGivesMonostate) {
  auto main_task = []() -> task<int> {
    auto v = []() -> task<void> { co_return; };
    auto [x, nothing, y] = co_await corio::gather(job(0), v(), []() -> task<int> { co_return 5; }());
    static_assert(std::is_same_v<decltype(nothing), std::monostate>);
    co_return static_cast<int>(x.size()) + y;
  };
  EXPECT_EQ(corio::run(main_task()), 15 + 5);
}

TEST(Gather, EmptyAndSynchronous) {
  auto main_task = []() -> task<std::size_t> {
    auto t = co_await corio::gather();
    static_assert(std::tuple_size_v<decltype(t)> == 0);
    auto v = co_await corio::gather(std::vector<task<int>>{});
    co_return v.size();
  };
  EXPECT_EQ(corio::run(main_task()), 0u);
}

TEST(Gather, VectorInOrder) {
  auto main_task = []() -> task<std::vector<int>> {
    corio::event go;
    std::vector<task<int>> ts;
    for (int i = 0; i < 50; ++i) ts.push_back(wait_and_return(go, i));
    auto setter = [](corio::event& e) -> task<int> {
      e.set();
      co_return -1;
    };
    ts.push_back(setter(go));
    co_return co_await corio::gather(std::move(ts));
  };
  auto v = corio::run(main_task());
  ASSERT_EQ(v.size(), 51u);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(v[static_cast<std::size_t>(i)], i);
}

TEST(Gather, FirstExceptionCancelsTheOthers) {
  bool cancelled = false;
  auto main_task = [&]() -> task<std::string> {
    corio::event never, go;
    auto trigger = [](corio::event& e) -> task<void> {
      e.set();
      co_return;
    };
    try {
      co_await corio::gather(wait_forever(never, cancelled), fail_after(go), trigger(go));
    } catch (const std::runtime_error& e) {
      co_return e.what();
    }
    co_return "no exception";
  };
  EXPECT_EQ(corio::run(main_task()), "failed");
  EXPECT_TRUE(cancelled);
  EXPECT_EQ(corio_test::tracked::alive.load(), 0);
}

TEST(Gather, CancellingTheParentCancelsChildren) {
  bool a = false, b = false;
  auto main_task = [&]() -> task<bool> {
    corio::event never;
    auto t = corio::spawn([](corio::event& e, bool& a, bool& b) -> task<void> {
      co_await corio::gather(wait_forever(e, a), wait_forever(e, b));
    }(never, a, b));
    co_await corio::yield();
    t.cancel();
    try {
      co_await std::move(t);
    } catch (const corio::cancelled_error&) {
      co_return true;
    }
    co_return false;
  };
  EXPECT_TRUE(corio::run(main_task()));
  EXPECT_TRUE(a);
  EXPECT_TRUE(b);
}

TEST(WhenAny, FirstToFinishWinsOthersCancelled) {
  bool cancelled = false;
  auto main_task = [&]() -> task<std::size_t> {
    corio::event never, go;
    auto setter = [](corio::event& e) -> task<std::string> {
      co_await corio::yield();
      e.set();
      co_return "setter";
    };
    auto r = co_await corio::when_any(wait_forever(never, cancelled), wait_and_return(go, 9), setter(go));
    EXPECT_EQ(r.index(), 2u);
    EXPECT_EQ(std::get<2>(r), "setter");
    co_return r.index();
  };
  EXPECT_EQ(corio::run(main_task()), 2u);
  EXPECT_TRUE(cancelled);
}

TEST(WhenAny, VectorAndException) {
  auto main_task = []() -> task<void> {
    corio::event go;
    std::vector<task<int>> ts;
    ts.push_back(wait_and_return(go, 1));
    ts.push_back([](corio::event& e) -> task<int> {
      e.set();
      co_return 2;
    }(go));
    auto r = co_await corio::when_any(std::move(ts));
    EXPECT_EQ(r.index, 1u);
    EXPECT_EQ(r.value, 2);
    corio::event go2;
    auto bad = [](corio::event& e) -> task<int> {
      e.set();
      throw std::runtime_error("first");
      co_return 0;
    };
    EXPECT_THROW(co_await corio::when_any(wait_and_return(go2, 1), bad(go2)), std::runtime_error);
  };
  corio::run(main_task());
}
