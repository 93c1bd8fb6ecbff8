#include <corio/task.hpp>
// (task.hpp first: it must be self-contained.)

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>

#include <corio/run.hpp>

#include "lifetime.hpp"

using corio::task;
using corio_test::tracked;

namespace {

task<int> answer() { co_return 42; }
task<std::string> greet(std::string who) { co_return "hello " + who; }
task<void> nothing(int& counter) {
  ++counter;
  co_return;
}
task<int> fails() {
  throw std::runtime_error("boom");
  co_return 0;
}
task<int&> ref_to(int& x) { co_return x; }
task<std::unique_ptr<int>> move_only() { co_return std::make_unique<int>(7); }

task<int> depth(int n) {
  if (n == 0) co_return 0;
  co_return 1 + co_await depth(n - 1);
}

}  // namespace

TEST(Task, IsLazy) {
  int counter = 0;
  {
    auto t = nothing(counter);
    EXPECT_EQ(counter, 0);
    EXPECT_TRUE(t.valid());
    EXPECT_FALSE(t.done());
  }
  EXPECT_EQ(counter, 0);  // destroyed without ever running
}

TEST(Task, ReturnsValues) {
  EXPECT_EQ(corio::run(answer()), 42);
  EXPECT_EQ(corio::run(greet("corio")), "hello corio");
  EXPECT_EQ(*corio::run(move_only()), 7);
}

TEST(Task, VoidTask) {
  int counter = 0;
  corio::run(nothing(counter));
  EXPECT_EQ(counter, 1);
}

TEST(Task, ReferenceTask) {
  int x = 1;
  int& r = corio::run(ref_to(x));
  EXPECT_EQ(&r, &x);
  auto outer = [&]() -> task<void> {
    int& y = co_await ref_to(x);
    y = 5;
  };
  corio::run(outer());
  EXPECT_EQ(x, 5);
}

TEST(Task, ExceptionPropagatesThroughAwait) {
  auto outer = []() -> task<std::string> {
    try {
      co_await fails();
    } catch (const std::runtime_error& e) {
      co_return std::string("caught ") + e.what();
    }
    co_return "not reached";
  };
  EXPECT_EQ(corio::run(outer()), "caught boom");
  EXPECT_THROW(corio::run(fails()), std::runtime_error);
}

TEST(Task, DeepChainCompletesWithoutGrowingTheStack) {
  // Completion hands control to the continuation by symmetric transfer.
  EXPECT_EQ(corio::run(depth(10000)), 10000);
}

TEST(Task, FramesAreDestroyed) {
  auto inner = []() -> task<int> {
    tracked t;
    co_return 1;
  };
  auto outer = [&]() -> task<int> {
    tracked t;
    int sum = 0;
    for (int i = 0; i < 10; ++i) sum += co_await inner();
    co_return sum;
  };
  EXPECT_EQ(corio::run(outer()), 10);
  EXPECT_EQ(tracked::alive.load(), 0);
  {
    auto never = outer();
  }
  EXPECT_EQ(tracked::alive.load(), 0);
}

TEST(Task, MoveAssignmentDestroysPrevious) {
  auto make = []() -> task<void> {
    tracked t;
    co_return;
  };
  task<void> a = make();
  task<void> b = make();
  a = std::move(b);
  EXPECT_FALSE(b.valid());
  EXPECT_TRUE(a.valid());
}
