#include <corio/loop.hpp>

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <stdexcept>
#include <string>
#include <system_error>

#include <corio/detail/spin.hpp>
#include <corio/stall.hpp>

namespace corio {

namespace {
thread_local event_loop* current_loop = nullptr;

[[noreturn]] void throw_errno(const char* what) { throw std::system_error(errno, std::generic_category(), what); }

timespec to_timespec(std::chrono::nanoseconds d) noexcept {
  const auto s = std::chrono::duration_cast<std::chrono::seconds>(d);
  return {static_cast<time_t>(s.count()), static_cast<long>((d - s).count())};
}
}  // namespace

event_loop::event_loop() {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) throw_errno("corio: epoll_create1");
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd_ < 0) {
    ::close(epoll_fd_);
    throw_errno("corio: eventfd");
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = wake_fd_;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev) < 0) {
    ::close(wake_fd_);
    ::close(epoll_fd_);
    throw_errno("corio: epoll_ctl(eventfd)");
  }
  // Timers wake the loop through a timerfd rather than epoll_wait's timeout, which is in
  // milliseconds and which the kernel lets run late by 0.1% (timer slack); a timerfd has
  // nanoseconds and no slack, so a timer fires on time.
  timer_fd_ = ::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
  ev.data.fd = timer_fd_;
  if (timer_fd_ < 0 || ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, timer_fd_, &ev) < 0) {
    const int err = errno;
    if (timer_fd_ >= 0) ::close(timer_fd_);
    ::close(wake_fd_);
    ::close(epoll_fd_);
    errno = err;
    throw_errno("corio: timerfd");
  }
  ready_.resize(64);
  previous_ = current_loop;
  current_loop = this;
}

event_loop::~event_loop() {
  // Tasks still owned by the loop (only after a deadlock or an exception escaped run):
  // destroy their frames while the loop's structures are still valid, so that the
  // awaiters' destructors can deregister.
  while (spawned_) {
    auto* n = spawned_;
    unregister_spawned(n);
    delete n;
  }
  services_.clear();  // before the epoll fd goes: services deregister their fds
  current_loop = previous_;
  ::close(timer_fd_);
  ::close(wake_fd_);
  ::close(epoll_fd_);
}

event_loop* event_loop::current() noexcept { return current_loop; }

event_loop& event_loop::require(const char* what) {
  if (!current_loop)
    throw std::logic_error(std::string(what) + " must be awaited inside a corio event loop (corio::run)");
  return *current_loop;
}

void event_loop::push_ready(detail::ready_item item) {
  if (ready_size_ == ready_.size()) {
    std::vector<detail::ready_item> bigger(ready_.size() * 2);
    for (std::size_t i = 0; i < ready_size_; ++i) bigger[i] = ready_[(ready_head_ + i) & (ready_.size() - 1)];
    ready_.swap(bigger);
    ready_head_ = 0;
  }
  ready_[(ready_head_ + ready_size_) & (ready_.size() - 1)] = item;
  ++ready_size_;
}

void event_loop::schedule(std::coroutine_handle<> h, detail::task_context* ctx) { push_ready({h, ctx}); }

void event_loop::post(std::coroutine_handle<> h, detail::task_context* ctx) {
  // All under the mutex: once the loop can take the item it may resume the task, finish
  // and destroy itself, so nothing here may touch the loop after the unlock.
  std::lock_guard lock(posted_.mutex);
  posted_.items.push_back({h, ctx});
  posted_.pending.store(true);
  // Only a sleeping loop needs the eventfd; the first poster to see it asleep writes it.
  if (posted_.sleeping.load() && posted_.sleeping.exchange(false)) {
    std::uint64_t one = 1;
    // A full counter (EAGAIN) still leaves the fd readable; nothing to do then.
    [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
  }
}

void event_loop::take_posted() {
  // Cleared before the swap: a post pushed after the swap sets it again.
  posted_.pending.store(false, std::memory_order_relaxed);
  {
    std::lock_guard lock(posted_.mutex);
    posted_swap_.swap(posted_.items);
  }
  for (auto& item : posted_swap_) push_ready(item);
  posted_swap_.clear();
}

bool event_loop::spin_for_posts() noexcept {
  const auto budget = detail::spin_budget();
  if (budget.count() == 0) return false;
  auto limit = detail::clock::now() + budget;
  if (!timers_.empty() && timers_.front()->deadline < limit) limit = timers_.front()->deadline;
  return detail::spin_until([this] { return posted_.pending.load(std::memory_order_relaxed); }, limit);
}

// ---- timers: a binary min-heap of intrusive nodes, each knowing its index ----

void event_loop::heap_swap(std::size_t a, std::size_t b) noexcept {
  std::swap(timers_[a], timers_[b]);
  timers_[a]->heap_index = a;
  timers_[b]->heap_index = b;
}

void event_loop::heap_up(std::size_t i) noexcept {
  while (i > 0) {
    std::size_t parent = (i - 1) / 2;
    if (!(timers_[i]->deadline < timers_[parent]->deadline)) break;
    heap_swap(i, parent);
    i = parent;
  }
}

void event_loop::heap_down(std::size_t i) noexcept {
  const std::size_t n = timers_.size();
  for (;;) {
    std::size_t smallest = i;
    std::size_t l = 2 * i + 1, r = l + 1;
    if (l < n && timers_[l]->deadline < timers_[smallest]->deadline) smallest = l;
    if (r < n && timers_[r]->deadline < timers_[smallest]->deadline) smallest = r;
    if (smallest == i) break;
    heap_swap(i, smallest);
    i = smallest;
  }
}

void event_loop::add_timer(detail::timer_node& t) {
  t.heap_index = timers_.size();
  timers_.push_back(&t);
  heap_up(t.heap_index);
}

void event_loop::remove_timer(detail::timer_node& t) noexcept {
  if (!t.queued()) return;
  std::size_t i = t.heap_index;
  std::size_t last = timers_.size() - 1;
  if (i != last) {
    heap_swap(i, last);
    timers_.pop_back();
    heap_down(i);
    heap_up(i);
  } else {
    timers_.pop_back();
  }
  t.heap_index = detail::timer_node::not_queued;
}

void event_loop::fire_timers() {
  if (timers_.empty()) return;
  auto now = detail::clock::now();
  while (!timers_.empty() && timers_.front()->deadline <= now) {
    detail::timer_node* t = timers_.front();
    remove_timer(*t);
    t->on_fire(t);
  }
}

// ---- fds: EPOLLONESHOT registrations, re-armed per wait, removed on cancel ----

void event_loop::add_io(detail::io_waiter& w) {
  if (w.fd < 0) throw std::invalid_argument("corio: waiting on a negative fd");
  if (static_cast<std::size_t>(w.fd) >= fds_.size()) fds_.resize(static_cast<std::size_t>(w.fd) + 1);
  fd_entry& e = fds_[static_cast<std::size_t>(w.fd)];
  const bool wants_read = w.events & (EPOLLIN | EPOLLPRI);
  const bool wants_write = w.events & EPOLLOUT;
  if ((wants_read && e.reader) || (wants_write && e.writer))
    throw std::logic_error("corio: two coroutines are waiting for the same readiness on fd " + std::to_string(w.fd));
  if (wants_read) e.reader = &w;
  if (wants_write) e.writer = &w;
  w.queued = true;
  w.revents = 0;
  ++io_count_;
  try {
    arm(w.fd);
  } catch (...) {
    if (wants_read) e.reader = nullptr;
    if (wants_write) e.writer = nullptr;
    w.queued = false;
    --io_count_;
    throw;
  }
}

void event_loop::remove_io(detail::io_waiter& w) noexcept {
  if (!w.queued) return;
  fd_entry& e = fds_[static_cast<std::size_t>(w.fd)];
  if (e.reader == &w) e.reader = nullptr;
  if (e.writer == &w) e.writer = nullptr;
  w.queued = false;
  --io_count_;
  try {
    arm(w.fd);
    // noexcept: a registration left armed only wakes a one-shot wait spuriously.
    // NOLINTNEXTLINE(bugprone-empty-catch)
  } catch (...) {
  }
}

void event_loop::arm(int fd) {
  fd_entry& e = fds_[static_cast<std::size_t>(fd)];
  std::uint32_t events = 0;
  if (e.reader) events |= e.reader->events & (EPOLLIN | EPOLLPRI);
  if (e.writer) events |= EPOLLOUT;
  if (events == 0) {
    if (e.registered) {
      ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
      e.registered = false;
    }
    return;
  }
  epoll_event ev{};
  ev.events = events | EPOLLONESHOT;
  ev.data.fd = fd;
  if (e.registered) {
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &ev) == 0) return;
    if (errno != ENOENT) throw_errno("corio: epoll_ctl(MOD)");
    // The fd was closed and its number reused since we last saw it.
  }
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) < 0) {
    if (errno != EEXIST || ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &ev) < 0) throw_errno("corio: epoll_ctl(ADD)");
  }
  e.registered = true;
}

void event_loop::poll_io(std::chrono::nanoseconds timeout) {
  epoll_event events[256];
  const bool may_sleep = timeout.count() != 0;
  if (may_sleep) {
    posted_.sleeping.store(true);
    if (posted_.pending.load()) timeout = timeout.zero();  // a post came in: do not block
  }
  int n = 0;
  if (timeout.count() != 0) {
    set_timer_fd(timeout);
    n = ::epoll_wait(epoll_fd_, events, 256, -1);
  } else if (io_count_ != 0) {
    // Without fds there is nothing to poll: posts are seen through the flag, not the eventfd.
    n = ::epoll_wait(epoll_fd_, events, 256, 0);
  }
  if (may_sleep) posted_.sleeping.store(false, std::memory_order_relaxed);
  if (n < 0) {
    if (errno != EINTR) throw_errno("corio: epoll_wait");
    n = 0;
  }
  for (int i = 0; i < n; ++i) {
    int fd = events[i].data.fd;
    std::uint32_t got = events[i].events;
    if (fd == timer_fd_) {
      timer_fd_fired_ = true;  // readable until set_timer_fd re-arms or disarms it
      continue;
    }
    if (fd == wake_fd_) {
      // Possibly stale (written just as the loop woke up): reading it only re-arms it.
      std::uint64_t value;
      [[maybe_unused]] auto bytes = ::read(wake_fd_, &value, sizeof value);
      continue;
    }
    if (static_cast<std::size_t>(fd) >= fds_.size()) continue;
    fd_entry& e = fds_[static_cast<std::size_t>(fd)];
    detail::io_waiter* r = nullptr;
    detail::io_waiter* w = nullptr;
    const std::uint32_t failure = EPOLLERR | EPOLLHUP | EPOLLRDHUP;
    if (e.reader && (got & (EPOLLIN | EPOLLPRI | failure))) r = e.reader;
    if (e.writer && (got & (EPOLLOUT | failure))) w = e.writer;
    if (r) {
      if (e.writer == r) e.writer = nullptr;
      e.reader = nullptr;
    }
    if (w && w != r) e.writer = nullptr;
    // The one-shot registration is now disarmed; re-arm for whoever still waits.
    if (e.reader || e.writer) {
      try {
        arm(fd);
      } catch (...) {  // NOLINT(bugprone-empty-catch): the waiter left keeps its timeout and cancellation
      }
    }
    if (r) {
      r->queued = false;
      r->revents = got;
      --io_count_;
      r->on_ready(r);
    }
    if (w && w != r) {
      w->queued = false;
      w->revents = got;
      --io_count_;
      w->on_ready(w);
    }
  }
  if (posted_.pending.load(std::memory_order_relaxed)) take_posted();
}

void event_loop::set_timer_fd(std::chrono::nanoseconds timeout) {
  // timeout > 0: wake at the first timer's deadline; timeout < 0: no timer (disarm, which
  // also clears a fired timerfd's readiness). Arming again for the same deadline is skipped.
  const auto deadline = timeout.count() > 0 ? timers_.front()->deadline : detail::clock::time_point::min();
  if (deadline == timer_fd_deadline_ && !timer_fd_fired_) return;
  itimerspec spec{};
  if (timeout.count() > 0) {
    // From now, not from when `timeout` was computed (the loop may have spun meanwhile);
    // a zero it_value would disarm, so a due deadline gets 1 ns.
    auto left = deadline - detail::clock::now();
    spec.it_value = to_timespec(std::max<std::chrono::nanoseconds>(left, std::chrono::nanoseconds(1)));
  }
  if (::timerfd_settime(timer_fd_, 0, &spec, nullptr) < 0) throw_errno("corio: timerfd_settime");
  timer_fd_deadline_ = deadline;
  timer_fd_fired_ = false;
}

// ---- spawned tasks ----

void event_loop::register_spawned(detail::spawned_node* n) noexcept {
  n->prev_spawned = nullptr;
  n->next_spawned = spawned_;
  if (spawned_) spawned_->prev_spawned = n;
  spawned_ = n;
}

void event_loop::unregister_spawned(detail::spawned_node* n) noexcept {
  if (n->prev_spawned)
    n->prev_spawned->next_spawned = n->next_spawned;
  else if (spawned_ == n)
    spawned_ = n->next_spawned;
  if (n->next_spawned) n->next_spawned->prev_spawned = n->prev_spawned;
  n->prev_spawned = n->next_spawned = nullptr;
}

void event_loop::cancel_spawned() noexcept {
  for (auto* n = spawned_; n; n = n->next_spawned) n->request_cancel();
}

// ---- the loop ----

void event_loop::run_ready() {
  // Only what is ready now: work queued while running waits for the next turn, so that
  // timers and fds are not starved by tasks that keep yielding.
  std::size_t n = ready_size_;
  const auto threshold = stall_threshold();
  while (n-- > 0 && ready_size_ > 0) {
    detail::ready_item item = ready_[ready_head_];
    ready_head_ = (ready_head_ + 1) & (ready_.size() - 1);
    --ready_size_;
    if (threshold.count() == 0) {
      item.handle.resume();
    } else {
      auto start = detail::clock::now();
      item.handle.resume();
      auto took = detail::clock::now() - start;
      if (took >= threshold)
        detail::report_stall({std::chrono::duration_cast<std::chrono::nanoseconds>(took),
                              item.context ? item.context->where() : nullptr});
    }
  }
}

void event_loop::run_once(const bool& done) {
  run_ready();
  fire_timers();
  auto timeout = std::chrono::nanoseconds::zero();
  if (!done && ready_size_ == 0 && !(draining_ && !spawned_)) {
    if (!timers_.empty()) {
      auto wait = timers_.front()->deadline - detail::clock::now();
      timeout = wait <= wait.zero() ? timeout.zero() : std::chrono::nanoseconds(wait);
    } else {
      // Nothing can wake us but an fd or another thread; without either, do not block:
      // run_until reports the deadlock.
      timeout = (io_count_ || external_) ? std::chrono::nanoseconds(-1) : timeout.zero();
    }
    // An offloaded call usually returns within microseconds: watch for its post for a
    // while before paying for a kernel sleep and wake-up. fds wait at most that long.
    if (timeout.count() != 0 && external_ > 0 && spin_for_posts()) timeout = timeout.zero();
  }
  poll_io(timeout);
  fire_timers();
}

void event_loop::run_until(const bool& done) {
  if (current_loop != this) throw std::logic_error("corio: event_loop::run_until on a foreign thread");
  while (!done) {
    if (ready_size_ == 0 && timers_.empty() && io_count_ == 0 && external_ == 0) {
      // Cross-thread posts may still be queued: look once, under the mutex.
      take_posted();
      if (ready_size_ == 0)
        throw std::logic_error("corio: deadlock: no runnable task, timer, fd wait or offloaded call can make progress");
    }
    run_once(done);
  }
}

void event_loop::drain_spawned() {
  while (spawned_) {
    if (ready_size_ == 0 && timers_.empty() && io_count_ == 0 && external_ == 0) {
      take_posted();
      if (ready_size_ == 0) break;  // remaining tasks can never finish; ~event_loop destroys them
    }
    const bool not_done = false;
    draining_ = true;
    run_once(not_done);
    draining_ = false;
  }
}

}  // namespace corio
