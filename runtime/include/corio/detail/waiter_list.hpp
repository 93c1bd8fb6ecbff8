#pragma once
// An intrusive FIFO of suspended waiters (event, mutex, semaphore, queue). Nodes live in
// the awaiters, i.e. in the waiting coroutine frames: no allocation.
namespace corio::detail {

struct waiter_node {
  waiter_node* prev_waiter = nullptr;
  waiter_node* next_waiter = nullptr;
  bool linked = false;
};

class waiter_list {
 public:
  [[nodiscard]] bool empty() const noexcept { return head_ == nullptr; }
  [[nodiscard]] waiter_node* front() const noexcept { return head_; }
  void push_back(waiter_node* n) noexcept {
    n->prev_waiter = tail_;
    n->next_waiter = nullptr;
    if (tail_)
      tail_->next_waiter = n;
    else
      head_ = n;
    tail_ = n;
    n->linked = true;
  }
  void remove(waiter_node* n) noexcept {
    if (!n->linked) return;
    if (n->prev_waiter)
      n->prev_waiter->next_waiter = n->next_waiter;
    else
      head_ = n->next_waiter;
    if (n->next_waiter)
      n->next_waiter->prev_waiter = n->prev_waiter;
    else
      tail_ = n->prev_waiter;
    n->prev_waiter = n->next_waiter = nullptr;
    n->linked = false;
  }
  waiter_node* pop_front() noexcept {
    waiter_node* n = head_;
    if (n) remove(n);
    return n;
  }

 private:
  waiter_node* head_ = nullptr;
  waiter_node* tail_ = nullptr;
};

}  // namespace corio::detail
