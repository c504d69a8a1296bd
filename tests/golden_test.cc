// Golden cases: tests/cases/<name>/ holds a stack (stack.yaml or stack.jsonnet) and either
// want/ (the expected tree under the output root, byte for byte) or want.stderr (the exact
// diagnostics of a failed compile). KALYPSO_UPDATE_GOLDEN=1 rewrites the expectations.
// A case with a `twin` file must produce the same tree as the case it names (headers aside).
// A case with an `args` file compiles the path written there instead (a directory, a missing
// file); a case with a `pad-to` file is run only by tests/error_cases_test.sh, which pads its
// stack to that size first. Absolute paths under the current directory are shown relative
// in diagnostics, so that want.stderr does not depend on where the repository is checked out.
#include <dirent.h>
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "compile.h"
#include "../tests/test_support.h"
#include "write.h"

using namespace kalypso;
using kalypso::testing::Slurp;

namespace {

const char* kCases = "tests/cases";

std::vector<std::string> ListDir(const std::string& dir) {
  std::vector<std::string> out;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d))
      if (e->d_name[0] != '.') out.push_back(e->d_name);
    closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool IsFile(const std::string& p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

void Spit(const std::string& p, const std::string& bytes) {
  std::string dir = DirName(p);
  std::string cmd = "mkdir -p '" + dir + "'";
  REQUIRE(std::system(cmd.c_str()) == 0);
  std::ofstream(p, std::ios::binary) << bytes;
}

void ReadTree(const std::string& dir, const std::string& rel, std::map<std::string, std::string>* out) {
  for (const auto& name : ListDir(dir)) {
    std::string full = dir + "/" + name, r = rel.empty() ? name : rel + "/" + name;
    if (IsFile(full))
      (*out)[r] = Slurp(full);
    else
      ReadTree(full, r, out);
  }
  // ListDir skips dot files; the ownership manifest and out/.gitignore are two.
  for (std::string name : {kManifestName, ".gitignore"})
    if (rel.empty() && IsFile(dir + "/" + name)) (*out)[name] = Slurp(dir + "/" + name);
}

std::string StackOf(const std::string& dir) {
  for (const char* name : {"stack.yaml", "stack.jsonnet"})
    if (IsFile(dir + "/" + name)) return dir + "/" + name;
  return "";
}

// The compiled tree relative to the output root.
std::map<std::string, std::string> Relative(const Compilation& c) {
  std::map<std::string, std::string> out;
  std::string prefix = NormalizePath(c.stack.output) + "/";
  for (const auto& [path, bytes] : c.tree) out[path.substr(prefix.size())] = bytes;
  return out;
}

std::string DropFirstLine(const std::string& s) { return s.substr(s.find('\n') + 1); }

std::string FirstLine(const std::string& s) {
  std::string line = s.substr(0, s.find('\n'));
  line.erase(line.find_last_not_of(" \r") + 1);
  return line;
}

// `text` with every "<absolute current directory>/" made relative.
std::string RelativeToCwd(std::string text) {
  std::string prefix = AbsolutePath(".") + "/";
  for (size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at))
    text.erase(at, prefix.size());
  return text;
}

}  // namespace

TEST_CASE("golden cases") {
  bool update = std::getenv("KALYPSO_UPDATE_GOLDEN") != nullptr;
  std::vector<std::string> cases = ListDir(kCases);
  REQUIRE(cases.size() >= 8);
  for (const auto& name : cases) {
    std::string dir = std::string(kCases) + "/" + name;
    if (IsFile(dir + "/pad-to")) continue;
    std::string stack = IsFile(dir + "/args") ? FirstLine(Slurp(dir + "/args")) : StackOf(dir);
    if (stack.empty()) continue;
    CAPTURE(name);
    DiskFileSystem fs;
    Diags diags;
    Compilation c;
    bool ok = Compile(stack, fs, CompileOptions{}, &c, diags);
    std::string stderr_text = RelativeToCwd(diags.Render(false));
    if (IsFile(dir + "/twin")) {
      std::string twin_name = Slurp(dir + "/twin");
      twin_name.erase(twin_name.find_last_not_of("\n ") + 1);
      std::string twin_stack = StackOf(std::string(kCases) + "/" + twin_name);
      Diags twin_diags;
      Compilation twin;
      REQUIRE_MESSAGE(ok, stderr_text);
      REQUIRE(Compile(twin_stack, fs, CompileOptions{}, &twin, twin_diags));
      auto a = Relative(c), b = Relative(twin);
      a.erase(kManifestName);
      b.erase(kManifestName);
      REQUIRE(a.size() == b.size());
      for (const auto& [path, bytes] : a) {
        CAPTURE(path);
        REQUIRE(b.count(path));
        CHECK(DropFirstLine(bytes) == DropFirstLine(b[path]));
      }
      continue;
    }
    if (IsFile(dir + "/want.stderr") || (!ok && update)) {
      if (update) {
        Spit(dir + "/want.stderr", stderr_text);
        continue;
      }
      CHECK_MESSAGE(!ok, "expected the compile to fail");
      CHECK(stderr_text == Slurp(dir + "/want.stderr"));
      CHECK(c.tree.empty());
      continue;
    }
    REQUIRE_MESSAGE(ok, stderr_text);
    std::map<std::string, std::string> got = Relative(c);
    if (update) {
      std::string cmd = "rm -rf '" + dir + "/want'";
      REQUIRE(std::system(cmd.c_str()) == 0);
      for (const auto& [path, bytes] : got) Spit(dir + "/want/" + path, bytes);
      continue;
    }
    std::map<std::string, std::string> want;
    ReadTree(dir + "/want", "", &want);
    for (const auto& [path, bytes] : want) {
      CAPTURE(path);
      CHECK_MESSAGE(got.count(path), "missing from the compiled tree");
      if (got.count(path)) CHECK(got[path] == bytes);
    }
    for (const auto& [path, bytes] : got) {
      CAPTURE(path);
      CHECK_MESSAGE(want.count(path), "not in want/ (refresh with KALYPSO_UPDATE_GOLDEN=1)");
    }
  }
}

TEST_CASE("every in-cluster address in the reference tree names a Service the stdlib says exists") {
  // A Service exists when some component exports it (the stdlib's naming rule at the pinned
  // chart version, or a Service kalypsoc itself emits) in that namespace, on that port.
  DiskFileSystem fs;
  Diags diags;
  Compilation c;
  REQUIRE_MESSAGE(Compile("stacks/kalypso.yaml", fs, CompileOptions{}, &c, diags), diags.Render());
  std::set<std::string> known;
  for (const auto& [key, ep] : c.compiled.endpoints)
    if (!ep.external) known.insert(ep.service + "." + ep.ns + ":" + std::to_string(ep.port));
  const std::string suffix = ".svc.cluster.local:";
  size_t addresses = 0;
  for (const auto& [path, bytes] : c.tree) {
    for (size_t at = bytes.find(suffix); at != std::string::npos; at = bytes.find(suffix, at + 1)) {
      size_t start = at;
      while (start > 0 && (std::isalnum(static_cast<unsigned char>(bytes[start - 1])) || bytes[start - 1] == '-' || bytes[start - 1] == '.')) --start;
      size_t end = at + suffix.size();
      while (end < bytes.size() && std::isdigit(static_cast<unsigned char>(bytes[end]))) ++end;
      std::string host = bytes.substr(start, at - start);  // service.namespace
      std::string port = bytes.substr(at + suffix.size(), end - at - suffix.size());
      CAPTURE(path);
      CHECK_MESSAGE(known.count(host + ":" + port), host << suffix << port << " is not a Service any component exports");
      ++addresses;
    }
  }
  CHECK(addresses >= 15);
}
