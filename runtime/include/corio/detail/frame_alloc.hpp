#pragma once
// Coroutine frames of corio::task come from a small per-thread cache of recently freed
// blocks (as Asio's recycling allocator does), so that a chain of awaits does not pay a
// malloc/free per level. Sanitizer builds bypass the cache so that use-after-free of a
// frame is still caught.
#include <cstddef>

namespace corio::detail {

[[nodiscard]] void* allocate_frame(std::size_t size);
void deallocate_frame(void* block, std::size_t size) noexcept;

}  // namespace corio::detail
