#pragma once
// A real HTTP server (cpp-httplib) on 127.0.0.1, on a free port, in its own thread.
#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace corio_test {

class http_server {
 public:
  http_server() {
    server_.Get("/hello", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("X-Corio", "yes");
      res.set_content("hello", "text/plain");
    });
    server_.Get("/n/(\\d+)", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content("item " + std::string(req.matches[1]), "text/plain");
    });
    server_.Post("/echo",
                 [](const httplib::Request& req, httplib::Response& res) { res.set_content(req.body, "text/plain"); });
    server_.Get("/missing", [](const httplib::Request&, httplib::Response& res) {
      res.status = 404;
      res.set_content("no such thing", "text/plain");
    });
    server_.Get("/redirect", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/hello"); });
    server_.Get("/slow", [this](const httplib::Request&, httplib::Response& res) {
      std::unique_lock lock(mutex_);
      released_.wait_for(lock, std::chrono::seconds(10), [this] { return release_; });
      res.set_content("slow", "text/plain");
    });
    // One thread per concurrent keep-alive connection, so no request queues behind another.
    server_.new_task_queue = [] { return new httplib::ThreadPool(64); };
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~http_server() {
    {
      std::lock_guard lock(mutex_);
      release_ = true;
    }
    released_.notify_all();
    server_.stop();
    thread_.join();
  }
  [[nodiscard]] std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable released_;
  bool release_ = false;
};

}  // namespace corio_test
