// Pre-publish checks: everything that can be known before the first change is checked
// there, so that a refused build has changed nothing and says what to fix.
#include "tree_check.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <set>

#include "fs.h"

namespace kalypso {

namespace {

// The inode flags (chattr) of `path`; 0 when the file system has none.
int InodeFlags(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return 0;
  int flags = 0;
  if (ioctl(fd, FS_IOC_GETFLAGS, &flags) != 0) flags = 0;
  close(fd);
  return flags;
}

// Why this process cannot change `path` (a directory: its entries), with the fix; "" if it can.
std::string Unwritable(const std::string& path, bool dir) {
  int flags = InodeFlags(path);
  std::string q = ShellQuote(path);
  if (flags & FS_IMMUTABLE_FL) return "is immutable; kalypsoc must change it: chattr -i " + q;
  if (flags & FS_APPEND_FL) return "is append-only; kalypsoc must change it: chattr -a " + q;
  if (access(path.c_str(), dir ? W_OK | X_OK : W_OK) == 0) return "";
  if (errno == EROFS) return "is on a read-only file system; kalypsoc must change it";
  return std::string("is not writable (") + std::strerror(errno) + "); kalypsoc must change it: chmod u+w" +
         (dir ? "x " : " ") + q;
}

bool Exists(const std::string& path, struct stat* st) { return lstat(path.c_str(), st) == 0; }

}  // namespace

std::string ShellQuote(const std::string& path) {
  bool plain = !path.empty();
  for (char c : path) plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || std::strchr("/._-+=:,@", c));
  if (plain) return path;
  std::string q = "'";
  for (char c : path) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

bool CheckPath(const std::string& repo_root, const std::string& rel, Diags& diags) {
  std::string cur = repo_root;
  for (size_t start = 0;;) {
    size_t slash = rel.find('/', start);
    cur = JoinPath(cur, rel.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    std::string shown = rel.substr(0, slash == std::string::npos ? rel.size() : slash);
    struct stat st;
    if (!Exists(cur, &st)) return true;  // does not exist yet: fine
    if (S_ISLNK(st.st_mode)) {
      diags.Error({shown, 0, 0}, "refusing to write through a symbolic link; remove it or point 'output' elsewhere");
      return false;
    }
    if (slash == std::string::npos) {
      if (S_ISREG(st.st_mode)) return true;
      diags.Error({shown, 0, 0}, "is not a regular file; kalypsoc needs to write a file here");
      return false;
    }
    if (!S_ISDIR(st.st_mode)) {
      diags.Error({shown, 0, 0}, "is a file, but the output needs a directory here");
      return false;
    }
    start = slash + 1;
  }
}

bool CheckPublish(const std::string& root, const std::string& shown, const PublishPlan& plan, Diags& diags) {
  struct stat root_st;
  if (!Exists(root, &root_st)) return true;
  std::set<std::string> dirs{""}, files;  // relative to root ("" is the root: staging, intent record)
  struct statvfs vfs {};
  const char* skip = std::getenv("KALYPSO_TEST_SKIP_SPACE_CHECK");
  bool space = statvfs(root.c_str(), &vfs) == 0 && vfs.f_blocks > 0 && !(skip && *skip);
  unsigned long long block = space && vfs.f_bsize ? vfs.f_bsize : 4096;
  unsigned long long bytes = 2 * block, inodes = 4;  // the staging directory and the intent record
  auto need = [&](const std::string& rel) {  // `rel` changes: its nearest existing directory must be writable
    struct stat st;
    if (Exists(root + "/" + rel, &st)) files.insert(rel);
    std::string dir = DirName(rel);
    while (!dir.empty() && !Exists(root + "/" + dir, &st)) {
      dir = DirName(dir);
      ++inodes, bytes += block;  // a new directory
    }
    dirs.insert(dir);
  };
  for (const auto& [rel, content] : plan.puts) {
    need(rel);
    bytes += (content->size() + block - 1) / block * block;
    ++inodes;
  }
  for (const auto& [rel, hash] : plan.dels) {  // emptied directories go too: their parents change
    need(rel);
    for (std::string dir = DirName(rel); !dir.empty(); dir = DirName(dir)) dirs.insert(DirName(dir));
  }
  bool ok = true;
  for (const auto& rel : dirs) {
    std::string path = rel.empty() ? root : root + "/" + rel;
    std::string name = rel.empty() ? shown : shown + "/" + rel;
    struct stat st;
    if (std::string why = Unwritable(path, true); !why.empty()) {
      diags.Error({name, 0, 0}, "directory " + why);
      ok = false;
    } else if (Exists(path, &st) && st.st_dev != root_st.st_dev) {
      diags.Error({name, 0, 0}, "is on another file system than '" + shown +
                                    "' (a mount point inside the tree); kalypsoc publishes by rename and cannot cross it");
      ok = false;
    }
  }
  for (const auto& rel : files)
    if (std::string why = Unwritable(root + "/" + rel, false); !why.empty()) {
      diags.Error({shown + "/" + rel, 0, 0}, why);
      ok = false;
    }
  if (ok && space) {
    bool root_user = geteuid() == 0;
    unsigned long long free_bytes = (root_user ? vfs.f_bfree : vfs.f_bavail) * vfs.f_frsize;
    unsigned long long free_inodes = root_user ? vfs.f_ffree : vfs.f_favail;
    if (bytes > free_bytes || (vfs.f_files > 0 && inodes > free_inodes)) {
      diags.Error({shown, 0, 0}, "not enough space to stage the build: it needs about " + std::to_string(bytes / 1024) +
                                     " KiB and " + std::to_string(inodes) + " inodes, " + std::to_string(free_bytes / 1024) +
                                     " KiB and " + std::to_string(free_inodes) + " inodes are free");
      ok = false;
    }
  }
  return ok;
}

}  // namespace kalypso
