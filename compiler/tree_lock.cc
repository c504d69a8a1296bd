// The tree lock: flock(2) on an empty file; a process that must wait finds the holder's pid
// in /proc/locks, to say whom it waits for.
#include "tree_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "fs.h"
#include "publish.h"

namespace kalypso {

namespace {

bool IsDirectory(const std::string& path) {
  struct stat st;
  return lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// "pid 123 (kalypsoc build)": who holds the flock on `fd`'s file, from /proc/locks (the
// lock file itself stays empty, so the tree stays byte-identical).
std::string Holder(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0) return "another process";
  char id[64];
  std::snprintf(id, sizeof id, " %02x:%02x:%llu ", major(st.st_dev), minor(st.st_dev),
                static_cast<unsigned long long>(st.st_ino));
  std::ifstream locks("/proc/locks");
  std::string line;
  while (std::getline(locks, line)) {
    std::istringstream words(line);
    std::string n, type, advisory, mode, pid;
    if (line.find(" -> ") != std::string::npos || line.find(id) == std::string::npos) continue;
    if (words >> n >> type >> advisory >> mode >> pid && type == "FLOCK")
      return "pid " + pid + " (kalypsoc " + (mode == "WRITE" ? "build" : "check") + ")";
  }
  return "another process";
}

}  // namespace

TreeLock::~TreeLock() {
  if (fd_ >= 0) close(fd_);
}

bool TreeLock::Take(int op, bool wait, Diags& diags) {
  std::string file = shown_ + "/" + kLockName;
  if (flock(fd_, op | LOCK_NB) == 0) return true;
  if (errno != EWOULDBLOCK) {
    diags.Error({file, 0, 0}, std::string("cannot lock: ") + std::strerror(errno));
    return false;
  }
  std::string holder = Holder(fd_);
  if (!wait) {
    diags.Error({file, 0, 0}, holder + " is using '" + shown_ +
                                  "'; run again when it has finished, or without --no-wait to wait for it");
    return false;
  }
  std::cerr << "kalypsoc: waiting for " << holder << ", which is using '" << shown_ << "' (" << file << ")\n";
  while (flock(fd_, op) != 0) {
    if (errno == EINTR) continue;
    diags.Error({file, 0, 0}, std::string("cannot lock: ") + std::strerror(errno));
    return false;
  }
  return true;
}

bool TreeLock::Acquire(const std::string& root, const std::string& shown, bool exclusive, bool create, bool wait,
                       Diags& diags) {
  root_ = root;
  shown_ = shown;
  if (create) {
    for (size_t slash = 1; slash != std::string::npos;) {
      slash = root.find('/', slash + 1);
      std::string dir = root.substr(0, slash);
      if (IsDirectory(dir)) continue;
      if (mkdir(dir.c_str(), 0755) != 0) {
        if (errno == EEXIST && IsDirectory(dir)) continue;  // a concurrent build made it first
        diags.Error({shown, 0, 0}, std::string("cannot create the output directory: ") + std::strerror(errno));
        return false;
      }
      if (created_.empty()) created_ = dir;
    }
  } else if (!IsDirectory(root)) {
    return true;  // nothing to lock, nothing to read
  }
  std::string file = root + "/" + kLockName;
  for (;;) {
    fd_ = open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd_ < 0) {
      if (!create && (errno == EACCES || errno == EROFS)) return true;  // a read-only tree: no publish can run
      diags.Error({shown + "/" + kLockName, 0, 0}, std::string("cannot open the lock file: ") + std::strerror(errno));
      return false;
    }
    if (!Take(exclusive ? LOCK_EX : LOCK_SH, wait, diags)) {
      close(fd_);
      fd_ = -1;
      return false;
    }
    // A failed first build removes the lock file it made: lock the file that is there now.
    struct stat held, now;
    if (fstat(fd_, &held) == 0 && stat(file.c_str(), &now) == 0 && held.st_ino == now.st_ino &&
        held.st_dev == now.st_dev)
      break;
    close(fd_);
    fd_ = -1;
  }
  return true;
}

bool TreeLock::Upgrade(Diags& diags) { return fd_ < 0 || Take(LOCK_EX, true, diags); }

void TreeLock::RemoveCreated() {
  if (fd_ >= 0 && !created_.empty()) {
    std::string file = root_ + "/" + kLockName;
    unlink(file.c_str());
    for (std::string dir = root_; dir.size() >= created_.size() && rmdir(dir.c_str()) == 0;) dir = DirName(dir);
  }
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

}  // namespace kalypso
