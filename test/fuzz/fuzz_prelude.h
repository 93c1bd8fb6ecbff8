// The headers the fixtures in test/checks/fixtures include, precompiled once
// for the engine fuzzer (EngineFuzzer.cpp): each input then costs its own
// parse, not the standard library's. An input's own #include of one of these
// is a no-op after the prelude; other headers are still read from disk.
#include "coro.h"
#include <arpa/inet.h>
#include <asio.hpp>
#include <atomic>
#include <barrier>
#include <chrono>
#include <condition_variable>
#include <corio/task.hpp>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <curl/curl.h>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <future>
#include <httplib.h>
#include <iostream>
#include <latch>
#include <mutex>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <resolv.h>
#include <semaphore>
#include <shared_mutex>
#include <sstream>
#include <string>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>
