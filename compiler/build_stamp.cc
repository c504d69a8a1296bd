// The build stamp: written after every successful build, consulted before the next one.
// A stamp is only trusted when every file it vouches for is untouched since it was hashed
// (same lstat facts, recorded only once the file had settled) or still hashes the same,
// and no directory of the tree gained an entry kalypsoc did not write.
#include "build_stamp.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <algorithm>
#include <cstring>
#include <string_view>
#include <fstream>
#include <unordered_set>

#include "fs.h"
#include "publish.h"
#include "write.h"

namespace kalypso {

namespace {

constexpr const char* kMagic = "kalypsoc-stamp 3";

// Reads a regular file (never through a symlink) and its facts, taken before the read;
// false otherwise.
bool ReadRegular(const std::string& path, std::string* out, FileFacts* facts) {
  *facts = StatFacts(path);
  if (facts->kind != 'f') return false;
  int fd = open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return false;
  out->clear();
  char buf[65536];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) out->append(buf, static_cast<size_t>(n));
  close(fd);
  return n == 0;
}

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// Splits "A B REST" (n = 3) or "A REST" (n = 2) into fields; REST may hold spaces. False
// when malformed.
bool Fields(std::string_view rest, int n, std::string_view* a, std::string_view* b, std::string_view* c) {
  size_t x = rest.find(' ');
  if (x == std::string_view::npos || x == 0) return false;
  *a = rest.substr(0, x);
  if (n == 2) return *b = rest.substr(x + 1), !b->empty();
  size_t y = rest.find(' ', x + 1);
  if (y == std::string_view::npos) return false;
  *b = rest.substr(x + 1, y - x - 1);
  *c = rest.substr(y + 1);
  return !c->empty();
}

// A repo-relative path a stamp may name: normalized (no empty, "." or ".." part), inside
// the repository.
bool SafeRelative(std::string_view path) {
  if (path.empty() || path[0] == '/' || path.back() == '/') return false;
  for (size_t start = 0; start <= path.size();) {
    size_t slash = std::min(path.find('/', start), path.size());
    std::string_view part = path.substr(start, slash - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = slash + 1;
  }
  return true;
}

// Checks one recorded file against the disk: unchanged facts, else its bytes' hash;
// learns its facts when it has settled. False when it changed.
bool StillHolds(const std::string& path, const std::string& hash, FileFacts* facts, bool facts_match, int64_t since,
                int* files_read, bool* refreshed) {
  if (facts_match) return true;
  ++*files_read;
  std::string bytes;
  FileFacts now;
  if (!ReadRegular(path, &bytes, &now) || ContentHash(bytes) != hash) return false;
  if (!Settled(now, since)) now = FileFacts{};
  *refreshed = *refreshed || now != *facts;
  *facts = now;
  return true;
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
  return int64_t{now.tv_sec} * 1000000000 + now.tv_nsec;
}

namespace {

std::string StampHeader(const std::string& compiler, const std::string& options, const std::string& stack,
                        const std::string& repo_root, const std::string& output_root) {
  return std::string(kMagic) + "\ncompiler " + compiler + "\noptions " + options + "\nstack " + stack + "\nrepo " +
         repo_root + "\noutput " + output_root + "\n";
}

void AppendLine(std::string* text, const char* key, const std::string* hash, const std::string& facts,
                const std::string& path) {
  text->append(key).append(" ");
  if (hash) text->append(*hash).append(" ");
  text->append(facts).append(" ").append(path).append("\n");
}

}  // namespace

std::string MakeStampText(const std::string& compiler, const std::string& options, const std::string& stack_abs,
                          const std::string& repo_root, const std::string& output_root,
                          const std::map<std::string, std::string>& inputs, const Tree& tree, const TreeHashes& hashes,
                          const KnownTree& scanned, const std::vector<std::string>& changed, int64_t since) {
  std::string text = StampHeader(compiler, options, stack_abs, repo_root, output_root);
  auto settled = [&](FileFacts f) { return Settled(f, since) ? f : FileFacts{}; };
  for (const auto& [path, hash] : inputs) AppendLine(&text, "input", &hash, FactsText(settled(StatFacts(path)), 'f'), path);
  // A directory that a write or removal went through changed: it is listed by the next check.
  std::unordered_set<std::string> touched, fresh(changed.begin(), changed.end());
  for (const auto& path : changed)
    for (std::string d = DirName(path); d.size() >= output_root.size() && touched.insert(d).second; d = DirName(d)) {
    }
  // The tree is sorted by path: its lines are written in order, as WriteStamp writes them.
  std::map<std::string, FileFacts> dirs;
  std::string prefix = output_root + "/";
  text.reserve(text.size() + tree.size() * 120);
  for (const auto& [path, bytes] : tree) {
    auto known = scanned.files.find(path);
    bool keep = !fresh.count(path) && known != scanned.files.end();
    std::string hash = HashOf(hashes, path, bytes);
    AppendLine(&text, "owned", &hash, FactsText(keep ? settled(known->second.now) : FileFacts{}, 'f'), path);
    if (path.compare(0, prefix.size(), prefix) != 0) continue;
    for (std::string d = DirName(path); d.size() >= output_root.size() && !dirs.count(d); d = DirName(d)) {
      auto dir = scanned.dirs.find(d);
      dirs[d] = touched.count(d) || dir == scanned.dirs.end() ? FileFacts{} : settled(dir->second.now);
    }
  }
  for (const auto& [dir, facts] : dirs) AppendLine(&text, "dir", nullptr, FactsText(facts, 'd'), dir);
  return text;
}

bool WriteStamp(const std::string& file, const BuildStamp& s) {
  std::string text = StampHeader(s.compiler, s.options, s.stack, s.repo_root, s.output_root);
  for (const auto& e : s.inputs) AppendLine(&text, "input", &e.hash, FactsText(e.facts, 'f'), e.path);
  std::vector<const std::string*> files, dirs;  // sorted: the same build writes the same stamp
  for (const auto& [path, f] : s.owned.files) files.push_back(&path);
  for (const auto& [path, f] : s.owned.dirs) dirs.push_back(&path);
  auto by_path = [](const std::string* a, const std::string* b) { return *a < *b; };
  std::sort(files.begin(), files.end(), by_path);
  std::sort(dirs.begin(), dirs.end(), by_path);
  text.reserve(text.size() + (files.size() + dirs.size()) * 120);
  for (const auto* p : files) {
    const auto& f = s.owned.files.at(*p);
    AppendLine(&text, "owned", &f.hash, FactsText(f.facts, 'f'), *p);
  }
  for (const auto* p : dirs) AppendLine(&text, "dir", nullptr, FactsText(s.owned.dirs.at(*p).facts, 'd'), *p);
  return WriteCacheFile(file, text);
}

bool ReadStamp(const std::string& file, BuildStamp* s, std::string* why) {
  std::string text, err;
  FileFacts ignored;
  if (!ReadRegular(file, &text, &ignored) || text.compare(0, std::strlen(kMagic) + 1, std::string(kMagic) + "\n") != 0)
    return *why = "no previous build recorded", false;
  std::string_view all(text);
  s->owned.files.reserve(all.size() / 100);
  for (size_t pos = std::strlen(kMagic) + 1; pos < all.size();) {
    size_t nl = all.find('\n', pos);
    if (nl == std::string_view::npos) return *why = "unreadable stamp", false;
    std::string_view line = all.substr(pos, nl - pos), a, b, c;
    pos = nl + 1;
    size_t sp = line.find(' ');
    if (sp == std::string_view::npos) return *why = "unreadable stamp", false;
    std::string_view key = line.substr(0, sp), rest = line.substr(sp + 1);
    if (key == "owned" && Fields(rest, 3, &a, &b, &c) && SafeRelative(c)) {
      s->owned.files[std::string(c)] = {std::string(a), ParseFacts(b, 'f'), {}, false};
    } else if (key == "dir" && Fields(rest, 2, &a, &b, nullptr) && SafeRelative(b)) {
      s->owned.dirs[std::string(b)].facts = ParseFacts(a, 'd');
    } else if (key == "input" && Fields(rest, 3, &a, &b, &c)) {
      s->inputs.push_back({std::string(c), std::string(a), ParseFacts(b, 'f')});
    } else if (key == "compiler") {
      s->compiler = rest;
    } else if (key == "options") {
      s->options = rest;
    } else if (key == "stack") {
      s->stack = rest;
    } else if (key == "repo") {
      s->repo_root = rest;
    } else if (key == "output" && SafeRelative(rest)) {
      s->output_root = rest;
    } else {
      return *why = "unreadable stamp", false;
    }
  }
  if (s->inputs.empty() || s->owned.files.empty() || s->repo_root.empty() || s->output_root.empty())
    return *why = "unreadable stamp", false;
  return true;
}

bool StampUpToDate(const std::string& file, BuildStamp& s, const std::string& compiler, const std::string& options,
                   const std::string& stack_abs, std::string* why, int* files_checked, int* files_read,
                   int* owned_files) {
  *files_checked = *files_read = 0;
  int64_t since = StampClock();
  if (s.compiler != compiler) return *why = "the compiler changed", false;
  if (s.options != options) return *why = "the options changed", false;
  if (s.stack != stack_abs) return *why = "a different stack", false;
  bool refreshed = false;  // facts were learnt: the stamp is rewritten
  for (auto& e : s.inputs) {
    ++*files_checked;
    if (!StillHolds(e.path, e.hash, &e.facts, e.facts.Known() && StatFacts(e.path) == e.facts, since, files_read,
                    &refreshed))
      return *why = "input changed: " + e.path, false;
  }
  std::string root = JoinPath(s.repo_root, s.output_root);
  if (PublishPending(root)) return *why = "an interrupted publish waits in " + root, false;
  TreeScan scan = ScanTree(s.repo_root, s.output_root, &s.owned);
  std::vector<std::string> doubtful;  // files whose facts differ: hashed, in path order
  for (const auto& [path, f] : s.owned.files)
    if (!f.trusted) doubtful.push_back(path);
  std::sort(doubtful.begin(), doubtful.end());
  *files_checked += static_cast<int>(s.owned.files.size());
  for (const auto& path : doubtful) {
    auto& f = s.owned.files.at(path);
    if (!StillHolds(JoinPath(s.repo_root, path), f.hash, &f.facts, false, since, files_read, &refreshed))
      return *why = "generated file changed: " + JoinPath(s.repo_root, path), false;
  }
  // A full build warns about files it did not generate: so a no-op must not hide them.
  for (const auto& path : scan.found)
    if (!IsInternalPath(path.substr(s.output_root.size() + 1)))
      return *why = "files not generated by kalypsoc in '" + s.output_root + "'", false;
  // Directories listed (changed since they were recorded) and found clean are sealed now.
  for (auto& [path, dir] : s.owned.dirs) {
    if (dir.sealed || dir.now.kind != 'd' || !Settled(dir.now, since)) continue;
    dir.facts = dir.now;
    refreshed = true;
  }
  if (refreshed) WriteStamp(file, s);  // best effort: without it, the next check hashes again
  *owned_files = static_cast<int>(s.owned.files.size());
  return true;
}

}  // namespace kalypso
