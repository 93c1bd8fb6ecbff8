#pragma once
// Concurrent tasks that are owned and joined.
//
// corio::spawn(t) starts `t` now on the current loop and returns a join_handle (like
// asyncio.create_task / a tokio JoinHandle): `co_await std::move(h)` gives the value or
// rethrows. The loop owns every spawned task until it finishes: dropping the handle
// detaches it but does not lose it — corio::run() cancels and finishes leftover tasks
// before it returns, and an exception nobody observed is reported on stderr.
//
// corio::task_group is the structured form (asyncio.TaskGroup, a trio nursery):
// spawn children, then `co_await g.join()`. The first child to fail cancels its siblings
// and join() rethrows that failure after all children have finished. Cancelling the task
// that awaits join() cancels the children. A group destroyed without join() (an
// exception unwound past it) cancels its children; the loop finishes them.
#include <coroutine>
#include <cstddef>
#include <exception>
#include <source_location>
#include <stdexcept>
#include <utility>

#include <corio/detail/driver.hpp>
#include <corio/detail/leaf.hpp>
#include <corio/error.hpp>
#include <corio/loop.hpp>
#include <corio/task.hpp>

namespace corio {

template <class T>
class join_handle;

namespace detail {

/// Print an exception that no one will ever observe (a detached task's failure).
void report_unobserved(const std::exception_ptr& e, const task_context& where) noexcept;
[[nodiscard]] bool is_cancellation(const std::exception_ptr& e) noexcept;

template <class T>
class spawn_state;

template <class T>
class join_awaiter final : private leaf_op {
 public:
  explicit join_awaiter(spawn_state<T>* s) noexcept : state_(s) {}
  bool await_ready() const noexcept { return !state_ || state_->done_; }
  template <class Promise>
  bool await_suspend(std::coroutine_handle<Promise> h) {
    if (!begin(h, *state_->loop_)) {
      // Awaiting while cancelled: cancel the awaited task too, and wait for it to end.
      cancelled_ = false;
      state_->request_cancel();
    }
    state_->joiner_ = this;
    suspended();
    return true;
  }
  T await_resume() {
    if (!state_) throw std::logic_error("corio: co_await on an empty join_handle");
    return std::move(state_->task_.outcome()).get();
  }

 private:
  friend class spawn_state<T>;
  // Our task was cancelled while joining: like asyncio, cancel the awaited task as well;
  // we are resumed (with its outcome, normally cancelled_error) when it has finished.
  void cancel() noexcept override { state_->request_cancel(); }
  std::coroutine_handle<> wake() noexcept {
    forget_waiting();
    return handle_;
  }
  spawn_state<T>* state_;
};

template <class T>
class spawn_state final : public join_point, public spawned_node {
 public:
  spawn_state(task<T> t, event_loop& loop, std::source_location where) : loop_(&loop), task_(std::move(t)) {
    driver_.context().set_where(where);
  }

  void start() {
    loop_->register_spawned(this);
    loop_->schedule(driver_.bind(task_.handle(), this, 0, nullptr), &driver_.context());
  }

  std::coroutine_handle<> child_done(std::size_t) noexcept override {
    done_ = true;
    loop_->unregister_spawned(this);
    if (!owned_) {
      if (task_.outcome().has_exception()) report_unobserved(task_.outcome().exception(), driver_.context());
      delete this;  // destroys the task's frame, which is suspended at its end
      return std::noop_coroutine();
    }
    if (joiner_) return std::exchange(joiner_, nullptr)->wake();
    return std::noop_coroutine();
  }

  void request_cancel() noexcept override {
    if (!done_) driver_.context().request_cancel();
  }

 private:
  friend class join_awaiter<T>;
  friend class join_handle<T>;
  event_loop* loop_;
  task<T> task_;
  driver driver_;
  join_awaiter<T>* joiner_ = nullptr;
  bool done_ = false;
  bool owned_ = true;
};

}  // namespace detail

template <class T>
class [[nodiscard]] join_handle {
 public:
  join_handle() noexcept = default;
  explicit join_handle(detail::spawn_state<T>* s) noexcept : state_(s) {}
  join_handle(join_handle&& o) noexcept : state_(std::exchange(o.state_, nullptr)) {}
  join_handle& operator=(join_handle&& o) noexcept {
    if (this != &o) {
      detach();
      state_ = std::exchange(o.state_, nullptr);
    }
    return *this;
  }
  ~join_handle() { detach(); }

  /// Give up the handle; the loop still owns (and, at the end of run(), cancels) the task.
  void detach() noexcept {
    if (!state_) return;
    if (state_->done_) {
      delete state_;
    } else {
      state_->owned_ = false;
      state_->joiner_ = nullptr;  // only on teardown can a handle die while awaited
    }
    state_ = nullptr;
  }
  /// Request cancellation (asyncio Task.cancel); await the handle to see it finish.
  void cancel() noexcept {
    if (state_) state_->request_cancel();
  }
  [[nodiscard]] bool done() const noexcept { return state_ && state_->done_; }
  [[nodiscard]] bool valid() const noexcept { return state_ != nullptr; }

  detail::join_awaiter<T> operator co_await() && noexcept { return detail::join_awaiter<T>{state_}; }
  detail::join_awaiter<T> operator co_await() & noexcept { return detail::join_awaiter<T>{state_}; }

 private:
  detail::spawn_state<T>* state_ = nullptr;
};

/// Start `t` concurrently on the current loop (asyncio.create_task).
template <class T>
join_handle<T> spawn(task<T> t, std::source_location where = std::source_location::current()) {
  auto& loop = event_loop::require("corio::spawn()");
  if (!t.valid()) throw std::invalid_argument("corio::spawn() of an empty task");
  auto* s = new detail::spawn_state<T>(std::move(t), loop, where);
  s->start();
  return join_handle<T>{s};
}

class task_group {
 public:
  explicit task_group(std::source_location where = std::source_location::current()) noexcept {
    context_.set_where(where);
  }
  task_group(const task_group&) = delete;
  task_group& operator=(const task_group&) = delete;
  ~task_group();

  /// Start `t` as a child of the group (its value, if any, is discarded).
  template <class T>
  void spawn(task<T> t, std::source_location where = std::source_location::current()) {
    auto& loop = event_loop::require("corio::task_group::spawn()");
    if (!t.valid()) throw std::invalid_argument("corio::task_group::spawn() of an empty task");
    auto* c = new child<T>(this, std::move(t), loop, where);
    link(c);
    loop.register_spawned(c);
    loop.schedule(c->start(&context_), &c->driver_.context());
  }

  /// Cancel every child.
  void cancel() noexcept { context_.request_cancel(); }
  [[nodiscard]] std::size_t running() const noexcept { return running_; }

  class join_awaiter {
   public:
    explicit join_awaiter(task_group& g) noexcept : group_(g) {}
    bool await_ready() const noexcept { return group_.running_ == 0; }
    template <class Promise>
    bool await_suspend(std::coroutine_handle<Promise> h) noexcept {
      detail::task_context* owner = detail::context_of(h);
      group_.context_.attach(owner);
      if (owner && owner->cancelled()) group_.context_.request_cancel();
      group_.waiter_ = h;
      return true;
    }
    void await_resume() {
      group_.context_.detach();
      group_.waiter_ = {};
      if (auto e = std::exchange(group_.error_, nullptr)) std::rethrow_exception(e);
    }

   private:
    task_group& group_;
  };
  /// Wait for every child; rethrow the first failure.
  [[nodiscard]] join_awaiter join() noexcept { return join_awaiter{*this}; }

 private:
  struct child_base : detail::join_point, detail::spawned_node {
    task_group* group_ = nullptr;
    child_base* prev_ = nullptr;
    child_base* next_ = nullptr;
    event_loop* loop_ = nullptr;
    detail::driver driver_;
    virtual std::coroutine_handle<> start(detail::task_context* parent) noexcept = 0;
    void request_cancel() noexcept override { driver_.context().request_cancel(); }
    virtual std::exception_ptr error() const noexcept = 0;
    std::coroutine_handle<> child_done(std::size_t) noexcept override {
      loop_->unregister_spawned(this);
      if (task_group* g = group_) return g->on_child_done(this);
      if (auto e = error()) detail::report_unobserved(e, driver_.context());
      delete this;
      return std::noop_coroutine();
    }
  };

  template <class T>
  struct child final : child_base {
    child(task_group* g, task<T> t, event_loop& loop, std::source_location where) : task_(std::move(t)) {
      group_ = g;
      loop_ = &loop;
      driver_.context().set_where(where);
    }
    std::coroutine_handle<> start(detail::task_context* parent) noexcept override {
      return driver_.bind(task_.handle(), this, 0, parent);
    }
    std::exception_ptr error() const noexcept override { return task_.outcome().exception(); }
    task<T> task_;
  };

  void link(child_base* c) noexcept {
    c->next_ = children_;
    if (children_) children_->prev_ = c;
    children_ = c;
    ++running_;
  }
  void unlink(child_base* c) noexcept {
    if (c->prev_)
      c->prev_->next_ = c->next_;
    else
      children_ = c->next_;
    if (c->next_) c->next_->prev_ = c->prev_;
    --running_;
  }
  std::coroutine_handle<> on_child_done(child_base* c) noexcept;

  detail::task_context context_;
  child_base* children_ = nullptr;
  std::size_t running_ = 0;
  std::exception_ptr error_;
  std::coroutine_handle<> waiter_;
};

}  // namespace corio
