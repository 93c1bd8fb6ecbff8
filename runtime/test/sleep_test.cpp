#include <corio/sleep.hpp>

#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <ctime>
#include <initializer_list>
#include <string>
#include <thread>
#include <vector>

#include <corio/gather.hpp>
#include <corio/net.hpp>
#include <corio/run.hpp>
#include <corio/spawn.hpp>
#include <corio/task.hpp>
#include <corio/wait_for.hpp>

#include "lifetime.hpp"

using namespace std::chrono_literals;
using corio::task;
using steady = std::chrono::steady_clock;

namespace {
task<void> sleep_then_record(std::chrono::milliseconds d, int id, std::vector<int>& order) {
  co_await corio::sleep_for(d);
  order.push_back(id);
}
}  // namespace

TEST(Sleep, WaitsAtLeastTheDuration) {
  auto start = steady::now();
  corio::run([]() -> task<void> { co_await corio::sleep_for(20ms); }());
  EXPECT_GE(steady::now() - start, 20ms);
}

TEST(Sleep, TimersFireInDeadlineOrder) {
  std::vector<int> order;
  auto main_task = [&]() -> task<void> {
    co_await corio::gather(sleep_then_record(30ms, 3, order), sleep_then_record(10ms, 1, order),
                           sleep_then_record(20ms, 2, order));
  };
  corio::run(main_task());
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

TEST(Sleep, SleepsRunConcurrently) {
  auto start = steady::now();
  auto main_task = []() -> task<void> {
    std::vector<task<void>> ts;
    for (int i = 0; i < 100; ++i) ts.push_back([]() -> task<void> { co_await corio::sleep_for(50ms); }());
    co_await corio::gather(std::move(ts));
  };
  corio::run(main_task());
  EXPECT_LT(steady::now() - start, 2s);  // 100 x 50 ms sequentially would be 5 s
}

TEST(Sleep, AllRewriteForms) {
  auto main_task = []() -> task<int> {
    int n = 0;
    co_await corio::sleep_for(std::chrono::seconds(0));  // sleep(0)
    ++n;
    co_await corio::sleep_for(std::chrono::microseconds(100));  // usleep(100)
    ++n;
    timespec ts{0, 1000000};
    co_await corio::sleep_for(ts);  // nanosleep(&ts, nullptr)
    ++n;
    co_await corio::sleep_for(1ms);  // std::this_thread::sleep_for
    ++n;
    co_await corio::sleep_until(std::chrono::steady_clock::now() + 1ms);
    ++n;
    co_await corio::sleep_until(std::chrono::system_clock::now() + 1ms);
    ++n;
    co_await corio::sleep_until(std::chrono::system_clock::now() - 1h);  // in the past
    ++n;
    co_await corio::sleep_for(-5ms);
    ++n;
    co_return n;
  };
  EXPECT_EQ(corio::run(main_task()), 8);
}

TEST(Sleep, CancellationRemovesTheTimer) {
  auto main_task = []() -> task<std::string> {
    auto h = corio::spawn([]() -> task<void> {
      corio_test::tracked guard;
      co_await corio::sleep_for(1h);
    }());
    co_await corio::sleep_for(0ms);  // let it start and suspend
    EXPECT_EQ(corio::event_loop::current()->pending_timers(), 1u);
    h.cancel();
    EXPECT_EQ(corio::event_loop::current()->pending_timers(), 0u);  // removed at once
    try {
      co_await std::move(h);
    } catch (const corio::cancelled_error&) {
      co_return "cancelled";
    }
    co_return "finished";
  };
  auto start = steady::now();
  EXPECT_EQ(corio::run(main_task()), "cancelled");
  EXPECT_LT(steady::now() - start, 10s);
  EXPECT_EQ(corio_test::tracked::alive.load(), 0);
}

TEST(Sleep, OutsideALoopIsALogicError) {
  auto t = []() -> task<void> { co_await corio::sleep_for(1ms); }();
  // Driving the task by hand (no loop): the awaitable must refuse, not crash.
  auto h = t.handle();
  h.resume();
  EXPECT_TRUE(h.done());
  EXPECT_THROW(std::move(h.promise().outcome()).get(), std::logic_error);
}

TEST(Sleep, HugeDurationsDoNotOverflow) {
  // A sleep of seconds::max() or until time_point::max() is still just "very long".
  auto t = []() -> task<int> {
    int timeouts = 0;
    try {
      co_await corio::wait_for(corio::sleep_for(std::chrono::seconds::max()), 1ms);
    } catch (const corio::timeout_error&) {
      ++timeouts;
    }
    try {
      co_await corio::wait_for(corio::sleep_until(std::chrono::steady_clock::time_point::max()), 1ms);
    } catch (const corio::timeout_error&) {
      ++timeouts;
    }
    co_return timeouts;
  };
  EXPECT_EQ(corio::run(t()), 2);
}

TEST(Sleep, FdsStillWakeTheLoopAfterTimersFiredOrWereCancelled) {
  // The loop sleeps on a timerfd armed for its first deadline. A timerfd that went off, or
  // that is armed for a timer cancelled since, must neither keep waking the loop nor stop
  // it from sleeping until an fd (a pipe written to later) is ready.
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  std::thread writer([w = p[1]] {
    for (char c : {'a', 'b'}) {
      std::this_thread::sleep_for(5ms);
      (void)!::write(w, &c, 1);
    }
  });
  auto got = corio::run([&]() -> task<std::string> {
    std::string got;
    char c = 0;
    co_await corio::sleep_for(1ms);  // fires: the timerfd is left readable
    auto hour = corio::spawn([]() -> task<void> { co_await corio::sleep_for(1h); }());
    if (co_await corio::read(p[0], &c, 1) == 1) got += c;  // sleeps with the timerfd armed for an hour
    hour.cancel();                                         // the timerfd stays armed for a timer that is gone
    try {
      co_await std::move(hour);
    } catch (const corio::cancelled_error&) {
    }
    if (co_await corio::read(p[0], &c, 1) == 1) got += c;  // no timer left: sleeps on the fd alone
    co_await corio::sleep_for(1ms);                        // and timers still fire afterwards
    co_return got;
  }());
  writer.join();
  ::close(p[0]);
  ::close(p[1]);
  EXPECT_EQ(got, "ab");
}
