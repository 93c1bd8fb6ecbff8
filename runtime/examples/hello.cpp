// asyncio tutorial, "Hello World":
//   async def main():
//       print('Hello ...')
//       await asyncio.sleep(1)
//       print('... World!')
//   asyncio.run(main())
#include <corio/run.hpp>
#include <corio/sleep.hpp>
#include <corio/task.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>

corio::task<void> main_task(double seconds) {
  std::puts("Hello ...");
  co_await corio::sleep_for(std::chrono::duration<double>(seconds));
  std::puts("... World!");
}

int main(int argc, char** argv) {
  double seconds = argc > 1 ? std::atof(argv[1]) : 1.0;  // optional: a shorter sleep
  corio::run(main_task(seconds));
}
