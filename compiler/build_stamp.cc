// The build stamp: written after every successful build, consulted before the next one.
// A stamp is only ever trusted when every byte it vouches for still hashes the same.
#include "build_stamp.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "fs.h"
#include "write.h"

namespace kalypso {

namespace {

constexpr const char* kMagic = "kalypsoc-stamp 1";

// Reads a regular file (never through a symlink); false otherwise.
bool ReadRegular(const std::string& path, std::string* out) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

}  // namespace

std::string StampDir() {
  if (std::string d = Env("KALYPSO_CACHE_DIR"); !d.empty()) return d;
  if (std::string d = Env("XDG_CACHE_HOME"); !d.empty() && d[0] == '/') return d + "/kalypsoc";
  if (std::string h = Env("HOME"); !h.empty() && h[0] == '/') return h + "/.cache/kalypsoc";
  return "";
}

std::string StampFile(const std::string& dir, const std::string& stack_abs) {
  return dir + "/stamp-" + ContentHash(stack_abs);
}

BuildStamp MakeStamp(const std::string& compiler, const std::string& options, const std::string& stack_abs,
                     const std::string& repo_root, const std::map<std::string, std::string>& inputs, const Tree& tree) {
  BuildStamp s{compiler, options, stack_abs, repo_root, {}, {}};
  for (const auto& [path, hash] : inputs) s.inputs.emplace_back(path, hash);
  for (const auto& [path, bytes] : tree) s.owned.emplace_back(path, ContentHash(bytes));
  return s;
}

bool WriteStamp(const std::string& file, const BuildStamp& s) {
  std::string text = std::string(kMagic) + "\ncompiler " + s.compiler + "\noptions " + s.options + "\nstack " +
                     s.stack + "\nrepo " + s.repo_root + "\n";
  for (const auto& [path, hash] : s.inputs) text += "input " + hash + " " + path + "\n";
  for (const auto& [path, hash] : s.owned) text += "owned " + hash + " " + path + "\n";
  return WriteCacheFile(file, text);
}

bool StampUpToDate(const std::string& file, const std::string& compiler, const std::string& options,
                   const std::string& stack_abs, std::string* why, int* files_checked, int* owned_files) {
  *files_checked = 0;
  int owned = 0;
  std::ifstream in(file, std::ios::binary);
  std::string line;
  if (!in || !std::getline(in, line) || line != kMagic) return *why = "no previous build recorded", false;
  std::string repo_root;
  bool has_inputs = false, has_owned = false;
  while (std::getline(in, line)) {
    size_t sp = line.find(' ');
    if (sp == std::string::npos) return *why = "unreadable stamp", false;
    std::string key = line.substr(0, sp), rest = line.substr(sp + 1);
    if (key == "compiler") {
      if (rest != compiler) return *why = "the compiler changed", false;
    } else if (key == "options") {
      if (rest != options) return *why = "the options changed", false;
    } else if (key == "stack") {
      if (rest != stack_abs) return *why = "a different stack", false;
    } else if (key == "repo") {
      repo_root = rest;
    } else if (key == "input" || key == "owned") {
      size_t sp2 = rest.find(' ');
      if (sp2 == std::string::npos) return *why = "unreadable stamp", false;
      std::string hash = rest.substr(0, sp2), path = rest.substr(sp2 + 1);
      if (key == "owned") {
        // Owned paths are repo-relative and were checked when written; check again anyway.
        if (repo_root.empty() || NormalizePath(path) != path || path[0] == '/' || path.rfind("..", 0) == 0)
          return *why = "unreadable stamp", false;
        path = JoinPath(repo_root, path);
      }
      std::string bytes;
      ++*files_checked;
      if (!ReadRegular(path, &bytes) || ContentHash(bytes) != hash)
        return *why = (key == "input" ? "input changed: " : "generated file changed: ") + path, false;
      (key == "input" ? has_inputs : has_owned) = true;
      owned += key == "owned";
    } else {
      return *why = "unreadable stamp", false;
    }
  }
  if (!has_inputs || !has_owned) return *why = "unreadable stamp", false;
  if (owned_files) *owned_files = owned;
  return true;
}

}  // namespace kalypso
