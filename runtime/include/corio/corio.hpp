#pragma once
// corio: everything. Prefer the per-concept headers in libraries.
#include <corio/dns.hpp>
#include <corio/error.hpp>
#include <corio/event.hpp>
#include <corio/gather.hpp>
#include <corio/loop.hpp>
#include <corio/mutex.hpp>
#include <corio/net.hpp>
#include <corio/offload.hpp>
#include <corio/process.hpp>
#include <corio/queue.hpp>
#include <corio/run.hpp>
#include <corio/semaphore.hpp>
#include <corio/sleep.hpp>
#include <corio/spawn.hpp>
#include <corio/stall.hpp>
#include <corio/task.hpp>
#include <corio/tcp.hpp>
#include <corio/wait_for.hpp>
#include <corio/yield.hpp>
#if defined(CORIO_HAS_CURL)
#include <corio/curl.hpp>
#include <corio/http.hpp>
#endif
