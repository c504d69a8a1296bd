// Reads one git revision through a single `git cat-file --batch --follow-symlinks` child
// process (see GitObjects in git_fs.h for why), answers cached per path.
#include "git_fs.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>

namespace kalypso {

namespace {

// Starts `git -C root <safety options> ARGS` with pipes for stdin, stdout and stderr (-1: not
// wanted; stdin then reads /dev/null, stderr goes to /dev/null). Returns the pid, or -1.
int SpawnGit(const std::string& root, const std::vector<std::string>& args, int* in, int* out, int* err) {
  int p_in[2] = {-1, -1}, p_out[2], p_err[2] = {-1, -1};
  if ((in && pipe2(p_in, O_CLOEXEC) != 0) || pipe2(p_out, O_CLOEXEC) != 0 || (err && pipe2(p_err, O_CLOEXEC) != 0))
    return -1;
  std::vector<std::string> argv = {"git", "-C", root, "-c", "protocol.allow=never", "-c", "core.fsmonitor=false"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> cargv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    int null = open("/dev/null", O_RDWR);
    dup2(in ? p_in[0] : null, 0);
    dup2(p_out[1], 1);
    dup2(err ? p_err[1] : null, 2);
    signal(SIGPIPE, SIG_DFL);
    setenv("GIT_NO_LAZY_FETCH", "1", 1);  // git >= 2.44: never fetch a missing object
    setenv("GIT_TERMINAL_PROMPT", "0", 1);
    setenv("LC_ALL", "C", 1);
    execvp("git", cargv.data());
    _exit(127);
  }
  if (in) close(p_in[0]);
  close(p_out[1]);
  if (err) close(p_err[1]);
  if (pid < 0) return -1;
  if (in) *in = p_in[1];
  *out = p_out[0];
  if (err) *err = p_err[0];
  return pid;
}

std::string ReadAll(int fd) {
  std::string s;
  char buf[65536];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    s.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return s;
}

bool WriteAll(int fd, const std::string& s) {
  struct sigaction ignore = {}, old = {};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, &old);  // a dead git is an error here, not a signal
  size_t done = 0;
  while (done < s.size()) {
    ssize_t n = write(fd, s.data() + done, s.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  sigaction(SIGPIPE, &old, nullptr);
  return done == s.size();
}

}  // namespace

std::optional<std::string> RunGit(const std::string& repo_root, const std::vector<std::string>& args, std::string* err) {
  int out = -1, errfd = -1;
  int pid = SpawnGit(repo_root, args, nullptr, &out, &errfd);
  if (pid < 0) {
    *err = "cannot start git";
    return std::nullopt;
  }
  std::string text = ReadAll(out);  // small outputs: stderr cannot fill its pipe meanwhile
  std::string message = ReadAll(errfd);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    *err = WIFEXITED(status) && WEXITSTATUS(status) == 127 ? "git is not installed (not found on PATH)" : message;
    return std::nullopt;
  }
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

std::unique_ptr<GitObjects> GitObjects::Open(const std::string& repo_root, std::string* err) {
  std::unique_ptr<GitObjects> git(new GitObjects);
  git->pid_ = SpawnGit(repo_root, {"cat-file", "--batch", "--follow-symlinks"}, &git->in_, &git->out_, nullptr);
  if (git->pid_ < 0) {
    *err = "cannot start git";
    return nullptr;
  }
  return git;
}

GitObjects::~GitObjects() {
  if (in_ >= 0) close(in_);
  if (out_ >= 0) close(out_);
  // A process forked meanwhile (the sandbox worker) may hold a copy of git's stdin, so git
  // might never see end-of-file: it only reads, so ending it is safe.
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
}

bool GitObjects::ReadExact(size_t n, std::string* out) {
  while (n > 0) {
    if (pos_ == buf_.size()) {
      buf_.resize(65536);
      ssize_t got;
      do {
        got = read(out_, buf_.data(), buf_.size());
      } while (got < 0 && errno == EINTR);
      buf_.resize(got > 0 ? static_cast<size_t>(got) : 0);
      pos_ = 0;
      if (got <= 0) return false;
    }
    size_t take = std::min(n, buf_.size() - pos_);
    if (out) out->append(buf_, pos_, take);
    pos_ += take;
    n -= take;
  }
  return true;
}

bool GitObjects::ReadLine(std::string* line) {
  line->clear();
  for (;;) {
    std::string c;
    if (!ReadExact(1, &c)) return false;
    if (c[0] == '\n') return true;
    *line += c;
  }
}

bool GitObjects::Get(const std::string& name, Object* out, std::string* err) {
  *out = Object{};
  if (name.find_first_of(std::string("\n\r\0", 3)) != std::string::npos) {
    out->status = "missing";  // cannot name an object; never passed on to git
    return true;
  }
  std::string header;
  if (!WriteAll(in_, name + "\n") || !ReadLine(&header)) {
    int status = 0;
    bool missing = waitpid(pid_, &status, 0) == pid_ && WIFEXITED(status) && WEXITSTATUS(status) == 127;
    pid_ = -1;
    *err = missing ? "git is not installed (not found on PATH)" : "git cat-file stopped answering";
    return false;
  }
  for (const char* word : {" missing", " ambiguous"})
    if (header == name + word) {
      out->status = word + 1;
      return true;
    }
  // "<oid> <type> <size>" or "<symlink|dangling|loop|notdir> <size>", then the bytes and "\n".
  size_t last = header.rfind(' ');
  if (last == std::string::npos) {
    *err = "unexpected answer from git cat-file: " + header;
    return false;
  }
  out->size = std::strtoull(header.c_str() + last + 1, nullptr, 10);
  std::string head = header.substr(0, last);
  size_t sp = head.find(' ');
  out->status = sp == std::string::npos ? head : head.substr(sp + 1);
  if (sp != std::string::npos) out->oid = head.substr(0, sp);
  bool keep = out->size <= kMaxBytes;
  std::string newline;
  if (!ReadExact(out->size, keep ? &out->data : nullptr) || !ReadExact(1, &newline)) {
    *err = "git cat-file stopped answering";
    return false;
  }
  if (!keep) out->status = "too-large";
  return true;
}

std::optional<std::string> GitFileSystem::InRepo(const std::string& path) const {
  std::string abs = path;
  if (abs.empty() || abs[0] != '/') {
    char buf[4096];
    if (!getcwd(buf, sizeof buf)) return std::nullopt;
    abs = std::string(buf) + "/" + path;
  }
  abs = NormalizePath(abs);
  if (abs == root_) return std::string();
  if (abs.compare(0, root_.size() + 1, root_ + "/") == 0) return abs.substr(root_.size() + 1);
  return std::nullopt;
}

const GitObjects::Object& GitFileSystem::Lookup(const std::string& rel) {
  auto it = cache_.find(rel);
  if (it != cache_.end()) return it->second;
  GitObjects::Object obj;
  std::string err;
  if (!git_.Get(rel.empty() ? commit_ + "^{tree}" : commit_ + ":" + rel, &obj, &err)) obj.status = "error: " + err;
  return cache_[rel] = obj;
}

std::optional<std::string> GitFileSystem::Read(const std::string& path, std::string* err) {
  std::optional<std::string> rel = InRepo(path);
  if (!rel) return DiskFs().Read(path, err);
  const GitObjects::Object& obj = Lookup(*rel);
  if (obj.status == "blob") return obj.data;
  if (obj.status == "tree")
    *err = "is a directory, not a file";
  else if (obj.status == "too-large")
    *err = "file is " + std::to_string(obj.size) + " bytes, more than the limit of " + std::to_string(GitObjects::kMaxBytes);
  else if (obj.status == "symlink")
    *err = "a symbolic link out of the repository";
  else if (obj.status.rfind("error: ", 0) == 0)
    *err = obj.status.substr(7);
  else
    *err = "no such file";
  return std::nullopt;
}

bool GitFileSystem::Exists(const std::string& path) {
  std::optional<std::string> rel = InRepo(path);
  if (!rel) return DiskFs().Exists(path);
  const std::string& status = Lookup(*rel).status;
  return status == "blob" || status == "tree" || status == "too-large";
}

bool GitFileSystem::IsDir(const std::string& path) {
  std::optional<std::string> rel = InRepo(path);
  if (!rel) return DiskFs().IsDir(path);
  return Lookup(*rel).status == "tree";
}

std::string GitFileSystem::RealPath(const std::string& path) {
  std::optional<std::string> rel = InRepo(path);
  if (!rel) return DiskFs().RealPath(path);
  return Exists(path) ? JoinPath(root_, *rel) : "";
}

std::vector<std::string> GitFileSystem::List(const std::string& dir) {
  std::optional<std::string> rel = InRepo(dir);
  if (!rel) return DiskFs().List(dir);
  const GitObjects::Object& tree = Lookup(*rel);
  std::vector<std::string> names;
  if (tree.status != "tree") return names;
  // Tree entries: "<mode> <name>\0" then the raw object id (half as long as its hex form).
  size_t raw = tree.oid.size() / 2;
  for (size_t at = 0; at < tree.data.size();) {
    size_t sp = tree.data.find(' ', at), nul = tree.data.find('\0', at);
    if (sp == std::string::npos || nul == std::string::npos || sp > nul) break;
    names.push_back(tree.data.substr(sp + 1, nul - sp - 1));
    at = nul + 1 + raw;
  }
  std::sort(names.begin(), names.end());  // git orders a directory as if named "name/"
  return names;
}

}  // namespace kalypso
