#include <corio/run.hpp>
#include <corio/sleep.hpp>
#include <corio/task.hpp>

#include <chrono>
#include <cstdio>
#include <unistd.h>

corio::task<int> work() {
  co_await corio::sleep_for(std::chrono::milliseconds(1));
  usleep(1); // the installed module must report this
  co_return 42;
}

int main() { std::printf("%d\n", corio::run(work())); }
