// The diff driver: finds BASE, opens one git object reader, compiles each stack twice (at
// BASE through a GitFileSystem, then on disk) and hands both platforms to DiffPlatforms.
#include "diff_command.h"

#include <unistd.h>

#include <memory>
#include <set>

#include "compile.h"
#include "git_fs.h"

namespace kalypso {

bool DiffRun::Changed() const {
  for (const auto& s : stacks)
    if (s.status != "unchanged") return true;
  return false;
}

namespace {

bool HasStackSuffix(const std::string& name) {
  for (const char* ext : {".yaml", ".yml", ".jsonnet"}) {
    std::string e = ext;
    if (name.size() > e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0) return true;
  }
  return false;
}

// BASE when none is given: the merge base of HEAD with the default branch (origin/HEAD,
// else main, else master). Empty after reporting an error.
std::string DefaultBase(const std::string& root, DiffRun* run, Diags& diags, std::string* log) {
  std::string err, branch;
  if (auto ref = RunGit(root, {"symbolic-ref", "-q", "--short", "refs/remotes/origin/HEAD"}, &err)) {
    branch = *ref;
    *log += "BASE: default branch " + branch + " (from origin/HEAD)\n";
  } else {
    for (const char* b : {"main", "master"})
      if (branch.empty() && RunGit(root, {"rev-parse", "--verify", "-q", std::string("refs/heads/") + b}, &err)) {
        branch = b;
        *log += "BASE: default branch " + branch + " (origin/HEAD is not set)\n";
      }
  }
  if (branch.empty()) {
    diags.Error({root, 0, 0}, "no BASE given and no default branch found (origin/HEAD, main or master); name the revision "
                              "to compare with: kalypsoc diff BASE");
    return "";
  }
  std::optional<std::string> base = RunGit(root, {"merge-base", "HEAD", branch}, &err);
  if (!base) {
    diags.Error({root, 0, 0}, "no merge base of HEAD and '" + branch + "'" + (err.empty() ? "" : ": " + err) +
                                  "; name the revision to compare with: kalypsoc diff BASE");
    return "";
  }
  run->base = "merge base of HEAD and " + branch;
  return *base;
}

// The stacks compared when none is named: every stack file directly under stacks/, at BASE or now.
std::vector<std::string> DefaultStacks(const std::string& root, FileSystem& at_base) {
  std::set<std::string> names;
  for (FileSystem* fs : {&at_base, &DiskFs()})
    for (const auto& n : fs->List(root + "/stacks"))
      if (HasStackSuffix(n)) names.insert("stacks/" + n);
  return {names.begin(), names.end()};
}

// Compiles one side; nullptr when the stack does not exist there, or (with *failed saying
// which side, and its diagnostics in `diags`) when it does not compile.
std::unique_ptr<Compilation> CompileSide(const std::string& path, FileSystem& fs, const DiffRequest& request,
                                         const std::string& side, Diags& diags, std::string* failed) {
  if (!fs.Exists(path) || fs.IsDir(path)) return nullptr;
  auto c = std::make_unique<Compilation>();
  Diags local;  // each side registers its own source text for the carets
  CompileOptions options{request.stdlib_dir};  // no catalog cache: BASE's stdlib may differ
  if (Compile(path, fs, options, c.get(), local)) return c;
  diags = local;
  *failed = path + " does not compile " + side + "; its errors follow";
  return nullptr;
}

}  // namespace

bool RunDiff(const DiffRequest& given, DiffRun* run, Diags& diags, std::string* log) {
  DiffRequest request = given;
  // BASE may be left out before a STACK: a first argument that is a stack file is the STACK.
  if (HasStackSuffix(request.base) && DiskFs().Exists(request.base) && !DiskFs().IsDir(request.base)) {
    request.stacks.insert(request.stacks.begin(), request.base);
    request.base.clear();
  }
  std::string first = request.stacks.empty() ? "./stack" : request.stacks[0];
  std::string root = FindRepoRoot(first);
  if (access((root + "/.git").c_str(), F_OK) != 0) {
    diags.Error({request.stacks.empty() ? "." : first, 0, 0},
                "not inside a git repository; diff compares the working tree with a git revision");
    return false;
  }
  std::string commit = request.base;
  run->base = request.base;
  if (request.base.empty()) {
    commit = DefaultBase(root, run, diags, log);
    if (commit.empty()) return false;
  } else if (request.base[0] == '-' || request.base.find_first_of(std::string("\n\r\0", 3)) != std::string::npos) {
    diags.Error({"BASE", 0, 0}, "'" + request.base + "' is not a git revision");
    return false;
  }
  std::string err;
  std::unique_ptr<GitObjects> git = GitObjects::Open(root, &err);
  GitObjects::Object obj;
  if (!git || !git->Get(commit + "^{commit}", &obj, &err)) {
    diags.Error({root, 0, 0}, "cannot read the git repository: " + err);
    return false;
  }
  if (obj.status != "commit") {
    diags.Error({"BASE", 0, 0}, "'" + request.base + "' is not a commit in the repository at '" + root +
                                    "' (git cannot resolve it" + (obj.status == "ambiguous" ? ": ambiguous" : "") +
                                    "); give a branch, tag or commit id");
    return false;
  }
  run->commit = obj.oid;
  *log += "BASE: " + run->base + " = commit " + run->commit + "\n";
  GitFileSystem at_base(*git, root, run->commit);
  std::string stdlib = request.stdlib_dir.empty() ? "" : AbsolutePath(request.stdlib_dir);
  *log += request.stdlib_dir.empty() ? std::string("stdlib: built into kalypsoc (the same on both sides)\n")
          : "stdlib: " + request.stdlib_dir +
                (stdlib.compare(0, root.size() + 1, root + "/") == 0 ? " (inside the repository: read at BASE too)\n"
                                                                      : " (outside the repository: the same files on both sides)\n");
  std::vector<std::string> stacks = request.stacks.empty() ? DefaultStacks(root, at_base) : request.stacks;
  for (const auto& path : stacks) {
    std::string abs = AbsolutePath(path);
    if (abs.compare(0, root.size() + 1, root + "/") != 0) {
      diags.Error({path, 0, 0}, "the stack is outside the git repository at '" + root + "'; diff compares stacks of one repository");
      return false;
    }
    std::string side = "at BASE (" + run->commit.substr(0, 12) + ")";
    std::unique_ptr<Compilation> before = CompileSide(path, at_base, request, side, diags, &run->failed);
    if (!run->failed.empty()) return false;
    std::unique_ptr<Compilation> after = CompileSide(path, DiskFs(), request, "in the working tree", diags, &run->failed);
    if (!run->failed.empty()) return false;
    if (!before && !after) {
      diags.Error({path, 0, 0}, "no such stack file, neither at BASE nor in the working tree");
      return false;
    }
    *log += path + ": " + (before ? "compiled at BASE" : "not at BASE") + ", " +
            (after ? "compiled in the working tree" : "not in the working tree") + "\n";
    Platform a, b;
    if (before) a = PlatformOf(*before);
    if (after) b = PlatformOf(*after);
    run->stacks.push_back(DiffPlatforms(path, before ? &a : nullptr, after ? &b : nullptr, request.options));
  }
  return true;
}

}  // namespace kalypso
