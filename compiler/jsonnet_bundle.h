// Jsonnet bundling: libjsonnet 0.18 parses and desugars its whole standard library again for
// every file it imports (~20 ms each), so the stdlib and a stack's imports become one program.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "diag.h"
#include "fs.h"

namespace kalypso {

/// One Jsonnet program made of many files: each file is bound to a local (`__k<N>`) and every
/// `import`/`importstr`/`importbin` of a literal path is replaced by that local, padded so
/// that lines and columns stay where they were. Errors map back to the original files.
class JsonnetBundle {
 public:
  /// A directory files may be read from (the stack's directory, the stdlib): its real path,
  /// and how diagnostics name it ("" for the current directory). A root with `files` is
  /// virtual (the built-in stdlib): its files are those, by name, never read from disk.
  struct Root {
    std::string real, display;
    const std::map<std::string, std::string>* files = nullptr;
  };
  /// Files are read through `fs` (the disk, or a git revision for `kalypsoc diff`).
  JsonnetBundle(std::vector<Root> roots, Diags& diags, FileSystem& fs = DiskFs())
      : roots_(std::move(roots)), diags_(diags), fs_(fs) {}

  /// Adds the file at `real` (and, recursively, what it imports); returns its local's name,
  /// or "" after reporting an error (at `from`, the import that asked for it).
  std::string AddFile(const std::string& real, const std::string& display, const Location& from);

  /// The whole program: every file's local, then `body` (which may use the names AddFile returned).
  [[nodiscard]] std::string Program(const std::string& body) const;

  /// Maps a line and column of Program() back to the file they came from; false for the body.
  bool MapBack(int line, int col, Location* loc) const;

  /// Every file the bundle holds: real path -> content hash of the bytes it read.
  [[nodiscard]] std::map<std::string, std::string> Files() const;

  /// Most files one bundle may hold (each becomes a `__k<N>` local of at most 6 characters).
  static constexpr int kMaxFiles = 999;

 private:
  struct Module {
    std::string real, display, name, text, hash;
    bool code = true;  ///< false: importstr/importbin (the local holds a string or bytes)
    bool binary = false;
  };
  std::string Resolve(const std::string& importer_dir, const std::string& rel, const Location& at);
  std::string AddModule(const std::string& real, bool code, bool binary, const Location& from,
                        const std::string& display = "");
  std::string DisplayName(const std::string& real) const;
  const std::string* VirtualFile(const std::string& path) const;
  bool Rewrite(Module* m);

  std::vector<Root> roots_;
  Diags& diags_;
  FileSystem& fs_;
  std::vector<Module> modules_;
  std::map<std::string, size_t> by_key_;  ///< (kind + real path) -> index in modules_
};

}  // namespace kalypso
