// 1,000 concurrent tasks vs 1,000 threads, each waiting 100 ms: elapsed time and the
// memory each approach needs (resident set growth while they all wait).
//
// Usage: corio_many_tasks [count] [milliseconds]
#include <corio/gather.hpp>
#include <corio/run.hpp>
#include <corio/sleep.hpp>
#include <corio/task.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono;

static long resident_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  return 0;
}

int main(int argc, char** argv) {
  const int count = argc > 1 ? std::atoi(argv[1]) : 1000;
  const auto wait = milliseconds(argc > 2 ? std::atoi(argv[2]) : 100);

  // corio: count tasks on one thread.
  long before = resident_kib();
  long peak = before;
  auto start = steady_clock::now();
  corio::run([&]() -> corio::task<void> {
    std::vector<corio::task<void>> ts;
    for (int i = 0; i < count; ++i)
      ts.push_back([](milliseconds d) -> corio::task<void> { co_await corio::sleep_for(d); }(wait));
    auto sampler = [](long& peak, milliseconds d) -> corio::task<void> {
      co_await corio::sleep_for(d / 2);
      peak = resident_kib();
    };
    ts.push_back(sampler(peak, wait));
    co_await corio::gather(std::move(ts));
  }());
  double corio_s = duration<double>(steady_clock::now() - start).count();
  long corio_kib = peak - before;

  // threads: count threads, each blocking in sleep_for.
  before = resident_kib();
  std::atomic<int> started{0};
  start = steady_clock::now();
  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i)
    threads.emplace_back([&] {
      ++started;
      std::this_thread::sleep_for(wait);
    });
  while (started.load() < count) std::this_thread::yield();
  long thread_peak = resident_kib();
  for (auto& t : threads) t.join();
  double threads_s = duration<double>(steady_clock::now() - start).count();
  long threads_kib = thread_peak - before;

  std::printf("%d waits of %lld ms\n", count, static_cast<long long>(wait.count()));
  std::printf("%-8s %10s %14s %16s\n", "", "elapsed", "RSS growth", "per waiter");
  std::printf("%-8s %9.3fs %11ld KiB %13.0f B\n", "corio", corio_s, corio_kib, corio_kib * 1024.0 / count);
  std::printf("%-8s %9.3fs %11ld KiB %13.0f B\n", "threads", threads_s, threads_kib, threads_kib * 1024.0 / count);
}
