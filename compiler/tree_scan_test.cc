// The tree scan on real temporary directories: what it trusts without reading, what it lists,
// and that every change kalypsoc did not make (edit, new file, symlink, removal) shows.
#include "tree_scan.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <set>

#include "../tests/test_support.h"

using namespace kalypso;

namespace {

// A tree as a build leaves it: two component directories, a chart cache kustomize left, the
// lock and a staging area.
struct Dir {
  testing::TempDir tmp;
  const std::string& root = tmp.path;
  Dir() {
    for (const char* d : {"out", "out/a", "out/a/charts", "out/b", "out/b/deep", "out/.kalypsoc-staging"})
      mkdir((root + "/" + d).c_str(), 0755);
    for (const char* f : {"out/m", "out/a/x", "out/a/y", "out/b/deep/z", "out/a/charts/c.tgz",
                          "out/.kalypsoc-staging/s", "out/.kalypsoc-lock"})
      Put(f, "bytes");
  }
  void Put(const std::string& rel, const std::string& bytes) const { tmp.Write(rel, bytes); }
};

// What a build records after the scan: each file's and directory's facts as they are now.
KnownTree Recorded(const Dir& d) {
  KnownTree k;
  for (const char* f : {"out/m", "out/a/x", "out/a/y", "out/b/deep/z"})
    k.files[f] = {"h", StatFacts(d.root + "/" + f), {}, false};
  for (const char* dir : {"out", "out/a", "out/b", "out/b/deep"}) k.dirs[dir].facts = StatFacts(d.root + "/" + dir);
  return k;
}

std::set<std::string> Trusted(const KnownTree& k) {
  std::set<std::string> t;
  for (const auto& [path, f] : k.files)
    if (f.trusted) t.insert(path);
  return t;
}

}  // namespace

TEST_CASE("without a record the scan walks everything but what out/.gitignore lists") {
  Dir d;
  d.Put("out/a/.kalypsoc-tmp-1-x", "half");
  KnownTree none;
  TreeScan s = ScanTree(d.root, "out", &none);
  CHECK(s.found == std::vector<std::string>{"out/a/.kalypsoc-tmp-1-x", "out/a/x", "out/a/y", "out/b/deep/z", "out/m"});
  CHECK(none.dirs.count("out"));
}

TEST_CASE("an untouched tree is trusted whole and nothing is listed") {
  Dir d;
  KnownTree k = Recorded(d);
  usleep(60000);
  TreeScan s = ScanTree(d.root, "out", &k);
  CHECK(s.found.empty());
  CHECK(Trusted(k) == std::set<std::string>{"out/a/x", "out/a/y", "out/b/deep/z", "out/m"});
  for (const auto& [path, dir] : k.dirs) CHECK_MESSAGE(dir.sealed, path);
}

TEST_CASE("an edit in place, a new file, a removal and a symlink are all seen") {
  Dir d;
  KnownTree k = Recorded(d);
  usleep(60000);               // the kernel's file times tick coarsely: edits must fall on a later tick
  d.Put("out/a/y", "BYTES");   // same size, same inode
  d.Put("out/b/new", "mine");  // a file kalypsoc did not write
  unlink((d.root + "/out/m").c_str());
  TreeScan s = ScanTree(d.root, "out", &k);
  CHECK(s.found == std::vector<std::string>{"out/b/new"});
  CHECK(Trusted(k) == std::set<std::string>{"out/a/x", "out/b/deep/z"});
  CHECK(k.files["out/m"].now.kind == 0);
  CHECK(!k.dirs["out/b"].sealed);
  CHECK(k.dirs["out/b/deep"].sealed);

  // A directory swapped for a symlink to a copy of it: nothing below it is trusted.
  KnownTree again = Recorded(d);
  usleep(60000);
  (void)std::system(("cd '" + d.root + "/out' && cp -a b /tmp/kalypso-scan-copy-$$ && rm -rf b && ln -s " +
                     "/tmp/kalypso-scan-copy-$$ b && rm -rf /tmp/kalypso-scan-copy-$$").c_str());
  s = ScanTree(d.root, "out", &again);
  CHECK(s.found == std::vector<std::string>{"out/b"});
  CHECK(!again.files["out/b/deep/z"].trusted);
}

TEST_CASE("facts round-trip through the stamp's text and settle after the margin") {
  FileFacts f{'f', 0x1234, 1700000000123456789u, 1700000000123456789u, 42};
  CHECK(FactsText(f, 'f') == "1234.17979cfe3d85cd15.17979cfe3d85cd15.2a");
  CHECK(ParseFacts(FactsText(f, 'f'), 'f') == f);
  CHECK(FactsText(f, 'd') == "-");
  CHECK(!ParseFacts("-", 'f').Known());
  CHECK(!ParseFacts("12.x.3.4", 'f').Known());
  CHECK(!ParseFacts("1.2.3.4 ", 'f').Known());
  CHECK(Settled(f, int64_t(f.ctime + 60000000)));
  CHECK(!Settled(f, int64_t(f.ctime + 10000000)));
  FileFacts whole{'f', 1, 1700000000000000000u, 1700000000000000000u, 1};  // a file system with whole seconds
  CHECK(!Settled(whole, int64_t(whole.ctime + 1000000000)));
  CHECK(Settled(whole, int64_t(whole.ctime + 3000000000u)));
}
