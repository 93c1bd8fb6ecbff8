#pragma once
// corio::event_loop: one per thread, on epoll, with a timer heap (waited for on a timerfd)
// and an eventfd for wake-ups from other threads (written only while the loop sleeps).
// Users normally never touch it: corio::run() creates one, and awaitables find it through
// event_loop::current().
#include <atomic>
#include <chrono>
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include <corio/detail/context.hpp>

namespace corio {

namespace detail {

using clock = std::chrono::steady_clock;

/// An entry in the loop's timer heap; embedded in the awaiter (no allocation).
struct timer_node {
  static constexpr std::size_t not_queued = static_cast<std::size_t>(-1);
  clock::time_point deadline{};
  std::size_t heap_index = not_queued;
  void (*on_fire)(timer_node*) noexcept = nullptr;
  [[nodiscard]] bool queued() const noexcept { return heap_index != not_queued; }
};

/// Interest in readiness of one fd; embedded in the awaiter. `events` is a mask of
/// EPOLLIN/EPOLLOUT (EPOLLPRI also accepted); `revents` is filled in when it fires.
struct io_waiter {
  int fd = -1;
  std::uint32_t events = 0;
  std::uint32_t revents = 0;
  bool queued = false;
  void (*on_ready)(io_waiter*) noexcept = nullptr;
};

/// A task the loop owns until it finishes (spawn, orphaned task_group children).
struct spawned_node {
  spawned_node* prev_spawned = nullptr;
  spawned_node* next_spawned = nullptr;
  virtual void request_cancel() noexcept = 0;
  virtual ~spawned_node() = default;
};

/// Per-loop state of an optional subsystem (the libcurl multi handle...).
struct loop_service {
  virtual ~loop_service() = default;
};
template <class S>
inline char service_key{};

struct ready_item {
  std::coroutine_handle<> handle;
  task_context* context;
};

}  // namespace detail

class event_loop {
 public:
  event_loop();
  ~event_loop();
  event_loop(const event_loop&) = delete;
  event_loop& operator=(const event_loop&) = delete;

  /// The loop running on this thread, or nullptr.
  [[nodiscard]] static event_loop* current() noexcept;
  /// The loop running on this thread; throws std::logic_error if there is none.
  [[nodiscard]] static event_loop& require(const char* what);

  /// Queue `h` to be resumed by this loop (loop thread only).
  void schedule(std::coroutine_handle<> h, detail::task_context* ctx = nullptr);
  /// Queue `h` from any thread; wakes the loop if it sleeps.
  void post(std::coroutine_handle<> h, detail::task_context* ctx = nullptr);

  void add_timer(detail::timer_node& t);
  void remove_timer(detail::timer_node& t) noexcept;

  void add_io(detail::io_waiter& w);
  void remove_io(detail::io_waiter& w) noexcept;

  /// A read on an fd whose last two first attempts found nothing (the usual state of a
  /// request/response connection) waits for readiness before its first attempt, saving a
  /// call that would fail with EAGAIN; one read in `read_probe_interval` still tries first,
  /// to notice when data is waiting again. Only timing depends on this guess, never results.
  static constexpr std::uint8_t read_probe_interval = 8;
  [[nodiscard]] bool should_wait_before_read(int fd) noexcept {
    if (static_cast<std::size_t>(fd) >= fds_.size()) return false;
    fd_entry& e = fds_[static_cast<std::size_t>(fd)];
    if (e.empty_reads < 2) return false;
    if (++e.skipped_reads < read_probe_interval) return true;
    e.skipped_reads = 0;
    return false;
  }
  /// What a read's first attempt found (fds the loop has not seen yet are not tracked).
  void read_attempted(int fd, bool found_data) noexcept {
    if (static_cast<std::size_t>(fd) >= fds_.size()) return;
    fd_entry& e = fds_[static_cast<std::size_t>(fd)];
    e.empty_reads = found_data ? 0 : (e.empty_reads < 2 ? e.empty_reads + 1 : 2);
  }

  /// Count of operations completing from other threads (offload); a loop with nothing
  /// runnable, no timers, no fds and no such operation is deadlocked.
  void begin_external() noexcept { ++external_; }
  void end_external() noexcept { --external_; }

  void register_spawned(detail::spawned_node* n) noexcept;
  void unregister_spawned(detail::spawned_node* n) noexcept;
  [[nodiscard]] bool has_spawned() const noexcept { return spawned_ != nullptr; }
  void cancel_spawned() noexcept;

  /// Run until `done` becomes true. Throws std::logic_error on deadlock.
  void run_until(const bool& done);
  /// Run until every spawned task has finished.
  void drain_spawned();

  /// The loop's instance of service S, created on first use as S(loop).
  template <class S>
  S& service() {
    const void* key = &detail::service_key<S>;
    for (auto& [k, s] : services_)
      if (k == key) return static_cast<S&>(*s);
    services_.emplace_back(key, std::make_unique<S>(*this));
    return static_cast<S&>(*services_.back().second);
  }

  [[nodiscard]] std::size_t pending_timers() const noexcept { return timers_.size(); }
  [[nodiscard]] std::size_t pending_io() const noexcept { return io_count_; }

 private:
  struct fd_entry {
    detail::io_waiter* reader = nullptr;
    detail::io_waiter* writer = nullptr;
    bool registered = false;         // known to epoll (possibly disarmed, EPOLLONESHOT)
    std::uint8_t empty_reads = 0;    // first read attempts in a row that found nothing (max 2)
    std::uint8_t skipped_reads = 0;  // first attempts skipped since the last probe
  };

  void run_once(const bool& done);
  void run_ready();
  void fire_timers();
  void poll_io(std::chrono::nanoseconds timeout);  // negative: no timeout
  void set_timer_fd(std::chrono::nanoseconds timeout);
  void arm(int fd);
  void take_posted();
  bool spin_for_posts() noexcept;
  void push_ready(detail::ready_item item);
  void heap_up(std::size_t i) noexcept;
  void heap_down(std::size_t i) noexcept;
  void heap_swap(std::size_t a, std::size_t b) noexcept;

  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  int timer_fd_ = -1;
  // The deadline timer_fd_ is armed for (min() when disarmed), and whether it went off: a
  // fired timerfd stays readable until set_timer_fd re-arms or disarms it.
  detail::clock::time_point timer_fd_deadline_ = detail::clock::time_point::min();
  bool timer_fd_fired_ = false;
  event_loop* previous_ = nullptr;

  std::vector<detail::ready_item> ready_;  // ring buffer
  std::size_t ready_head_ = 0;
  std::size_t ready_size_ = 0;

  std::vector<detail::timer_node*> timers_;  // binary min-heap on deadline
  std::vector<fd_entry> fds_;
  std::size_t io_count_ = 0;
  std::size_t external_ = 0;

  // Written by posting threads, so on cache lines of its own. `pending` says that `items`
  // may be non-empty (the loop looks at it on every turn); `sleeping` that the loop may be
  // blocked in epoll and needs the eventfd. Each side stores its own flag, then reads the
  // other's (both seq_cst, as in Dekker's algorithm), so no post is left unseen.
  struct alignas(64) post_queue {
    std::mutex mutex;
    std::vector<detail::ready_item> items;
    std::atomic<bool> pending{false};
    std::atomic<bool> sleeping{false};
  };
  post_queue posted_;
  std::vector<detail::ready_item> posted_swap_;

  detail::spawned_node* spawned_ = nullptr;
  bool draining_ = false;
  std::vector<std::pair<const void*, std::unique_ptr<detail::loop_service>>> services_;
};

}  // namespace corio
