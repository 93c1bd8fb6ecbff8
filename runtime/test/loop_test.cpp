#include <corio/loop.hpp>

#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <coroutine>
#include <thread>
#include <vector>

#include <corio/detail/spin.hpp>
#include <corio/gather.hpp>
#include <corio/net.hpp>
#include <corio/run.hpp>
#include <corio/sleep.hpp>
#include <corio/task.hpp>

using namespace std::chrono_literals;
using corio::task;

namespace {

// Suspends the task and has another thread post it back to the loop after `delay`, as the
// offload pool does (begin_external keeps the loop from reporting a deadlock meanwhile).
struct resumed_by_thread {
  std::chrono::microseconds delay;
  std::vector<std::thread>& threads;
  corio::event_loop* loop = nullptr;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    loop = &corio::event_loop::require("resumed_by_thread");
    loop->begin_external();
    threads.emplace_back([l = loop, h, d = delay] {
      std::this_thread::sleep_for(d);
      l->post(h);
    });
  }
  std::thread::id await_resume() const {
    loop->end_external();
    return std::this_thread::get_id();
  }
};

// Posts from a thread that has finished before the loop looks for more work, without
// begin_external: the post is queued, so the loop must not call that a deadlock.
struct posted_before_the_loop_looks {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    auto* loop = &corio::event_loop::require("posted_before_the_loop_looks");
    std::thread([loop, h] { loop->post(h); }).join();
  }
  void await_resume() const noexcept {}
};

struct spin_budget_guard {
  std::chrono::nanoseconds saved = corio::detail::spin_budget();
  ~spin_budget_guard() { corio::detail::set_spin_budget(saved); }
};

}  // namespace

TEST(Loop, PostsFromOtherThreadsWhileTheLoopSpinsSleepsOrRuns) {
  spin_budget_guard guard;
  // 0: the loop always sleeps in epoll and the eventfd wakes it; 30 s: it spins through
  // every wait. Delays of 0 and 2 ms, 40 tasks at once, with a busy task yielding alongside
  // so that some posts land while the loop is running tasks.
  for (auto budget : {std::chrono::nanoseconds(0), std::chrono::nanoseconds(30s)}) {
    corio::detail::set_spin_budget(budget);
    std::vector<std::thread> threads;
    const auto loop_thread = std::this_thread::get_id();
    int on_loop = corio::run([&]() -> task<int> {
      std::vector<task<bool>> waits;
      for (int i = 0; i < 40; ++i)
        waits.push_back([](std::chrono::microseconds d, std::vector<std::thread>& threads,
                           std::thread::id loop_thread) -> task<bool> {
          co_return co_await resumed_by_thread{d, threads} == loop_thread;
        }(i % 2 ? 2000us : 0us, threads, loop_thread));
      int count = 0;
      for (bool b : co_await corio::gather(std::move(waits))) count += b;
      co_return count;
    }());
    for (auto& t : threads) t.join();
    EXPECT_EQ(on_loop, 40);
  }
}

TEST(Loop, AQueuedPostIsNotADeadlock) {
  EXPECT_NO_THROW(corio::run([]() -> task<void> {
    for (int i = 0; i < 20; ++i) co_await posted_before_the_loop_looks{};
  }()));
}

TEST(Loop, AnFdWakesTheLoopAfterPostsWroteTheEventfd) {
  // Without spinning, each post finds the loop asleep and writes the eventfd; a write that
  // lands as the loop wakes up for another reason leaves it readable (stale). The loop must
  // still sleep until, and see, an fd that becomes ready later.
  spin_budget_guard guard;
  corio::detail::set_spin_budget(std::chrono::nanoseconds(0));
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  std::vector<std::thread> threads;
  auto got = corio::run([&]() -> task<int> {
    std::vector<task<std::thread::id>> waits;
    for (int i = 0; i < 10; ++i)
      waits.push_back([](std::vector<std::thread>& threads) -> task<std::thread::id> {
        co_return co_await resumed_by_thread{500us, threads};
      }(threads));
    co_await corio::gather(std::move(waits));
    threads.emplace_back([w = p[1]] {
      std::this_thread::sleep_for(5ms);
      char c = 'x';
      (void)!::write(w, &c, 1);
    });
    char c = 0;
    ssize_t n = co_await corio::read(p[0], &c, 1);
    co_return n == 1 && c == 'x' ? 1 : 0;
  }());
  for (auto& t : threads) t.join();
  ::close(p[0]);
  ::close(p[1]);
  EXPECT_EQ(got, 1);
}
