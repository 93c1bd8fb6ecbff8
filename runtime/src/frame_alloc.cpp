#include <corio/detail/frame_alloc.hpp>

#include <cstdint>
#include <new>
#include <utility>

namespace corio::detail {

namespace {

#if defined(CORIO_NO_FRAME_CACHE)
constexpr bool cache_enabled = false;
#else
constexpr bool cache_enabled = true;
#endif

constexpr std::size_t granule = 16;
constexpr std::size_t size_classes = 32;   // frames up to 512 bytes are cached
constexpr std::uint32_t max_cached = 256;  // per class and thread

struct free_block {
  free_block* next;
};

struct frame_cache {
  free_block* heads[size_classes] = {};
  std::uint32_t counts[size_classes] = {};
  ~frame_cache() {
    for (auto& head : heads)
      while (head) ::operator delete(std::exchange(head, head->next));
  }
};

thread_local frame_cache cache;

inline std::size_t size_class(std::size_t size) noexcept { return (size + granule - 1) / granule - 1; }

}  // namespace

void* allocate_frame(std::size_t size) {
  const std::size_t c = size_class(size);
  if (cache_enabled && c < size_classes) {
    if (free_block* b = cache.heads[c]) {
      cache.heads[c] = b->next;
      --cache.counts[c];
      return b;
    }
    return ::operator new((c + 1) * granule);
  }
  return ::operator new(size);
}

void deallocate_frame(void* block, std::size_t size) noexcept {
  const std::size_t c = size_class(size);
  if (cache_enabled && c < size_classes && cache.counts[c] < max_cached) {
    auto* b = static_cast<free_block*>(block);
    b->next = cache.heads[c];
    cache.heads[c] = b;
    ++cache.counts[c];
    return;
  }
  ::operator delete(block);
}

}  // namespace corio::detail
