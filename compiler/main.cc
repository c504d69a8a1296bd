// kalypsoc's command line: a table of commands, each running a prefix of the pipeline in
// compile.cc and printing its result. Exit codes: 0 ok, 1 stale tree (check), 2 bad input.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "compile.h"
#include "report.h"
#include "text_diff.h"
#include "validate.h"
#include "write.h"
#include "yaml_emit.h"

using namespace kalypso;

namespace {

struct Globals {
  int diff_lines = 200;
  std::string color = "auto";
  std::string stdlib_dir = DefaultStdlibDir();
  bool verbose = false;
};

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
  int rc = 0;
  for (const auto& path : stacks) {
    DiskFileSystem fs;
    Diags diags;
    Compilation c;
    CompileOptions options{g.stdlib_dir};
    if (!Compile(path, fs, options, &c, diags)) return Fail(diags, g);
    WriteStats stats;
    if (!WriteTree(c.stack.repo_root, NormalizePath(c.stack.output), c.tree, &stats, diags)) return Fail(diags, g);
    Warnings(diags, g);
    if (g.verbose)
      std::cerr << path << ": " << stats.written << " written, " << stats.unchanged << " unchanged, " << stats.removed
                << " removed\n";
  }
  return rc;
}

int Check(const std::vector<std::string>& stacks, const Globals& g) {
  int rc = 0;
  for (const auto& path : stacks) {
    DiskFileSystem fs;
    Diags diags;
    Compilation c;
    if (!Compile(path, fs, CompileOptions{g.stdlib_dir}, &c, diags)) return Fail(diags, g);
    Warnings(diags, g);
    TreeDiff diff = DiffTree(c.stack.repo_root, NormalizePath(c.stack.output), c.tree);
    if (diff.Clean()) continue;
    rc = 1;
    std::cout << path << ": the generated tree '" << c.stack.output << "' is out of date\n";
    std::string diffs;
    for (const auto& p : diff.stale) {
      std::ifstream in(JoinPath(c.stack.repo_root, p), std::ios::binary);
      std::ostringstream disk;
      disk << in.rdbuf();
      diffs += UnifiedDiff(p, disk.str(), c.tree.at(p));
    }
    int shown = 0;
    std::istringstream lines(diffs);
    for (std::string line; std::getline(lines, line);) {
      if (shown++ == g.diff_lines) {
        std::cout << "... (diff cut at " << g.diff_lines << " lines; --diff-lines N shows more)\n";
        break;
      }
      std::cout << line << "\n";
    }
    for (const auto& p : diff.stale) std::cout << "  stale:   " << p << "\n";
    for (const auto& p : diff.missing) std::cout << "  missing: " << p << "\n";
    for (const auto& p : diff.extra) std::cout << "  extra:   " << p << "\n";
    std::cout << "fix it with: kalypsoc build " << path << "\n";
  }
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

int Endpoints(const std::string& path, const std::string& output, const Globals& g) {
  DiskFileSystem fs;
  Diags diags;
  Compilation c;
  if (!Compile(path, fs, CompileOptions{g.stdlib_dir, Until::kWire}, &c, diags)) return Fail(diags, g);
  Warnings(diags, g);
  std::cout << (output == "json" ? EndpointsJson(c.compiled) : EndpointsTable(c.compiled));
  return 0;
}

int Secrets(const std::string& path, const Globals& g) {
  DiskFileSystem fs;
  Diags diags;
  Compilation c;
  if (!Compile(path, fs, CompileOptions{g.stdlib_dir, Until::kWire}, &c, diags)) return Fail(diags, g);
  Warnings(diags, g);
  std::cout << SecretsText(c.compiled);
  return 0;
}

int Graph(const std::string& path, const std::string& format, const Globals& g) {
  DiskFileSystem fs;
  Diags diags;
  Compilation c;
  if (!Compile(path, fs, CompileOptions{g.stdlib_dir, Until::kWire}, &c, diags)) return Fail(diags, g);
  Warnings(diags, g);
  if (format == "dot")
    std::cout << GraphDot(c.stack.name, c.compiled);
  else if (format == "mermaid")
    std::cout << GraphMermaid(c.compiled);
  else
    std::cout << GraphText(c.compiled);
  return 0;
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
  std::string path, output = "table", format = "text";
  auto* build = app.add_subcommand("build", "Compile stacks and write their trees (only changed files)");
  build->add_option("STACK", stacks, "Stack files (.yaml, .yml, .jsonnet)")->required();
  auto* check = app.add_subcommand("check", "Compile in memory; exit 1 and show the difference when the tree is stale");
  check->add_option("STACK", stacks, "Stack files")->required();
  check->add_option("--diff-lines", g.diff_lines, "Show at most N lines of diff (default 200)");
  auto* validate = app.add_subcommand("validate", "Schema and semantic checks only; writes nothing");
  validate->add_option("STACK", stacks, "Stack files")->required();
  auto* graph = app.add_subcommand("graph", "Print the dependency graph with waves");
  graph->add_option("STACK", path, "Stack file")->required();
  graph->add_option("--format", format, "text, dot or mermaid")->check(CLI::IsMember({"text", "dot", "mermaid"}));
  auto* endpoints = app.add_subcommand("endpoints", "Print every resolved endpoint");
  endpoints->add_option("STACK", path, "Stack file")->required();
  endpoints->add_option("--output", output, "table or json")->check(CLI::IsMember({"table", "json"}));
  auto* secrets = app.add_subcommand("secrets", "Print the Secrets each namespace must hold");
  secrets->add_option("STACK", path, "Stack file")->required();
  auto* schema = app.add_subcommand("schema", "Print the stack JSON Schema");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (*build) return Build(stacks, g);
  if (*check) return Check(stacks, g);
  if (*validate) return Validate(stacks, g);
  if (*graph) return Graph(path, format, g);
  if (*endpoints) return Endpoints(path, output, g);
  if (*secrets) return Secrets(path, g);
  if (*schema) {
    std::cout << StackSchemaText();
    return 0;
  }
  return 2;
}
