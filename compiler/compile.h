// The pipeline: load, validate, evaluate the stdlib, resolve, plan waves, wire values,
// check policy, render. Each command of the CLI runs a prefix of it.
#pragma once

#include <memory>
#include <string>

#include "diag.h"
#include "fs.h"
#include "model.h"
#include "render.h"
#include "stdlib_eval.h"

namespace kalypso {

/// How far to run the pipeline.
enum class Until { kValidate, kWire, kRender };

/// Inputs of a compilation besides the stack path.
struct CompileOptions {
  std::string stdlib_dir = DefaultStdlibDir();
  Until until = Until::kRender;
  bool sandbox = true;  ///< parse and evaluate in bounded child processes (off only for fuzzing)
  std::string cache_dir = "";  ///< the stdlib catalog cache (see EvalOptions); "" = always evaluate
};

/// Everything a compilation produced; stages keep pointers into it, so it does not move.
struct Compilation {
  Document doc;
  Stack stack;
  Catalog catalog;
  Compiled compiled;
  Tree tree;
  TreeHashes hashes;       ///< of the tree's files under the output root
  std::string stack_hash;  ///< content hash of the stack bytes compiled
  Compilation() = default;
  Compilation(const Compilation&) = delete;
  Compilation& operator=(const Compilation&) = delete;
};

/// Compiles the stack at `path` (YAML or .jsonnet) into `out`; false when any stage reported errors.
[[nodiscard]] bool Compile(const std::string& path, FileSystem& fs, const CompileOptions& options, Compilation* out,
                           Diags& diags);

/// The repository root of a stack: the nearest directory above it holding `.git`, else ".".
std::string FindRepoRoot(const std::string& stack_path);

}  // namespace kalypso
