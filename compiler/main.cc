// kalypsoc's command line: a table of commands, each running a prefix of the pipeline in
// compile.cc and printing its result. Exit codes: 0 ok, 1 stale tree (check), 2 bad input.
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include "build_stamp.h"
#include "compile.h"
#include "diff_report.h"
#include "explain.h"
#include "report.h"
#include "text_diff.h"
#include "tree_check.h"
#include "validate.h"
#include "verify.h"
#include "write.h"
#include "yaml_emit.h"

using namespace kalypso;

namespace {

struct Globals {
  int diff_lines = 200;
  std::string color = "auto";
  std::string stdlib_dir = DefaultStdlibDir();
  bool verbose = false;
  bool full = false;           // build: skip the no-op fast path
  std::string output = "text";  // check: text or json
  bool no_wait = false;         // build, check: fail instead of waiting for the tree's lock
};

// Identity of this binary for the build stamp: a rebuilt compiler never reuses a stamp.
std::string CompilerIdentity() {
  std::string id = std::string("kalypsoc ") + KALYPSO_VERSION;
  struct stat st;
  if (stat("/proc/self/exe", &st) == 0)
    id += " " + std::to_string(st.st_size) + " " + std::to_string(st.st_mtim.tv_sec) + "." +
          std::to_string(st.st_mtim.tv_nsec) + " " + std::to_string(st.st_ino);
  return id;
}

int Fail(const Diags& diags, const Globals& g) {
  bool color = g.color == "always" || (g.color == "auto" && isatty(2));
  std::cerr << diags.Render(color);
  return 2;
}

void Warnings(const Diags& diags, const Globals& g) {
  if (!diags.All().empty()) {
    bool color = g.color == "always" || (g.color == "auto" && isatty(2));
    std::cerr << diags.Render(color);
  }
}

int Build(const std::vector<std::string>& stacks, const Globals& g) {
  std::string compiler = CompilerIdentity();
  std::string options = "stdlib=" + AbsolutePath(g.stdlib_dir);
  std::string stamp_dir = StampDir();
  for (const auto& path : stacks) {
    std::string abs = AbsolutePath(path);
    std::string stamp = stamp_dir.empty() ? "" : StampFile(stamp_dir, abs);
    std::string why = "no stamp directory ($KALYPSO_CACHE_DIR, $XDG_CACHE_HOME and $HOME unset)";
    int checked = 0, read = 0;
    if (g.full) {
      why = "--full";
    } else if (!stamp.empty() && StampUpToDate(stamp, compiler, options, abs, &why, &checked, &read)) {
      if (g.verbose)
        std::cerr << path << ": no-op: " << checked << " files unchanged since the last build (" << read
                  << " of them read), nothing evaluated\n";
      continue;
    }
    if (g.verbose) std::cerr << path << ": full build: " << why << "\n";
    int64_t since = StampClock();  // before the first input is read
    DiskFileSystem fs;
    Diags diags;
    Compilation c;
    CompileOptions copts{g.stdlib_dir};
    if (!g.full) copts.cache_dir = stamp_dir;  // the stdlib catalog cache (--full: evaluate)
    if (!Compile(path, fs, copts, &c, diags)) return Fail(diags, g);
    WriteStats stats;
    WriteOptions wopts;
    wopts.wait = !g.no_wait;
    if (!WriteTree(c.stack.repo_root, NormalizePath(c.stack.output), c.tree, &stats, diags, wopts)) return Fail(diags, g);
    Warnings(diags, g);
    if (g.verbose)
      std::cerr << path << ": " << stats.written << " written, " << stats.unchanged << " unchanged, " << stats.removed
                << " removed; stdlib catalog " << (c.catalog.from_cache ? "from cache" : "evaluated") << "\n";
    // Warnings are not remembered by the stamp: a stack with warnings is compiled every time.
    std::map<std::string, std::string> inputs = c.catalog.files;
    inputs[abs] = c.stack_hash;
    if (!stamp.empty() && diags.All().empty() &&
        !WriteStamp(stamp, MakeStamp(compiler, options, abs, c.stack.repo_root, inputs, c.tree, since)) && g.verbose)
      std::cerr << path << ": cannot write the build stamp in " << stamp_dir << "; the next build is full too\n";
  }
  return 0;
}

// The first `max_lines` lines of `text`; sets *cut when lines were dropped.
std::string FirstLines(const std::string& text, int max_lines, bool* cut) {
  size_t pos = 0;
  for (int n = 0; n < max_lines && pos < text.size(); ++n) {
    size_t nl = text.find('\n', pos);
    pos = nl == std::string::npos ? text.size() : nl + 1;
  }
  *cut = pos < text.size();
  return text.substr(0, pos);
}

Json DiagnosticsJson(const Diags& diags) {
  Json list = Json::array();
  for (const auto& d : diags.All())
    list.push_back({{"file", d.loc.file},
                    {"line", d.loc.line},
                    {"column", d.loc.col},
                    {"severity", d.severity == Severity::kError ? "error" : "warning"},
                    {"message", d.message}});
  return list;
}

// "rm -- A B" removing `paths` (repository-relative), as typed in the current directory.
std::string RemoveCommand(const std::string& repo_root, const std::vector<std::string>& paths) {
  if (paths.empty()) return "";
  std::string here = AbsolutePath("."), root = AbsolutePath(repo_root), cmd = "rm --";
  for (const auto& p : paths) cmd += " " + ShellQuote(here == root ? p : JoinPath(root, p));
  return cmd;
}

// check: compiles every stack fully (never the build stamp) and compares with the disk.
int Check(const std::vector<std::string>& stacks, const Globals& g) {
  bool json = g.output == "json";
  Json report = {{"status", "clean"}, {"stacks", Json::array()}, {"diagnostics", Json::array()}};
  int rc = 0;
  for (const auto& path : stacks) {
    DiskFileSystem fs;
    Diags diags;
    Compilation c;
    bool ok = Compile(path, fs, CompileOptions{g.stdlib_dir}, &c, diags);
    for (auto& d : DiagnosticsJson(diags)) report["diagnostics"].push_back(d);
    if (!ok) {
      if (!json) return Fail(diags, g);
      Fail(diags, g);
      report["status"] = "error";
      std::cout << report.dump(2) << "\n";
      return 2;
    }
    TreeDiff diff;
    if (!CheckTree(c.stack.repo_root, NormalizePath(c.stack.output), c.tree, !g.no_wait, &diff, diags)) {
      int rc_error = Fail(diags, g);
      report["status"] = "error";
      if (json) std::cout << report.dump(2) << "\n";
      return rc_error;
    }
    Warnings(diags, g);
    std::string diffs;
    for (const auto& p : diff.stale) {
      std::ifstream in(JoinPath(c.stack.repo_root, p), std::ios::binary);
      std::ostringstream disk;
      disk << in.rdbuf();
      diffs += UnifiedDiff(p, disk.str(), c.tree.at(p));
    }
    bool cut = false;
    std::string shown = FirstLines(diffs, g.diff_lines, &cut);
    std::string fix = diff.BuildFixes() ? "kalypsoc build " + path : "";
    std::string fix_foreign = RemoveCommand(c.stack.repo_root, diff.foreign);
    if (json) {
      report["stacks"].push_back({{"stack", path},
                                  {"output", c.stack.output},
                                  {"status", diff.Clean() ? "clean" : "stale"},
                                  {"stale", diff.stale},
                                  {"missing", diff.missing},
                                  {"extra", diff.extra},
                                  {"foreign", diff.foreign},
                                  {"diff", shown},
                                  {"diffTruncated", cut},
                                  {"fix", fix},
                                  {"fixForeign", fix_foreign}});
    }
    if (diff.Clean()) continue;
    rc = 1;
    report["status"] = "stale";
    if (json) continue;
    std::cout << path << ": the generated tree '" << c.stack.output << "' is out of date\n" << shown;
    if (cut) std::cout << "... (diff cut at " << g.diff_lines << " lines; --diff-lines N shows more)\n";
    for (const auto& p : diff.stale) std::cout << "  stale:   " << p << "\n";
    for (const auto& p : diff.missing) std::cout << "  missing: " << p << "\n";
    for (const auto& p : diff.extra) std::cout << "  extra:   " << p << "\n";
    for (const auto& p : diff.foreign) std::cout << "  not generated by kalypsoc: " << p << "\n";
    if (!fix_foreign.empty())
      std::cout << "remove what kalypsoc did not generate (or move it out of '" << c.stack.output
                << "'; build never touches it): " << fix_foreign << "\n";
    if (!fix.empty()) std::cout << (fix_foreign.empty() ? "fix it with: " : "then: ") << fix << "\n";
  }
  if (json) std::cout << report.dump(2) << "\n";
  return rc;
}

int Validate(const std::vector<std::string>& stacks, const Globals& g) {
  for (const auto& path : stacks) {
    DiskFileSystem fs;
    Diags diags;
    Compilation c;
    CompileOptions options{g.stdlib_dir, Until::kWire};
    if (!Compile(path, fs, options, &c, diags)) return Fail(diags, g);
    Warnings(diags, g);
  }
  return 0;
}

// Compiles up to wiring for the report commands; with `cluster`, keeps that cluster's part
// of a fleet in *view. Returns 0, or the exit code after reporting.
int CompileView(const std::string& path, const std::string& cluster, const Globals& g, Compilation* c, Compiled* view) {
  DiskFileSystem fs;
  Diags diags;
  if (!Compile(path, fs, CompileOptions{g.stdlib_dir, Until::kWire}, c, diags)) return Fail(diags, g);
  Warnings(diags, g);
  if (cluster.empty()) {
    *view = c->compiled;
    return 0;
  }
  if (!c->stack.fleet || !c->stack.clusters.count(cluster)) {
    std::vector<std::string> names;
    for (const auto& kv : c->stack.clusters) names.push_back(kv.first);
    std::cerr << "error: " << (c->stack.fleet ? "unknown cluster '" + cluster + "'" + DidYouMean(cluster, names)
                                              : "--cluster: " + path + " declares no 'clusters:'")
              << "\n";
    return 2;
  }
  *view = OnCluster(c->compiled, cluster);
  return 0;
}

int Endpoints(const std::string& path, const std::string& output, const std::string& cluster, const Globals& g) {
  Compilation c;
  Compiled view;
  if (int rc = CompileView(path, cluster, g, &c, &view)) return rc;
  std::cout << (output == "json" ? EndpointsJson(view) : EndpointsTable(view));
  return 0;
}

int Secrets(const std::string& path, const std::string& cluster, const Globals& g) {
  Compilation c;
  Compiled view;
  if (int rc = CompileView(path, cluster, g, &c, &view)) return rc;
  std::cout << SecretsText(view);
  return 0;
}

int Graph(const std::string& path, const std::string& format, const std::string& cluster, const Globals& g) {
  Compilation c;
  Compiled view;
  if (int rc = CompileView(path, cluster, g, &c, &view)) return rc;
  if (format == "dot")
    std::cout << GraphDot(c.stack.name, view);
  else if (format == "mermaid")
    std::cout << GraphMermaid(view);
  else
    std::cout << GraphText(view);
  return 0;
}

int ExplainCommand(const std::string& path, const std::string& target, const std::string& value_path, const Globals& g) {
  DiskFileSystem fs;
  Diags diags;
  Compilation c;
  if (!Compile(path, fs, CompileOptions{g.stdlib_dir, Until::kWire}, &c, diags)) return Fail(diags, g);
  Warnings(diags, g);
  std::string out, error;
  if (!Explain(c, g.stdlib_dir, target, value_path, &out, &error)) {
    std::cerr << "error: " << error << "\n";
    return 2;
  }
  std::cout << out;
  return 0;
}

int Verify(VerifyOptions options, const Globals& g) {
  options.stdlib_dir = g.stdlib_dir;
  options.color = g.color == "always" || (g.color == "auto" && isatty(2));
  return RunVerify(options, std::cout, std::cerr);
}

// diff: what a change does to the platform; exit 0 no change, 1 changes, 2 error.
int Diff(DiffRequest request, const std::string& output, const Globals& g) {
  request.stdlib_dir = g.stdlib_dir;
  DiffRun run;
  Diags diags;
  std::string log;
  bool ok = RunDiff(request, &run, diags, &log);
  if (g.verbose) std::cerr << log;
  if (!run.failed.empty()) std::cerr << "kalypsoc diff: " << run.failed << "\n";
  if (!ok && output == "json")
    std::cout << Json({{"error", run.failed.empty() ? "diff failed" : run.failed}, {"diagnostics", DiagnosticsJson(diags)}}).dump(2)
              << "\n";
  if (!ok) return Fail(diags, g);
  Warnings(diags, g);
  std::cout << (output == "json" ? DiffJson(run) : output == "markdown" ? DiffMarkdown(run) : DiffText(run));
  return run.Changed() ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kalypsoc: compiles one stack description into an ArgoCD-ready GitOps tree"};
  app.set_version_flag("--version", std::string("kalypsoc ") + KALYPSO_VERSION);
  app.require_subcommand(1);
  Globals g;
  app.add_option("--color", g.color, "Color diagnostics: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_option("--stdlib", g.stdlib_dir, "Directory of the Jsonnet stdlib (default: $KALYPSO_STDLIB or the built-in one)");
  app.add_flag("-v,--verbose", g.verbose, "Say what was done");

  std::vector<std::string> stacks;
  std::string path, output = "table", format = "text", cluster, target, value_path;
  auto* build = app.add_subcommand("build", "Compile stacks and write their trees (only changed files)");
  build->add_option("STACK", stacks, "Stack files (.yaml, .yml, .jsonnet)")->required();
  build->add_flag("--full", g.full, "Always compile, even when nothing changed since the last build");
  build->add_flag("--no-wait", g.no_wait, "Fail (exit 2) instead of waiting when another kalypsoc is using the tree");
  auto* check = app.add_subcommand("check", "Compile in memory; exit 1 and show the difference when the tree is stale");
  check->add_option("STACK", stacks, "Stack files")->required();
  check->add_option("--diff-lines", g.diff_lines, "Show at most N lines of diff (default 200)")
      ->check(CLI::NonNegativeNumber);
  check->add_option("--output", g.output, "text or json (for machines, on stdout)")
      ->check(CLI::IsMember({"text", "json"}));
  check->add_flag("--no-wait", g.no_wait, "Fail (exit 2) instead of waiting while a build publishes the tree");
  auto* validate = app.add_subcommand("validate", "Schema and semantic checks only; writes nothing");
  validate->add_option("STACK", stacks, "Stack files")->required();
  auto* graph = app.add_subcommand("graph", "Print the dependency graph with waves");
  graph->add_option("STACK", path, "Stack file")->required();
  graph->add_option("--format", format, "text, dot or mermaid")->check(CLI::IsMember({"text", "dot", "mermaid"}));
  graph->add_option("--cluster", cluster, "Fleets: only this cluster's instances");
  auto* endpoints = app.add_subcommand("endpoints", "Print every resolved endpoint");
  endpoints->add_option("STACK", path, "Stack file")->required();
  endpoints->add_option("--output", output, "table or json")->check(CLI::IsMember({"table", "json"}));
  endpoints->add_option("--cluster", cluster, "Fleets: only this cluster's instances");
  auto* secrets = app.add_subcommand("secrets", "Print the Secrets each namespace must hold");
  secrets->add_option("STACK", path, "Stack file")->required();
  secrets->add_option("--cluster", cluster, "Fleets: only the Secrets of this cluster");
  auto* explain = app.add_subcommand("explain", "Print an instance's final value and the stack line of each layer that set it");
  explain->add_option("STACK", path, "Stack file")->required();
  explain->add_option("TARGET", target, "CLUSTER/COMPONENT (COMPONENT on a one-cluster stack)")->required();
  explain->add_option("PATH", value_path, "values.a.b, charts.<chart>.values.a, wave, release, chart.version, ...");
  auto* schema = app.add_subcommand("schema", "Print the stack JSON Schema");
  VerifyOptions vopts;
  auto* verify = app.add_subcommand("verify", "Render every component with the real charts and prove the tree (exit 1: a finding)");
  verify->add_option("STACK", vopts.stack, "Stack file")->required();
  verify->add_option("--helm", vopts.helm, "The helm binary kustomize runs (default: helm on PATH)");
  verify->add_option("--component", vopts.component, "Render and check only this component (fleets: CLUSTER/COMPONENT, or a component name for all its instances)");
  verify->add_flag("--unused-values", vopts.unused_values, "Also report values leaves the charts ignore (one render per leaf)");
  verify->add_option("--output", vopts.output, "text or json (on stdout)")->check(CLI::IsMember({"text", "json"}));
  verify->add_option("-j,--jobs", vopts.jobs, "Renders at a time (default 3)")->check(CLI::Range(1, 64));
  DiffRequest diff_request;
  bool no_noise_filter = false;
  std::string diff_output = "text";
  auto* diff = app.add_subcommand("diff", "What a change does to the platform: BASE (a git revision) against the working tree");
  diff->add_option("BASE", diff_request.base, "Git revision to compare with (default: the merge base with the default branch)");
  diff->add_option("STACK", diff_request.stacks, "Stack files (default: every stack under stacks/)");
  diff->add_option("--output", diff_output, "text, markdown (a pull-request comment) or json")
      ->check(CLI::IsMember({"text", "markdown", "json"}));
  diff->add_flag("--no-noise-filter", no_noise_filter, "Show helm.sh/chart and app.kubernetes.io/version label churn");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (*build) return Build(stacks, g);
  if (*check) return Check(stacks, g);
  if (*validate) return Validate(stacks, g);
  if (*graph) return Graph(path, format, cluster, g);
  if (*endpoints) return Endpoints(path, output, cluster, g);
  if (*secrets) return Secrets(path, cluster, g);
  if (*explain) return ExplainCommand(path, target, value_path, g);
  if (*verify) return Verify(vopts, g);
  if (*diff) {
    diff_request.options.noise_filter = !no_noise_filter;
    return Diff(diff_request, diff_output, g);
  }
  if (*schema) {
    std::cout << StackSchemaText();
    return 0;
  }
  return 2;
}
