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

/// The calls that change an output tree. Each returns 0 or an errno value; all go through
/// one virtual `Do`, so a test layer can fail (or "crash" at) any one of them. Reads go to
/// the disk directly (they change nothing).
class TreeFileSystem {
 public:
  /// Kinds of operation, for fault injection.
  enum class Op { kMkdir, kWrite, kFsync, kSyncFs, kRename, kUnlink, kRmdir };
  /// One operation: `path`, and `arg` (the target of a rename, the bytes of a write).
  struct Call {
    Op op;
    const std::string& path;
    const std::string* arg = nullptr;
  };
  virtual ~TreeFileSystem() = default;
  /// Creates directory `path` (its parent exists).
  int MakeDir(const std::string& path) { return Do({Op::kMkdir, path}); }
  /// Creates `path`, which must not exist (never through a symlink), holding `bytes`; on
  /// stable storage after the next SyncAll (its write-back starts at once).
  int WriteNew(const std::string& path, const std::string& bytes) { return Do({Op::kWrite, path, &bytes}); }
  /// Flushes directory `path` (its entries) to stable storage.
  int SyncDir(const std::string& path) { return Do({Op::kFsync, path}); }
  /// Flushes the whole file system holding directory `path` (syncfs): every file written and
  /// every entry changed on it before is on stable storage. One call instead of an fsync per
  /// file and directory: a publish of many files waits for one flush, not for each.
  int SyncAll(const std::string& path) { return Do({Op::kSyncFs, path}); }
  /// rename(2): atomic within one file system.
  int Rename(const std::string& from, const std::string& to) { return Do({Op::kRename, from, &to}); }
  /// unlink(2).
  int Unlink(const std::string& path) { return Do({Op::kUnlink, path}); }
  /// rmdir(2): fails unless the directory is empty.
  int RemoveDir(const std::string& path) { return Do({Op::kRmdir, path}); }
  /// Performs one call.
  virtual int Do(const Call& call) = 0;
};

/// The real disk. `KALYPSO_FAULT_AFTER_OPS=N` (tests) ends the process with SIGKILL at its
/// N+1-th operation, or does what `KALYPSO_FAULT` says:
/// `stop` (SIGSTOP, then go on), or an errno name (`ENOSPC`, `EIO`, `EACCES`, ...) that
/// operation fails with. With `KALYPSO_TEST_NO_FSYNC` set, nothing is fsynced (for tests
/// whose faults are not power losses).
class DiskTreeFileSystem : public TreeFileSystem {
 public:
  DiskTreeFileSystem();
  int Do(const Call& call) override;

 private:
  int Fault();  // 0, or the errno the next operation fails with (after KALYPSO_FAULT_AFTER_OPS)
  int Write(const std::string& path, const std::string& bytes);
  int Sync(const std::string& dir, bool whole_file_system);
  long ops_ = 0, fault_after_ = -1;
  bool sync_ = true;
  int fault_errno_ = 0;  // 0: kill; -1: stop
};

/// Wraps another TreeFileSystem and fails its n-th operation of one kind (or of any kind),
/// counted from 0, with `err`, as a disk would: a failed write leaves half the bytes. In crash mode (`err` == 0) that operation and
/// every later one do nothing and report success, as if the process had died there.
class FaultyTreeFileSystem : public TreeFileSystem {
 public:
  FaultyTreeFileSystem(TreeFileSystem& inner, std::optional<Op> kind, int nth, int err)
      : inner_(inner), kind_(kind), nth_(nth), err_(err) {}
  int Do(const Call& call) override;
  /// True once the fault has happened.
  [[nodiscard]] bool fired() const { return fired_; }

 private:
  int Hit(Op op);  // -1: do it; 0: pretend (crashed); else the errno to return
  TreeFileSystem& inner_;
  std::optional<Op> kind_;
  int nth_, err_, seen_ = 0;
  bool fired_ = false;
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
