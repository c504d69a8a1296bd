// The no-op fast path of `build`: after a build, a stamp in the user's cache records what
// went in (compiler, options, every file read) and what came out (every owned file's hash,
// the directories holding them), each with what lstat said of it once it had settled.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "render.h"
#include "tree_scan.h"

namespace kalypso {

/// One input a stamp vouches for: its content hash and what lstat said of it once it had
/// settled (unknown otherwise: it is hashed by the next check).
struct StampEntry {
  std::string path;
  std::string hash;
  FileFacts facts;
};

/// Everything a build's result depends on, and what it wrote.
struct BuildStamp {
  std::string compiler;  ///< identity of the compiler binary (version, size, mtime)
  std::string options;   ///< options that change the output (stdlib directory, ...)
  std::string stack;     ///< absolute path of the stack file
  std::string repo_root;
  std::string output_root;         ///< repo-relative
  std::vector<StampEntry> inputs;  ///< absolute paths
  KnownTree owned;                 ///< owned files and the directories holding them (repo-relative)
};

/// Directory of stamps: $KALYPSO_CACHE_DIR, else $XDG_CACHE_HOME/kalypsoc, else ~/.cache/kalypsoc
/// ("" when none can be determined: the fast path is then off).
std::string StampDir();

/// The stamp file of a stack (absolute path) inside `dir`.
std::string StampFile(const std::string& dir, const std::string& stack_abs);

/// The clock file times are compared with (ns since the epoch); a build reads it before it
/// reads its first input.
int64_t StampClock();

/// Reads the stamp at `file`; false (and `why`) when there is none or it is unreadable.
bool ReadStamp(const std::string& file, BuildStamp* stamp, std::string* why);

/// The text of the stamp of a finished build (WriteStamp's format; for WriteCacheFile):
/// `inputs` are the files it read (absolute path -> hash of the bytes it compiled: a file
/// edited during the build is not vouched for);
/// `tree` what it generated into `output_root` (`hashes`: of its files), `scanned` what its
/// scan found there before
/// and `changed` what it wrote or removed. `since` is StampClock() at the start of the
/// build: only files and directories unchanged since then get their facts recorded (the
/// others are hashed or listed by the next check).
std::string MakeStampText(const std::string& compiler, const std::string& options, const std::string& stack_abs,
                          const std::string& repo_root, const std::string& output_root,
                          const std::map<std::string, std::string>& inputs, const Tree& tree, const TreeHashes& hashes,
                          const KnownTree& scanned, const std::vector<std::string>& changed, int64_t since);

/// Writes the stamp (temporary file + rename); false when the cache is not writable.
bool WriteStamp(const std::string& file, const BuildStamp& stamp);

/// True when `stamp` (read from `file`) matches this compiler and options and every input
/// and owned file on disk still has its recorded hash, with no foreign file in the output
/// tree; `why` says what differed otherwise. A file whose facts match the recorded ones is
/// not read, a directory whose facts match not listed; when files had to be hashed and
/// have settled since, the stamp is rewritten with their facts. `files_read` counts the
/// files that had to be read; `owned_files` how many generated files it vouches for.
bool StampUpToDate(const std::string& file, BuildStamp& stamp, const std::string& compiler, const std::string& options,
                   const std::string& stack_abs, std::string* why, int* files_checked, int* files_read,
                   int* owned_files);

}  // namespace kalypso
