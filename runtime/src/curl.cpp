#include <corio/curl.hpp>

#include <sys/epoll.h>

#include <memory>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

namespace corio::detail {

class curl_driver final : public loop_service {
 public:
  explicit curl_driver(event_loop& loop) : loop_(loop) {
    static std::once_flag global_init;
    std::call_once(global_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    multi_ = curl_multi_init();
    if (!multi_) throw std::runtime_error("corio: curl_multi_init failed");
    curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &curl_driver::on_socket);
    curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &curl_driver::on_timer);
    curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
    timer_.on_fire = &curl_driver::timer_fired;
    timer_.driver = this;
  }
  ~curl_driver() override {
    for (auto& [easy, who] : transfers_) curl_multi_remove_handle(multi_, easy);
    transfers_.clear();
    for (auto& [s, w] : watches_)
      if (w->queued) loop_.remove_io(*w);
    watches_.clear();
    loop_.remove_timer(timer_);
    curl_multi_cleanup(multi_);
  }

  bool start(CURL* easy, curl_awaiter* who, CURLcode& rc) {
    transfers_[easy] = who;
    if (curl_multi_add_handle(multi_, easy) != CURLM_OK) {
      transfers_.erase(easy);
      rc = CURLE_FAILED_INIT;
      return false;
    }
    return true;  // libcurl asks for a 0 ms timeout, which starts the transfer
  }
  void abort(CURL* easy) noexcept {
    if (transfers_.erase(easy)) curl_multi_remove_handle(multi_, easy);
  }

 private:
  struct watch : io_waiter {
    curl_driver* driver = nullptr;
  };

  static int on_socket(CURL*, curl_socket_t s, int what, void* userp, void*) {
    auto* self = static_cast<curl_driver*>(userp);
    auto it = self->watches_.find(s);
    if (what == CURL_POLL_REMOVE) {
      if (it != self->watches_.end()) {
        if (it->second->queued) self->loop_.remove_io(*it->second);
        self->watches_.erase(it);
      }
      return 0;
    }
    if (it == self->watches_.end()) {
      auto w = std::make_unique<watch>();
      w->driver = self;
      w->fd = s;
      w->on_ready = &curl_driver::fd_ready;
      it = self->watches_.emplace(s, std::move(w)).first;
    }
    watch& w = *it->second;
    if (w.queued) self->loop_.remove_io(w);
    w.events = ((what & CURL_POLL_IN) ? EPOLLIN : 0u) | ((what & CURL_POLL_OUT) ? EPOLLOUT : 0u);
    try {
      self->loop_.add_io(w);
    } catch (...) {
      return -1;
    }
    return 0;
  }

  static int on_timer(CURLM*, long timeout_ms, void* userp) {
    auto* self = static_cast<curl_driver*>(userp);
    self->loop_.remove_timer(self->timer_);
    if (timeout_ms >= 0) {
      self->timer_.deadline = clock::now() + std::chrono::milliseconds(timeout_ms);
      self->loop_.add_timer(self->timer_);
    }
    return 0;
  }

  static void timer_fired(timer_node* t) noexcept {
    static_cast<driver_timer*>(t)->driver->action(CURL_SOCKET_TIMEOUT, 0);
  }

  static void fd_ready(io_waiter* w) noexcept {
    auto* wt = static_cast<watch*>(w);
    curl_driver* self = wt->driver;
    const curl_socket_t s = wt->fd;
    int mask = 0;
    if (w->revents & EPOLLIN) mask |= CURL_CSELECT_IN;
    if (w->revents & EPOLLOUT) mask |= CURL_CSELECT_OUT;
    if (w->revents & (EPOLLERR | EPOLLHUP)) mask |= CURL_CSELECT_ERR;
    self->action(s, mask);  // may remove or replace the watch: look it up again
    auto it = self->watches_.find(s);
    if (it != self->watches_.end() && !it->second->queued && it->second->events) {
      try {
        self->loop_.add_io(*it->second);
      } catch (...) {  // NOLINT(bugprone-empty-catch): nothing may cross curl's C callback; the transfer's timeout
                       // still ends it
      }
    }
  }

  void action(curl_socket_t s, int mask) noexcept {
    int running = 0;
    curl_multi_socket_action(multi_, s, mask, &running);
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* easy = msg->easy_handle;
      CURLcode rc = msg->data.result;
      curl_multi_remove_handle(multi_, easy);
      auto it = transfers_.find(easy);
      if (it == transfers_.end()) continue;
      curl_awaiter* who = it->second;
      transfers_.erase(it);
      who->finish(rc);
    }
  }

  struct driver_timer : timer_node {
    curl_driver* driver = nullptr;
  };

  event_loop& loop_;
  driver_timer timer_;
  CURLM* multi_ = nullptr;
  std::unordered_map<curl_socket_t, std::unique_ptr<watch>> watches_;
  std::unordered_map<CURL*, curl_awaiter*> transfers_;
};

curl_driver& curl_driver_for(event_loop& loop) { return loop.service<curl_driver>(); }
bool curl_start(curl_driver& d, CURL* easy, curl_awaiter* who, CURLcode& rc) { return d.start(easy, who, rc); }
void curl_abort(curl_driver& d, CURL* easy) noexcept { d.abort(easy); }

}  // namespace corio::detail
