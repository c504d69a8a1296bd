// The repository's list of stacks (kalypsoc.yaml) and which of them a set of changed files
// affects: what `build`/`check` with no stack and the pre-commit hooks work from.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "diag.h"
#include "fs.h"

namespace kalypso {

/// The name of the repository file listing the stacks.
inline constexpr const char* kRepoConfigName = "kalypsoc.yaml";

/// A kalypsoc.yaml: where it is and the stacks it names (paths as the command line would
/// give them: relative to the current directory when the file is above it).
struct RepoConfig {
  std::string file;
  std::vector<std::string> stacks;
};

/// Finds kalypsoc.yaml in the current directory or the nearest one above it (not above the
/// repository root, the directory holding .git) and reads it. False with an error when there
/// is none or it is invalid (`stacks:` must list existing stack files).
bool LoadRepoConfig(RepoConfig* config, Diags& diags);

/// The stack files (*.yaml, *.yml, *.jsonnet with a top-level `components`) directly in `dir`.
std::vector<std::string> StackFilesIn(const std::string& dir);

/// The error for a directory given as a stack: it names the stack files inside, if any.
std::string DirectoryGivenMessage(const std::string& dir);

/// The disk, remembering every file read (absolute path -> content hash).
class RecordingFileSystem : public FileSystem {
 public:
  std::optional<std::string> Read(const std::string& path, std::string* err) override;
  bool Exists(const std::string& path) override { return disk_.Exists(path); }
  bool IsDir(const std::string& path) override { return disk_.IsDir(path); }
  std::string RealPath(const std::string& path) override { return disk_.RealPath(path); }
  std::vector<std::string> List(const std::string& dir) override { return disk_.List(dir); }
  std::map<std::string, std::string> reads;

 private:
  DiskFileSystem disk_;
};

/// A path made comparable: its real path when it exists, else its absolute normal form.
std::string CanonicalPath(const std::string& path);

/// True when a file in `changed` (canonical paths) is one of `inputs` (canonical paths) or
/// lies in the generated tree `output_dir` (canonical).
bool Affects(const std::set<std::string>& changed, const std::set<std::string>& inputs, const std::string& output_dir);

}  // namespace kalypso
