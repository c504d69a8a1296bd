// Compile(): the whole pipeline on one screen. Each stage reports into Diags and the
// pipeline stops after the first stage that found errors.
#include "compile.h"

#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include "load.h"
#include "plan.h"
#include "policy.h"
#include "resolve.h"
#include "validate.h"
#include "wire.h"
#include "write.h"

namespace kalypso {

namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string Absolute(const std::string& path) {
  char buf[PATH_MAX];
  if (realpath(path.c_str(), buf)) return buf;
  if (!path.empty() && path[0] == '/') return NormalizePath(path);
  if (getcwd(buf, sizeof buf)) return NormalizePath(std::string(buf) + "/" + path);
  return path;
}

}  // namespace

std::string FindRepoRoot(const std::string& stack_path) {
  std::string dir = DirName(Absolute(stack_path));
  while (!dir.empty()) {
    if (access((dir + "/.git").c_str(), F_OK) == 0) return dir;
    if (dir == "/") break;
    dir = DirName(dir);
  }
  return Absolute(".");
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
    if (!CheckInputBytes(path, *text, diags)) return false;
    EvalOptions eval{options.stdlib_dir};
    return EvaluateJsonnetStack(path, path, eval, &c->doc, &c->catalog, diags);
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
  return LoadYaml(path, *text, &c->doc, diags);
}

bool Compile(const std::string& path, FileSystem& fs, const CompileOptions& options, Compilation* c, Diags& diags) {
  bool jsonnet = EndsWith(path, ".jsonnet") || EndsWith(path, ".libsonnet");
  if (!Load(path, fs, options, c, diags)) return false;
  if (!ValidateStack(c->doc, &c->stack, diags)) return false;
  c->stack.stack_path = path;
  c->stack.repo_root = FindRepoRoot(path);
  std::string abs = Absolute(path);
  c->stack.stack_rel = abs.compare(0, c->stack.repo_root.size() + 1, c->stack.repo_root + "/") == 0
                           ? abs.substr(c->stack.repo_root.size() + 1)
                           : path;
  if (options.until == Until::kValidate && jsonnet) return true;
  if (!jsonnet && !EvaluateStdlib(c->doc.root, EvalOptions{options.stdlib_dir}, &c->catalog, diags)) return false;
  if (!Resolve(c->stack, c->catalog, &c->compiled, diags)) return false;
  if (!PlanWaves(c->stack, &c->compiled, diags)) return false;
  if (!WireValues(c->stack, &c->compiled, diags)) return false;
  if (!CheckPolicy(c->stack, c->compiled, diags)) return false;
  if (options.until != Until::kRender) return true;
  if (!RenderTree(c->stack, c->compiled, fs, &c->tree, diags)) return false;
  AddManifest(NormalizePath(c->stack.output), c->stack.stack_rel, &c->tree);
  return true;
}

}  // namespace kalypso
