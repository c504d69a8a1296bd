// Tests of the FileSystem over git objects on a real temporary repository: it serves the
// committed bytes whatever the working tree holds, and a whole compilation (Jsonnet stack,
// its imports, a resource and a stdlib inside the repository) runs from one commit.
#include "git_fs.h"

#include <doctest/doctest.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>

#include "compile.h"
#include "../tests/test_support.h"

using namespace kalypso;

namespace {

// A git repository in a temporary directory, with one commit of the files written so far.
struct TempRepo {
  testing::TempDir dir;
  const std::string& root = dir.path;
  TempRepo() { Git("init -q -b main"); }
  void Git(const std::string& args) {
    std::string env = "GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@e "
                      "GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@e ";
    REQUIRE(std::system((env + "git -C '" + root + "' " + args + " >/dev/null").c_str()) == 0);
  }
  void Write(const std::string& rel, const std::string& text) {
    std::system(("mkdir -p \"$(dirname '" + root + "/" + rel + "')\"").c_str());
    std::ofstream(root + "/" + rel, std::ios::binary) << text;
  }
  std::string Commit() {
    Git("add -A");
    Git("commit -q -m c");
    std::string err;
    return RunGit(root, {"rev-parse", "HEAD"}, &err).value_or("");
  }
};

}  // namespace

TEST_CASE("reads files, directories and in-tree symlinks as committed") {
  TempRepo repo;
  repo.Write("a/b.txt", "old\n");
  repo.Write("big.bin", std::string(GitObjects::kMaxBytes + 1, 'x'));
  REQUIRE(symlink("a/b.txt", (repo.root + "/link").c_str()) == 0);
  std::string commit = repo.Commit();
  repo.Write("a/b.txt", "new\n");
  repo.Write("a/c.txt", "untracked\n");
  std::string err;
  auto git = GitObjects::Open(repo.root, &err);
  REQUIRE(git);
  GitFileSystem fs(*git, repo.root, commit);
  CHECK(fs.Read(repo.root + "/a/b.txt", &err) == std::optional<std::string>("old\n"));
  CHECK(fs.Read(repo.root + "/link", &err) == std::optional<std::string>("old\n"));
  CHECK_FALSE(fs.Read(repo.root + "/a/c.txt", &err));
  CHECK(err == "no such file");
  CHECK_FALSE(fs.Read(repo.root + "/a", &err));
  CHECK(err == "is a directory, not a file");
  CHECK_FALSE(fs.Read(repo.root + "/big.bin", &err));
  CHECK(err == "file is 4194305 bytes, more than the limit of 4194304");
  CHECK(fs.IsDir(repo.root + "/a"));
  CHECK(fs.Exists(repo.root + "/a/../a/b.txt"));
  CHECK(fs.List(repo.root) == std::vector<std::string>{"a", "big.bin", "link"});
  CHECK(fs.List(repo.root + "/a") == std::vector<std::string>{"b.txt"});
  CHECK(fs.RealPath(repo.root + "/a/c.txt").empty());
  // A name holding a newline would be a second request to git: never passed on.
  CHECK_FALSE(fs.Exists(repo.root + "/a\nHEAD:a/b.txt"));
  // Outside the repository: the disk.
  CHECK(fs.Exists("/"));
  GitObjects::Object obj;
  REQUIRE(git->Get("no-such-rev^{commit}", &obj, &err));
  CHECK(obj.status == "missing");
}

TEST_CASE("a Jsonnet stack, its import, a resource and the stdlib compile from a commit") {
  TempRepo repo;
  std::system(("cp -R '" + std::string(KALYPSO_SOURCE_DIR) + "/stdlib' '" + repo.root + "/lib'").c_str());
  repo.Write("stacks/parts.libsonnet", "{ version: '1.0.0' }\n");
  repo.Write("stacks/s.jsonnet",
             "local parts = import 'parts.libsonnet';\n"
             "{ stack: 's', repo: { url: 'https://example.org/g.git' }, components: { app: {\n"
             "  kind: 'helm', chart: { name: 'app', repo: 'https://example.org/c', version: parts.version },\n"
             "  resources: ['extra/cm.yaml'] } } }\n");
  repo.Write("extra/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm, namespace: app}\n");
  std::string commit = repo.Commit();
  // The working tree loses all of it: everything must come from the commit.
  std::system(("rm -rf '" + repo.root + "/lib' '" + repo.root + "/extra' '" + repo.root + "/stacks/parts.libsonnet'").c_str());
  std::string err;
  auto git = GitObjects::Open(repo.root, &err);
  REQUIRE(git);
  GitFileSystem fs(*git, repo.root, commit);
  Compilation c;
  Diags diags;
  CompileOptions options{repo.root + "/lib"};
  bool ok = Compile(repo.root + "/stacks/s.jsonnet", fs, options, &c, diags);
  INFO(diags.Render(false));
  REQUIRE(ok);
  CHECK(c.tree.at("out/manifests/app/kustomization.yaml").find("version: '1.0.0'") != std::string::npos);
  CHECK(c.tree.count("out/manifests/app/cm.yaml") == 1);
  CHECK(c.catalog.files.count(repo.root + "/lib/kalypso.libsonnet") == 1);
}
