// The calls that change an output tree: on the real disk (with the KALYPSO_FAULT_AFTER_OPS
// test hook), and a wrapper that fails or "crashes" at a chosen call for unit tests.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "fs.h"

namespace kalypso {

namespace {

// The errno a fault names ("ENOSPC" -> ENOSPC); 0 (kill) for "kill" or anything unknown.
int FaultErrno(const char* name) {
  static const struct { const char* name; int value; } kKnown[] = {
      {"ENOSPC", ENOSPC}, {"EIO", EIO}, {"EACCES", EACCES}, {"EPERM", EPERM}, {"EROFS", EROFS}, {"EDQUOT", EDQUOT}};
  if (name && std::strcmp(name, "stop") == 0) return -1;
  for (const auto& k : kKnown)
    if (name && std::strcmp(name, k.name) == 0) return k.value;
  return 0;
}

int Errno(int rc) { return rc == 0 ? 0 : errno; }

}  // namespace

DiskTreeFileSystem::DiskTreeFileSystem() {
  const char* no_sync = std::getenv("KALYPSO_TEST_NO_FSYNC");
  sync_ = !(no_sync && *no_sync);
  if (const char* n = std::getenv("KALYPSO_FAULT_AFTER_OPS"); n && *n) {
    char* end = nullptr;
    long v = std::strtol(n, &end, 10);
    if (*end == '\0' && v >= 0) fault_after_ = v;
    fault_errno_ = FaultErrno(std::getenv("KALYPSO_FAULT"));
  }
}

int DiskTreeFileSystem::Fault() {
  if (fault_after_ < 0 || ops_++ != fault_after_) return 0;
  if (fault_errno_ == 0) raise(SIGKILL);
  if (fault_errno_ == -1) {
    raise(SIGSTOP);
    return 0;
  }
  return fault_errno_;
}

int DiskTreeFileSystem::Do(const Call& call) {
  if (int e = Fault()) return e;
  const char* path = call.path.c_str();
  switch (call.op) {
    case Op::kMkdir: return Errno(mkdir(path, 0755));
    case Op::kWrite: return Write(call.path, *call.arg);
    case Op::kFsync: return Sync(call.path, false);
    case Op::kSyncFs: return Sync(call.path, true);
    case Op::kRename: return Errno(rename(path, call.arg->c_str()));
    case Op::kUnlink: return Errno(unlink(path));
    case Op::kRmdir: return Errno(rmdir(path));
  }
  return EINVAL;
}

int DiskTreeFileSystem::Write(const std::string& path, const std::string& bytes) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) return errno;
  int err = 0;
  for (size_t done = 0; err == 0 && done < bytes.size();) {
    ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n >= 0)
      done += static_cast<size_t>(n);
    else if (errno != EINTR)
      err = errno;
  }
  // Write-back starts now; SyncAll waits for it (one flush for the whole publish).
  if (err == 0 && sync_) (void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
  if (close(fd) != 0 && err == 0) err = errno;
  return err;
}

int DiskTreeFileSystem::Sync(const std::string& dir, bool whole_file_system) {
  if (!sync_) return 0;
  int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno;
  int rc = whole_file_system ? syncfs(fd) : fsync(fd);
  int err = rc == 0 || errno == EINVAL ? 0 : errno;  // EINVAL: the file system cannot sync directories
  close(fd);
  return err;
}

int FaultyTreeFileSystem::Hit(Op op) {
  if (fired_) return err_ == 0 ? 0 : -1;  // after a crash nothing happens any more
  if (kind_ && *kind_ != op) return -1;
  if (seen_++ != nth_) return -1;
  fired_ = true;
  return err_;
}

int FaultyTreeFileSystem::Do(const Call& call) {
  int h = Hit(call.op);
  // A failed write of a new file leaves a short file.
  if (call.op == Op::kWrite && h > 0) inner_.WriteNew(call.path, call.arg->substr(0, call.arg->size() / 2));
  return h < 0 ? inner_.Do(call) : h;
}

}  // namespace kalypso
