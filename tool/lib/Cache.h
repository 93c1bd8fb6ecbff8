//===- Cache.h - Per-unit results kept between runs -------------*- C++ -*-===//
//
// An entry is found by a key over what the unit is (its file, directory,
// compile command), how it is analysed (the options) and by whom (the
// corolint version). It holds the unit's results and the list of files the
// unit read with their hashes: it is used only while every one of those files
// still has the same content, so editing a header re-runs exactly the units
// that include it.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_TOOL_CACHE_H
#define COROLINT_TOOL_CACHE_H

#include "UnitAnalyzer.h"
#include <optional>
#include <string>

namespace corolint::tool {

class ResultCache {
public:
  /// Entries live in Directory (created on the first store).
  explicit ResultCache(std::string Directory) : Directory(std::move(Directory)) {}

  static std::string keyFor(const clang::tooling::CompileCommand &Command, const UnitConfig &Config,
                            const ParseSettings &Settings);

  /// The stored results if every dependency is unchanged.
  std::optional<UnitResult> lookup(const std::string &Key) const;
  /// Stores a parsed unit's results (atomically; failures to write are
  /// ignored: the cache only saves time).
  void store(const std::string &Key, const UnitResult &Result) const;

private:
  std::string entryPath(const std::string &Key) const;
  std::string Directory;
};

} // namespace corolint::tool

#endif
