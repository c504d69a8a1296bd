// The publish protocol (design: ../shared/design/transactions.md; guarantees: README
// "Failed and interrupted builds"). Roll-forward only, no backups of old content:
//  1. stage: every new file is written under `<root>/.kalypsoc-staging/` (a new directory is
//     staged whole, so the commit creates no directory), then the intent record (journal.h)
//     beside them, then the file system is flushed once (syncfs: files, their directories and
//     the record on stable storage together); nothing visible changes, and a failure here
//     removes the staging area: the tree is the old one.
//  2. commit: the record is renamed to `<root>/.kalypsoc-journal` and the root is fsynced.
//     From here on the publish only goes forward.
//  3. apply: renames (the ownership manifest last), then removals of files that still have
//     the hash the old manifest gave them, then emptied directories; one flush of the file
//     system; then the record and the staging area are removed. Each step is safe to repeat,
//     so `Recover` (at the start of every build and check, under the lock) redoes it.
#include "publish.h"

#include <dirent.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "journal.h"

namespace kalypso {

namespace {

enum class Kind { kNone, kFile, kDir, kOther };

Kind KindOf(const std::string& path) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) return Kind::kNone;
  return S_ISREG(st.st_mode) ? Kind::kFile : S_ISDIR(st.st_mode) ? Kind::kDir : Kind::kOther;
}

bool ReadRegular(const std::string& path, std::string* out) {
  if (KindOf(path) != Kind::kFile) return false;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return static_cast<bool>(in);
}

bool HasHash(const std::string& path, const std::string& hash) {
  std::string bytes;
  return ReadRegular(path, &bytes) && ContentHash(bytes) == hash;
}

std::vector<std::string> Entries(const std::string& dir) {
  std::vector<std::string> names;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d))
      if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) names.push_back(e->d_name);
    closedir(d);
  }
  return names;
}

// Removes `path` and everything below it; 0 or the first errno.
int RemoveAll(TreeFileSystem& fs, const std::string& path) {
  Kind k = KindOf(path);
  if (k == Kind::kNone) return 0;
  if (k != Kind::kDir) return fs.Unlink(path);
  for (const auto& name : Entries(path))
    if (int e = RemoveAll(fs, path + "/" + name)) return e;
  return fs.RemoveDir(path);
}

std::string Journal(const PublishTarget& t) { return t.root + "/" + kJournalName; }
std::string Staging(const PublishTarget& t) { return t.root + "/" + kStagingName; }

std::string FinishHint(const PublishTarget& t) {
  return "; the publish is recorded in '" + t.shown + "/" + kJournalName +
         "': once that is fixed, the next 'kalypsoc build' or 'kalypsoc check' of this tree finishes it";
}

// Applies a committed record (step 3); safe to repeat after an interruption at any point.
bool RollForward(const PublishTarget& t, const std::vector<JournalEntry>& entries, Diags& diags) {
  auto fail = [&](const std::string& rel, const std::string& what) {
    diags.Error({t.shown + "/" + rel, 0, 0}, "cannot finish publishing: " + what + FinishHint(t));
    return false;
  };
  for (const auto& e : entries) {
    std::string target = t.root + "/" + e.path, staged = Staging(t) + "/" + e.staged;
    if (e.kind == JournalEntry::Kind::kDir || e.kind == JournalEntry::Kind::kPut) {
      bool dir = e.kind == JournalEntry::Kind::kDir;
      if (KindOf(staged) == (dir ? Kind::kDir : Kind::kFile)) {
        if (int err = t.fs.Rename(staged, target)) return fail(e.path, std::strerror(err));
      } else if (dir ? KindOf(target) != Kind::kDir : !HasHash(target, e.hash)) {
        return fail(e.path, "its staged copy is gone and the target does not hold the new content");
      }
    } else if (e.kind == JournalEntry::Kind::kFile) {
    } else {
      if (KindOf(target) != Kind::kNone) {
        if (!HasHash(target, e.hash)) {
          diags.Warning({t.shown + "/" + e.path, 0, 0}, "no longer generated, but edited since kalypsoc wrote it; left in place");
          continue;
        }
        if (int err = t.fs.Unlink(target)) return fail(e.path, std::strerror(err));
      }
      // Directories it emptied go too (also when an interrupted run removed the file already).
      std::string dir = DirName(target);
      for (; dir.size() > t.root.size(); dir = DirName(dir)) {
        int err = KindOf(dir) == Kind::kNone ? 0 : t.fs.RemoveDir(dir);
        if (err == ENOTEMPTY || err == EEXIST) break;
        if (err != 0) return fail(dir.substr(t.root.size() + 1), std::strerror(err));
      }
    }
  }
  // One flush for the renames and removals in every directory.
  if (int err = t.fs.SyncAll(t.root)) return fail("", std::strerror(err));
  // The staging area goes before the record: staging without a record means "not committed".
  int err = RemoveAll(t.fs, Staging(t));
  if (err == 0) err = t.fs.Unlink(Journal(t));
  if (err != 0) return fail(kJournalName, std::strerror(err));
  if ((err = t.fs.SyncDir(t.root)) != 0)  // the tree is the new one; only its durability is in doubt
    diags.Warning({t.shown, 0, 0}, std::string("published, but flushing the directory failed (") + std::strerror(err) +
                                       "); a power loss now could undo the last step");
  return true;
}

// Step 1: writes every new file under the staging area; the record's entries in *entries.
int Stage(const PublishTarget& t, const PublishPlan& plan, std::vector<JournalEntry>* entries, std::string* where) {
  std::string staging = Staging(t);
  *where = kStagingName;
  if (int err = t.fs.MakeDir(staging)) return err;
  std::vector<JournalEntry> dirs, files, puts;
  std::map<std::string, std::string> new_dirs;  // new top directory -> staged name
  std::set<std::string> made{staging};  // directories created in the staging area
  int n = 0;
  for (const auto& [rel, bytes] : plan.puts) {
    *where = rel;
    std::string top;
    for (size_t slash = rel.find('/'); top.empty() && slash != std::string::npos; slash = rel.find('/', slash + 1))
      if (new_dirs.count(rel.substr(0, slash)) || KindOf(t.root + "/" + rel.substr(0, slash)) == Kind::kNone)
        top = rel.substr(0, slash);
    std::string staged = std::to_string(n);
    if (top.empty()) {
      ++n;
      puts.push_back({JournalEntry::Kind::kPut, staged, ContentHash(*bytes), rel});
    } else {
      auto [it, fresh] = new_dirs.emplace(top, staged);
      if (fresh) {
        ++n;
        dirs.push_back({JournalEntry::Kind::kDir, staged, "", top});
      }
      std::string inner = it->second + rel.substr(top.size());
      for (size_t slash = inner.find('/'); slash != std::string::npos; slash = inner.find('/', slash + 1))
        if (made.insert(staging + "/" + inner.substr(0, slash)).second)
          if (int err = t.fs.MakeDir(staging + "/" + inner.substr(0, slash))) return err;
      staged = inner;
      files.push_back({JournalEntry::Kind::kFile, "", ContentHash(*bytes), rel});
    }
    if (int err = t.fs.WriteNew(staging + "/" + staged, *bytes)) return err;
  }
  *entries = dirs;
  entries->insert(entries->end(), files.begin(), files.end());
  entries->insert(entries->end(), puts.begin(), puts.end());
  for (const auto& [rel, hash] : plan.dels) entries->push_back({JournalEntry::Kind::kDel, "", hash, rel});
  *where = kJournalName;
  if (int err = t.fs.WriteNew(staging + "/journal", FormatJournal(*entries))) return err;
  *where = kStagingName;
  return t.fs.SyncAll(staging);  // the staged files, their directories and the record
}

// Removes the per-file temporaries older versions left beside their targets; how many.
int RemoveOldTemps(const PublishTarget& t, const std::string& dir) {
  int n = 0;
  for (const auto& name : Entries(dir)) {
    std::string path = dir + "/" + name;
    Kind k = KindOf(path);
    if (k == Kind::kDir && name != kStagingName)
      n += RemoveOldTemps(t, path);
    else if (k == Kind::kFile && name.rfind(kOldTempPrefix, 0) == 0 && t.fs.Unlink(path) == 0)
      ++n;
  }
  return n;
}

void OldTempsWarning(const PublishTarget& t, int n, Diags& diags) {
  diags.Warning({t.shown, 0, 0}, "removed " + std::to_string(n) + " temporary files an interrupted build of an older kalypsoc left");
}

}  // namespace

bool IsInternalPath(const std::string& rel) {
  std::string first = rel.substr(0, rel.find('/'));
  return first == kLockName || first == kJournalName || first == kStagingName ||
         rel.substr(rel.rfind('/') + 1).rfind(kOldTempPrefix, 0) == 0;
}

bool PublishPending(const std::string& root) {
  return KindOf(root + "/" + kJournalName) != Kind::kNone || KindOf(root + "/" + kStagingName) != Kind::kNone;
}

bool Publish(const PublishTarget& t, const PublishPlan& plan, Diags& diags) {
  std::vector<JournalEntry> entries;
  std::string where;
  int err = Stage(t, plan, &entries, &where);
  if (err == 0) {
    err = t.fs.Rename(Staging(t) + "/journal", Journal(t));
    if (err != 0 && KindOf(Journal(t)) == Kind::kFile) err = 0;  // the rename happened after all
  }
  if (err != 0) {
    std::string msg = "cannot write: " + std::string(std::strerror(err)) + "; nothing was changed";
    if (RemoveAll(t.fs, Staging(t)) != 0)
      msg += " (the staging area '" + t.shown + "/" + kStagingName + "' is left; the next build or check removes it)";
    diags.Error({t.shown + "/" + where, 0, 0}, msg);
    return false;
  }
  if (int e = t.fs.SyncDir(t.root)) {
    diags.Error({t.shown, 0, 0}, "cannot finish publishing: " + std::string(std::strerror(e)) + FinishHint(t));
    return false;
  }
  return RollForward(t, entries, diags);
}

bool Recover(const PublishTarget& t, Diags& diags, bool old_temps) {
  if (KindOf(Journal(t)) != Kind::kNone) {
    std::string text;
    auto entries = ReadRegular(Journal(t), &text) ? ParseJournal(text) : std::nullopt;
    if (!entries) {
      diags.Error({t.shown + "/" + kJournalName, 0, 0},
                  "the intent record of an interrupted build is torn or not kalypsoc's; remove it and '" + t.shown +
                      "/" + kStagingName + "', run 'kalypsoc build', and review the tree with 'git status'");
      return false;
    }
    if (!RollForward(t, *entries, diags)) return false;
    int written = 0, removed = 0;
    for (const auto& e : *entries) {  // the whole publish, not only what was left of it
      if (e.kind == JournalEntry::Kind::kDel)
        ++removed;
      else if (e.kind != JournalEntry::Kind::kDir)
        ++written;
    }
    diags.Warning({t.shown, 0, 0}, "finished the publish of an interrupted build (its intent record was committed): " +
                                       std::to_string(written) + " files written, " + std::to_string(removed) +
                                       " removed");
  } else if (KindOf(Staging(t)) != Kind::kNone) {
    if (int err = RemoveAll(t.fs, Staging(t))) {
      diags.Error({t.shown + "/" + kStagingName, 0, 0}, "cannot remove the staging area of an interrupted build: " +
                                                             std::string(std::strerror(err)));
      return false;
    }
    diags.Warning({t.shown, 0, 0}, "undid an interrupted build (it had changed nothing in the tree): removed its staging area");
  }
  if (int n = old_temps ? RemoveOldTemps(t, t.root) : 0) OldTempsWarning(t, n, diags);
  return true;
}

void RemoveOldTemps(const PublishTarget& t, const std::vector<std::string>& paths, Diags& diags) {
  int n = 0;
  for (const auto& rel : paths) n += t.fs.Unlink(t.root + "/" + rel) == 0;
  if (n) OldTempsWarning(t, n, diags);
}

}  // namespace kalypso
