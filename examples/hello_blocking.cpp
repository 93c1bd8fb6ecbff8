// The asyncio tutorial in C++20 with corio, written the way people first
// write it: with blocking calls inside coroutines. Every one of them stalls
// the event loop, and every other task with it. `corolint` finds them:
//
//   bash scripts/lint-example.sh
//
// `corolint --fix` (or clang-tidy's --fix with the module) rewrites each call
// to its corio awaitable; the suite builds that fixed program and checks that
// it prints the same and that its waits now overlap. The program written with
// corio from the start is in runtime/examples/.
//
// Usage: hello_blocking [--unit-ms N] [URL]   (N: the tutorial's second, 1000)
#include <corio/gather.hpp>
#include <corio/run.hpp>
#include <corio/task.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <curl/curl.h>
#include <string>
#include <thread>
#include <unistd.h>

// 2. async and await: say hello after a second.
corio::task<void> say_hello() {
  std::puts("starting...");
  sleep(1); // blocks the loop: nothing else runs for a second
  std::puts("hello");
  co_return;
}

// 3. Three tasks "in parallel": with a blocking sleep they take 1+2+3 units
// one after the other, instead of 3 together.
static std::chrono::milliseconds unit{1000};

corio::task<std::string> task(int n) {
  std::this_thread::sleep_for(n * unit);
  co_return "Task " + std::to_string(n) + " finished";
}

corio::task<void> run_three() {
  auto start = std::chrono::steady_clock::now();
  auto [a, b, c] = co_await corio::gather(task(1), task(2), task(3));
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  std::printf("%s, %s, %s\n", a.c_str(), b.c_str(), c.c_str());
  std::fprintf(stderr, "gather took %lld ms\n", static_cast<long long>(took.count()));
}

// 5. aiohttp's lesson: a synchronous HTTP client blocks the loop.
static size_t collect(char *data, size_t size, size_t n, void *out) {
  static_cast<std::string *>(out)->append(data, size * n);
  return size * n;
}

corio::task<std::string> fetch(const char *url) {
  std::string body;
  CURL *easy = curl_easy_init();
  curl_easy_setopt(easy, CURLOPT_URL, url);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &body);
  CURLcode rc = curl_easy_perform(easy);
  curl_easy_cleanup(easy);
  co_return rc == CURLE_OK ? body : std::string(curl_easy_strerror(rc));
}

corio::task<void> main_task(const char *url) {
  co_await say_hello();
  co_await run_three();
  if (url) {
    std::string page = co_await fetch(url);
    std::printf("fetched %zu bytes\n", page.size());
  }
}

int main(int argc, char **argv) {
  const char *url = nullptr;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--unit-ms") == 0 && i + 1 < argc)
      unit = std::chrono::milliseconds(std::atoi(argv[++i]));
    else
      url = argv[i];
  }
  corio::run(main_task(url));
}
