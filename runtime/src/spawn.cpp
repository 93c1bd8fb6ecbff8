#include <corio/spawn.hpp>

#include <cstdio>
#include <exception>
#include <string>

namespace corio {

namespace detail {

bool is_cancellation(const std::exception_ptr& e) noexcept {
  if (!e) return false;
  try {
    std::rethrow_exception(e);
  } catch (const cancelled_error&) {
    return true;
  } catch (...) {
    return false;
  }
}

void report_unobserved(const std::exception_ptr& e, const task_context& ctx) noexcept {
  if (!e || is_cancellation(e)) return;
  const char* what = "unknown exception";
  std::string text;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    text = ex.what();
    what = text.c_str();
  } catch (...) {  // NOLINT(bugprone-empty-catch): not a std::exception: reported without a message
  }
  if (const auto* w = ctx.where())
    std::fprintf(stderr, "corio: exception in a detached task spawned at %s:%u was never observed: %s\n",
                 w->file_name(), static_cast<unsigned>(w->line()), what);
  else
    std::fprintf(stderr, "corio: exception in a detached task was never observed: %s\n", what);
}

}  // namespace detail

std::coroutine_handle<> task_group::on_child_done(child_base* c) noexcept {
  unlink(c);
  if (auto e = c->error()) {
    const bool cancellation = detail::is_cancellation(e);
    // Keep the first real failure; a cancellation only if nothing else went wrong.
    if (!error_ || (detail::is_cancellation(error_) && !cancellation)) error_ = e;
    if (!cancellation) context_.request_cancel();
  }
  delete c;  // its task frame is suspended at its end
  if (running_ == 0 && waiter_) return std::exchange(waiter_, {});
  return std::noop_coroutine();
}

task_group::~task_group() {
  for (child_base* c = children_; c;) {
    child_base* next = c->next_;
    c->driver_.context().request_cancel();
    c->driver_.context().detach();
    c->group_ = nullptr;  // the loop finishes it
    c = next;
  }
  context_.detach();
}

}  // namespace corio
