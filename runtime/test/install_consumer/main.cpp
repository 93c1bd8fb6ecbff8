// Built against an installed corio (find_package(corio)) by the corio_install test.
#include <corio/corio.hpp>

#include <chrono>

int main() {
  auto twice = [](int x) -> corio::task<int> {
    co_await corio::sleep_for(std::chrono::milliseconds(1));
    co_return 2 * x;
  };
  auto [a, b] = corio::run(
      [&]() -> corio::task<std::tuple<int, int>> { co_return co_await corio::gather(twice(1), twice(2)); }());
  return a + b == 6 ? 0 : 1;
}
