#include <corio/mutex.hpp>

#include <gtest/gtest.h>

#include <string>

#include <corio/gather.hpp>
#include <corio/run.hpp>
#include <corio/spawn.hpp>
#include <corio/task.hpp>
#include <corio/yield.hpp>

using corio::task;

namespace {
task<void> critical(corio::mutex& m, char c, std::string& trace) {
  auto g = co_await m.scoped_lock();
  trace += c;
  co_await corio::yield();  // others run but cannot enter
  trace += c;
}
}  // namespace

TEST(Mutex, MutualExclusionAndFifoOrder) {
  std::string trace;
  corio::run([&]() -> task<void> {
    corio::mutex m;
    co_await corio::gather(critical(m, 'a', trace), critical(m, 'b', trace), critical(m, 'c', trace));
    EXPECT_FALSE(m.locked());
  }());
  EXPECT_EQ(trace, "aabbcc");
}

TEST(Mutex, CancelledWaiterDoesNotGetTheLock) {
  auto main_task = []() -> task<bool> {
    corio::mutex m;
    co_await m.lock();
    auto h = corio::spawn([](corio::mutex& m) -> task<void> {
      co_await m.lock();
      m.unlock();
    }(m));
    co_await corio::yield();
    h.cancel();
    bool cancelled = false;
    try {
      co_await std::move(h);
    } catch (const corio::cancelled_error&) {
      cancelled = true;
    }
    m.unlock();
    co_return cancelled && !m.locked();
  };
  EXPECT_TRUE(corio::run(main_task()));
}

TEST(Mutex, TryLock) {
  corio::mutex m;
  EXPECT_TRUE(m.try_lock());
  EXPECT_FALSE(m.try_lock());
  m.unlock();
  EXPECT_FALSE(m.locked());
}
