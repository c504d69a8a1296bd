// kalypsoc.yaml: `stacks:` lists the repository's stack files, relative to the file. Found
// upward from the current directory like .gitignore-style tools do; never read beyond .git.
#include "repo_config.h"

#include <dirent.h>
#include <limits.h>
#include <stdlib.h>

#include <algorithm>
#include <yaml-cpp/yaml.h>

namespace kalypso {

namespace {

std::string RealOf(const std::string& p) {
  char buf[PATH_MAX];
  return realpath(p.c_str(), buf) ? std::string(buf) : std::string();
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Reads the `stacks:` list of `file` (shown as `display`); paths are joined to `prefix`.
bool ParseConfig(const std::string& display, const std::string& text, const std::string& prefix, RepoConfig* config,
                 Diags& diags) {
  diags.AddSource(display, text);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    diags.Error({display, e.mark.line + 1, e.mark.column + 1}, "invalid YAML: " + e.msg);
    return false;
  }
  if (!root.IsMap() || !root["stacks"] || !root["stacks"].IsSequence()) {
    diags.Error({display, 1, 1}, "expected `stacks:` with a list of stack files (relative to this file)");
    return false;
  }
  for (const auto& item : root["stacks"]) {
    Location at{display, item.Mark().line + 1, item.Mark().column + 1};
    if (!item.IsScalar()) {
      diags.Error(at, "each entry of `stacks:` is a path to a stack file");
      continue;
    }
    std::string path = NormalizePath(JoinPath(prefix, item.as<std::string>()));
    if (!RealOf(path).empty() && DiskFileSystem().IsDir(path)) {
      diags.Error(at, "'" + item.as<std::string>() + "' " + DirectoryGivenMessage(path));
    } else if (RealOf(path).empty()) {
      diags.Error(at, "no stack file '" + item.as<std::string>() + "' (paths are relative to " + display + ")");
    } else {
      config->stacks.push_back(path);
    }
  }
  return !diags.HasErrors();
}

}  // namespace

bool LoadRepoConfig(RepoConfig* config, Diags& diags) {
  std::string prefix = "", unused;
  for (int depth = 0; depth < 64; ++depth) {
    std::string dir = prefix.empty() ? "." : prefix;
    std::string file = JoinPath(prefix, kRepoConfigName);
    if (std::optional<std::string> text = DiskFileSystem().Read(file, &unused)) {
      config->file = file;
      return ParseConfig(file, *text, prefix, config, diags);
    }
    std::string real = RealOf(dir);
    if (real.empty() || real == "/" || DiskFileSystem().Exists(JoinPath(dir, ".git"))) break;
    prefix = prefix.empty() ? ".." : prefix + "/..";
  }
  diags.Error({".", 0, 0}, std::string("no stack given and no ") + kRepoConfigName +
                               " here or above (up to the repository root); name the stack files, or list them in " +
                               kRepoConfigName + " as `stacks: [path/to/stack.yaml]`");
  return false;
}

std::vector<std::string> StackFilesIn(const std::string& given) {
  std::string dir = NormalizePath(given);
  std::vector<std::string> found;
  DIR* d = opendir(dir.c_str());
  if (!d) return found;
  while (dirent* e = readdir(d)) {
    std::string n = e->d_name;
    if (!EndsWith(n, ".yaml") && !EndsWith(n, ".yml") && !EndsWith(n, ".jsonnet")) continue;
    std::string path = JoinPath(dir, n);
    std::string unused;
    std::optional<std::string> text = DiskFileSystem().Read(path, &unused);
    if (!text) continue;
    bool yaml = !EndsWith(n, ".jsonnet");
    // A YAML stack has `components:` at the start of a line; a Jsonnet one the word anywhere.
    if (yaml ? (text->rfind("components:", 0) == 0 || text->find("\ncomponents:") != std::string::npos)
             : text->find("components") != std::string::npos)
      found.push_back(path);
  }
  closedir(d);
  std::sort(found.begin(), found.end());
  return found;
}

std::string DirectoryGivenMessage(const std::string& dir) {
  std::vector<std::string> inside = StackFilesIn(dir);
  if (inside.empty()) return "is a directory and holds no stack file (*.yaml, *.yml or *.jsonnet with `components`)";
  std::string list;
  for (const auto& f : inside) list += (list.empty() ? "" : ", ") + f;
  return "is a directory; pass the stack file" + std::string(inside.size() > 1 ? "s" : "") + " in it: " + list;
}

std::optional<std::string> RecordingFileSystem::Read(const std::string& path, std::string* err) {
  std::optional<std::string> text = disk_.Read(path, err);
  if (text) reads[CanonicalPath(path)] = ContentHash(*text);
  return text;
}

std::string CanonicalPath(const std::string& path) { return AbsolutePath(path); }

bool Affects(const std::set<std::string>& changed, const std::set<std::string>& inputs, const std::string& output_dir) {
  for (const auto& f : changed)
    if (inputs.count(f) || (f.size() > output_dir.size() && f.compare(0, output_dir.size(), output_dir) == 0 &&
                            f[output_dir.size()] == '/'))
      return true;
  return false;
}

}  // namespace kalypso
