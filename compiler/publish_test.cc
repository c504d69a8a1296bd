// The publish protocol under injected faults on real temporary directories: every write,
// fsync, syncfs, rename, unlink, mkdir and rmdir failed in turn (ENOSPC, EACCES, EIO), and a crash
// at every operation; each run must leave the old or the new tree and recover by itself.
#include "publish.h"

#include <dirent.h>
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>

#include "journal.h"
#include "../tests/test_support.h"
#include "write.h"

using namespace kalypso;
using kalypso::testing::Slurp;

namespace {

using Snapshot = std::map<std::string, std::string>;  // relative path -> bytes ("dir/" -> "" for a directory)

// Everything under `dir` but the lock file, which stays between builds (out/.gitignore lists it).
void Snap(const std::string& dir, const std::string& rel, Snapshot* out) {
  DIR* d = opendir(dir.c_str());
  if (!d) return;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name, r = rel.empty() ? name : rel + "/" + name;
    if (name == "." || name == ".." || r == kLockName) continue;
    struct stat st;
    if (lstat((dir + "/" + name).c_str(), &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      (*out)[r + "/"] = "";
      Snap(dir + "/" + name, r, out);
    } else {
      (*out)[r] = Slurp(dir + "/" + name);
    }
  }
  closedir(d);
}

Snapshot Snap(const std::string& dir) {
  Snapshot s;
  Snap(dir, "", &s);
  return s;
}

Tree OldTree() {
  Tree t{{"out/a.yaml", "old a\n"},           {"out/same.yaml", "same\n"},
         {"out/gone/deep/x.yaml", "gone x\n"}, {"out/keep/k.yaml", "old k\n"},
         {"out/keep/drop.yaml", "drop\n"}};
  AddManifest("out", "stack.yaml", &t);
  return t;
}

// Replaces, creates in an existing directory, creates new directories, removes files and a
// directory tree: every kind of step.
Tree NewTree() {
  Tree t{{"out/a.yaml", "new a\n"},         {"out/same.yaml", "same\n"},      {"out/b.yaml", "new b\n"},
         {"out/keep/k.yaml", "new k\n"},    {"out/fresh/one.yaml", "one\n"}, {"out/fresh/sub/two.yaml", "two\n"},
         {"out/other/three.yaml", "three\n"}};
  AddManifest("out", "stack.yaml", &t);
  return t;
}

struct Repo {
  std::string dir;
  Snapshot old_snap, new_snap;
  Repo() {
    setenv("KALYPSO_TEST_NO_FSYNC", "1", 1);  // hundreds of runs; fsync failures are still injected
    char t[] = "/tmp/kalypso-publish-XXXXXX";
    REQUIRE(mkdtemp(t));
    dir = t;
    new_snap = Build(NewTree());
    Reset();
    old_snap = Snap(dir + "/out");
  }
  ~Repo() {
    unsetenv("KALYPSO_TEST_NO_FSYNC");
    std::system(("rm -rf '" + dir + "'").c_str());
  }
  Snapshot Build(const Tree& tree) {
    Diags d;
    WriteStats s;
    REQUIRE_MESSAGE(WriteTree(dir, "out", tree, &s, d), d.Render());
    return Snap(dir + "/out");
  }
  void Reset() {
    REQUIRE(std::system(("rm -rf '" + dir + "/out'").c_str()) == 0);
    Build(OldTree());
  }
  std::string Next() {  // a build or a check after the fault: recovers, and what it said
    Diags d;
    TreeDiff diff;
    REQUIRE_MESSAGE(CheckTree(dir, "out", NewTree(), true, &diff, d), d.Render());
    return d.Render();
  }
};

const char* kFinished = "out: warning: finished the publish of an interrupted build";
const char* kUndone = "out: warning: undid an interrupted build (it had changed nothing in the tree)";

}  // namespace

TEST_CASE("the intent record: round trip, and torn or hostile records are refused") {
  std::vector<JournalEntry> entries = {{JournalEntry::Kind::kDir, "0", "", "fresh"},
                                       {JournalEntry::Kind::kFile, "", "00ff", "fresh/a b.yaml"},
                                       {JournalEntry::Kind::kPut, "1", "0a0a", "x.yaml"},
                                       {JournalEntry::Kind::kDel, "", "1234", "old/y.yaml"}};
  std::string text = FormatJournal(entries);
  auto parsed = ParseJournal(text);
  REQUIRE(parsed);
  CHECK(parsed->size() == 4);
  CHECK((*parsed)[1].path == "fresh/a b.yaml");
  CHECK((*parsed)[2].staged == "1");
  for (size_t cut = 0; cut < text.size(); ++cut) CHECK_FALSE(ParseJournal(text.substr(0, cut)));
  std::string evil = FormatJournal({{JournalEntry::Kind::kPut, "1", "0a0a", "../../etc/passwd"}});
  CHECK_FALSE(ParseJournal(evil));
}

TEST_CASE("a failing write, fsync, rename, unlink, mkdir or rmdir leaves the old or the new tree") {
  Repo repo;
  REQUIRE(repo.old_snap != repo.new_snap);
  using Op = TreeFileSystem::Op;
  int runs = 0;
  for (Op kind : {Op::kMkdir, Op::kWrite, Op::kFsync, Op::kSyncFs, Op::kRename, Op::kUnlink, Op::kRmdir}) {
    for (int err : {ENOSPC, EACCES, EIO}) {
      for (int nth = 0;; ++nth) {
        CAPTURE(static_cast<int>(kind));
        CAPTURE(err);
        CAPTURE(nth);
        repo.Reset();
        DiskTreeFileSystem disk;
        FaultyTreeFileSystem faulty(disk, kind, nth, err);
        WriteOptions options;
        options.fs = &faulty;
        Diags d;
        WriteStats s;
        bool ok = WriteTree(repo.dir, "out", NewTree(), &s, d, options);
        if (!faulty.fired()) {
          CHECK(ok);
          CHECK(Snap(repo.dir + "/out") == repo.new_snap);
          break;
        }
        ++runs;
        std::string msg = d.Render();
        if (ok) {  // only the last directory flush may fail without failing the build
          CHECK(msg.find("out: warning: published, but flushing the directory failed") == 0);
          CHECK(Snap(repo.dir + "/out") == repo.new_snap);
          continue;
        }
        CHECK(msg.find(std::strerror(err)) != std::string::npos);
        if (msg.find("nothing was changed") != std::string::npos) {
          CHECK(Snap(repo.dir + "/out") == repo.old_snap);  // no staging area, no temp file either
          CHECK(repo.Next() == "");
        } else {
          CHECK(msg.find("the next 'kalypsoc build' or 'kalypsoc check' of this tree finishes it") != std::string::npos);
          std::string said = repo.Next();
          CAPTURE(said);
          CHECK(said.find(kFinished) == 0);
          CHECK(Snap(repo.dir + "/out") == repo.new_snap);
        }
        CHECK(repo.Build(NewTree()) == repo.new_snap);
      }
    }
  }
  CHECK(runs > 60);
}

TEST_CASE("a crash at any operation, even during recovery, is finished or undone by the next run") {
  Repo repo;
  int commits = 0, undos = 0;
  for (int nth = 0;; ++nth) {
    CAPTURE(nth);
    repo.Reset();
    DiskTreeFileSystem disk;
    FaultyTreeFileSystem crash(disk, std::nullopt, nth, 0);
    WriteOptions options;
    options.fs = &crash;
    Diags d;
    WriteStats s;
    (void)WriteTree(repo.dir, "out", NewTree(), &s, d, options);  // it "died" silently
    if (!crash.fired()) break;
    bool committed = access((repo.dir + "/out/" + kJournalName).c_str(), F_OK) == 0;
    Snapshot visible = Snap(repo.dir + "/out");
    for (auto it = visible.begin(); it != visible.end();)
      it = it->first.rfind(".kalypsoc-", 0) == 0 && it->first != kManifestName ? visible.erase(it) : std::next(it);
    bool staged = access((repo.dir + "/out/" + kStagingName).c_str(), F_OK) == 0;
    // Before the commit point nothing visible changed; after the record's removal all is done.
    if (!committed) CHECK((visible == repo.old_snap || (!staged && visible == repo.new_snap)));
    if (committed) {
      // Crash again at every step of the recovery's roll-forward, then recover for good.
      for (int again = 0;; ++again) {
        DiskTreeFileSystem disk2;
        FaultyTreeFileSystem crash2(disk2, std::nullopt, again, 0);
        Diags d2;
        (void)Recover({crash2, repo.dir + "/out", "out"}, d2);
        if (!crash2.fired()) break;
      }
    }
    std::string said = repo.Next();
    CAPTURE(said);
    if (committed) {
      ++commits;
      CHECK(Snap(repo.dir + "/out") == repo.new_snap);
    } else if (staged) {
      ++undos;
      CHECK(said.find(kUndone) == 0);
      CHECK(Snap(repo.dir + "/out") == repo.old_snap);
    } else {
      CHECK(said == "");
      CHECK((Snap(repo.dir + "/out") == repo.old_snap || Snap(repo.dir + "/out") == repo.new_snap));
    }
    CHECK(repo.Build(NewTree()) == repo.new_snap);
  }
  CHECK(commits > 5);
  CHECK(undos > 5);
}

TEST_CASE("temporary files of older versions are removed, never reported as foreign") {
  Repo repo;
  std::ofstream(repo.dir + "/out/keep/.kalypsoc-tmp-123-k.yaml") << "half";
  CHECK(DiffTree(repo.dir, "out", OldTree()).Clean());
  Diags d;
  WriteStats s;
  REQUIRE(WriteTree(repo.dir, "out", OldTree(), &s, d));
  CHECK(d.Render() == "out: warning: removed 1 temporary files an interrupted build of an older kalypsoc left\n");
  CHECK(Snap(repo.dir + "/out") == repo.old_snap);
}
