// corio vs Asio 1.22 C++20 coroutines (and threads / raw epoll / blocking calls).
// Each measurement runs in a fresh child process, so that memory figures do not inherit
// the allocator state of an earlier case. Prints one Markdown table.
//
// Usage: corio_bench [--quick]
#include <corio/detail/spin.hpp>
#include <corio/gather.hpp>
#include <corio/net.hpp>
#include <corio/offload.hpp>
#include <corio/run.hpp>
#include <corio/sleep.hpp>
#include <corio/spawn.hpp>
#include <corio/task.hpp>
#include <corio/tcp.hpp>
#include <corio/yield.hpp>

#include <asio.hpp>
#include <asio/experimental/awaitable_operators.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono;
using asio::awaitable;
using asio::use_awaitable;

namespace {

bool quick = false;
std::string only;  // run only the rows whose key contains this
bool want(const char* key) { return only.empty() || std::string(key).find(only) != std::string::npos; }

double seconds_since(steady_clock::time_point t) { return duration<double>(steady_clock::now() - t).count(); }

long resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

/// Run fn in a child process; it returns one number, sent back through a pipe.
double in_child(const std::function<double()>& fn) {
  int p[2];
  if (::pipe(p) != 0) return -1;
  std::fflush(stdout);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(p[0]);
    double v = fn();
    [[maybe_unused]] auto n = ::write(p[1], &v, sizeof v);
    ::_exit(0);
  }
  ::close(p[1]);
  double v = -1;
  if (::read(p[0], &v, sizeof v) != sizeof v) v = -1;
  ::close(p[0]);
  ::waitpid(pid, nullptr, 0);
  return v;
}

// ---------------------------------------------------------------- 1M timers firing
constexpr int timer_tasks = 1000;
int timer_rounds() { return quick ? 100 : 1000; }

double corio_timers() {
  const int rounds = timer_rounds();
  auto t0 = steady_clock::now();
  corio::run([rounds]() -> corio::task<void> {
    std::vector<corio::task<void>> ts;
    for (int i = 0; i < timer_tasks; ++i)
      ts.push_back([](int rounds) -> corio::task<void> {
        for (int r = 0; r < rounds; ++r) co_await corio::sleep_for(nanoseconds(0));
      }(rounds));
    co_await corio::gather(std::move(ts));
  }());
  return seconds_since(t0) * 1e9 / (double(timer_tasks) * rounds);
}

double asio_timers() {
  const int rounds = timer_rounds();
  asio::io_context io(1);
  auto t0 = steady_clock::now();
  for (int i = 0; i < timer_tasks; ++i)
    asio::co_spawn(
        io,
        [rounds]() -> awaitable<void> {
          asio::steady_timer t(co_await asio::this_coro::executor);
          for (int r = 0; r < rounds; ++r) {
            t.expires_after(nanoseconds(0));
            co_await t.async_wait(use_awaitable);
          }
        },
        asio::detached);
  io.run();
  return seconds_since(t0) * 1e9 / (double(timer_tasks) * rounds);
}

// ---------------------------------------------------------------- idle sleeping tasks
int idle_count() { return quick ? 10000 : 100000; }

double corio_idle() {
  const int n = idle_count();
  double per_task = 0;
  corio::run([&]() -> corio::task<void> {
    long before = resident_bytes();
    std::vector<corio::task<void>> ts;
    ts.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) ts.push_back([]() -> corio::task<void> { co_await corio::sleep_for(hours(1)); }());
    auto all = corio::spawn([](std::vector<corio::task<void>> ts) -> corio::task<void> {
      co_await corio::gather(std::move(ts));
    }(std::move(ts)));
    co_await corio::yield();
    co_await corio::yield();
    per_task = double(resident_bytes() - before) / n;
    all.cancel();
    try {
      co_await std::move(all);
    } catch (const corio::cancelled_error&) {
    }
  }());
  return per_task;
}

double asio_idle() {
  const int n = idle_count();
  asio::io_context io(1);
  long before = resident_bytes();
  for (int i = 0; i < n; ++i)
    asio::co_spawn(
        io,
        []() -> awaitable<void> {
          asio::steady_timer t(co_await asio::this_coro::executor, hours(1));
          co_await t.async_wait(use_awaitable);
        },
        asio::detached);
  io.poll();
  io.poll();
  double per_task = double(resident_bytes() - before) / n;
  io.stop();
  return per_task;
}

// ---------------------------------------------------------------- nested awaits
constexpr int nest_depth = 1000;
int nest_reps() { return quick ? 200 : 2000; }

corio::task<int> corio_nest(int n) {
  if (n == 0) co_return 0;
  co_return 1 + co_await corio_nest(n - 1);
}
awaitable<int> asio_nest(int n) {
  if (n == 0) co_return 0;
  co_return 1 + co_await asio_nest(n - 1);
}

double corio_nested() {
  const int reps = nest_reps();
  auto t0 = steady_clock::now();
  long sum = corio::run([reps]() -> corio::task<long> {
    long s = 0;
    for (int r = 0; r < reps; ++r) s += co_await corio_nest(nest_depth);
    co_return s;
  }());
  double ns = seconds_since(t0) * 1e9 / (double(reps) * nest_depth);
  return sum == long(reps) * nest_depth ? ns : -1;
}

double asio_nested() {
  const int reps = nest_reps();
  asio::io_context io(1);
  long sum = 0;
  auto t0 = steady_clock::now();
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        for (int r = 0; r < reps; ++r) sum += co_await asio_nest(nest_depth);
      },
      asio::detached);
  io.run();
  double ns = seconds_since(t0) * 1e9 / (double(reps) * nest_depth);
  return sum == long(reps) * nest_depth ? ns : -1;
}

// ---------------------------------------------------------------- TCP echo, 100 connections
constexpr int echo_conns = 100;
int echo_rounds() { return quick ? 200 : 2000; }
constexpr std::size_t echo_size = 64;

int loopback_listener(sockaddr_in& addr) {
  int l = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  addr = {};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(l, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  ::listen(l, 1024);
  socklen_t len = sizeof addr;
  ::getsockname(l, reinterpret_cast<sockaddr*>(&addr), &len);
  return l;
}

void nodelay(int fd) {
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

double corio_echo() {
  sockaddr_in addr{};
  int l = loopback_listener(addr);
  const int rounds = echo_rounds();
  auto t0 = steady_clock::now();
  corio::run([&]() -> corio::task<void> {
    auto server = [](int l) -> corio::task<void> {
      corio::task_group g;
      for (int i = 0; i < echo_conns; ++i) {
        int c = co_await corio::accept4(l, nullptr, nullptr, SOCK_NONBLOCK);
        nodelay(c);
        g.spawn([](int c) -> corio::task<void> {
          char buf[echo_size];
          for (;;) {
            ssize_t n = co_await corio::recv(c, buf, sizeof buf, 0);
            if (n <= 0) break;
            co_await corio::send(c, buf, static_cast<std::size_t>(n), 0);
          }
          ::close(c);
        }(c));
      }
      co_await g.join();
    };
    auto client = [](sockaddr_in addr, int rounds) -> corio::task<void> {
      int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      nodelay(fd);
      co_await corio::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
      char buf[echo_size] = {};
      for (int r = 0; r < rounds; ++r) {
        co_await corio::send(fd, buf, sizeof buf, 0);
        std::size_t got = 0;
        while (got < sizeof buf) {
          ssize_t n = co_await corio::recv(fd, buf + got, sizeof buf - got, 0);
          if (n <= 0) break;
          got += static_cast<std::size_t>(n);
        }
      }
      ::close(fd);
    };
    std::vector<corio::task<void>> clients;
    for (int i = 0; i < echo_conns; ++i) clients.push_back(client(addr, rounds));
    auto all_clients = [](std::vector<corio::task<void>> cs) -> corio::task<void> {
      co_await corio::gather(std::move(cs));
    };
    co_await corio::gather(server(l), all_clients(std::move(clients)));
  }());
  ::close(l);
  return double(echo_conns) * rounds / seconds_since(t0);
}

double asio_echo() {
  using asio::ip::tcp;
  const int rounds = echo_rounds();
  asio::io_context io(1);
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  acceptor.listen(1024);
  auto ep = acceptor.local_endpoint();
  auto t0 = steady_clock::now();
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        for (int i = 0; i < echo_conns; ++i) {
          tcp::socket s = co_await acceptor.async_accept(use_awaitable);
          s.set_option(tcp::no_delay(true));
          asio::co_spawn(
              io,
              [](tcp::socket s) -> awaitable<void> {
                char buf[echo_size];
                try {
                  for (;;) {
                    std::size_t n = co_await s.async_read_some(asio::buffer(buf), use_awaitable);
                    co_await asio::async_write(s, asio::buffer(buf, n), use_awaitable);
                  }
                } catch (const std::exception&) {
                }
              }(std::move(s)),
              asio::detached);
        }
      },
      asio::detached);
  for (int i = 0; i < echo_conns; ++i)
    asio::co_spawn(
        io,
        [&io, ep, rounds]() -> awaitable<void> {
          tcp::socket s(io);
          co_await s.async_connect(ep, use_awaitable);
          s.set_option(tcp::no_delay(true));
          char buf[echo_size] = {};
          for (int r = 0; r < rounds; ++r) {
            co_await asio::async_write(s, asio::buffer(buf), use_awaitable);
            co_await asio::async_read(s, asio::buffer(buf), use_awaitable);
          }
          s.close();
        },
        asio::detached);
  io.run();
  return double(echo_conns) * rounds / seconds_since(t0);
}

// The same echo as a hand-written, single-threaded, level-triggered epoll loop.
double epoll_echo() {
  sockaddr_in addr{};
  int l = loopback_listener(addr);
  const int rounds = echo_rounds();
  auto t0 = steady_clock::now();
  std::vector<int> clients, servers;
  for (int i = 0; i < echo_conns; ++i) {
    int c = ::socket(AF_INET, SOCK_STREAM, 0);
    ::connect(c, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    int s = ::accept4(l, nullptr, nullptr, SOCK_NONBLOCK);
    ::fcntl(c, F_SETFL, O_NONBLOCK);
    nodelay(c);
    nodelay(s);
    clients.push_back(c);
    servers.push_back(s);
  }
  int ep = ::epoll_create1(0);
  std::vector<int> done_rounds(1 << 16, 0), got(1 << 16, 0);
  std::vector<bool> is_client(1 << 16, false);
  for (int c : clients) {
    is_client[static_cast<std::size_t>(c)] = true;
    epoll_event ev{EPOLLIN, {}};
    ev.data.fd = c;
    ::epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev);
  }
  for (int s : servers) {
    epoll_event ev{EPOLLIN, {}};
    ev.data.fd = s;
    ::epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev);
  }
  char buf[echo_size] = {};
  for (int c : clients) (void)!::send(c, buf, sizeof buf, 0);
  int finished = 0;
  epoll_event events[256];
  while (finished < echo_conns) {
    int n = ::epoll_wait(ep, events, 256, -1);
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      auto idx = static_cast<std::size_t>(fd);
      ssize_t r = ::recv(fd, buf, sizeof buf, 0);
      if (r <= 0) continue;
      if (!is_client[idx]) {
        (void)!::send(fd, buf, static_cast<std::size_t>(r), 0);
        continue;
      }
      got[idx] += static_cast<int>(r);
      if (got[idx] < int(echo_size)) continue;
      got[idx] = 0;
      if (++done_rounds[idx] == rounds) {
        ++finished;
        continue;
      }
      (void)!::send(fd, buf, sizeof buf, 0);
    }
  }
  double rate = double(echo_conns) * rounds / seconds_since(t0);
  for (int c : clients) ::close(c);
  for (int s : servers) ::close(s);
  ::close(ep);
  ::close(l);
  return rate;
}

// ---------------------------------------------------------------- offload round trip
int offload_reps() { return quick ? 2000 : 20000; }

double corio_offload() {
  const int reps = offload_reps();
  auto t0 = steady_clock::now();
  long sum = corio::run([reps]() -> corio::task<long> {
    long s = 0;
    for (int i = 0; i < reps; ++i) s += co_await corio::offload([] { return 1; });
    co_return s;
  }());
  return sum == reps ? seconds_since(t0) * 1e9 / reps : -1;
}

double asio_offload() {
  const int reps = offload_reps();
  asio::io_context io(1);
  asio::thread_pool pool(4);
  long sum = 0;
  auto t0 = steady_clock::now();
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        for (int i = 0; i < reps; ++i)
          sum += co_await asio::co_spawn(pool, []() -> awaitable<int> { co_return 1; }, use_awaitable);
      },
      asio::detached);
  io.run();
  pool.join();
  return sum == reps ? seconds_since(t0) * 1e9 / reps : -1;
}

// corio's round trip with spinning turned off (CORIO_SPIN_US=0): both sides park at once.
double corio_offload_parking() {
  corio::detail::set_spin_budget(std::chrono::nanoseconds(0));
  return corio_offload();
}

// What spinning costs: process CPU time (all threads) per offloaded call that sleeps 1 ms,
// which outlasts every spin (detail/spin.hpp), so each spin runs its whole budget.
int long_call_reps() { return quick ? 100 : 1000; }
constexpr auto long_call = milliseconds(1);

double cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double corio_long_call_cpu() {
  const int reps = long_call_reps();
  double c0 = cpu_seconds();
  corio::run([reps]() -> corio::task<void> {
    for (int i = 0; i < reps; ++i) co_await corio::offload([] { std::this_thread::sleep_for(long_call); });
  }());
  return (cpu_seconds() - c0) * 1e6 / reps;
}

double asio_long_call_cpu() {
  const int reps = long_call_reps();
  asio::io_context io(1);
  asio::thread_pool pool(4);
  double c0 = cpu_seconds();
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        for (int i = 0; i < reps; ++i)
          co_await asio::co_spawn(
              pool,
              []() -> awaitable<void> {
                std::this_thread::sleep_for(long_call);
                co_return;
              },
              use_awaitable);
      },
      asio::detached);
  io.run();
  double us = (cpu_seconds() - c0) * 1e6 / reps;
  pool.join();
  return us;
}

// A worker thread and a caller handing one job back and forth with a mutex and two
// condition variables: the floor for any offload.
double thread_handoff() {
  const int reps = offload_reps();
  std::mutex m;
  std::condition_variable to_worker, to_caller;
  bool job = false, result = false, stop = false;
  std::thread worker([&] {
    std::unique_lock lock(m);
    for (;;) {
      to_worker.wait(lock, [&] { return job || stop; });
      if (stop) return;
      job = false;
      result = true;
      to_caller.notify_one();
    }
  });
  auto t0 = steady_clock::now();
  for (int i = 0; i < reps; ++i) {
    std::unique_lock lock(m);
    job = true;
    to_worker.notify_one();
    to_caller.wait(lock, [&] { return result; });
    result = false;
  }
  double ns = seconds_since(t0) * 1e9 / reps;
  {
    std::lock_guard lock(m);
    stop = true;
  }
  to_worker.notify_one();
  worker.join();
  return ns;
}

// ---------------------------------------------------------------- 1,000 x 100 ms
constexpr int sleepers = 1000;
constexpr auto nap = milliseconds(100);

double corio_sleepers() {
  auto t0 = steady_clock::now();
  corio::run([]() -> corio::task<void> {
    std::vector<corio::task<void>> ts;
    for (int i = 0; i < sleepers; ++i) ts.push_back([]() -> corio::task<void> { co_await corio::sleep_for(nap); }());
    co_await corio::gather(std::move(ts));
  }());
  return seconds_since(t0);
}

double asio_sleepers() {
  asio::io_context io(1);
  auto t0 = steady_clock::now();
  for (int i = 0; i < sleepers; ++i)
    asio::co_spawn(
        io,
        []() -> awaitable<void> {
          asio::steady_timer t(co_await asio::this_coro::executor, nap);
          co_await t.async_wait(use_awaitable);
        },
        asio::detached);
  io.run();
  return seconds_since(t0);
}

double thread_sleepers() {
  auto t0 = steady_clock::now();
  std::vector<std::thread> ts;
  ts.reserve(sleepers);
  for (int i = 0; i < sleepers; ++i) ts.emplace_back([] { std::this_thread::sleep_for(nap); });
  for (auto& t : ts) t.join();
  return seconds_since(t0);
}

// Blocking sleep inside the tasks (what corolint flags): the loop runs them one by one.
// Measured on 10 tasks and scaled to 1,000.
double blocking_sleepers() {
  constexpr int measured = 10;
  auto t0 = steady_clock::now();
  corio::run([]() -> corio::task<void> {
    std::vector<corio::task<void>> ts;
    for (int i = 0; i < measured; ++i)
      ts.push_back([]() -> corio::task<void> {
        std::this_thread::sleep_for(nap);
        co_return;
      }());
    co_await corio::gather(std::move(ts));
  }());
  return seconds_since(t0) * (sleepers / measured);
}

void row(const char* what, const char* unit, double corio_v, double asio_v, bool lower_is_better,
         const std::string& others = "") {
  double ratio = lower_is_better ? asio_v / corio_v : corio_v / asio_v;
  std::printf("| %s | %s | %.4g | %.4g | %.2fx | %s |\n", what, unit, corio_v, asio_v, ratio, others.c_str());
  std::fflush(stdout);
}

std::string fmt(const char* f, double v) {
  char b[128];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--quick")
      quick = true;
    else if (a == "--only" && i + 1 < argc)
      only = argv[++i];
  }
  std::printf("| case | unit | corio | Asio 1.22 | corio advantage | other baselines |\n");
  std::printf("|---|---|---:|---:|---:|---|\n");
  if (want("timers"))
    row("1,000,000 timers firing (1,000 tasks x 1,000 zero sleeps)", "ns/timer", in_child(corio_timers),
        in_child(asio_timers), true);
  if (want("idle"))
    row("100,000 idle sleeping tasks", "resident bytes/task", in_child(corio_idle), in_child(asio_idle), true);
  if (want("nested"))
    row("chain of 1,000 nested awaits", "ns/level", in_child(corio_nested), in_child(asio_nested), true);
  if (want("echo")) {
    double raw = in_child(epoll_echo);
    row("TCP echo, 100 connections, 64 B ping-pong", "round trips/s", in_child(corio_echo), in_child(asio_echo), false,
        fmt("raw epoll loop: %.0f round trips/s", raw));
  }
  if (want("offload")) {
    double handoff = in_child(thread_handoff);
    double parking = in_child(corio_offload_parking);
    double corio_cpu = in_child(corio_long_call_cpu);
    double asio_cpu = in_child(asio_long_call_cpu);
    row("offload round trip", "ns", in_child(corio_offload), in_child(asio_offload), true,
        fmt("plain thread hand-off: %.0f ns; ", handoff) + fmt("corio without spinning: %.0f ns; ", parking) +
            fmt("CPU per offloaded 1 ms call: corio %.0f us, ", corio_cpu) + fmt("Asio %.0f us", asio_cpu));
  }
  if (!want("sleepers")) return 0;
  double threads = in_child(thread_sleepers);
  double blocking = in_child(blocking_sleepers);
  row("1,000 tasks sleeping 100 ms", "s (wall)", in_child(corio_sleepers), in_child(asio_sleepers), true,
      fmt("1,000 threads: %.3f s; ", threads) + fmt("blocking sleep in tasks: %.1f s (10 measured, x100)", blocking));
}
