//===- ModuleLoader.cpp - Refuses a clang-tidy of another LLVM major ------===//
//
// This is libcorolint-tidy-N.so, the file users --load. A clang-tidy module
// takes clang's symbols from the clang-tidy that loads it, so it works only
// in the LLVM major it was built against. Loaded into another, it either
// fails in dlopen on a symbol that major lacks ("undefined symbol:
// _ZN4llvm11APFloatBase..."), or loads and then misreads clang's objects.
// Neither says why, and the first can happen before any code of ours runs.
//
// So the checks live in a second file (libcorolint-tidy-checks-N.so, next to
// this one), and this one depends on nothing of clang's: it asks the host for
// its version through LLVM's C API (LLVMGetVersion, exported by the host's
// libLLVM since LLVM 16), and only when the major matches loads the checks,
// which register themselves with the host's module registry. Otherwise it
// prints one line naming both majors and what to load instead, and exits.
//
//===----------------------------------------------------------------------===//
#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>
#include <string>

namespace {

constexpr int BuiltFor = COROLINT_LLVM_MAJOR;

/// The host's LLVM major, or 0 if it does not say (before LLVM 16, or a
/// clang-tidy that does not export LLVM's C API): then the checks are loaded
/// and dlopen decides.
int hostMajor() {
  using GetVersion = void (*)(unsigned *, unsigned *, unsigned *);
  auto *Get = reinterpret_cast<GetVersion>(dlsym(RTLD_DEFAULT, "LLVMGetVersion"));
  if (!Get)
    return 0;
  unsigned Major = 0, Minor = 0, Patch = 0;
  Get(&Major, &Minor, &Patch);
  return static_cast<int>(Major);
}

std::string thisDirectory() {
  Dl_info Info;
  if (!dladdr(reinterpret_cast<void *>(&hostMajor), &Info) || !Info.dli_fname)
    return ".";
  // Through symlinks: the checks are next to the real file.
  char *Real = realpath(Info.dli_fname, nullptr);
  std::string Path = Real ? Real : Info.dli_fname;
  std::free(Real);
  size_t Slash = Path.rfind('/');
  return Slash == std::string::npos ? "." : Path.substr(0, Slash);
}

bool isSupported(int Major) {
  for (int M : {COROLINT_SUPPORTED_LLVM_MAJORS})
    if (M == Major)
      return true;
  return false;
}

// Exits with _Exit: we are inside the host's dlopen, parsing its command
// line; its exit-time destructors have nothing to do yet and are best not
// run from here. stderr is unbuffered, so the line is out.
[[noreturn]] void refuse(const std::string &Line) {
  std::fputs(Line.c_str(), stderr);
  std::_Exit(EXIT_FAILURE);
}

void loadChecks() {
  int Host = hostMajor();
  if (Host != 0 && Host != BuiltFor) {
    std::string Line = "corolint: libcorolint-tidy-" + std::to_string(BuiltFor) +
                       ".so is built for LLVM " + std::to_string(BuiltFor) +
                       " but this clang-tidy is LLVM " + std::to_string(Host) + ": ";
    if (isSupported(Host))
      Line += "load libcorolint-tidy-" + std::to_string(Host) +
              ".so instead (Debian package corolint-tidy-" + std::to_string(Host) + ")\n";
    else
      Line += "corolint supports LLVM " COROLINT_SUPPORTED_LLVM_MAJORS_TEXT "; run clang-tidy-" +
              std::to_string(BuiltFor) + " with this module\n";
    refuse(Line);
  }
  std::string Checks = thisDirectory() + "/" COROLINT_CHECKS_MODULE;
  // RTLD_NOW: a symbol the host lacks is reported here, with the file's name,
  // not later as a crash in the middle of a check.
  if (dlopen(Checks.c_str(), RTLD_NOW | RTLD_LOCAL))
    return;
  std::string Why = dlerror();
  if (Host == 0) // LLVMGetVersion is missing before LLVM 16
    refuse("corolint: libcorolint-tidy-" + std::to_string(BuiltFor) + ".so is built for LLVM " +
           std::to_string(BuiltFor) +
           " but this clang-tidy is older than LLVM 16: run clang-tidy-" +
           std::to_string(BuiltFor) + " with it (" + Why + ")\n");
  refuse("corolint: cannot load the checks of LLVM " + std::to_string(BuiltFor) + " (" + Why +
         ")\n");
}

// Runs when clang-tidy dlopens this file for --load.
[[maybe_unused]] const bool Loaded = (loadChecks(), true);

} // namespace
