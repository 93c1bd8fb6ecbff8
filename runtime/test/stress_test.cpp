// Stress tests for corio: many timers, thousands of loopback sockets, storms of
// cancellations and timeouts racing completions (also of tasks waiting on a mutex, a
// semaphore or a queue), thousands of offloads.
//
// Sizes scale with CORIO_STRESS_SCALE: the default (0.05) is the short version that the
// default test run (and its ASan+UBSan and TSan builds) runs in a few seconds; 1 is the
// full version (a million timers...), run by `cmake --build <dir> --target corio-stress`.
// Every case counts how each task ended and checks that it completed or was cancelled
// exactly once, that the awaiting side saw the same outcome, and that no coroutine frame
// is left alive (corio_test::tracked).
#include <sys/resource.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <corio/error.hpp>
#include <corio/event.hpp>
#include <corio/gather.hpp>
#include <corio/mutex.hpp>
#include <corio/offload.hpp>
#include <corio/queue.hpp>
#include <corio/run.hpp>
#include <corio/semaphore.hpp>
#include <corio/sleep.hpp>
#include <corio/spawn.hpp>
#include <corio/task.hpp>
#include <corio/tcp.hpp>
#include <corio/wait_for.hpp>
#include <corio/yield.hpp>

#include "lifetime.hpp"

using namespace std::chrono_literals;
using corio::task;
using clock_type = std::chrono::steady_clock;

namespace {

double stress_scale() {
  static const double scale = [] {
    const char* text = std::getenv("CORIO_STRESS_SCALE");
    if (!text || !*text) return 0.05;
    char* end = nullptr;
    const double v = std::strtod(text, &end);
    return end != text && v > 0 ? v : 0.05;
  }();
  return scale;
}

/// `full` at scale 1, never fewer than `floor`.
std::size_t scaled(double full, std::size_t floor) {
  return std::max(floor, static_cast<std::size_t>(full * stress_scale()));
}

/// A deadline for a whole case: a lost wake-up fails the case instead of hanging it.
std::chrono::milliseconds case_deadline() {
  return std::chrono::milliseconds(60'000 + static_cast<long>(300'000 * stress_scale()));
}

/// How each of n tasks ended. Atomic because offloaded work reports from pool threads.
class outcomes {
 public:
  enum kind : int { completed = 0, cancelled = 1, timed_out = 2, kinds = 3 };

  explicit outcomes(std::size_t n) : counts_(n * kinds) {}

  void add(std::size_t i, kind k) noexcept { counts_[i * kinds + k].fetch_add(1, std::memory_order_relaxed); }
  [[nodiscard]] std::size_t size() const noexcept { return counts_.size() / kinds; }
  [[nodiscard]] int count(std::size_t i, kind k) const noexcept { return counts_[i * kinds + k].load(); }
  /// The one outcome of task i, or -1 if it has none or several.
  [[nodiscard]] int only(std::size_t i) const noexcept {
    int which = -1;
    for (int k = 0; k < kinds; ++k) {
      const int c = count(i, static_cast<kind>(k));
      if (c == 0) continue;
      if (c > 1 || which != -1) return -1;
      which = k;
    }
    return which;
  }
  [[nodiscard]] std::size_t total(kind k) const noexcept {
    std::size_t n = 0;
    for (std::size_t i = 0; i < size(); ++i) n += count(i, k);
    return n;
  }

 private:
  std::vector<std::atomic<int>> counts_;
};

/// Every task has exactly one outcome.
::testing::AssertionResult each_exactly_once(const outcomes& o, const char* what) {
  for (std::size_t i = 0; i < o.size(); ++i)
    if (o.only(i) < 0)
      return ::testing::AssertionFailure()
             << what << ": task " << i << " of " << o.size() << " ended " << o.count(i, outcomes::completed)
             << " times completed, " << o.count(i, outcomes::cancelled) << " times cancelled, "
             << o.count(i, outcomes::timed_out) << " times timed out";
  return ::testing::AssertionSuccess();
}

/// The task's own view (body) and its awaiter's view (joined) agree, task by task.
::testing::AssertionResult views_agree(const outcomes& body, const outcomes& joined) {
  for (std::size_t i = 0; i < body.size(); ++i) {
    const int b = body.only(i), j = joined.only(i);
    const bool ok = j == outcomes::timed_out ? b == outcomes::cancelled : b == j;
    if (!ok)
      return ::testing::AssertionFailure() << "task " << i << ": its body ended as " << b << ", its awaiter saw " << j;
  }
  return ::testing::AssertionSuccess();
}

/// A body that counts its own ending: completed when it returns, cancelled when a
/// cancelled_error unwinds it.
struct body_outcome {
  outcomes& o;
  std::size_t i;
  bool done = false;
  void completed() {
    o.add(i, outcomes::completed);
    done = true;
  }
  ~body_outcome() {
    if (!done && std::uncaught_exceptions() > 0) o.add(i, outcomes::cancelled);
  }
};

/// gather() as a task, so that wait_for can bound it.
template <class T>
task<void> gather_all(std::vector<task<T>> tasks) {
  co_await corio::gather(std::move(tasks));
}

void report(const char* what, std::size_t n, clock_type::time_point start) {
  const auto ms = std::chrono::duration<double, std::milli>(clock_type::now() - start).count();
  std::printf("[ stress   ] %s: %zu in %.0f ms (scale %g)\n", what, n, ms, stress_scale());
}

// ---- a million timers ----

task<void> sleeper(std::size_t i, clock_type::duration d, outcomes& fired, std::size_t& early) {
  corio_test::tracked guard;
  const auto deadline = clock_type::now() + d;
  co_await corio::sleep_for(d);
  if (clock_type::now() < deadline) ++early;
  fired.add(i, outcomes::completed);
}

TEST(Stress, TimersEachFireOnceAndNeverEarly) {
  const std::size_t n = scaled(1'000'000, 2000);
  outcomes fired(n);
  std::size_t early = 0;
  const auto start = clock_type::now();
  corio::run([](std::size_t n, outcomes& fired, std::size_t& early) -> task<void> {
    std::vector<task<void>> all;
    all.reserve(n);
    // Deadlines from 0 to ~100 ms with many ties, in an order that is not the deadline
    // order, so that the heap is pushed, sifted and popped in every way.
    for (std::size_t i = 0; i < n; ++i)
      all.push_back(sleeper(i, std::chrono::microseconds((i * 7919) % 1009 * 100), fired, early));
    co_await corio::wait_for(gather_all(std::move(all)), case_deadline());
  }(n, fired, early));
  report("timers", n, start);
  EXPECT_TRUE(each_exactly_once(fired, "timers"));
  EXPECT_EQ(fired.total(outcomes::completed), n);
  EXPECT_EQ(early, 0u);
  EXPECT_EQ(corio_test::tracked::alive.load(), 0);
}

// ---- thousands of loopback connections ----

/// Connections the fd limit allows (two fds each, both ends in this process), after
/// raising the soft limit to the hard one.
std::size_t connection_budget() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return 256;
  if (lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
    getrlimit(RLIMIT_NOFILE, &lim);
  }
  const rlim_t reserve = 128;  // stdio, epoll, eventfds, the listener, the sanitizers
  if (lim.rlim_cur == RLIM_INFINITY) return 1 << 20;
  return lim.rlim_cur > reserve ? static_cast<std::size_t>((lim.rlim_cur - reserve) / 2) : 0;
}

std::string message_for(std::size_t i) {
  std::string m(1 + (i * 131) % 6000, '\0');
  for (std::size_t k = 0; k < m.size(); ++k) m[k] = static_cast<char>('a' + (i + k) % 26);
  return m;
}

task<void> echo_back(corio::tcp_stream s, std::size_t& served) {
  corio_test::tracked guard;
  char buf[2048];
  for (;;) {
    const std::size_t n = co_await s.read_some(buf, sizeof buf);
    if (n == 0) break;
    co_await s.write_all(buf, n);
  }
  ++served;
}

struct echo_run {
  std::uint16_t port;
  std::size_t connections;
  corio::semaphore connecting{128};  // keeps the accept queue short; all stay open
  corio::event all_connected;
  std::size_t connected = 0;
  outcomes echoed;
  explicit echo_run(std::uint16_t p, std::size_t n) : port(p), connections(n), echoed(n) {}
};

task<void> echo_client(echo_run& run, std::size_t i) {
  corio_test::tracked guard;
  co_await run.connecting.acquire();
  corio::tcp_stream s;
  try {
    s = co_await corio::tcp_stream::connect("127.0.0.1", run.port);
  } catch (...) {
    run.connecting.release();
    throw;
  }
  run.connecting.release();
  // Every connection is open before any of them talks.
  if (++run.connected == run.connections) run.all_connected.set();
  co_await run.all_connected.wait();
  const std::string msg = message_for(i);
  co_await s.write_all(msg);
  s.shutdown_write();
  std::string back(msg.size() + 1, '\0');
  const std::size_t n = co_await s.read_exactly(back.data(), back.size());  // + 1: must see the end
  back.resize(n);
  if (back == msg) run.echoed.add(i, outcomes::completed);
}

TEST(Stress, ThousandsOfLoopbackConnectionsEchoConcurrently) {
  const std::size_t wanted = scaled(5000, 64);
  const std::size_t budget = connection_budget();
  const std::size_t n = std::min(wanted, budget);
  if (n < wanted) std::printf("[ stress   ] fd limit: %zu connections instead of %zu\n", n, wanted);
  ASSERT_GT(n, 0u) << "RLIMIT_NOFILE leaves no room for a single connection";
  std::size_t served = 0;
  std::size_t echoed = 0;
  const auto start = clock_type::now();
  corio::run([](std::size_t n, std::size_t& served, std::size_t& echoed) -> task<void> {
    auto listener = corio::tcp_listener::bind("127.0.0.1", 0, 4096);
    echo_run run(listener.port(), n);
    corio::task_group servers;
    auto acceptor = corio::spawn(
        [](corio::tcp_listener& l, corio::task_group& g, std::size_t n, std::size_t& served) -> task<void> {
          for (std::size_t i = 0; i < n; ++i) g.spawn(echo_back(co_await l.accept(), served));
        }(listener, servers, n, served));
    std::vector<task<void>> clients;
    clients.reserve(n);
    for (std::size_t i = 0; i < n; ++i) clients.push_back(echo_client(run, i));
    co_await corio::wait_for(gather_all(std::move(clients)), case_deadline());
    co_await std::move(acceptor);
    co_await servers.join();
    EXPECT_TRUE(each_exactly_once(run.echoed, "echo clients"));
    echoed = run.echoed.total(outcomes::completed);
  }(n, served, echoed));
  report("loopback connections", n, start);
  EXPECT_EQ(echoed, n);
  EXPECT_EQ(served, n);
  EXPECT_EQ(corio_test::tracked::alive.load(), 0);
}

// ---- cancellation storms ----

/// Sleeps, waits for a shared event or yields (by i), then returns i; counts its ending.
task<std::size_t> storm_worker(std::size_t i, corio::event& go, outcomes& body) {
  corio_test::tracked guard;
  body_outcome out{body, i};
  switch (i % 3) {
    case 0:
      co_await corio::sleep_for(std::chrono::microseconds(i % 7 * 150));
      break;
    case 1:
      co_await go.wait();
      break;
    default:
      for (std::size_t k = 0; k < i % 5; ++k) co_await corio::yield();
  }
  out.completed();
  co_return i;
}

TEST(Stress, CancellationsRaceCompletions) {
  const std::size_t n = scaled(200'000, 3000);
  outcomes body(n), joined(n);
  std::size_t wrong_values = 0;
  const auto start = clock_type::now();
  corio::run([](std::size_t n, outcomes& body, outcomes& joined, std::size_t& wrong) -> task<void> {
    corio::event go;
    std::vector<corio::join_handle<std::size_t>> handles;
    handles.reserve(n);
    for (std::size_t i = 0; i < n; ++i) handles.push_back(corio::spawn(storm_worker(i, go, body)));
    // Cancel a random third, in waves: before the tasks start, while they sleep, in the
    // same loop turn as the event that wakes them, and after some have finished
    // (a no-op). Twice for some: a second request must change nothing.
    std::mt19937 rng(12345);
    std::uniform_int_distribution<std::size_t> pick(0, n - 1);
    for (int wave = 0; wave < 6; ++wave) {
      if (wave == 3) go.set();
      for (std::size_t k = 0; k < n / 18; ++k) handles[pick(rng)].cancel();
      if (wave % 2 == 0)
        co_await corio::yield();
      else
        co_await corio::sleep_for(300us);
    }
    // Some handles are dropped: the loop still owns, finishes and frees those tasks.
    for (std::size_t i = 5; i < n; i += 97) handles[i] = corio::join_handle<std::size_t>{};
    for (std::size_t i = 0; i < n; ++i) {
      if (!handles[i].valid()) continue;
      try {
        if (co_await handles[i] != i) ++wrong;
        joined.add(i, outcomes::completed);
      } catch (const corio::cancelled_error&) {
        joined.add(i, outcomes::cancelled);
      }
    }
  }(n, body, joined, wrong_values));
  report("spawned and cancelled tasks", n, start);
  EXPECT_EQ(wrong_values, 0u);
  EXPECT_TRUE(each_exactly_once(body, "task bodies"));
  for (std::size_t i = 5; i < n; i += 97)  // dropped handles: nobody joined them
    if (body.only(i) >= 0) joined.add(i, static_cast<outcomes::kind>(body.only(i)));
  EXPECT_TRUE(each_exactly_once(joined, "joins"));
  EXPECT_TRUE(views_agree(body, joined));
  EXPECT_GT(body.total(outcomes::completed), 0u);
  EXPECT_GT(body.total(outcomes::cancelled), 0u);
  EXPECT_EQ(corio_test::tracked::alive.load(), 0);
}

task<std::size_t> timed_inner(std::size_t i, clock_type::duration d, outcomes& body) {
  corio_test::tracked guard;
  body_outcome out{body, i};
  co_await corio::sleep_for(d);
  out.completed();
  co_return i;
}

task<void> timed_outer(std::size_t i, outcomes& body, outcomes& seen, std::size_t& wrong) {
  corio_test::tracked guard;
  // The inner sleep and the timeout are drawn from the same few values: many are equal
  // and expire in the same loop turn, the rest race closely.
  const auto d = std::chrono::microseconds(i % 5 * 200);
  const auto timeout = std::chrono::microseconds(i / 5 % 5 * 200 + 1);
  try {
    if (co_await corio::wait_for(timed_inner(i, d, body), timeout) != i) ++wrong;
    seen.add(i, outcomes::completed);
  } catch (const corio::timeout_error&) {
    seen.add(i, outcomes::timed_out);
  } catch (const corio::cancelled_error&) {
    seen.add(i, outcomes::cancelled);
  }
}

TEST(Stress, TimeoutsAndCancellationsRaceCompletions) {
  const std::size_t n = scaled(100'000, 2000);
  outcomes body(n), seen(n);
  std::size_t wrong_values = 0;
  const auto start = clock_type::now();
  corio::run([](std::size_t n, outcomes& body, outcomes& seen, std::size_t& wrong) -> task<void> {
    std::vector<corio::join_handle<void>> handles;
    handles.reserve(n);
    for (std::size_t i = 0; i < n; ++i) handles.push_back(corio::spawn(timed_outer(i, body, seen, wrong)));
    // Cancel every eleventh awaiting task while its wait_for runs: it must see
    // cancelled_error (not timeout_error), and its inner task must be cancelled.
    co_await corio::sleep_for(300us);
    for (std::size_t i = 0; i < n; i += 11) handles[i].cancel();
    for (auto& h : handles) co_await h;
  }(n, body, seen, wrong_values));
  report("wait_for timeouts", n, start);
  EXPECT_EQ(wrong_values, 0u);
  EXPECT_TRUE(each_exactly_once(body, "inner tasks"));
  EXPECT_TRUE(each_exactly_once(seen, "wait_for"));
  EXPECT_TRUE(views_agree(body, seen));
  EXPECT_GT(seen.total(outcomes::completed), 0u);
  EXPECT_GT(seen.total(outcomes::timed_out), 0u);
  EXPECT_EQ(corio_test::tracked::alive.load(), 0);
}

// ---- cancellations of tasks waiting on a mutex, a semaphore and a queue ----

struct sync_state {
  corio::mutex mutex;
  static constexpr std::size_t units = 4;
  corio::semaphore semaphore{units};
  corio::queue<std::size_t> queue{8};
  bool in_critical_section = false;
  std::size_t overlaps = 0;  // a second holder of the mutex, or more than `units` holders
  std::size_t semaphore_holders = 0;
  std::vector<int> received;  // per item (the producer's index): times a consumer got it
  explicit sync_state(std::size_t n) : received(n) {}
};

/// Locks, holds a semaphore unit, then produces (even i) or consumes (odd i) one item;
/// cancelled at any of those waits, or while holding, it must give back what it holds.
task<void> contender(std::size_t i, sync_state& s, outcomes& body) {
  corio_test::tracked guard;
  body_outcome out{body, i};
  {
    auto lock = co_await s.mutex.scoped_lock();
    if (s.in_critical_section) ++s.overlaps;
    s.in_critical_section = true;
    struct leave {
      bool& flag;
      ~leave() { flag = false; }
    } leaving{s.in_critical_section};
    co_await corio::yield();
  }
  {
    co_await s.semaphore.acquire();
    struct give_back {
      sync_state& s;
      ~give_back() {
        --s.semaphore_holders;
        s.semaphore.release();
      }
    } giving{s};
    if (++s.semaphore_holders > sync_state::units) ++s.overlaps;
    co_await corio::sleep_for(std::chrono::microseconds(i % 3 * 50));
  }
  if (i % 2 == 0) {
    co_await s.queue.put(i);
  } else {
    const std::size_t item = co_await s.queue.get();
    ++s.received.at(item);
  }
  out.completed();
}

TEST(Stress, CancelledWaitersOfMutexSemaphoreAndQueueGiveBackWhatTheyHold) {
  const std::size_t n = scaled(100'000, 2000);
  outcomes body(n), joined(n);
  sync_state s(n);
  std::vector<std::size_t> left_in_queue;
  const auto start = clock_type::now();
  corio::run(
      [](std::size_t n, sync_state& s, outcomes& body, outcomes& joined, std::vector<std::size_t>& left) -> task<void> {
        std::vector<corio::join_handle<void>> handles;
        handles.reserve(n);
        for (std::size_t i = 0; i < n; ++i) handles.push_back(corio::spawn(contender(i, s, body)));
        std::mt19937 rng(54321);
        std::uniform_int_distribution<std::size_t> pick(0, n - 1);
        for (int wave = 0; wave < 8; ++wave) {
          for (std::size_t k = 0; k < n / 16; ++k) handles[pick(rng)].cancel();
          if (wave % 2 == 0)
            co_await corio::yield();
          else
            co_await corio::sleep_for(100us);
        }
        // Consumers whose producer was cancelled would wait for ever: end them too.
        co_await corio::sleep_for(1ms);
        for (auto& h : handles) h.cancel();
        for (std::size_t i = 0; i < n; ++i) {
          try {
            co_await handles[i];
            joined.add(i, outcomes::completed);
          } catch (const corio::cancelled_error&) {
            joined.add(i, outcomes::cancelled);
          }
        }
        while (std::optional<std::size_t> item = s.queue.try_get()) left.push_back(*item);
      }(n, s, body, joined, left_in_queue));
  report("mutex, semaphore and queue waiters", n, start);
  EXPECT_TRUE(each_exactly_once(body, "contenders"));
  EXPECT_TRUE(each_exactly_once(joined, "joins"));
  EXPECT_TRUE(views_agree(body, joined));
  EXPECT_GT(body.total(outcomes::completed), 0u);
  EXPECT_GT(body.total(outcomes::cancelled), 0u);
  EXPECT_EQ(s.overlaps, 0u);
  EXPECT_FALSE(s.mutex.locked());
  EXPECT_EQ(s.semaphore.available(), sync_state::units);
  EXPECT_EQ(s.semaphore_holders, 0u);
  // Every item a producer put is received once or still queued; no other item exists.
  for (std::size_t item : left_in_queue) ++s.received.at(item);
  std::size_t lost_or_duplicated = 0;
  for (std::size_t i = 0; i < n; i += 2) {
    const int put = body.count(i, outcomes::completed);
    lost_or_duplicated += s.received[i] != put;
  }
  for (std::size_t i = 1; i < n; i += 2) lost_or_duplicated += s.received[i] != 0;
  EXPECT_EQ(lost_or_duplicated, 0u);
  EXPECT_EQ(corio_test::tracked::alive.load(), 0);
}

// ---- thousands of offloads, from several loops at once ----

task<std::size_t> offloader(std::size_t i, std::vector<std::atomic<int>>& ran, outcomes& body) {
  corio_test::tracked guard;
  body_outcome out{body, i};
  const std::size_t r = co_await corio::offload([&ran, i] {
    ran[i].fetch_add(1, std::memory_order_relaxed);
    return i * 2;
  });
  if (r != i * 2) co_return ~std::size_t{0};
  co_await corio::yield();  // where a cancellation requested during the offload lands
  out.completed();
  co_return i;
}

TEST(Stress, OffloadsFromSeveralLoopsRunOnceAndReportOnce) {
  constexpr std::size_t loops = 3;
  const std::size_t n = scaled(30'000, 600);
  const std::size_t per_loop = n / loops;
  std::vector<std::atomic<int>> ran(per_loop * loops);
  outcomes body(per_loop * loops), joined(per_loop * loops);
  std::atomic<std::size_t> wrong{0};
  const auto start = clock_type::now();
  std::vector<std::thread> threads;
  for (std::size_t l = 0; l < loops; ++l)
    threads.emplace_back([&, first = l * per_loop] {
      corio::run([](std::size_t first, std::size_t count, std::vector<std::atomic<int>>& ran, outcomes& body,
                    outcomes& joined, std::atomic<std::size_t>& wrong) -> task<void> {
        std::vector<corio::join_handle<std::size_t>> handles;
        handles.reserve(count);
        for (std::size_t i = first; i < first + count; ++i) handles.push_back(corio::spawn(offloader(i, ran, body)));
        co_await corio::yield();
        for (std::size_t k = 0; k < count; k += 3) handles[k].cancel();  // most are in the pool now
        for (std::size_t k = 0; k < count; ++k) {
          try {
            if (co_await handles[k] != first + k) ++wrong;
            joined.add(first + k, outcomes::completed);
          } catch (const corio::cancelled_error&) {
            joined.add(first + k, outcomes::cancelled);
          }
        }
      }(first, per_loop, ran, body, joined, wrong));
    });
  for (auto& t : threads) t.join();
  report("offloads", per_loop * loops, start);
  EXPECT_EQ(wrong.load(), 0u);
  std::size_t not_once = 0;
  for (auto& r : ran) not_once += r.load() != 1;
  EXPECT_EQ(not_once, 0u) << "offloaded functions that did not run exactly once";
  EXPECT_TRUE(each_exactly_once(body, "offloading tasks"));
  EXPECT_TRUE(each_exactly_once(joined, "joins"));
  EXPECT_TRUE(views_agree(body, joined));
  EXPECT_EQ(corio_test::tracked::alive.load(), 0);
}

}  // namespace
