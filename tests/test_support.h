// Helpers shared by the unit tests: compile a stack given as text, in memory.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "compile.h"

namespace kalypso::testing {

/// Result of compiling a YAML stack held in memory as "stack.yaml".
struct Result {
  bool ok = false;
  std::string diags;  ///< rendered diagnostics (no color)
  std::unique_ptr<Compilation> c = std::make_unique<Compilation>();
};

inline Result CompileText(const std::string& yaml, Until until = Until::kRender) {
  MemoryFileSystem fs;
  fs.files["stack.yaml"] = yaml;
  fs.from_disk = {DefaultStdlibDir(), AbsolutePath(DefaultStdlibDir())};  // as given and as resolved
  Diags diags;
  Result r;
  CompileOptions options;
  options.until = until;
  r.ok = Compile("stack.yaml", fs, options, r.c.get(), diags);
  r.diags = diags.Render(false);
  return r;
}

/// A fresh directory under /tmp (its real path), removed with everything in it at the end.
struct TempDir {
  std::string path;
  TempDir() {
    char t[] = "/tmp/kalypso-test-XXXXXX";
    char buf[4096];
    path = realpath(mkdtemp(t), buf);
  }
  ~TempDir() { (void)std::system(("rm -rf '" + path + "'").c_str()); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  /// Writes `text` to `name` inside it; returns the file's path.
  std::string Write(const std::string& name, const std::string& text) const {
    std::ofstream(path + "/" + name) << text;
    return path + "/" + name;
  }
};

/// The bytes of a file ("" when it cannot be read).
inline std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// The stdout of a shell command; `*status` is its wait status.
inline std::string Run(const std::string& cmd, int* status) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  *status = pclose(p);
  return out;
}

/// A minimal valid stack header followed by `components` (YAML lines).
inline std::string StackText(const std::string& components) {
  return "stack: t\nrepo: {url: https://example.org/r.git}\ncomponents:\n" + components;
}

}  // namespace kalypso::testing
