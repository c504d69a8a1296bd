// Safe tree writing. Every check (ownership, symlinks, directories in the way) runs before
// the first byte is written; each file is replaced atomically (temp file + rename), so a
// failure leaves every file either old or new, never truncated.
#include "write.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "fs.h"

namespace kalypso {

void AddManifest(const std::string& output_root, const std::string& stack_rel, Tree* tree) {
  std::string text = GeneratedHeader(stack_rel) + "# Files kalypsoc owns in this tree: content hash, path.\n";
  std::string prefix = output_root + "/";
  for (const auto& [path, bytes] : *tree)
    if (path.compare(0, prefix.size(), prefix) == 0) text += ContentHash(bytes) + "  " + path.substr(prefix.size()) + "\n";
  (*tree)[prefix + kManifestName] = text;
}

std::map<std::string, std::string> ReadManifest(const std::string& repo_root, const std::string& output_root) {
  std::map<std::string, std::string> owned;
  std::ifstream in(JoinPath(repo_root, output_root + "/" + kManifestName));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t sep = line.find("  ");
    if (sep == std::string::npos) continue;
    std::string rel = line.substr(sep + 2);
    // A manifest is input too: never let it name a path outside the output root.
    std::string norm = NormalizePath(rel);
    if (norm != rel || norm[0] == '/' || norm.rfind("..", 0) == 0) continue;
    owned[output_root + "/" + rel] = line.substr(0, sep);
  }
  return owned;
}

namespace {

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

// Every regular file below `dir` (relative paths prefixed with `rel`).
void ListFiles(const std::string& dir, const std::string& rel, std::set<std::string>* out) {
  DIR* d = opendir(dir.c_str());
  if (!d) return;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    std::string full = dir + "/" + name;
    struct stat st;
    if (lstat(full.c_str(), &st) != 0) continue;
    if (S_ISDIR(st.st_mode))
      ListFiles(full, rel + "/" + name, out);
    else
      out->insert(rel + "/" + name);
  }
  closedir(d);
}

}  // namespace

TreeDiff DiffTree(const std::string& repo_root, const std::string& output_root, const Tree& tree) {
  TreeDiff diff;
  for (const auto& [path, bytes] : tree) {
    std::string disk;
    if (!ReadFile(JoinPath(repo_root, path), &disk))
      diff.missing.push_back(path);
    else if (disk != bytes)
      diff.stale.push_back(path);
  }
  std::set<std::string> present;
  ListFiles(JoinPath(repo_root, output_root), output_root, &present);
  for (const auto& path : present)
    if (!tree.count(path)) diff.extra.push_back(path);
  return diff;
}

namespace {

// Refuses a path whose parent directories (inside the repository) include a symlink or a
// non-directory, and a target that is a symlink or a directory.
bool CheckPath(const std::string& repo_root, const std::string& rel, Diags& diags) {
  std::string cur = repo_root;
  size_t start = 0;
  for (;;) {
    size_t slash = rel.find('/', start);
    std::string part = rel.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    cur = JoinPath(cur, part);
    struct stat st;
    if (lstat(cur.c_str(), &st) != 0) return true;  // does not exist yet: fine
    std::string shown = rel.substr(0, slash == std::string::npos ? rel.size() : slash);
    if (S_ISLNK(st.st_mode)) {
      diags.Error({shown, 0, 0}, "refusing to write through a symbolic link; remove it or point 'output' elsewhere");
      return false;
    }
    if (slash == std::string::npos) {
      if (!S_ISREG(st.st_mode)) {
        diags.Error({shown, 0, 0}, "is not a regular file; kalypsoc needs to write a file here");
        return false;
      }
      return true;
    }
    if (!S_ISDIR(st.st_mode)) {
      diags.Error({shown, 0, 0}, "is a file, but the output needs a directory here");
      return false;
    }
    start = slash + 1;
  }
}

bool MakeDirs(const std::string& path, std::string* err) {
  std::string cur;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    cur = path.substr(0, slash == std::string::npos ? path.size() : slash);
    start = slash == std::string::npos ? path.size() + 1 : slash + 1;
    if (cur.empty()) continue;
    if (mkdir(cur.c_str(), 0755) != 0 && errno != EEXIST) {
      *err = std::strerror(errno);
      return false;
    }
  }
  return true;
}

bool AtomicWrite(const std::string& path, const std::string& bytes, bool inject_failure, std::string* err) {
  std::string dir = DirName(path);
  if (!dir.empty() && !MakeDirs(dir, err)) return false;
  std::string tmp = JoinPath(dir, ".kalypsoc-tmp-" + std::to_string(getpid()) + "-" + path.substr(path.rfind('/') + 1));
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0644);
  if (fd < 0) {
    *err = std::strerror(errno);
    return false;
  }
  size_t done = 0;
  bool ok = true;
  while (ok && done < bytes.size()) {
    ssize_t n = inject_failure ? -1 : write(fd, bytes.data() + done, bytes.size() - done);
    if (inject_failure) errno = ENOSPC;
    if (n < 0) {
      if (errno == EINTR) continue;
      *err = std::strerror(errno);
      ok = false;
    } else {
      done += static_cast<size_t>(n);
    }
  }
  if (inject_failure && bytes.empty()) {
    errno = ENOSPC;
    *err = std::strerror(errno);
    ok = false;
  }
  if (close(fd) != 0 && ok) {
    *err = std::strerror(errno);
    ok = false;
  }
  if (ok && rename(tmp.c_str(), path.c_str()) != 0) {
    *err = std::strerror(errno);
    ok = false;
  }
  if (!ok) unlink(tmp.c_str());
  return ok;
}

void RemoveEmptyDirs(const std::string& dir, const std::string& stop) {
  std::string cur = dir;
  while (cur.size() > stop.size() && rmdir(cur.c_str()) == 0) cur = DirName(cur);
}

}  // namespace

bool WriteTree(const std::string& repo_root, const std::string& output_root, const Tree& tree, WriteStats* stats,
               Diags& diags, int fail_after) {
  // 1. Check everything before the first write.
  std::map<std::string, std::string> owned = ReadManifest(repo_root, output_root);
  std::string manifest_path = output_root + "/" + kManifestName;
  std::vector<std::pair<std::string, const std::string*>> writes;
  bool ok = CheckPath(repo_root, output_root + "/x", diags);
  for (const auto& [path, bytes] : tree) {
    if (!ok) break;
    if (!CheckPath(repo_root, path, diags)) {
      ok = false;
      continue;
    }
    std::string disk;
    bool exists = ReadFile(JoinPath(repo_root, path), &disk);
    if (exists && disk == bytes) {
      ++stats->unchanged;
      continue;
    }
    if (exists && !owned.count(path) && path != manifest_path) {
      diags.Error({path, 0, 0}, "exists and was not generated by kalypsoc; move it out of '" + output_root +
                                    "' (kalypsoc never overwrites files it does not own)");
      ok = false;
      continue;
    }
    writes.emplace_back(path, &bytes);
  }
  std::vector<std::string> removals;
  for (const auto& [path, hash] : owned) {
    if (tree.count(path)) continue;
    std::string disk;
    if (!ReadFile(JoinPath(repo_root, path), &disk)) continue;
    if (ContentHash(disk) != hash) {
      diags.Warning({path, 0, 0}, "no longer generated, but edited since kalypsoc wrote it; left in place");
      continue;
    }
    if (!CheckPath(repo_root, path, diags)) {
      ok = false;
      continue;
    }
    removals.push_back(path);
  }
  if (!ok) return false;

  // 2. Write the changed files, the manifest last (it records what is now owned).
  std::stable_partition(writes.begin(), writes.end(), [&](const auto& w) { return w.first != manifest_path; });
  int n = 0;
  for (const auto& [path, bytes] : writes) {
    std::string err;
    if (!AtomicWrite(JoinPath(repo_root, path), *bytes, fail_after >= 0 && n++ >= fail_after, &err)) {
      diags.Error({path, 0, 0}, "cannot write: " + err + " (files written so far are complete; run the build again)");
      return false;
    }
    ++stats->written;
  }
  for (const auto& path : removals) {
    std::string full = JoinPath(repo_root, path);
    if (unlink(full.c_str()) == 0) {
      ++stats->removed;
      RemoveEmptyDirs(DirName(full), JoinPath(repo_root, output_root));
    }
  }
  return true;
}

}  // namespace kalypso
