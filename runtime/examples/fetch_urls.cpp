// Fetch many URLs concurrently with corio::http::session (aiohttp's ClientSession).
//
// Usage: corio_fetch_urls URL...        fetch the given URLs
//        corio_fetch_urls               start a local server and fetch 20 of its pages
#include <corio/gather.hpp>
#include <corio/http.hpp>
#include <corio/run.hpp>
#include <corio/task.hpp>

#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

corio::task<void> fetch_all(std::vector<std::string> urls) {
  corio::http::session session;
  std::vector<corio::task<corio::http::response>> requests;
  for (const auto& url : urls) requests.push_back(session.get(url));
  auto start = std::chrono::steady_clock::now();
  auto responses = co_await corio::gather(std::move(requests));
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (std::size_t i = 0; i < urls.size(); ++i)
    std::printf("%3ld %6zu bytes  %s\n", responses[i].status, responses[i].body.size(), urls[i].c_str());
  std::printf("%zu URLs in %.3f s\n", urls.size(), took);
}

int main(int argc, char** argv) {
  std::vector<std::string> urls(argv + 1, argv + argc);
  std::unique_ptr<httplib::Server> server;
  std::thread server_thread;
  if (urls.empty()) {
    server = std::make_unique<httplib::Server>();
    server->new_task_queue = [] { return new httplib::ThreadPool(32); };
    server->Get("/page/(\\d+)", [](const httplib::Request& req, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));  // a slow backend
      res.set_content("page " + std::string(req.matches[1]), "text/plain");
    });
    int port = server->bind_to_any_port("127.0.0.1");
    server_thread = std::thread([&] { server->listen_after_bind(); });
    while (!server->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    for (int i = 0; i < 20; ++i)
      urls.push_back("http://127.0.0.1:" + std::to_string(port) + "/page/" + std::to_string(i));
  }
  try {
    corio::run(fetch_all(urls));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
  }
  if (server) {
    server->stop();
    server_thread.join();
  }
}
