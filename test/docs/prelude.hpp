// Force-included into every C++ block of the docs (test/docs/docs_test.py):
// the headers that their examples take for granted, so a block shows only
// what it is about.
#include <corio/corio.hpp>
#include <corio/curl.hpp>
#include <corio/http.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <curl/curl.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
