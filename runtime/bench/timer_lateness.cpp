// How late corio's timers fire: one task sleeps for each length, one sleep at a time (a
// loop with nothing else to do), and the time past the deadline is printed. What it shows
// is mostly the kernel's wake-up latency; see docs/corio.md, "Timers".
//
// Usage: corio_timer_lateness [repetitions]
#include <corio/run.hpp>
#include <corio/sleep.hpp>
#include <corio/task.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

using namespace std::chrono;

int main(int argc, char** argv) {
  const int reps = argc > 1 ? std::max(1, std::atoi(argv[1])) : 10;
  std::printf("| sleep | late, mean | late, worst |\n|---:|---:|---:|\n");
  for (microseconds d :
       {microseconds(500), microseconds(1000), microseconds(10000), microseconds(100000), microseconds(1000000)}) {
    const int n = d >= seconds(1) ? std::max(1, reps / 3) : reps;
    double sum = 0, worst = 0;
    for (int i = 0; i < n; ++i) {
      double late = corio::run([d]() -> corio::task<double> {
        auto start = steady_clock::now();
        co_await corio::sleep_for(d);
        co_return duration<double, std::micro>(steady_clock::now() - start - d).count();
      }());
      sum += late;
      worst = std::max(worst, late);
    }
    std::printf("| %g ms | %.0f us | %.0f us |\n", double(d.count()) / 1000, sum / n, worst);
  }
}
