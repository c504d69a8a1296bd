// A FileSystem over one git revision, for `kalypsoc diff`: files inside the repository are
// read from git objects in memory (no checkout, no network); files outside it from the disk.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fs.h"

namespace kalypso {

/// One `git cat-file --batch` child process serving every object a diff reads.
///
/// Why a child process and not reading objects ourselves: loose objects need zlib and packs
/// need delta resolution, multi-pack indexes, alternates and SHA-256 repositories; git already
/// does all of it, and one long-lived process costs one fork for the whole run. Remote
/// protocols are disabled (`-c protocol.allow=never`, `GIT_NO_LAZY_FETCH=1`), so an object
/// missing from a partial clone is an error, never a download.
class GitObjects {
 public:
  /// What git answered for one object name.
  struct Object {
    std::string status;  ///< "blob", "tree", "commit", "tag", or "missing", "symlink", "dangling", "loop", "notdir", "ambiguous", "too-large"
    std::string oid;     ///< hex object id (objects only)
    std::string data;    ///< the object's bytes (objects up to the size limit)
    size_t size = 0;
  };

  ~GitObjects();
  /// Starts `git cat-file` in `repo_root`; nullptr with *err set when git cannot run.
  static std::unique_ptr<GitObjects> Open(const std::string& repo_root, std::string* err);
  /// Looks `name` up ("REV^{commit}", "OID:path"); false (and *err) when the process failed.
  bool Get(const std::string& name, Object* out, std::string* err);

  /// Largest object read into memory.
  static constexpr size_t kMaxBytes = 4 * 1024 * 1024;

 private:
  GitObjects() = default;
  bool ReadLine(std::string* line);
  bool ReadExact(size_t n, std::string* out);
  int pid_ = -1, in_ = -1, out_ = -1;
  std::string buf_;
  size_t pos_ = 0;
};

/// Runs `git ARGS...` in `repo_root` (no shell, no network); its stdout with the final
/// newline removed, or nullopt with *err holding git's message.
std::optional<std::string> RunGit(const std::string& repo_root, const std::vector<std::string>& args, std::string* err);

/// The files of one commit. Paths are the same as in the working tree (relative to the current
/// directory, or absolute); those under `repo_root` come from the commit, others from the disk.
class GitFileSystem : public FileSystem {
 public:
  /// `commit` is a full object id; `repo_root` the repository's real absolute path.
  GitFileSystem(GitObjects& git, std::string repo_root, std::string commit)
      : git_(git), root_(std::move(repo_root)), commit_(std::move(commit)) {}
  std::optional<std::string> Read(const std::string& path, std::string* err) override;
  bool Exists(const std::string& path) override;
  bool IsDir(const std::string& path) override;
  std::string RealPath(const std::string& path) override;
  std::vector<std::string> List(const std::string& dir) override;

 private:
  /// The path relative to the repository root ("" for the root itself); nullopt when outside.
  std::optional<std::string> InRepo(const std::string& path) const;
  const GitObjects::Object& Lookup(const std::string& rel);
  GitObjects& git_;
  std::string root_, commit_;
  std::map<std::string, GitObjects::Object> cache_;  ///< rel path -> answer
};

}  // namespace kalypso
