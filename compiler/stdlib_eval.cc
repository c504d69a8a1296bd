// The one libjsonnet evaluation of a build. libjsonnet 0.18 re-parses its standard library
// on every evaluation (~20 ms), so everything Jsonnet computes for a build happens in a
// single driver program; imports are confined to the stack's directory and the stdlib.
#include "stdlib_eval.h"

extern "C" {
#include <libjsonnet.h>
}

#include <climits>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "fs.h"

namespace kalypso {

std::string DefaultStdlibDir() {
  const char* env = std::getenv("KALYPSO_STDLIB");
  if (env && *env) return env;
  return std::string(KALYPSO_SOURCE_DIR) + "/stdlib";
}

namespace {

std::string RealPath(const std::string& p) {
  char buf[PATH_MAX];
  if (!realpath(p.c_str(), buf)) return "";
  return buf;
}

bool Inside(const std::string& path, const std::string& dir) {
  return !dir.empty() && path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 &&
         path[dir.size()] == '/';
}

struct ImportContext {
  JsonnetVm* vm = nullptr;
  std::vector<std::string> roots;  ///< real paths imports may read from
  std::set<std::string> files;
};

char* Fail(JsonnetVm* vm, int* success, const std::string& msg) {
  *success = 0;
  char* out = jsonnet_realloc(vm, nullptr, msg.size() + 1);
  std::memcpy(out, msg.c_str(), msg.size() + 1);
  return out;
}

// Resolves `rel` against the importing file's directory, then the stdlib; refuses anything
// that lands outside the allowed roots (after symlinks are followed).
extern "C" char* ImportCallback(void* ctx_ptr, const char* base, const char* rel, char** found_here,
                                int* success) {
  auto* ctx = static_cast<ImportContext*>(ctx_ptr);
  std::vector<std::string> candidates;
  if (rel[0] != '/') candidates.push_back(JoinPath(base, rel));
  for (const auto& root : ctx->roots) candidates.push_back(JoinPath(root, rel));
  for (const auto& c : candidates) {
    std::string real = RealPath(c);
    if (real.empty()) continue;
    bool allowed = false;
    for (const auto& root : ctx->roots) allowed = allowed || Inside(real, root);
    if (!allowed)
      return Fail(ctx->vm, success, std::string("import '") + rel +
                                        "' is outside the stack's directory and the stdlib");
    std::ifstream in(real, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    if (!in) continue;
    std::string text = ss.str();
    if (text.size() > 4 * 1024 * 1024) return Fail(ctx->vm, success, "imported file too large");
    ctx->files.insert(real);
    *found_here = jsonnet_realloc(ctx->vm, nullptr, real.size() + 1);
    std::memcpy(*found_here, real.c_str(), real.size() + 1);
    *success = 1;
    char* out = jsonnet_realloc(ctx->vm, nullptr, text.size() + 1);
    std::memcpy(out, text.c_str(), text.size() + 1);
    return out;
  }
  return Fail(ctx->vm, success, std::string("cannot find import '") + rel + "'");
}

// libjsonnet errors read "STATIC ERROR: FILE:L:C[-C]: msg" or "RUNTIME ERROR: msg" followed
// by stack frames "\tFILE:L:C[-C]\t...". Turn the first frame into a Location.
void ReportJsonnetError(const std::string& text, const std::string& real_stack,
                        const std::string& display_stack, Diags& diags) {
  std::string first = text.substr(0, text.find('\n'));
  std::string message = first;
  std::string where;
  const std::string kStatic = "STATIC ERROR: ", kRuntime = "RUNTIME ERROR: ";
  if (first.rfind(kStatic, 0) == 0) {
    std::string rest = first.substr(kStatic.size());
    // FILE:L:C(-C)?: msg   (FILE may itself hold no ':')
    size_t p = rest.find(": ");
    where = rest.substr(0, p);
    message = p == std::string::npos ? rest : rest.substr(p + 2);
    message = "jsonnet: " + message;
  } else {
    if (first.rfind(kRuntime, 0) == 0) message = first.substr(kRuntime.size());
    message = "jsonnet: " + message;
    std::istringstream lines(text);
    std::string line;
    std::getline(lines, line);
    while (std::getline(lines, line)) {
      size_t s = line.find_first_not_of("\t ");
      if (s == std::string::npos) continue;
      where = line.substr(s, line.find('\t', s) - s);
      // Prefer the first frame in a real file (not the generated driver).
      if (where.find("<kalypso-driver>") == std::string::npos) break;
    }
  }
  Location loc;
  // where = FILE:L:C or FILE:(L:C)-(L:C)
  std::string w = where;
  for (char& c : w)
    if (c == '(' || c == ')') c = ' ';
  size_t c1 = w.find(':');
  loc.file = c1 == std::string::npos ? w : w.substr(0, c1);
  if (c1 != std::string::npos) {
    loc.line = std::atoi(w.c_str() + c1 + 1);
    size_t c2 = w.find(':', c1 + 1);
    if (c2 != std::string::npos) loc.col = std::atoi(w.c_str() + c2 + 1);
  }
  std::string real_loc = RealPath(loc.file);
  if (!real_stack.empty() && real_loc == real_stack) loc.file = display_stack;
  if (loc.file.empty() || loc.file.find("<kalypso-driver>") != std::string::npos) loc = {display_stack, 0, 0};
  // Register the file's text so the caret line shows.
  if (loc.line > 0 && loc.file != display_stack) {
    std::ifstream in(loc.file);
    std::ostringstream ss;
    ss << in.rdbuf();
    diags.AddSource(loc.file, ss.str());
  }
  diags.Error(loc, message);
}

bool Run(const std::string& driver, const std::string& driver_dir, const std::string& stack_json,
         const std::string& real_stack, const std::string& display_stack, const EvalOptions& options,
         Json* result, std::vector<std::string>* files, Diags& diags) {
  std::string stdlib = RealPath(options.stdlib_dir);
  if (stdlib.empty() || RealPath(stdlib + "/kalypso.libsonnet").empty()) {
    diags.Error({display_stack, 0, 0}, "stdlib not found at '" + options.stdlib_dir +
                                           "' (set KALYPSO_STDLIB to the directory holding kalypso.libsonnet)");
    return false;
  }
  JsonnetVm* vm = jsonnet_make();
  ImportContext ctx;
  ctx.vm = vm;
  ctx.roots.push_back(stdlib);
  if (!driver_dir.empty()) ctx.roots.push_back(driver_dir);
  jsonnet_import_callback(vm, ImportCallback, &ctx);
  jsonnet_max_stack(vm, options.max_stack);
  jsonnet_max_trace(vm, 8);
  if (!stack_json.empty()) jsonnet_ext_code(vm, "stack", stack_json.c_str());
  int error = 0;
  std::string driver_path = (driver_dir.empty() ? stdlib : driver_dir) + "/<kalypso-driver>";
  char* out = jsonnet_evaluate_snippet(vm, driver_path.c_str(), driver.c_str(), &error);
  std::string text = out ? out : "";
  jsonnet_realloc(vm, out, 0);
  jsonnet_destroy(vm);
  files->assign(ctx.files.begin(), ctx.files.end());
  if (error) {
    ReportJsonnetError(text, real_stack, display_stack, diags);
    return false;
  }
  try {
    *result = Json::parse(text);
  } catch (const Json::exception& e) {
    diags.Error({display_stack, 0, 0}, std::string("jsonnet produced invalid JSON: ") + e.what());
    return false;
  }
  return true;
}

bool FillCatalog(const Json& result, Catalog* catalog, const std::string& display, Diags& diags) {
  if (!result.is_object() || !result.contains("kinds") || !result.contains("instances")) {
    diags.Error({display, 0, 0}, "the stdlib's catalog() returned an unexpected shape");
    return false;
  }
  catalog->kinds = result["kinds"];
  catalog->instances = result["instances"];
  for (const auto& k : result["kindNames"]) catalog->kind_names.push_back(k.get<std::string>());
  return true;
}

}  // namespace

bool EvaluateStdlib(const Json& stack, const EvalOptions& options, Catalog* catalog, Diags& diags) {
  static const char* kDriver =
      "local kalypso = import 'kalypso.libsonnet';\n"
      "kalypso.catalog(std.extVar('stack'))\n";
  Json result;
  std::string display = stack.value("stack", std::string("stack"));
  if (!Run(kDriver, "", stack.dump(), "", display, options, &result, &catalog->files, diags)) return false;
  return FillCatalog(result, catalog, display, diags);
}

bool EvaluateJsonnetStack(const std::string& display_path, const std::string& path,
                          const EvalOptions& options, Document* doc, Catalog* catalog, Diags& diags) {
  doc->file = display_path;
  std::string real = RealPath(path);
  if (real.empty()) {
    diags.Error({display_path, 0, 0}, "cannot read stack: no such file");
    return false;
  }
  std::string dir = DirName(real);
  std::string base = real.substr(dir.size() + 1);
  std::string quoted;
  for (char c : base) {
    if (c == '\'' || c == '\\') quoted += '\\';
    quoted += c;
  }
  std::string driver =
      "local kalypso = import 'kalypso.libsonnet';\n"
      "local stack = import '" + quoted + "';\n"
      "kalypso.catalog(stack) + { stack: stack }\n";
  Json result;
  if (!Run(driver, dir, "", real, display_path, options, &result, &catalog->files, diags)) return false;
  if (!FillCatalog(result, catalog, display_path, diags)) return false;
  doc->root = result["stack"];
  return true;
}

}  // namespace kalypso
