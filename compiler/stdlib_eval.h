// Stage 3, stdlib: the build's one Jsonnet evaluation. It instantiates the stdlib kinds
// the stack uses (chart coordinates, values skeletons, exported Services computed from
// release names) and, for a Jsonnet stack, evaluates the stack in the same run.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "diag.h"
#include "document.h"
#include "fs.h"

namespace kalypso {

/// What the stdlib evaluation returns.
struct Catalog {
  Json kinds = Json::object();      ///< definitions of the kinds the stack uses
  std::vector<std::string> kind_names;  ///< every kind the stdlib defines
  /// Every file the evaluation read: real path -> content hash of what it read.
  std::map<std::string, std::string> files;
  bool from_cache = false;  ///< read from the catalog cache: no Jsonnet was evaluated
};

/// $KALYPSO_JSONNET_TIMEOUT_MS, else 10 s.
int DefaultJsonnetTimeoutMs();

/// Where and how to evaluate.
struct EvalOptions {
  std::string stdlib_dir;      ///< directory holding kalypso.libsonnet
  unsigned max_stack = 200;    ///< Jsonnet call depth
  int timeout_ms = DefaultJsonnetTimeoutMs();  ///< wall time of the evaluation
  bool sandbox = true;         ///< evaluate in a bounded child process
  /// Where the catalog of every kind is cached, keyed by the stdlib's content ("" = no cache).
  std::string cache_dir = "";
  bool all_kinds = false;  ///< evaluate every kind, not only those the stack uses
  FileSystem* fs = &DiskFs();  ///< where the stdlib and imports are read (a git revision for `diff`)
};

/// Evaluates the stdlib's catalog for a YAML stack (or reads it from the cache): the kinds it
/// uses, or every kind when caching. `display` names the stack file in diagnostics.
[[nodiscard]] bool EvaluateStdlib(const Json& stack, const std::string& display, const EvalOptions& options, Catalog* catalog,
                                  Diags& diags);

/// Evaluates a Jsonnet stack and the stdlib in one run: fills `doc` with the stack value.
[[nodiscard]] bool EvaluateJsonnetStack(const std::string& display_path, const std::string& path,
                                        const EvalOptions& options, Document* doc,
                                        Catalog* catalog, Diags& diags);

/// The stdlib directory: $KALYPSO_STDLIB, else "" (the stdlib compiled into this binary).
std::string DefaultStdlibDir();

}  // namespace kalypso
