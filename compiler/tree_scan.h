// What an output tree holds on disk, learnt with as few system calls as the last build
// allows: lstat of every file and directory it recorded, listings only of changed directories.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kalypso {

/// What lstat says of a file or directory, as the build stamp records it. `kind` is 'f'
/// (regular file), 'd' (directory), 'o' (anything else) or 0 (missing, or not recorded).
struct FileFacts {
  char kind = 0;
  uint64_t size = 0, mtime = 0, ctime = 0, ino = 0;
  [[nodiscard]] bool Known() const { return kind == 'f' || kind == 'd'; }
  bool operator==(const FileFacts& o) const {
    return kind == o.kind && size == o.size && mtime == o.mtime && ctime == o.ctime && ino == o.ino;
  }
  bool operator!=(const FileFacts& o) const { return !(*this == o); }
};

/// lstat of `path` (kind 0 when it does not exist).
FileFacts StatFacts(const std::string& path);
/// "size.mtime.ctime.ino" in hex, "-" when not known (regular files and directories only).
std::string FactsText(const FileFacts& f, char kind);
/// Parses FactsText (of an entry of `kind`); unknown facts for "-" or anything malformed.
FileFacts ParseFacts(std::string_view text, char kind);

/// True when the last change of the file (ctime) lies clearly before `since` (ns since the
/// epoch): bytes read after `since` are then what it holds, and any later change shows in
/// its facts. File systems with whole-second times get 2 s of margin, the others 50 ms.
bool Settled(const FileFacts& f, int64_t since);

/// What the last build recorded of its output tree: each owned file's hash and facts, and
/// the facts of each directory (paths relative to the repository root); ScanTree adds what
/// it found now.
struct KnownTree {
  struct File {
    std::string hash;
    FileFacts facts;
    FileFacts now;         ///< as found by ScanTree
    bool trusted = false;  ///< as recorded, reached through directories only: holds the recorded bytes
  };
  struct Dir {
    FileFacts facts;
    FileFacts now;        ///< as found by ScanTree
    bool sealed = false;  ///< as recorded: no entry was added, removed or renamed in it
  };
  std::unordered_map<std::string, File> files;
  std::unordered_map<std::string, Dir> dirs;
};

/// What a scan found that the known tree does not list.
struct TreeScan {
  /// Every file (any non-directory) present that the known tree does not list, sorted;
  /// directories listed by out/.gitignore and kalypsoc's staging area are not entered.
  std::vector<std::string> found;
};

/// Scans `output_root` (relative to `repo_root`) against `known`, filling in each entry's
/// facts now: lstat of every known file and directory (in parallel when there are many), a
/// listing of each directory that is new or changed. Without known entries it is a full walk.
TreeScan ScanTree(const std::string& repo_root, const std::string& output_root, KnownTree* known);

/// What out/.gitignore lists. kalypsoc generates every line, so matching needs no globbing:
/// "/name" anchors at the root, a trailing "/" means a directory (and all below it).
inline constexpr const char* kIgnoredPatterns[] = {"/.kalypsoc-lock", "/.kalypsoc-journal", "/.kalypsoc-staging/",
                                                   "charts/"};

/// True for a path (relative to the output root) that out/.gitignore lists.
bool IgnoredPath(const std::string& rel);

}  // namespace kalypso
