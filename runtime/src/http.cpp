#include <corio/http.hpp>

#include <algorithm>
#include <cctype>
#include <memory>

namespace corio::http {

namespace {

struct easy_deleter {
  void operator()(CURL* c) const noexcept { curl_easy_cleanup(c); }
};
struct slist_deleter {
  void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* userp) {
  static_cast<response*>(userp)->body.append(data, size * n);
  return size * n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* userp) {
  auto* r = static_cast<response*>(userp);
  std::string_view line(data, size * n);
  if (line.starts_with("HTTP/")) {
    r->headers.clear();  // a new response (after a redirect or 100-continue)
  } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
    r->headers.emplace_back(std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
  }
  return size * n;
}

}  // namespace

std::optional<std::string> response::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return v;
  return std::nullopt;
}

error::error(CURLcode code, const std::string& url)
    : std::runtime_error("corio::http: " + url + ": " + curl_easy_strerror(code)), code_(code) {}

task<response> session::get(std::string url) { return request("GET", std::move(url)); }

task<response> session::post(std::string url, std::string body, std::string content_type) {
  return request("POST", std::move(url), std::move(body), std::move(content_type));
}

task<response> session::request(std::string method, std::string url, std::string body, std::string content_type) {
  std::unique_ptr<CURL, easy_deleter> easy(curl_easy_init());
  if (!easy) throw error(CURLE_FAILED_INIT, url);
  response r;
  CURL* e = easy.get();
  curl_easy_setopt(e, CURLOPT_URL, url.c_str());
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &r);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, &r);
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, options_.follow_redirects ? 1L : 0L);
  curl_easy_setopt(e, CURLOPT_USERAGENT, options_.user_agent.c_str());
  if (options_.timeout.count() > 0)
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
  if (method == "POST") {
    curl_easy_setopt(e, CURLOPT_POST, 1L);
  } else if (method != "GET") {
    curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  if (method != "GET") {
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  std::unique_ptr<curl_slist, slist_deleter> headers;
  auto add_header = [&](const std::string& h) {
    // curl_slist_append returns the list's head: a new one only for the first item.
    curl_slist* head = curl_slist_append(headers.get(), h.c_str());
    if (head && !headers) headers.reset(head);
  };
  for (const auto& h : options_.headers) add_header(h);
  if (!content_type.empty()) add_header("Content-Type: " + content_type);
  if (headers) curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers.get());

  CURLcode rc = co_await curl_perform(e);
  if (rc != CURLE_OK) throw error(rc, url);
  curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &r.status);
  co_return r;
}

}  // namespace corio::http
