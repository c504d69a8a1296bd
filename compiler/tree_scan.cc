// Scanning an output tree: one lstat per file and directory the last build recorded, spread
// over a few threads, and readdir only where a directory changed (an entry came or went).
#include "tree_scan.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <string_view>
#include <unordered_set>
#include <cctype>

#include "fs.h"
#include "parallel.h"

namespace kalypso {

namespace {

uint64_t Nanos(const struct timespec& t) { return uint64_t(t.tv_sec) * 1000000000u + uint64_t(t.tv_nsec); }

// lstat of each of `paths` (relative to `repo_root`) into `*facts[i]`, on every core when
// there are enough to pay for the threads (each lstat walks its whole path).
void StatAll(const std::string& repo_root, const std::vector<const std::string*>& paths,
             const std::vector<FileFacts*>& facts) {
  ParallelChunks(paths.size(), 1024, [&](size_t i) { *facts[i] = StatFacts(JoinPath(repo_root, *paths[i])); });
}

// Lists the directories that changed since the last build, and the new ones below them.
class Lister {
 public:
  Lister(const std::string& repo_root, const std::string& output_root, const KnownTree& known, TreeScan* scan)
      : repo_root_(repo_root), output_root_(output_root), known_(known), scan_(scan) {}

  // Lists `dir` (repo-relative): unknown files are found, unknown directories entered.
  void List(const std::string& dir) {
    DIR* d = opendir(JoinPath(repo_root_, dir).c_str());
    if (!d) return;
    std::vector<std::pair<std::string, unsigned char>> entries;
    while (dirent* e = readdir(d)) {
      std::string name = e->d_name;
      if (name != "." && name != "..") entries.emplace_back(std::move(name), e->d_type);
    }
    closedir(d);
    for (const auto& [name, type] : entries) {
      std::string path = dir + "/" + name;
      std::string rel = path.substr(output_root_.size() + 1);
      bool is_dir = type == DT_DIR;
      if (type == DT_UNKNOWN) {  // file systems without d_type
        FileFacts f = StatFacts(JoinPath(repo_root_, path));
        is_dir = f.kind == 'd';
      }
      if (is_dir) {
        // A known directory is looked at on its own; ignored ones (kustomize's charts/,
        // kalypsoc's staging area) are never entered.
        if (!known_.dirs.count(path) && !IgnoredPath(rel + "/x")) List(path);
      } else if (!known_.files.count(path) && !IgnoredPath(rel)) {
        scan_->found.push_back(path);
      }
    }
  }

 private:
  const std::string& repo_root_;
  const std::string& output_root_;
  const KnownTree& known_;
  TreeScan* scan_;
};

}  // namespace

FileFacts StatFacts(const std::string& path) {
  struct stat st;
  FileFacts f;
  if (lstat(path.c_str(), &st) != 0) return f;
  f.kind = S_ISREG(st.st_mode) ? 'f' : S_ISDIR(st.st_mode) ? 'd' : 'o';
  f.size = uint64_t(st.st_size);
  f.mtime = Nanos(st.st_mtim);
  f.ctime = Nanos(st.st_ctim);
  f.ino = uint64_t(st.st_ino);
  return f;
}

std::string FactsText(const FileFacts& f, char kind) {
  if (f.kind != kind || !f.Known()) return "-";
  std::string out;
  for (uint64_t v : {f.size, f.mtime, f.ctime, f.ino}) {
    char buf[17];
    int n = 0;
    do buf[16 - n++] = "0123456789abcdef"[v & 15]; while ((v >>= 4) != 0);
    if (!out.empty()) out += '.';
    out.append(buf + 17 - n, static_cast<size_t>(n));
  }
  return out;
}

FileFacts ParseFacts(std::string_view text, char kind) {
  FileFacts f;
  uint64_t* fields[] = {&f.size, &f.mtime, &f.ctime, &f.ino};
  size_t pos = 0;
  for (int i = 0; i < 4; ++i) {
    if (i > 0 && (pos >= text.size() || text[pos++] != '.')) return FileFacts{};
    size_t start = pos;
    for (; pos < text.size() && pos - start < 16 && std::isxdigit(static_cast<unsigned char>(text[pos])); ++pos) {
      char c = text[pos];
      *fields[i] = *fields[i] * 16 + uint64_t(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    if (pos == start) return FileFacts{};
  }
  if (pos != text.size()) return FileFacts{};
  f.kind = kind;
  return f;
}

bool Settled(const FileFacts& f, int64_t since) {
  uint64_t margin = f.ctime % 1000000000u == 0 ? 2000000000u : 50000000u;
  return f.Known() && since > 0 && f.ctime + margin < uint64_t(since);
}

bool IgnoredPath(const std::string& rel) {
  for (std::string pattern : kIgnoredPatterns) {
    bool anchored = pattern[0] == '/', dir = pattern.back() == '/';
    std::string name = pattern.substr(anchored, pattern.size() - anchored - dir);
    for (size_t start = 0; start <= rel.size();) {
      size_t slash = rel.find('/', start);
      bool last = slash == std::string::npos;
      if (rel.compare(start, last ? std::string::npos : slash - start, name) == 0 && !(dir && last)) return true;
      if (anchored || last) break;
      start = slash + 1;
    }
  }
  return false;
}

TreeScan ScanTree(const std::string& repo_root, const std::string& output_root, KnownTree* known) {
  known->dirs.emplace(output_root, KnownTree::Dir{});
  std::vector<const std::string*> paths;
  std::vector<FileFacts*> facts;
  paths.reserve(known->dirs.size() + known->files.size());
  facts.reserve(paths.capacity());
  for (auto& [path, dir] : known->dirs) paths.push_back(&path), facts.push_back(&dir.now);
  for (auto& [path, file] : known->files) paths.push_back(&path), facts.push_back(&file.now);
  StatAll(repo_root, paths, facts);

  // A directory is sealed when it is the very directory recorded, untouched since; the
  // others are listed.
  TreeScan scan;
  Lister lister(repo_root, output_root, *known, &scan);
  std::vector<const std::string*> to_list;
  for (auto& [path, dir] : known->dirs) {
    dir.sealed = dir.facts.Known() && dir.now == dir.facts;
    if (!dir.sealed && dir.now.kind == 'd') to_list.push_back(&path);
  }
  std::sort(to_list.begin(), to_list.end(), [](const std::string* a, const std::string* b) { return *a < *b; });
  for (const auto* dir : to_list) lister.List(*dir);
  std::sort(scan.found.begin(), scan.found.end());

  // A file is trusted when its facts are as recorded and every directory above it, up to
  // the root, is a directory (not a symlink to one): the path then leads to the very inode
  // recorded, unchanged since (any write or rename changes its ctime).
  std::unordered_set<std::string_view> reachable;  // directories with only directories above
  for (const auto& [path, dir] : known->dirs) {
    bool ok = dir.now.kind == 'd';
    for (std::string up = path; ok && up != output_root;) {
      up = DirName(up);
      auto it = known->dirs.find(up);
      ok = up.size() >= output_root.size() && it != known->dirs.end() && it->second.now.kind == 'd';
    }
    if (ok) reachable.insert(path);
  }
  for (auto& [path, file] : known->files) {
    std::string_view parent(path.data(), std::min(path.size(), path.rfind('/')));
    file.trusted = file.facts.Known() && file.now == file.facts && reachable.count(parent);
  }
  return scan;
}

}  // namespace kalypso
