#include <corio/offload.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#include <corio/detail/spin.hpp>

namespace corio::detail {

namespace {

// Workers that finish a job spin for a while (detail/spin.hpp) before they park on the
// condition variable, so that the next job of a task that offloads in a loop needs no
// futex wake-up. A submitter wakes a parked worker only for the jobs that the spinning
// ones cannot cover, and a worker that takes a job while more are queued wakes another,
// so a burst spreads over the pool instead of queueing behind one spinner.
class thread_pool {
 public:
  explicit thread_pool(std::size_t n)
      : max_spinning_(std::max<std::size_t>(1, std::thread::hardware_concurrency() / 2)) {
    threads_.reserve(n);
    for (std::size_t i = 0; i < n; ++i) threads_.emplace_back([this] { work(); });
  }
  ~thread_pool() {
    {
      std::lock_guard lock(mutex_);
      stopping_.store(true, std::memory_order_relaxed);
    }
    ready_.notify_all();
    for (auto& t : threads_) t.join();
  }
  void submit(pool_job* job) {
    std::size_t queued;
    {
      std::lock_guard lock(mutex_);
      job->next_job = nullptr;
      if (tail_)
        tail_->next_job = job;
      else
        head_ = job;
      tail_ = job;
      queued = queued_.load(std::memory_order_relaxed) + 1;
      queued_.store(queued, std::memory_order_relaxed);
    }
    // Skipping the wake-up is safe: a worker counted in spinning_ checks the queue under
    // the mutex after it stops spinning, and that check is ordered after our push (it
    // either sees our push or we see its decrement).
    if (queued > spinning_.load()) ready_.notify_one();
  }
  [[nodiscard]] std::size_t size() const noexcept { return threads_.size(); }

 private:
  void work() {
    std::unique_lock lock(mutex_);
    for (;;) {
      if (pool_job* job = head_) {
        head_ = job->next_job;
        if (!head_) tail_ = nullptr;
        queued_.store(queued_.load(std::memory_order_relaxed) - 1, std::memory_order_relaxed);
        const bool more = head_ != nullptr;
        lock.unlock();
        if (more) ready_.notify_one();
        job->run();
        spin_for_job();
        lock.lock();
        continue;
      }
      if (stopping_.load(std::memory_order_relaxed)) return;
      ready_.wait(lock);
    }
  }

  void spin_for_job() noexcept {
    const auto budget = spin_budget();
    if (budget.count() == 0) return;
    // At most half the cores spin, so spinners do not crowd out the threads with work.
    if (spinning_.fetch_add(1) >= max_spinning_) {
      spinning_.fetch_sub(1);
      return;
    }
    spin_until(
        [this] { return queued_.load(std::memory_order_relaxed) != 0 || stopping_.load(std::memory_order_relaxed); },
        clock::now() + budget);
    spinning_.fetch_sub(1);
  }

  std::mutex mutex_;
  std::condition_variable ready_;
  pool_job* head_ = nullptr;
  pool_job* tail_ = nullptr;
  // Written under mutex_; spinners read them without it.
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> queued_{0};
  std::atomic<std::size_t> spinning_{0};
  const std::size_t max_spinning_;
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
