// The build stamp: written after every successful build, consulted before the next one.
// A stamp is only trusted when every file it vouches for is untouched since it was hashed
// (same lstat facts, recorded only once the file had settled) or still hashes the same.
#include "build_stamp.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <ctime>
#include <cstdlib>
#include <fstream>
#include <set>

#include "fs.h"
#include "publish.h"
#include "write.h"

namespace kalypso {

namespace {

constexpr const char* kMagic = "kalypsoc-stamp 2";

int64_t Nanos(const struct timespec& t) { return int64_t{t.tv_sec} * 1000000000 + t.tv_nsec; }

// What lstat says of a regular file, as recorded in a stamp: "" for anything else.
std::string Facts(const struct stat& st) {
  if (!S_ISREG(st.st_mode)) return "";
  char buf[96];
  std::snprintf(buf, sizeof buf, "%llx.%llx.%llx.%llx", static_cast<unsigned long long>(st.st_size),
                static_cast<unsigned long long>(Nanos(st.st_mtim)), static_cast<unsigned long long>(Nanos(st.st_ctim)),
                static_cast<unsigned long long>(st.st_ino));
  return buf;
}

// A file has settled when its last change (ctime: any write, chmod or rename, and never set
// back) lies clearly before `since`: bytes read after `since` are then what it holds now,
// and any later change shows in its facts. File systems with whole-second times get 2 s of
// margin, the others 50 ms (kernel file times lag the clock by up to one tick).
bool Settled(const struct stat& st, int64_t since) {
  int64_t margin = st.st_ctim.tv_nsec == 0 ? int64_t{2000000000} : int64_t{50000000};
  return Nanos(st.st_ctim) + margin < since;
}

std::string SettledFacts(const std::string& path, int64_t since) {
  struct stat st;
  return lstat(path.c_str(), &st) == 0 && Settled(st, since) ? Facts(st) : "";
}

// Reads a regular file (never through a symlink) and what lstat says of it, taken before
// the read; false otherwise.
bool ReadRegular(const std::string& path, std::string* out, struct stat* st) {
  if (lstat(path.c_str(), st) != 0 || !S_ISREG(st->st_mode)) return false;
  int fd = open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return false;
  out->clear();
  char buf[65536];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) out->append(buf, static_cast<size_t>(n));
  close(fd);
  return n == 0;
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// "input|owned HASH FACTS PATH" ("-" for no facts) into `e`; false when malformed.
bool ParseEntry(const std::string& rest, StampEntry* e) {
  size_t a = rest.find(' '), b = a == std::string::npos ? a : rest.find(' ', a + 1);
  if (b == std::string::npos) return false;
  e->hash = rest.substr(0, a);
  e->facts = rest.substr(a + 1, b - a - 1);
  if (e->facts == "-") e->facts.clear();
  e->path = rest.substr(b + 1);
  return !e->hash.empty() && !e->path.empty();
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

int64_t StampClock() {
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  return Nanos(now);
}

BuildStamp MakeStamp(const std::string& compiler, const std::string& options, const std::string& stack_abs,
                     const std::string& repo_root, const std::map<std::string, std::string>& inputs, const Tree& tree,
                     int64_t since) {
  BuildStamp s{compiler, options, stack_abs, repo_root, {}, {}};
  for (const auto& [path, hash] : inputs) s.inputs.push_back({path, hash, SettledFacts(path, since)});
  for (const auto& [path, bytes] : tree)
    s.owned.push_back({path, ContentHash(bytes), SettledFacts(JoinPath(repo_root, path), since)});
  return s;
}

bool WriteStamp(const std::string& file, const BuildStamp& s) {
  std::string text = std::string(kMagic) + "\ncompiler " + s.compiler + "\noptions " + s.options + "\nstack " +
                     s.stack + "\nrepo " + s.repo_root + "\n";
  for (const char* key : {"input", "owned"})
    for (const auto& e : key[0] == 'i' ? s.inputs : s.owned)
      text += std::string(key) + " " + e.hash + " " + (e.facts.empty() ? "-" : e.facts) + " " + e.path + "\n";
  return WriteCacheFile(file, text);
}

bool StampUpToDate(const std::string& file, const std::string& compiler, const std::string& options,
                   const std::string& stack_abs, std::string* why, int* files_checked, int* files_read,
                   int* owned_files) {
  *files_checked = *files_read = 0;
  int64_t since = StampClock();
  std::ifstream in(file, std::ios::binary);
  std::string line;
  if (!in || !std::getline(in, line) || line != kMagic) return *why = "no previous build recorded", false;
  BuildStamp s;
  bool refreshed = false;  // facts were learnt: the stamp is rewritten
  std::string bytes;
  std::set<std::string> owned;  // repo-relative
  std::string output_root;
  while (std::getline(in, line)) {
    size_t sp = line.find(' ');
    if (sp == std::string::npos) return *why = "unreadable stamp", false;
    std::string key = line.substr(0, sp), rest = line.substr(sp + 1);
    if (key == "compiler") {
      if (rest != compiler) return *why = "the compiler changed", false;
      s.compiler = rest;
    } else if (key == "options") {
      if (rest != options) return *why = "the options changed", false;
      s.options = rest;
    } else if (key == "stack") {
      if (rest != stack_abs) return *why = "a different stack", false;
      s.stack = rest;
    } else if (key == "repo") {
      s.repo_root = rest;
    } else if (key == "input" || key == "owned") {
      StampEntry e;
      if (!ParseEntry(rest, &e)) return *why = "unreadable stamp", false;
      std::string path = e.path;
      if (key == "owned") {
        // Owned paths are repo-relative and were checked when written; check again anyway.
        if (s.repo_root.empty() || NormalizePath(path) != path || path[0] == '/' || path.rfind("..", 0) == 0)
          return *why = "unreadable stamp", false;
        owned.insert(path);
        if (EndsWith(path, std::string("/") + kManifestName)) output_root = DirName(path);
        path = JoinPath(s.repo_root, path);
        if (EndsWith(path, std::string("/") + kManifestName) && PublishPending(DirName(path)))
          return *why = "an interrupted publish waits in " + DirName(path), false;
      }
      ++*files_checked;
      struct stat st;
      bool same = !e.facts.empty() && lstat(path.c_str(), &st) == 0 && Facts(st) == e.facts;
      if (!same) {
        ++*files_read;
        if (!ReadRegular(path, &bytes, &st) || ContentHash(bytes) != e.hash)
          return *why = (key == "input" ? "input changed: " : "generated file changed: ") + path, false;
        std::string facts = Settled(st, since) ? Facts(st) : "";
        refreshed = refreshed || facts != e.facts;
        e.facts = facts;
      }
      (key == "input" ? s.inputs : s.owned).push_back(std::move(e));
    } else {
      return *why = "unreadable stamp", false;
    }
  }
  if (s.inputs.empty() || s.owned.empty()) return *why = "unreadable stamp", false;
  // A full build warns about files it did not generate: so a no-op must not hide them.
  if (!output_root.empty() && HasForeignFiles(s.repo_root, output_root, owned))
    return *why = "files not generated by kalypsoc in '" + output_root + "'", false;
  if (refreshed) WriteStamp(file, s);  // best effort: without it, the next check hashes again
  if (owned_files) *owned_files = static_cast<int>(s.owned.size());
  return true;
}

}  // namespace kalypso
