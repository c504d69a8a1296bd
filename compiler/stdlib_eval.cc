// The one libjsonnet evaluation of a build. libjsonnet 0.18 re-parses its standard library
// on every evaluation (~20 ms), so everything Jsonnet computes for a build happens in a
// single driver program; imports are confined to the stack's directory and the stdlib.
#include "stdlib_eval.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include <set>
#include <sstream>

#include "fs.h"
#include "jsonnet_bundle.h"
#include "jsonnet_vm.h"
#include "stdlib_files.h"

namespace kalypso {

std::string DefaultStdlibDir() {
  const char* env = std::getenv("KALYPSO_STDLIB");
  if (env && *env) return env;
  return "";
}

int DefaultJsonnetTimeoutMs() {
  const char* env = std::getenv("KALYPSO_JSONNET_TIMEOUT_MS");
  int ms = env ? std::atoi(env) : 0;
  return ms > 0 ? ms : 10000;
}

namespace {

constexpr const char* kBundleName = "kalypso-bundle";

// Parses "kalypso-bundle:L:C..." or "kalypso-bundle:(L:C)-(L:C)" and maps it back to a file.
bool MapFrame(const std::string& frame, const JsonnetBundle& bundle, Location* loc) {
  std::string prefix = std::string(kBundleName) + ":";
  size_t p = frame.find(prefix);
  if (p == std::string::npos) return false;
  const char* at = frame.c_str() + p + prefix.size();
  if (*at == '(') ++at;
  int line = std::atoi(at);
  const char* colon = std::strchr(at, ':');
  int col = colon ? std::atoi(colon + 1) : 0;
  return line > 0 && bundle.MapBack(line, col, loc);
}

// libjsonnet errors read "STATIC ERROR: FILE:L:C[-C]: msg" or "RUNTIME ERROR: msg" followed
// by stack frames "\tFILE:L:C[-C]\t...". The first frame in a file becomes the location.
void ReportJsonnetError(const std::string& text, const JsonnetBundle& bundle, const std::string& display_stack,
                        Diags& diags) {
  std::string first = text.substr(0, text.find('\n'));
  std::string message = first;
  Location loc{display_stack, 0, 0};
  const std::string kStatic = "STATIC ERROR: ", kRuntime = "RUNTIME ERROR: ";
  if (first.rfind(kStatic, 0) == 0) {
    std::string rest = first.substr(kStatic.size());
    size_t p = rest.find(": ");
    MapFrame(rest.substr(0, p), bundle, &loc);
    message = p == std::string::npos ? rest : rest.substr(p + 2);
  } else {
    if (first.rfind(kRuntime, 0) == 0) message = first.substr(kRuntime.size());
    std::istringstream lines(text);
    std::string line;
    std::getline(lines, line);
    while (std::getline(lines, line))
      if (MapFrame(line, bundle, &loc)) break;
  }
  diags.Error(loc, "jsonnet: " + message);
}

// Evaluates `body` after the bundle's files; fills `result` with the JSON value.
bool Run(const JsonnetBundle& bundle, const std::string& body, const std::string& display_stack,
         const EvalOptions& options, Json* result, Diags& diags) {
  std::string program = bundle.Program(body);
  if (const char* dump = std::getenv("KALYPSO_DUMP_BUNDLE")) std::ofstream(dump, std::ios::binary) << program;
  JsonnetLimits limits;
  limits.max_stack = options.max_stack;
  limits.timeout_ms = options.timeout_ms;
  limits.sandbox = options.sandbox;
  JsonnetOutcome out = EvaluateJsonnet(kBundleName, program, limits);
  switch (out.status) {
    case JsonnetOutcome::kOk:
      break;
    case JsonnetOutcome::kError:
      ReportJsonnetError(out.text, bundle, display_stack, diags);
      return false;
    case JsonnetOutcome::kTimeout:
    case JsonnetOutcome::kCrashed:
      diags.Error({display_stack, 0, 0}, "jsonnet: " + out.text + "; look for unbounded recursion or " +
                                             "ever-growing values in the stack's Jsonnet");
      return false;
    case JsonnetOutcome::kUnavailable:
      diags.Error({display_stack, 0, 0}, out.text);
      return false;
  }
  try {
    *result = Json::parse(out.text);
  } catch (const Json::exception& e) {
    diags.Error({display_stack, 0, 0}, std::string("jsonnet produced invalid JSON: ") + e.what());
    return false;
  }
  return true;
}

bool IsIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Where field `key` is written at or after `from` in Jsonnet source: `key:`, `key::`,
// `key+:`, `'key':` or `"key":`; npos when not found.
size_t FindField(const std::string& text, const std::string& key, size_t from) {
  for (size_t at = text.find(key, from); at != std::string::npos; at = text.find(key, at + 1)) {
    size_t start = at, end = at + key.size();
    if (start > 0 && (text[start - 1] == '\'' || text[start - 1] == '"')) {
      if (end >= text.size() || text[end] != text[start - 1]) continue;
      --start;
      ++end;
    } else if ((start > 0 && IsIdentChar(text[start - 1])) || (end < text.size() && IsIdentChar(text[end]))) {
      continue;
    }
    size_t colon = text.find_first_not_of(" \t", end);
    if (colon != std::string::npos && text[colon] == '+') ++colon;
    if (colon < text.size() && text[colon] == ':') return start;
  }
  return std::string::npos;
}

// A Jsonnet stack's value has no positions; find each field's key in the stack's source,
// in document order below its parent's, so later stages can point at a line. Fields made by
// code (comprehensions, imports) may not be found: they keep their parent's position.
void LocateFields(const Json& v, const std::string& ptr, size_t from, const std::string& text,
                  const std::vector<size_t>& lines, Document* doc) {
  if (!v.is_object()) return;
  auto at = [&](size_t offset) {
    size_t line = std::upper_bound(lines.begin(), lines.end(), offset) - lines.begin();
    return Location{doc->file, static_cast<int>(line), static_cast<int>(offset - lines[line - 1] + 1)};
  };
  for (auto it = v.begin(); it != v.end(); ++it) {
    std::string child = PointerAppend(ptr, it.key());
    size_t pos = FindField(text, it.key(), from);
    if (pos == std::string::npos) continue;
    doc->key_pos[child] = at(pos);
    size_t colon = text.find(':', pos + it.key().size());
    size_t value = text.find_first_not_of(": \t\r\n", colon);
    doc->value_pos[child] = at(value == std::string::npos ? pos : value);
    LocateFields(it.value(), child, pos, text, lines, doc);
  }
}

// The stdlib's real directory (kBuiltinStdlib for the built-in one), or "" after an error.
std::string StdlibRoot(const EvalOptions& options, const std::string& display_stack, Diags& diags) {
  if (options.stdlib_dir.empty()) return kBuiltinStdlib;
  std::string stdlib = options.fs->RealPath(options.stdlib_dir);
  if (stdlib.empty() || options.fs->RealPath(stdlib + "/kalypso.libsonnet").empty()) {
    diags.Error({display_stack, 0, 0}, "stdlib not found at '" + options.stdlib_dir +
                                           "' (--stdlib and $KALYPSO_STDLIB name a directory holding kalypso.libsonnet;"
                                           " without them the built-in stdlib is used)");
    return "";
  }
  return stdlib;
}

// The files a build read that can change on disk (the built-in stdlib cannot).
std::map<std::string, std::string> DiskFiles(const std::map<std::string, std::string>& files) {
  std::map<std::string, std::string> disk;
  for (const auto& [path, hash] : files)
    if (path.rfind(kBuiltinStdlib, 0) != 0) disk[path] = hash;
  return disk;
}

bool FillCatalog(const Json& result, Catalog* catalog, const std::string& display, Diags& diags) {
  if (!result.is_object() || !result.contains("kinds") || !result.contains("kindNames")) {
    diags.Error({display, 0, 0}, "the stdlib's catalog() returned an unexpected shape");
    return false;
  }
  catalog->kinds = result["kinds"];
  for (const auto& k : result["kindNames"]) catalog->kind_names.push_back(k.get<std::string>());
  return true;
}

}  // namespace

bool EvaluateStdlib(const Json& stack, const std::string& display, const EvalOptions& options, Catalog* catalog,
                    Diags& diags) {
  std::string stdlib = StdlibRoot(options, display, diags);
  if (stdlib.empty()) return false;
  // The catalog of every kind depends on nothing but the stdlib's files (and this compiler's
  // driver): cached under their content hashes, a YAML build whose stdlib did not change
  // needs no Jsonnet at all.
  const std::map<std::string, std::string> sources = StdlibFiles(stdlib, *options.fs);
  std::map<std::string, std::string> files;
  for (const auto& [name, bytes] : sources) files[stdlib + "/" + name] = ContentHash(bytes);
  std::string key = StdlibFingerprint(sources);
  std::string cache = options.cache_dir.empty() ? "" : options.cache_dir + "/catalog-" + key;
  if (!cache.empty()) {
    std::ifstream in(cache, std::ios::binary);
    Json cached = Json::parse(in, nullptr, /*allow_exceptions=*/false);
    Diags quiet;  // a damaged cache entry is simply evaluated again
    if (in && FillCatalog(cached, catalog, display, quiet)) {
      catalog->files = DiskFiles(files);
      catalog->from_cache = true;
      return true;
    }
  }
  // Only kind names cross into Jsonnet (slow at reading large literals): every kind when the
  // result is to be cached (it then depends on the stdlib alone), else only those the stack
  // uses (each kind evaluated costs time).
  JsonnetBundle bundle({{stdlib, stdlib, &sources}}, diags, *options.fs);
  std::string kalypso = bundle.AddFile(stdlib + "/kalypso.libsonnet", stdlib + "/kalypso.libsonnet", {display, 0, 0});
  if (kalypso.empty()) return false;
  std::string names = "std.objectFields(" + kalypso + ".kinds)";
  if (cache.empty() && !options.all_kinds) {
    std::set<std::string> used;
    if (stack.contains("components") && stack["components"].is_object())
      for (const auto& [n, c] : stack["components"].items())
        if (c.is_object() && c.contains("kind") && c["kind"].is_string()) used.insert(c["kind"].get<std::string>());
    names = Json(used).dump();
  }
  Json result;
  if (!Run(bundle, kalypso + ".catalog(" + names + ")\n", display, options, &result, diags)) return false;
  if (!FillCatalog(result, catalog, display, diags)) return false;
  // Vouch for the bytes evaluated; a file that changed meanwhile makes the entry unsafe to keep.
  bool changed = false;
  for (const auto& [path, hash] : bundle.Files()) {
    changed = changed || files[path] != hash;
    files[path] = hash;
  }
  if (!cache.empty() && !changed) WriteCacheFile(cache, result.dump());
  catalog->files = DiskFiles(files);
  return true;
}

bool EvaluateJsonnetStack(const std::string& display_path, const std::string& path,
                          const EvalOptions& options, Document* doc, Catalog* catalog, Diags& diags) {
  doc->file = display_path;
  std::string real = options.fs->RealPath(path);
  if (real.empty()) {
    diags.Error({display_path, 0, 0}, "cannot read stack: no such file");
    return false;
  }
  std::string stdlib = StdlibRoot(options, display_path, diags);
  if (stdlib.empty()) return false;
  const std::map<std::string, std::string> sources = StdlibFiles(stdlib, *options.fs);
  JsonnetBundle bundle({{DirName(real), DirName(display_path)}, {stdlib, stdlib, &sources}}, diags, *options.fs);
  std::string kalypso = bundle.AddFile(stdlib + "/kalypso.libsonnet", stdlib + "/kalypso.libsonnet", {display_path, 0, 0});
  std::string stack = bundle.AddFile(real, display_path, {display_path, 0, 0});
  if (kalypso.empty() || stack.empty()) return false;
  Json result;
  std::string body = kalypso + ".catalogFor(" + stack + ") + { stack: " + stack + " }\n";
  if (!Run(bundle, body, display_path, options, &result, diags)) return false;
  catalog->files = DiskFiles(bundle.Files());
  if (!FillCatalog(result, catalog, display_path, diags)) return false;
  doc->root = result["stack"];
  std::string err;
  std::string text = options.fs->Read(real, &err).value_or("");
  std::vector<size_t> lines{0};
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') lines.push_back(i + 1);
  LocateFields(doc->root, "", 0, text, lines, doc);
  return true;
}

}  // namespace kalypso
