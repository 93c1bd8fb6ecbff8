// asyncio tutorial, "Running tasks concurrently":
//   async def task(n):
//       await asyncio.sleep(n)
//       return f"Task {n} finished"
//   results = await asyncio.gather(task(1), task(2), task(3))   # ~3 s, not 6
//
// Usage: corio_gather [scale]   (scale 1 = seconds; 0.01 makes it 30 ms)
#include <corio/gather.hpp>
#include <corio/run.hpp>
#include <corio/sleep.hpp>
#include <corio/task.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <tuple>

using namespace std::chrono;

static double scale = 1.0;

corio::task<std::string> task(int n) {
  co_await corio::sleep_for(duration<double>(n * scale));
  co_return "Task " + std::to_string(n) + " finished";
}

corio::task<void> main_task() {
  auto start = steady_clock::now();
  auto [a, b, c] = co_await corio::gather(task(1), task(2), task(3));
  double took = duration<double>(steady_clock::now() - start).count();
  std::printf("%s\n%s\n%s\n", a.c_str(), b.c_str(), c.c_str());
  std::printf("took %.3f s (sequential would be %.3f s)\n", took, 6 * scale);
}

int main(int argc, char** argv) {
  if (argc > 1) scale = std::atof(argv[1]);
  corio::run(main_task());
}
