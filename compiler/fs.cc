// Disk and in-memory file systems and lexical path helpers.
#include "fs.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <dirent.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace kalypso {

// Inputs larger than this are refused before reading: a stack is a few kilobytes.
static constexpr off_t kMaxInputBytes = 4 * 1024 * 1024;

std::optional<std::string> DiskFileSystem::Read(const std::string& path, std::string* err) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    *err = "no such file";
    return std::nullopt;
  }
  if (S_ISDIR(st.st_mode)) {
    *err = "is a directory, not a file";
    return std::nullopt;
  }
  if (!S_ISREG(st.st_mode)) {
    *err = "not a regular file";
    return std::nullopt;
  }
  if (st.st_size > kMaxInputBytes) {
    *err = "file is " + std::to_string(st.st_size) + " bytes, more than the limit of " +
           std::to_string(kMaxInputBytes);
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *err = "cannot open for reading";
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool DiskFileSystem::Exists(const std::string& path) {
  struct stat st;
  return lstat(path.c_str(), &st) == 0;
}

bool DiskFileSystem::IsDir(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string DiskFileSystem::RealPath(const std::string& path) {
  char buf[PATH_MAX];
  return realpath(path.c_str(), buf) ? buf : "";
}

std::vector<std::string> DiskFileSystem::List(const std::string& dir) {
  std::vector<std::string> names;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n != "." && n != "..") names.push_back(n);
    }
    closedir(d);
  }
  std::sort(names.begin(), names.end());
  return names;
}

FileSystem& DiskFs() {
  static DiskFileSystem disk;
  return disk;
}

namespace {

bool OnDisk(const std::vector<std::string>& dirs, const std::string& path) {
  std::string p = NormalizePath(path);
  for (const auto& d : dirs) {
    std::string dir = NormalizePath(d);
    if (p == dir || p.compare(0, dir.size() + 1, dir + "/") == 0) return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> MemoryFileSystem::Read(const std::string& path, std::string* err) {
  if (OnDisk(from_disk, path)) return DiskFs().Read(path, err);
  auto it = files.find(NormalizePath(path));
  if (it == files.end()) {
    *err = IsDir(path) ? "is a directory, not a file" : "no such file";
    return std::nullopt;
  }
  return it->second;
}

bool MemoryFileSystem::Exists(const std::string& path) {
  if (OnDisk(from_disk, path)) return DiskFs().Exists(path);
  return files.count(NormalizePath(path)) > 0 || IsDir(path);
}

bool MemoryFileSystem::IsDir(const std::string& path) {
  if (OnDisk(from_disk, path)) return DiskFs().IsDir(path);
  std::string prefix = NormalizePath(path) + "/";
  auto it = files.lower_bound(prefix);
  return it != files.end() && it->first.compare(0, prefix.size(), prefix) == 0;
}

std::string MemoryFileSystem::RealPath(const std::string& path) {
  if (OnDisk(from_disk, path)) return DiskFs().RealPath(path);
  return Exists(path) ? NormalizePath(path) : "";
}

std::vector<std::string> MemoryFileSystem::List(const std::string& dir) {
  if (OnDisk(from_disk, dir)) return DiskFs().List(dir);
  std::string prefix = NormalizePath(dir) + "/";
  std::vector<std::string> names;
  for (auto it = files.lower_bound(prefix); it != files.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
    std::string name = it->first.substr(prefix.size());
    name = name.substr(0, name.find('/'));
    names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::string NormalizePath(const std::string& path) {
  bool absolute = !path.empty() && path[0] == '/';
  std::vector<std::string> parts;
  std::string cur;
  auto flush = [&] {
    if (cur.empty() || cur == ".") {
    } else if (cur == ".." && !parts.empty() && parts.back() != "..") {
      parts.pop_back();
    } else if (!(cur == ".." && absolute)) {
      parts.push_back(cur);
    }
    cur.clear();
  };
  for (char c : path) {
    if (c == '/')
      flush();
    else
      cur += c;
  }
  flush();
  std::string out = absolute ? "/" : "";
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "/" : "") + parts[i];
  if (out.empty()) out = ".";
  return out;
}

std::string DirName(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return "";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string JoinPath(const std::string& base, const std::string& rel) {
  if (!rel.empty() && rel[0] == '/') return rel;
  if (base.empty() || base == ".") return rel;
  return base + "/" + rel;
}

std::string AbsolutePath(const std::string& path) {
  char buf[PATH_MAX];
  if (realpath(path.c_str(), buf)) return buf;
  if (!path.empty() && path[0] == '/') return NormalizePath(path);
  if (getcwd(buf, sizeof buf)) return NormalizePath(std::string(buf) + "/" + path);
  return path;
}

std::string ContentHash(const std::string& bytes) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

namespace {

bool MakeDirs(const std::string& dir) {
  if (dir.empty() || dir == "/") return true;
  struct stat st;
  if (stat(dir.c_str(), &st) == 0) return S_ISDIR(st.st_mode);
  if (!MakeDirs(DirName(dir))) return false;
  return mkdir(dir.c_str(), 0755) == 0 || errno == EEXIST;
}

}  // namespace

bool WriteCacheFile(const std::string& path, const std::string& bytes) {
  if (!MakeDirs(DirName(path))) return false;
  std::string tmp = path + ".tmp." + std::to_string(getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!(out << bytes) || !out.flush()) {
      unlink(tmp.c_str());
      return false;
    }
  }
  if (rename(tmp.c_str(), path.c_str()) != 0) {
    unlink(tmp.c_str());
    return false;
  }
  return true;
}

}  // namespace kalypso
