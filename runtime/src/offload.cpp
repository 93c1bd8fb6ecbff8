#include <corio/offload.hpp>

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

namespace corio::detail {

namespace {

class thread_pool {
 public:
  explicit thread_pool(std::size_t n) {
    threads_.reserve(n);
    for (std::size_t i = 0; i < n; ++i) threads_.emplace_back([this] { work(); });
  }
  ~thread_pool() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    for (auto& t : threads_) t.join();
  }
  void submit(pool_job* job) {
    {
      std::lock_guard lock(mutex_);
      job->next_job = nullptr;
      if (tail_) tail_->next_job = job;
      else head_ = job;
      tail_ = job;
    }
    ready_.notify_one();
  }
  [[nodiscard]] std::size_t size() const noexcept { return threads_.size(); }

 private:
  void work() {
    for (;;) {
      pool_job* job;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] { return head_ || stopping_; });
        if (!head_) return;
        job = head_;
        head_ = job->next_job;
        if (!head_) tail_ = nullptr;
      }
      job->run();
    }
  }

  std::mutex mutex_;
  std::condition_variable ready_;
  pool_job* head_ = nullptr;
  pool_job* tail_ = nullptr;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

std::size_t configured_size() {
  if (const char* s = std::getenv("CORIO_OFFLOAD_THREADS")) {
    long v = std::strtol(s, nullptr, 10);
    if (v > 0 && v < 1024) return static_cast<std::size_t>(v);
  }
  return std::max<std::size_t>(4, std::thread::hardware_concurrency());
}

thread_pool& pool() {
  static thread_pool p(configured_size());
  return p;
}

}  // namespace

void submit_to_pool(pool_job* job) { pool().submit(job); }
std::size_t offload_pool_size() { return pool().size(); }

}  // namespace corio::detail
