// Compile(): the whole pipeline on one screen. Each stage reports into Diags and the
// pipeline stops after the first stage that found errors.
#include "compile.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "load.h"
#include "plan.h"
#include "policy.h"
#include "repo_config.h"
#include "resolve.h"
#include "stage_clock.h"
#include "validate.h"
#include "wire.h"
#include "write.h"

namespace kalypso {

namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::string FindRepoRoot(const std::string& stack_path) {
  std::string dir = DirName(AbsolutePath(stack_path));
  while (!dir.empty()) {
    if (access((dir + "/.git").c_str(), F_OK) == 0) return dir;
    if (dir == "/") break;
    dir = DirName(dir);
  }
  return AbsolutePath(".");
}

static EvalOptions EvalOptionsOf(const CompileOptions& options, FileSystem& fs) {
  EvalOptions eval;
  eval.fs = &fs;
  eval.stdlib_dir = options.stdlib_dir;
  eval.sandbox = options.sandbox;
  eval.cache_dir = options.cache_dir;
  return eval;
}

static bool Load(const std::string& path, FileSystem& fs, const CompileOptions& options, Compilation* c, Diags& diags) {
  if (EndsWith(path, ".jsonnet") || EndsWith(path, ".libsonnet")) {
    std::string err;
    std::optional<std::string> text = fs.Read(path, &err);
    if (!text) {
      diags.Error({path, 0, 0}, "cannot read stack: " + err);
      return false;
    }
    diags.AddSource(path, *text);
    c->stack_hash = ContentHash(*text);
    if (!CheckInputBytes(path, *text, diags)) return false;
    return EvaluateJsonnetStack(path, path, EvalOptionsOf(options, fs), &c->doc, &c->catalog, diags);
  }
  if (fs.IsDir(path)) {
    diags.Error({path, 0, 0}, DirectoryGivenMessage(path));
    return false;
  }
  if (!EndsWith(path, ".yaml") && !EndsWith(path, ".yml")) {
    diags.Error({path, 0, 0}, "unknown stack format; name the file *.yaml, *.yml or *.jsonnet");
    return false;
  }
  std::string err;
  std::optional<std::string> text = fs.Read(path, &err);
  if (!text) {
    diags.Error({path, 0, 0}, "cannot read stack: " + err);
    return false;
  }
  c->stack_hash = ContentHash(*text);
  LoadLimits limits;
  limits.sandbox = options.sandbox;
  return LoadYaml(path, *text, &c->doc, diags, limits);
}

bool Compile(const std::string& path, FileSystem& fs, const CompileOptions& options, Compilation* c, Diags& diags) {
  StageClock clock;
  bool jsonnet = EndsWith(path, ".jsonnet") || EndsWith(path, ".libsonnet");
  if (!clock.Lap("load", Load(path, fs, options, c, diags))) return false;
  if (!clock.Lap("validate", ValidateStack(c->doc, &c->stack, diags))) return false;
  c->stack.stack_path = path;
  c->stack.repo_root = FindRepoRoot(path);
  std::string abs = AbsolutePath(path);
  c->stack.stack_rel = abs.compare(0, c->stack.repo_root.size() + 1, c->stack.repo_root + "/") == 0
                           ? abs.substr(c->stack.repo_root.size() + 1)
                           : path;
  if (options.until == Until::kValidate && jsonnet) return true;
  if (!jsonnet && !clock.Lap("stdlib", EvaluateStdlib(c->doc.root, path, EvalOptionsOf(options, fs), &c->catalog, diags)))
    return false;
  if (!clock.Lap("resolve", Resolve(c->stack, c->catalog, &c->compiled, diags))) return false;
  if (!clock.Lap("plan", PlanWaves(c->stack, &c->compiled, diags))) return false;
  if (!clock.Lap("wire", WireValues(c->stack, &c->compiled, diags))) return false;
  if (!clock.Lap("policy", CheckPolicy(c->stack, c->compiled, diags))) return false;
  if (options.until != Until::kRender) return true;
  if (!clock.Lap("render", RenderTree(c->stack, c->compiled, fs, &c->tree, diags))) {
    c->tree.clear();  // a failed compile has no tree, not half of one
    return false;
  }
  AddManifest(NormalizePath(c->stack.output), c->stack.stack_rel, &c->tree, &c->hashes);
  return clock.Lap("manifest");
}

}  // namespace kalypso
