// File access behind a small interface, so unit tests compile in memory and the real
// compiler reads and writes disk through the same calls.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kalypso {

/// What the compiler needs from a file system.
class FileSystem {
 public:
  virtual ~FileSystem() = default;
  /// Reads a regular file; nullopt (and *err set) when it is missing, not a file or unreadable.
  virtual std::optional<std::string> Read(const std::string& path, std::string* err) = 0;
  /// True when `path` exists (any type).
  virtual bool Exists(const std::string& path) = 0;
  /// True when `path` is a directory.
  virtual bool IsDir(const std::string& path) = 0;
  /// The canonical absolute path of an existing file or directory (symlinks resolved); "" when missing.
  virtual std::string RealPath(const std::string& path) = 0;
  /// Names of the entries of directory `dir`, sorted; empty when it is not a directory.
  virtual std::vector<std::string> List(const std::string& dir) = 0;
};

/// The real disk.
class DiskFileSystem : public FileSystem {
 public:
  std::optional<std::string> Read(const std::string& path, std::string* err) override;
  bool Exists(const std::string& path) override;
  bool IsDir(const std::string& path) override;
  std::string RealPath(const std::string& path) override;
  std::vector<std::string> List(const std::string& dir) override;
};

/// The process's one DiskFileSystem (for stages given no other).
FileSystem& DiskFs();

/// Files held in memory (tests, fuzzing).
class MemoryFileSystem : public FileSystem {
 public:
  std::map<std::string, std::string> files;
  /// Directories read from the disk instead (the stdlib, which tests do not copy).
  std::vector<std::string> from_disk;
  std::optional<std::string> Read(const std::string& path, std::string* err) override;
  bool Exists(const std::string& path) override;
  bool IsDir(const std::string& path) override;
  std::string RealPath(const std::string& path) override;
  std::vector<std::string> List(const std::string& dir) override;
};

/// Lexically normalised path ("a/./b/../c" -> "a/c"); keeps a leading "/" or "..".
std::string NormalizePath(const std::string& path);
/// Directory part of a path ("" for a bare file name).
std::string DirName(const std::string& path);
/// Joins two paths; an absolute `rel` wins.
std::string JoinPath(const std::string& base, const std::string& rel);
/// Writes a cache file (creating its directories) through a temporary file and a rename;
/// false when that is not possible. For kalypsoc's own caches, not for the output tree.
bool WriteCacheFile(const std::string& path, const std::string& bytes);
/// 64-bit FNV-1a of `bytes`, as 16 hex digits (content identity, not security).
std::string ContentHash(const std::string& bytes);
/// Absolute path: symlinks resolved when the path exists, else lexically from the cwd.
std::string AbsolutePath(const std::string& path);

}  // namespace kalypso
