// Writing a tree: the ownership rules and the plan of one publish (what to put, what to
// remove, what to leave), run under the tree's lock with signals held back, after recovery;
// and the comparison `check` makes, by the same rules.
#include "write.h"

#include <signal.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

#include "parallel.h"
#include "publish.h"
#include "tree_check.h"
#include "tree_lock.h"

namespace kalypso {

namespace {

bool ReadFile(const std::string& path, std::string* out) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return static_cast<bool>(in);
}

// The one rule build and check share for files under the root that the tree does not hold:
// kalypsoc removes a file only when its manifest owns it with these very bytes; any other
// file (hand-written, or owned but edited since) is foreign and left alone. kalypsoc's own
// bookkeeping and what out/.gitignore lists are neither.
struct Leftovers {
  std::vector<std::pair<std::string, std::string>> removable;  // path, hash
  std::vector<std::string> edited, foreign;
};

// Files under the root that `tree` does not hold, as a scan found them (known files still
// present, files found), but for kalypsoc's own bookkeeping.
std::vector<std::string> Unknown(const std::string& output_root, const TreeScan& scan, const KnownTree& known,
                                 const Tree& tree) {
  std::vector<std::string> unknown;
  auto add = [&](const std::string& path) {
    if (!tree.count(path) && !IsInternalPath(path.substr(output_root.size() + 1))) unknown.push_back(path);
  };
  for (const auto& [path, file] : known.files)
    if (file.now.kind == 'f' || file.now.kind == 'o') add(path);
  for (const auto& path : scan.found) add(path);
  std::sort(unknown.begin(), unknown.end());
  return unknown;
}

// Sorts the files on disk that `tree` does not hold by the one rule above; `owned` reads
// the manifest (only when there is such a file). A file the scan trusts has the bytes the
// last build recorded, so its hash is known without reading it.
template <typename Owned>
Leftovers FindLeftovers(const std::string& repo_root, const std::string& output_root, const Tree& tree,
                        const TreeScan& scan, const KnownTree& known, Owned&& owned) {
  Leftovers left;
  for (const auto& path : Unknown(output_root, scan, known, tree)) {
    auto it = owned().find(path);
    auto k = known.files.find(path);
    std::string bytes, hash;
    if (it != owned().end() && k != known.files.end() && k->second.trusted)
      hash = k->second.hash;
    else if (it != owned().end() && ReadFile(JoinPath(repo_root, path), &bytes))
      hash = ContentHash(bytes);
    if (hash.empty())
      left.foreign.push_back(path);
    else if (hash != it->second)
      left.edited.push_back(path);
    else
      left.removable.emplace_back(path, it->second);
  }
  return left;
}

// Holds back the signals that end a process politely while a publish runs; they are
// delivered (and end it) when the publish has finished or cleaned up.
class SignalHold {
 public:
  SignalHold() {
    sigset_t set;
    sigemptyset(&set);
    for (int s : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE}) sigaddset(&set, s);
    sigprocmask(SIG_BLOCK, &set, &old_);
  }
  ~SignalHold() { sigprocmask(SIG_SETMASK, &old_, nullptr); }

 private:
  sigset_t old_;
};

std::string Rel(const std::string& path, const std::string& output_root) { return path.substr(output_root.size() + 1); }

}  // namespace

void AddManifest(const std::string& output_root, const std::string& stack_rel, Tree* tree, TreeHashes* hashes) {
  std::string prefix = output_root + "/";
  std::string ignore = GeneratedHeader(stack_rel) +
                       "# kalypsoc's lock and, while a build runs, its intent record and staging area.\n";
  for (int i = 0; i < 3; ++i) ignore += std::string(kIgnoredPatterns[i]) + "\n";
  ignore += "# Charts that `kustomize build --enable-helm` downloads into a component's folder.\n";
  ignore += std::string(kIgnoredPatterns[3]) + "\n";
  (*tree)[prefix + kGitignoreName] = ignore;
  // Hashing is most of the cost of a large tree: on every core, in chunks.
  std::vector<const std::pair<const std::string, std::string>*> files;
  for (const auto& file : *tree)
    if (file.first.compare(0, prefix.size(), prefix) == 0) files.push_back(&file);
  std::vector<std::string> sums(files.size());
  ParallelChunks(files.size(), 256, [&](size_t i) { sums[i] = ContentHash(files[i]->second); });
  std::string text = GeneratedHeader(stack_rel) + "# Files kalypsoc owns in this tree: content hash, path.\n";
  text.reserve(files.size() * 80);
  for (size_t i = 0; i < files.size(); ++i) {
    text.append(sums[i]).append("  ").append(files[i]->first, prefix.size());
    text += '\n';
    if (hashes) hashes->emplace(files[i]->first, std::move(sums[i]));
  }
  auto manifest = tree->insert_or_assign(prefix + kManifestName, std::move(text)).first;
  if (hashes) hashes->emplace(manifest->first, ContentHash(manifest->second));
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

TreeDiff DiffTree(const std::string& repo_root, const std::string& output_root, const Tree& tree) {
  TreeDiff diff;
  std::map<std::string, std::string> owned = ReadManifest(repo_root, output_root);
  std::string manifest = output_root + "/" + kManifestName;
  for (const auto& [path, bytes] : tree) {
    std::string disk;
    if (!ReadFile(JoinPath(repo_root, path), &disk)) {
      diff.missing.push_back(path);
    } else if (disk != bytes) {
      diff.stale.push_back(path);
      if (!owned.count(path) && path != manifest) diff.foreign.push_back(path);  // in the way: build refuses it
    }
  }
  KnownTree none;
  TreeScan scan = ScanTree(repo_root, output_root, &none);
  Leftovers left = FindLeftovers(repo_root, output_root, tree, scan, none,
                                 [&]() -> const std::map<std::string, std::string>& { return owned; });
  for (const auto& [path, hash] : left.removable) diff.extra.push_back(path);
  diff.foreign.insert(diff.foreign.end(), left.edited.begin(), left.edited.end());
  diff.foreign.insert(diff.foreign.end(), left.foreign.begin(), left.foreign.end());
  std::sort(diff.foreign.begin(), diff.foreign.end());
  return diff;
}

bool WriteTree(const std::string& repo_root, const std::string& output_root, const Tree& tree, WriteStats* stats,
               Diags& diags, const WriteOptions& options) {
  if (!CheckPath(repo_root, output_root + "/x", diags)) return false;
  std::string root = JoinPath(AbsolutePath(repo_root), output_root);
  TreeLock lock;
  if (!lock.Acquire(root, output_root, /*exclusive=*/true, /*create=*/true, options.wait, diags)) return false;
  SignalHold hold;
  DiskTreeFileSystem disk;
  PublishTarget target{options.fs ? *options.fs : disk, root, output_root};
  if (!Recover(target, diags, /*old_temps=*/false)) return false;
  KnownTree none;
  KnownTree& known = options.known ? *options.known : none;
  TreeScan scan = ScanTree(repo_root, output_root, &known);
  std::vector<std::string> temps;  // kalypsoc's own, from before the intent record
  for (const auto& path : scan.found)
    if (path.compare(path.rfind('/') + 1, std::strlen(kOldTempPrefix), kOldTempPrefix) == 0)
      temps.push_back(Rel(path, output_root));
  RemoveOldTemps(target, temps, diags);

  // Every check before the first change. A file the scan trusts holds the bytes the last
  // build recorded: when their hash is the new bytes', it is unchanged and was checked then.
  std::optional<std::map<std::string, std::string>> manifest_entries;
  auto owned = [&]() -> const std::map<std::string, std::string>& {
    if (!manifest_entries) manifest_entries = ReadManifest(repo_root, output_root);
    return *manifest_entries;
  };
  std::string manifest = output_root + "/" + kManifestName;
  PublishPlan plan;
  bool ok = true, put_manifest = false;
  for (const auto& [path, bytes] : tree) {
    auto k = known.files.find(path);
    if (k != known.files.end() && k->second.trusted &&
        k->second.hash == (options.hashes ? HashOf(*options.hashes, path, bytes) : ContentHash(bytes))) {
      ++stats->unchanged;
      continue;
    }
    if (!CheckPath(repo_root, path, diags)) {
      ok = false;
      continue;
    }
    std::string disk_bytes;
    bool exists = ReadFile(JoinPath(repo_root, path), &disk_bytes);
    if (exists && disk_bytes == bytes) {
      ++stats->unchanged;
    } else if (path == manifest) {
      put_manifest = true;
    } else if (exists && !owned().count(path)) {
      diags.Error({path, 0, 0}, "exists and was not generated by kalypsoc; move it out of '" + output_root +
                                    "' (kalypsoc never overwrites files it does not own)");
      ok = false;
    } else {
      plan.puts.emplace_back(Rel(path, output_root), &bytes);
    }
  }
  Leftovers left = FindLeftovers(repo_root, output_root, tree, scan, known, owned);
  for (const auto& path : left.edited)
    diags.Warning({path, 0, 0}, "no longer generated, but edited since kalypsoc wrote it; left in place");
  for (const auto& path : left.foreign)
    diags.Warning({path, 0, 0}, "not generated by kalypsoc; left in place (remove it or move it out of '" + output_root + "')");
  for (const auto& [path, hash] : left.removable) plan.dels.emplace_back(Rel(path, output_root), hash);
  if (put_manifest) plan.puts.emplace_back(kManifestName, &tree.at(manifest));  // the manifest goes last
  if (!ok || (!(plan.puts.empty() && plan.dels.empty()) && !CheckPublish(root, output_root, plan, diags))) {
    lock.RemoveCreated();
    return false;
  }
  if (plan.puts.empty() && plan.dels.empty()) return true;
  if (!Publish(target, plan, diags)) {
    if (!PublishPending(root)) lock.RemoveCreated();
    return false;
  }
  stats->written += static_cast<int>(plan.puts.size());
  stats->removed += static_cast<int>(plan.dels.size());
  for (const auto& put : plan.puts) stats->changed.push_back(output_root + "/" + put.first);
  for (const auto& del : plan.dels) stats->changed.push_back(output_root + "/" + del.first);
  return true;
}

bool CheckTree(const std::string& repo_root, const std::string& output_root, const Tree& tree, bool wait,
               TreeDiff* diff, Diags& diags) {
  std::string root = JoinPath(AbsolutePath(repo_root), output_root);
  TreeLock lock;
  if (!lock.Acquire(root, output_root, /*exclusive=*/false, /*create=*/false, wait, diags)) return false;
  if (PublishPending(root)) {
    DiskTreeFileSystem disk;
    if (!lock.Upgrade(diags) || !Recover({disk, root, output_root}, diags)) return false;
  }
  *diff = DiffTree(repo_root, output_root, tree);
  return true;
}

}  // namespace kalypso
