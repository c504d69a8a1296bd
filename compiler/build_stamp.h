// The no-op fast path of `build`: after a build, a stamp in the user's cache records what
// went in (compiler, options, every file read) and what came out (every owned file's hash),
// each file with what lstat said of it once it had settled, so a no-op need not read it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "render.h"

namespace kalypso {

/// One file a stamp vouches for: its content hash and, when the file had settled (its last
/// change well before the build began), its size, mtime, ctime and inode ("" otherwise).
struct StampEntry {
  std::string path;
  std::string hash;
  std::string facts;
};

/// Everything a build's result depends on, and what it wrote.
struct BuildStamp {
  std::string compiler;  ///< identity of the compiler binary (version, size, mtime)
  std::string options;   ///< options that change the output (stdlib directory, ...)
  std::string stack;     ///< absolute path of the stack file
  std::string repo_root;
  std::vector<StampEntry> inputs;  ///< absolute paths
  std::vector<StampEntry> owned;   ///< repo-relative paths
};

/// Directory of stamps: $KALYPSO_CACHE_DIR, else $XDG_CACHE_HOME/kalypsoc, else ~/.cache/kalypsoc
/// ("" when none can be determined: the fast path is then off).
std::string StampDir();

/// The stamp file of a stack (absolute path) inside `dir`.
std::string StampFile(const std::string& dir, const std::string& stack_abs);

/// The clock file times are compared with (ns since the epoch); a build reads it before it
/// reads its first input.
int64_t StampClock();

/// Builds the stamp of a finished compilation: `inputs` are the files it read (absolute path
/// -> hash of the bytes it compiled: a file edited during the build is not vouched for).
/// `since` is StampClock() at the start of the build: only files unchanged since then get
/// their lstat facts recorded (the others are hashed by the next check).
BuildStamp MakeStamp(const std::string& compiler, const std::string& options, const std::string& stack_abs,
                     const std::string& repo_root, const std::map<std::string, std::string>& inputs, const Tree& tree,
                     int64_t since);

/// Writes the stamp (temporary file + rename); false when the cache is not writable.
bool WriteStamp(const std::string& file, const BuildStamp& stamp);

/// True when the stamp at `file` matches this compiler and options and every input and
/// owned file on disk still has its recorded hash; `why` says what differed otherwise. A
/// file whose lstat facts match the recorded ones is not read; when files had to be hashed
/// and have settled since, the stamp is rewritten with their facts. `files_read` counts the
/// files that had to be read; `owned_files` (optional) how many generated files it vouches for.
bool StampUpToDate(const std::string& file, const std::string& compiler, const std::string& options,
                   const std::string& stack_abs, std::string* why, int* files_checked, int* files_read,
                   int* owned_files = nullptr);

}  // namespace kalypso
