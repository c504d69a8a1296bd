// kalypsoc's command line: a table of commands, each running a prefix of the pipeline in
// compile.cc and printing its result. Exit codes: 0 ok, 1 stale tree (check), 2 bad input.
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "build_stamp.h"
#include "cli_docs.h"
#include "compile.h"
#include "diff_report.h"
#include "explain.h"
#include "repo_config.h"
#include "report.h"
#include "stage_clock.h"
#include "starter_stack.h"
#include "stdlib_files.h"
#include "stdlib_info.h"
#include "text_diff.h"
#include "tree_check.h"
#include "validate.h"
#include "verify.h"
#include "write.h"
#include "yaml_emit.h"

using namespace kalypso;

const char* KalypsoGitCommit();  // generated at build time (cmake/git_commit.cmake)

namespace {

struct Globals {
  int diff_lines = 200;
  std::string color = "auto";
  std::string stdlib_dir = DefaultStdlibDir();
  int verbose = 0;              // -v, counted
  bool quiet = false;           // -q: no summary line
  bool full = false;            // build: skip the no-op fast path
  std::string output = "text";  // text or json (machines, on stdout)
  std::vector<std::string> changed;  // build/check --changed: only stacks reading these files
  bool Json() const { return output == "json"; }
  bool no_wait = false;           // build, check: fail instead of waiting for the tree's lock
};

std::string Version() { return std::string("kalypsoc ") + KALYPSO_VERSION + " (commit " + KalypsoGitCommit() + ")"; }

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

// The stacks a command works on: those given, else those kalypsoc.yaml lists. False after
// reporting why there are none.
bool Stacks(std::vector<std::string>* stacks, const Globals& g) {
  if (!stacks->empty()) return true;
  Diags diags;
  RepoConfig config;
  if (!LoadRepoConfig(&config, diags)) return Fail(diags, g), false;
  *stacks = config.stacks;
  return true;
}

// Every file a compilation read, canonical: the stack, its imports and resources, the stdlib.
std::set<std::string> Inputs(const std::string& path, const Compilation& c, const RecordingFileSystem& fs) {
  std::set<std::string> in{CanonicalPath(path)};
  for (const auto& [f, hash] : c.catalog.files) in.insert(CanonicalPath(f));
  for (const auto& [f, hash] : fs.reads) in.insert(f);
  return in;
}

// With --changed, whether this stack is affected (kalypsoc.yaml itself affects every stack).
bool Affected(const std::string& path, const Compilation& c, const RecordingFileSystem& fs, const Globals& g) {
  if (g.changed.empty()) return true;
  std::set<std::string> changed;
  for (const auto& f : g.changed) changed.insert(CanonicalPath(f));
  const std::string config = std::string("/") + kRepoConfigName;
  for (const auto& f : changed)
    if (f.size() > config.size() && f.compare(f.size() - config.size(), config.size(), config) == 0) return true;
  std::string out = c.stack.output.empty() ? "" : CanonicalPath(JoinPath(c.stack.repo_root, c.stack.output));
  return Affects(changed, Inputs(path, c, fs), out);
}

// An object that lives until the process exits and is never destroyed: a compilation of
// thousands of instances takes longer to free node by node than to build, and the exit
// frees it at once (clang's -disable-free). Kept reachable, so leak checkers stay quiet.
template <typename T>
T& UntilExit() {
  static auto* kept = new std::vector<std::shared_ptr<void>>();
  auto object = std::make_shared<T>();
  kept->push_back(object);
  return *object;
}

long Millis(std::chrono::steady_clock::time_point since) {
  return static_cast<long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since).count());
}

void Summary(const std::string& path, const WriteStats& s, long ms, const std::string& note, const Globals& g) {
  if (g.quiet || g.Json()) return;
  std::cerr << path << ": wrote " << s.written << (s.written == 1 ? " file, " : " files, ") << s.unchanged
            << " unchanged, " << s.removed << " removed in " << ms << " ms" << note << "\n";
}

int Build(std::vector<std::string> stacks, const Globals& g) {
  if (!Stacks(&stacks, g)) return 2;
  std::string compiler = CompilerIdentity();
  std::string options = g.stdlib_dir.empty() ? "stdlib=builtin " + StdlibFingerprint(BuiltinStdlib())
                                             : "stdlib=" + AbsolutePath(g.stdlib_dir);
  std::string stamp_dir = StampDir();
  Json report = {{"stacks", Json::array()}};
  for (const auto& path : stacks) {
    auto start = std::chrono::steady_clock::now();
    std::string abs = AbsolutePath(path);
    std::string stamp = stamp_dir.empty() ? "" : StampFile(stamp_dir, abs);
    std::string why = "no stamp directory ($KALYPSO_CACHE_DIR, $XDG_CACHE_HOME and $HOME unset)";
    int checked = 0, read = 0, owned = 0;
    StageClock clock;
    BuildStamp& last = UntilExit<BuildStamp>();  // what the last build recorded: files it vouches for are not read
    bool have_last = !g.full && !stamp.empty() && ReadStamp(stamp, &last, &why);
    if (g.full) {
      why = "--full";
    } else if (clock.Lap("up-to-date", have_last && StampUpToDate(stamp, last, compiler, options, abs, &why, &checked,
                                                                   &read, &owned))) {
      WriteStats none;
      none.unchanged = owned;
      if (g.verbose)
        std::cerr << path << ": no-op: 0 written, " << owned << " unchanged, 0 removed; " << checked
                  << " files unchanged since the last build (" << read << " of them read), nothing evaluated\n";
      if (g.changed.empty()) Summary(path, none, Millis(start), " (no-op)", g);
      report["stacks"].push_back({{"stack", path}, {"written", Json::array()}, {"removed", Json::array()}, {"unchanged", owned}});
      continue;
    }
    int64_t since = StampClock();  // before the first input is read
    RecordingFileSystem fs;
    Diags diags;
    Compilation& c = UntilExit<Compilation>();
    CompileOptions copts{g.stdlib_dir};
    if (!g.full) copts.cache_dir = stamp_dir;  // the stdlib catalog cache (--full: evaluate)
    // A stack that does not compile always fails, --changed or not: a deleted input is never
    // among the changed files pre-commit passes, and a broken stack must not pass a hook.
    if (!Compile(path, fs, copts, &c, diags)) return Fail(diags, g);
    if (!Affected(path, c, fs, g)) continue;
    if (g.verbose) std::cerr << path << ": full build: " << why << "\n";
    std::string output = NormalizePath(c.stack.output);
    TreeDiff diff;
    if (g.Json()) diff = DiffTree(c.stack.repo_root, output, c.tree);
    WriteStats stats;
    WriteOptions wopts;
    wopts.wait = !g.no_wait;
    if (!have_last || last.repo_root != c.stack.repo_root || last.output_root != output) last.owned = {};
    wopts.known = &last.owned;
    wopts.hashes = &c.hashes;
    clock = StageClock();
    if (!clock.Lap("write", WriteTree(c.stack.repo_root, output, c.tree, &stats, diags, wopts))) return Fail(diags, g);
    Warnings(diags, g);
    if (g.verbose)
      std::cerr << path << ": " << stats.written << " written, " << stats.unchanged << " unchanged, " << stats.removed
                << " removed; stdlib catalog " << (c.catalog.from_cache ? "from cache" : "evaluated") << "\n";
    Summary(path, stats, Millis(start), "", g);
    if (g.Json()) {
      std::vector<std::string> written = diff.stale;
      written.insert(written.end(), diff.missing.begin(), diff.missing.end());
      std::sort(written.begin(), written.end());
      report["stacks"].push_back({{"stack", path}, {"output", c.stack.output}, {"written", written},
                                  {"removed", diff.extra}, {"unchanged", stats.unchanged}});
    }
    // Warnings are not remembered by the stamp: a stack with warnings is compiled every time.
    std::map<std::string, std::string> inputs = c.catalog.files;
    for (const auto& [f, hash] : fs.reads) inputs[f] = hash;
    inputs[abs] = c.stack_hash;
    if (!stamp.empty() && diags.All().empty() &&
        !WriteCacheFile(stamp, MakeStampText(compiler, options, abs, c.stack.repo_root, output, inputs, c.tree, c.hashes,
                                             last.owned, stats.changed, since)) &&
        g.verbose)
      std::cerr << path << ": cannot write the build stamp in " << stamp_dir << "; the next build is full too\n";
    clock.Lap("stamp");
  }
  if (g.Json()) std::cout << report.dump(2) << "\n";
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

// "rm -- A B" removing `paths` (repository-relative), as typed in the current directory.
std::string RemoveCommand(const std::string& repo_root, const std::vector<std::string>& paths) {
  if (paths.empty()) return "";
  std::string here = AbsolutePath("."), root = AbsolutePath(repo_root), cmd = "rm --";
  for (const auto& p : paths) cmd += " " + ShellQuote(here == root ? p : JoinPath(root, p));
  return cmd;
}

// check: compiles every stack fully (never the build stamp) and compares with the disk.
int Check(std::vector<std::string> stacks, const Globals& g) {
  if (!Stacks(&stacks, g)) return 2;
  bool json = g.Json();
  Json report = {{"status", "clean"}, {"stacks", Json::array()}, {"diagnostics", Json::array()}};
  int rc = 0;
  for (const auto& path : stacks) {
    RecordingFileSystem fs;
    Diags diags;
    Compilation& c = UntilExit<Compilation>();
    bool ok = Compile(path, fs, CompileOptions{g.stdlib_dir}, &c, diags);
    if (ok && !Affected(path, c, fs, g)) continue;  // a stack that does not compile is always reported
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

int Validate(std::vector<std::string> stacks, const Globals& g) {
  if (!Stacks(&stacks, g)) return 2;
  Json report = {{"status", "ok"}, {"stacks", stacks}, {"diagnostics", Json::array()}};
  int rc = 0;
  for (const auto& path : stacks) {
    DiskFileSystem fs;
    Diags diags;
    Compilation c;
    CompileOptions options{g.stdlib_dir, Until::kWire};
    bool ok = Compile(path, fs, options, &c, diags);
    for (auto& d : DiagnosticsJson(diags)) report["diagnostics"].push_back(d);
    if (!ok && !g.Json()) return Fail(diags, g);
    Warnings(diags, g);
    if (!ok) rc = 2, report["status"] = "error";
  }
  if (g.Json()) std::cout << report.dump(2) << "\n";
  return rc;
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

// Compiles `path` and prints `print(compilation, view)`, the view narrowed to `cluster`.
template <typename Print>
int PrintView(const std::string& path, const std::string& cluster, const Globals& g, Print print) {
  Compilation c;
  Compiled view;
  if (int rc = CompileView(path, cluster, g, &c, &view)) return rc;
  std::cout << print(c, view);
  return 0;
}

int Endpoints(const std::string& path, const std::string& cluster, const Globals& g) {
  return PrintView(path, cluster, g, [&](const Compilation&, const Compiled& view) {
    return g.Json() ? EndpointsJson(view) : EndpointsTable(view);
  });
}

int Secrets(const std::string& path, const std::string& cluster, const Globals& g) {
  return PrintView(path, cluster, g, [&](const Compilation&, const Compiled& view) {
    return g.Json() ? SecretsJson(view) : SecretsText(view);
  });
}

int Graph(const std::string& path, const std::string& format, const std::string& cluster, const Globals& g) {
  return PrintView(path, cluster, g, [&](const Compilation& c, const Compiled& view) {
    if (format == "dot") return GraphDot(c.stack.name, view);
    if (format == "mermaid") return GraphMermaid(view);
    return format == "json" || g.Json() ? GraphJson(view) : GraphText(view);
  });
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

// The catalog of every kind the stdlib defines.
bool AllKinds(const Globals& g, Catalog* catalog) {
  Diags diags;
  EvalOptions options;
  options.stdlib_dir = g.stdlib_dir;
  options.all_kinds = true;
  if (!EvaluateStdlib(Json::object(), "stdlib", options, catalog, diags)) return Fail(diags, g), false;
  return true;
}

int StdlibList(const Globals& g) {
  Catalog catalog;
  if (!AllKinds(g, &catalog)) return 2;
  std::cout << (g.Json() ? catalog.kinds.dump(2) + "\n" : StdlibListText(catalog.kinds));
  return 0;
}

int StdlibShow(const std::string& kind, const Globals& g) {
  Catalog catalog;
  if (!AllKinds(g, &catalog)) return 2;
  if (!catalog.kinds.contains(kind)) {
    std::cerr << "error: no stdlib kind '" << kind << "'" << DidYouMean(kind, catalog.kind_names)
              << "; `kalypsoc stdlib list` names them all\n";
    return 2;
  }
  std::cout << (g.Json() ? catalog.kinds[kind].dump(2) + "\n" : StdlibShowText(kind, catalog.kinds[kind]));
  return 0;
}

int Init(const std::string& dir, const Globals& g) {
  Diags diags;
  std::vector<std::string> written;
  if (!WriteStarter(dir, &written, diags)) return Fail(diags, g);
  for (const auto& f : written)
    if (!g.quiet) std::cerr << "wrote " << f << "\n";
  if (!g.quiet) std::cerr << "next: kalypsoc build" << (dir == "." ? "" : " " + JoinPath(dir, "stack.yaml")) << "\n";
  return 0;
}

// `kalypsoc buld`: CLI11 would only say a subcommand is required; name the word and the
// closest command instead. Skips global options and their values.
bool UnknownCommand(int argc, char** argv, const CLI::App& app) {
  std::vector<std::string> names;
  for (const auto* s : app.get_subcommands([](const CLI::App*) { return true; })) names.push_back(s->get_name());
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--color" || a == "--stdlib" || a == "--output") {
      ++i;
      continue;
    }
    if (a.empty() || a[0] == '-') continue;
    if (std::find(names.begin(), names.end(), a) != names.end()) return false;
    std::cerr << "error: unknown command '" << a << "'" << DidYouMean(a, names) << "; `kalypsoc --help` lists them\n";
    return true;
  }
  return false;
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
  CLI::App app{"kalypsoc: compiles stack descriptions into ArgoCD-ready GitOps trees", "kalypsoc"};
  app.set_version_flag("--version", Version());
  app.require_subcommand(1);
  app.fallthrough();  // global options are accepted after the command too
  Globals g;
  app.add_option("--color", g.color, "Color diagnostics: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_option("--stdlib", g.stdlib_dir, "A stdlib directory instead of the built-in one (default: $KALYPSO_STDLIB)");
  app.add_flag("-v,--verbose", g.verbose, "Say what was done and why (repeatable)");
  app.add_flag("-q,--quiet", g.quiet, "No summary lines");
  const std::string globals = "Global options (-v, -q, --color, --stdlib DIR) may come before or after the command.";
  auto output = [&](CLI::App* sub, std::vector<std::string> allowed, const std::string& what) {
    sub->add_option("--output", g.output, what)->check(CLI::IsMember(allowed));
    sub->footer(globals);
  };

  std::vector<std::string> stacks;
  std::string path, format = "text", kind, dir = ".", shell, cluster, target, value_path;
  const std::string none = "; none: the stacks kalypsoc.yaml lists";
  auto* build = app.add_subcommand("build", "Compile stacks and write their trees (only changed files)");
  build->add_option("STACK", stacks, "Stack files (.yaml, .yml, .jsonnet)" + none);
  build->add_flag("--full", g.full, "Always compile, even when nothing changed since the last build");
  build->add_flag("--no-wait", g.no_wait, "Fail (exit 2) instead of waiting when another kalypsoc is using the tree");
  build->add_option("--changed", g.changed,
                    "Only the stacks that read one of these files (pre-commit passes them; none given: all)")
      ->expected(0, -1);
  output(build, {"text", "json"}, "text, or json: what was written, on stdout");
  auto* check = app.add_subcommand("check", "Compile in memory; exit 1 and show the difference when the tree is stale");
  check->add_option("STACK", stacks, "Stack files" + none);
  check->add_option("--diff-lines", g.diff_lines, "Show at most N lines of diff (default 200)")
      ->check(CLI::NonNegativeNumber);
  check->add_flag("--no-wait", g.no_wait, "Fail (exit 2) instead of waiting while a build publishes the tree");
  check->add_option("--changed", g.changed, "Only the stacks that read one of these files")->expected(0, -1);
  output(check, {"text", "json"}, "text or json (for machines, on stdout)");
  auto* validate = app.add_subcommand("validate", "Schema and semantic checks only; writes nothing");
  validate->add_option("STACK", stacks, "Stack files" + none);
  output(validate, {"text", "json"}, "text, or json: the diagnostics, on stdout");
  auto* graph = app.add_subcommand("graph", "Print the dependency graph with waves");
  graph->add_option("STACK", path, "Stack file")->required();
  graph->add_option("--format", format, "text, dot, mermaid or json")
      ->check(CLI::IsMember({"text", "dot", "mermaid", "json"}));
  graph->add_option("--cluster", cluster, "Fleets: only this cluster's instances");
  graph->footer(globals);
  auto* endpoints = app.add_subcommand("endpoints", "Print every resolved endpoint");
  endpoints->add_option("STACK", path, "Stack file")->required();
  endpoints->add_option("--cluster", cluster, "Fleets: only this cluster's instances");
  output(endpoints, {"table", "text", "json"}, "table or json");
  auto* secrets = app.add_subcommand("secrets", "Print the Secrets each namespace must hold");
  secrets->add_option("STACK", path, "Stack file")->required();
  secrets->add_option("--cluster", cluster, "Fleets: only the Secrets of this cluster");
  output(secrets, {"text", "json"}, "text or json");
  auto* explain = app.add_subcommand("explain", "Print an instance's final value and the stack line of each layer that set it");
  explain->add_option("STACK", path, "Stack file")->required();
  explain->add_option("TARGET", target, "CLUSTER/COMPONENT (COMPONENT on a one-cluster stack)")->required();
  explain->add_option("PATH", value_path, "values.a.b, charts.<chart>.values.a, wave, release, chart.version, ...; quote a key holding dots: values.labels.\"app.kubernetes.io/name\"");
  explain->footer(globals);
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
  auto* stdlib = app.add_subcommand("stdlib", "Describe the stdlib's kinds");
  stdlib->require_subcommand(1);
  auto* stdlib_list = stdlib->add_subcommand("list", "Every kind: chart, version, description");
  output(stdlib_list, {"text", "json"}, "text or json");
  auto* stdlib_show = stdlib->add_subcommand("show", "One kind: charts, exports and naming, values it sets, features it polices");
  stdlib_show->add_option("KIND", kind, "A kind (kalypsoc stdlib list)")->required();
  output(stdlib_show, {"text", "json"}, "text or json (the kind's definition)");
  auto* init = app.add_subcommand("init", "Write a starter stack (MinIO, Loki, Grafana) and kalypsoc.yaml");
  init->add_option("DIR", dir, "Where to write them (default: the current directory)");
  init->footer(globals);
  auto* completion = app.add_subcommand("completion", "Print a shell completion script");
  completion->add_option("SHELL", shell, "bash, zsh or fish")->required()->check(CLI::IsMember({"bash", "zsh", "fish"}));
  auto* man = app.add_subcommand("man", "Print the man page (roff)");
  for (auto* sub : {schema, completion, man, diff}) sub->footer(globals);

  if (UnknownCommand(argc, argv, app)) return 2;
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
  if (*endpoints) return Endpoints(path, cluster, g);
  if (*secrets) return Secrets(path, cluster, g);
  if (*explain) return ExplainCommand(path, target, value_path, g);
  if (*verify) return Verify(vopts, g);
  if (*diff) {
    diff_request.options.noise_filter = !no_noise_filter;
    return Diff(diff_request, diff_output, g);
  }
  if (*stdlib_list) return StdlibList(g);
  if (*stdlib_show) return StdlibShow(kind, g);
  if (*init) return Init(dir, g);
  if (*completion) return std::cout << Completion(app, shell), 0;
  if (*man) return std::cout << ManPage(app, Version()), 0;
  if (*schema) return std::cout << StackSchemaText(), 0;
  return 2;
}
