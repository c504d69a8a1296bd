// The no-op fast path of `build`: after a build, a stamp in the user's cache records what
// went in (compiler, options, every file read) and what came out (every owned file's hash).
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "render.h"

namespace kalypso {

/// Everything a build's result depends on, and what it wrote.
struct BuildStamp {
  std::string compiler;  ///< identity of the compiler binary (version, size, mtime)
  std::string options;   ///< options that change the output (stdlib directory, ...)
  std::string stack;     ///< absolute path of the stack file
  std::string repo_root;
  std::vector<std::pair<std::string, std::string>> inputs;  ///< absolute path, content hash
  std::vector<std::pair<std::string, std::string>> owned;   ///< repo-relative path, content hash
};

/// Directory of stamps: $KALYPSO_CACHE_DIR, else $XDG_CACHE_HOME/kalypsoc, else ~/.cache/kalypsoc
/// ("" when none can be determined: the fast path is then off).
std::string StampDir();

/// The stamp file of a stack (absolute path) inside `dir`.
std::string StampFile(const std::string& dir, const std::string& stack_abs);

/// Builds the stamp of a finished compilation: `inputs` are the files it read (absolute path
/// -> hash of the bytes it compiled: a file edited during the build is not vouched for).
BuildStamp MakeStamp(const std::string& compiler, const std::string& options, const std::string& stack_abs,
                     const std::string& repo_root, const std::map<std::string, std::string>& inputs, const Tree& tree);

/// Writes the stamp (temporary file + rename); false when the cache is not writable.
bool WriteStamp(const std::string& file, const BuildStamp& stamp);

/// True when the stamp at `file` matches this compiler and options and every input and
/// owned file on disk still has its recorded hash; `why` says what differed otherwise.
/// `owned_files` (optional) gets how many generated files the stamp vouches for.
bool StampUpToDate(const std::string& file, const std::string& compiler, const std::string& options,
                   const std::string& stack_abs, std::string* why, int* files_checked, int* owned_files = nullptr);

}  // namespace kalypso
