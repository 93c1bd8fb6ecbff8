// The asyncio tutorial in C++20 with corio, written the way people first
// write it: with blocking calls inside coroutines. Every one of them stalls
// the event loop, and every other task with it. `corolint` finds them:
//
//   bash scripts/lint-example.sh
//
// The same program written with corio's awaitables is examples/corio/.
#include <corio/gather.hpp>
#include <corio/run.hpp>
#include <corio/task.hpp>

#include <chrono>
#include <cstdio>
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

// 3. Three tasks "in parallel": with a blocking sleep they take 1+2+3 s.
corio::task<std::string> task(int n) {
  std::this_thread::sleep_for(std::chrono::seconds(n));
  co_return "Task " + std::to_string(n) + " finished";
}

corio::task<void> run_three() {
  auto [a, b, c] = co_await corio::gather(task(1), task(2), task(3));
  std::printf("%s, %s, %s\n", a.c_str(), b.c_str(), c.c_str());
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
  corio::run(main_task(argc > 1 ? argv[1] : nullptr));
}
