// verify, rendering: each component directory of the compiled tree, copied outside the
// repository, built by kustomize --enable-helm with the user's helm, a few at a time.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "document.h"

namespace kalypso {

/// The external tools verify runs and where it keeps chart downloads.
struct RenderTools {
  std::string helm;       ///< the helm binary kustomize is handed (--helm-command)
  std::vector<std::string> kustomize;  ///< e.g. {"kubectl", "kustomize"} or {"kustomize"}
  std::string cache_dir;  ///< charts are kept in cache_dir/charts/<name>-<version>/
  int jobs = 3;           ///< renders at a time
};

/// What rendering one component directory gave.
struct Rendered {
  enum Status { kOk, kChartUnavailable, kToolError } status = kToolError;
  std::string component;
  std::string message;           ///< the failure, in the tool's words (not kOk)
  std::vector<Json> objects;     ///< the rendered objects (CustomResourceDefinitions skipped)
  double seconds = 0;
};

/// One instance to render: its id, its directory's name and its files (path relative to
/// the directory -> bytes).
struct RenderJob {
  std::string component;  ///< the instance id ("cluster/component" in a fleet)
  std::string dir;        ///< the directory's name: the component name
  std::vector<std::pair<std::string, std::string>> files;
  std::vector<std::string> charts;  ///< "<name>-<version>" of each helmCharts entry (cache keys)
};

/// Finds the tools: `helm_flag` (or `helm` on PATH), kustomize (or `kubectl kustomize`), the
/// user cache; false and *error when one is missing.
bool FindRenderTools(const std::string& helm_flag, RenderTools* tools, std::string* error);

/// Renders every job, `tools.jobs` at a time; `progress` gets one line per finished component.
std::vector<Rendered> RenderAll(const std::vector<RenderJob>& jobs, const RenderTools& tools,
                                const std::function<void(const Rendered&)>& progress);

/// Runs argv with stdout and stderr captured; returns the exit status (127: cannot run).
int RunTool(const std::vector<std::string>& argv, std::string* out, std::string* err);

/// Splits a multi-document YAML stream into objects (scalars as strings; CRDs skipped).
bool ParseObjects(const std::string& text, std::vector<Json>* objects, std::string* error);

/// A fresh private directory under $TMPDIR (or /tmp); "" when none can be made.
std::string MakeTempDir(const std::string& prefix);
/// Removes a directory tree (best effort).
void RemoveTree(const std::string& dir);
/// Writes `bytes` to `path`, creating its directories.
bool WriteFileMkdirs(const std::string& path, const std::string& bytes);

}  // namespace kalypso
