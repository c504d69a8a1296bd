// Helpers shared by the unit tests: compile a stack given as text, in memory.
#pragma once

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

/// The bytes of a file ("" when it cannot be read).
inline std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// A minimal valid stack header followed by `components` (YAML lines).
inline std::string StackText(const std::string& components) {
  return "stack: t\nrepo: {url: https://example.org/r.git}\ncomponents:\n" + components;
}

}  // namespace kalypso::testing
