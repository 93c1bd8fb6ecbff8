#pragma once
// Value-or-exception storage for a coroutine's outcome.
#include <exception>
#include <type_traits>
#include <utility>
#include <variant>

namespace corio::detail {

template <class T>
class result {
 public:
  template <class U>
  void set_value(U&& v) noexcept(std::is_nothrow_constructible_v<T, U&&>) {
    state_.template emplace<1>(std::forward<U>(v));
  }
  void set_exception(std::exception_ptr e) noexcept { state_.template emplace<2>(std::move(e)); }
  [[nodiscard]] bool ready() const noexcept { return state_.index() != 0; }
  [[nodiscard]] bool has_exception() const noexcept { return state_.index() == 2; }
  [[nodiscard]] std::exception_ptr exception() const noexcept {
    return has_exception() ? std::get<2>(state_) : nullptr;
  }
  T get() && {
    if (state_.index() == 2) std::rethrow_exception(std::get<2>(state_));
    return std::move(std::get<1>(state_));
  }

 private:
  std::variant<std::monostate, T, std::exception_ptr> state_;
};

template <class T>
class result<T&> {
 public:
  void set_value(T& v) noexcept { value_ = std::addressof(v); }
  void set_exception(std::exception_ptr e) noexcept { error_ = std::move(e); }
  [[nodiscard]] bool ready() const noexcept { return value_ || error_; }
  [[nodiscard]] bool has_exception() const noexcept { return error_ != nullptr; }
  [[nodiscard]] std::exception_ptr exception() const noexcept { return error_; }
  T& get() && {
    if (error_) std::rethrow_exception(error_);
    return *value_;
  }

 private:
  T* value_ = nullptr;
  std::exception_ptr error_;
};

template <>
class result<void> {
 public:
  // One word: a void outcome is "no exception" or the exception.
  void set_value() noexcept {}
  void set_exception(std::exception_ptr e) noexcept { error_ = std::move(e); }
  [[nodiscard]] bool has_exception() const noexcept { return error_ != nullptr; }
  [[nodiscard]] std::exception_ptr exception() const noexcept { return error_; }
  void get() && {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  std::exception_ptr error_;
};

}  // namespace corio::detail
