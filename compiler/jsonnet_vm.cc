// libjsonnet through dlopen, evaluated in a forked child: a runaway or hostile Jsonnet
// program (endless recursion, exponential strings) costs a bounded time and memory, and a
// crash inside the library becomes an error message instead of taking kalypsoc down.
#include "jsonnet_vm.h"

#include "sandbox.h"

extern "C" {
#include <libjsonnet.h>
}
#include <dlfcn.h>

#include <cstring>
#include <type_traits>

namespace kalypso {

namespace {

// The handful of libjsonnet's C API functions kalypsoc calls.
struct Api {
  decltype(&jsonnet_make) make = nullptr;
  decltype(&jsonnet_destroy) destroy = nullptr;
  decltype(&jsonnet_realloc) realloc = nullptr;
  decltype(&jsonnet_max_stack) max_stack = nullptr;
  decltype(&jsonnet_max_trace) max_trace = nullptr;
  decltype(&jsonnet_import_callback) import_callback = nullptr;
  decltype(&jsonnet_evaluate_snippet) evaluate_snippet = nullptr;
};

const Api* LoadApi(std::string* error) {
  static Api api;
  static std::string load_error;
  static bool tried = false;
  if (!tried) {
    tried = true;
    void* lib = nullptr;
    for (const char* soname : {"libjsonnet.so.0", "libjsonnet.so"})
      if ((lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL))) break;
    if (!lib) {
      const char* e = dlerror();
      load_error = std::string("cannot load libjsonnet (install libjsonnet0): ") + (e ? e : "");
    } else {
      bool ok = true;
      auto get = [&](auto* fn, const char* sym) {
        *fn = reinterpret_cast<std::remove_pointer_t<decltype(fn)>>(dlsym(lib, sym));
        ok = ok && *fn;
      };
      get(&api.make, "jsonnet_make");
      get(&api.destroy, "jsonnet_destroy");
      get(&api.realloc, "jsonnet_realloc");
      get(&api.max_stack, "jsonnet_max_stack");
      get(&api.max_trace, "jsonnet_max_trace");
      get(&api.import_callback, "jsonnet_import_callback");
      get(&api.evaluate_snippet, "jsonnet_evaluate_snippet");
      if (!ok) load_error = "libjsonnet lacks a function kalypsoc needs";
    }
  }
  *error = load_error;
  return load_error.empty() ? &api : nullptr;
}

// Every import was resolved by the bundler; libjsonnet must not read files on its own.
extern "C" char* RefuseImport(void* ctx, const char* base, const char* rel, char** found_here, int* success) {
  const auto* api = static_cast<const Api*>(ctx);
  std::string msg = std::string("import '") + rel + "' was not bundled";
  *success = 0;
  char* out = api->realloc(nullptr, nullptr, msg.size() + 1);
  std::memcpy(out, msg.c_str(), msg.size() + 1);
  return out;
}

// Runs in the worker: payload = max_stack, '\0', name, '\0', program. Answers with one
// status byte ('0' value, '1' libjsonnet error, '2' no libjsonnet) and the text.
std::string Evaluate(const std::string& payload) {
  size_t a = payload.find('\0'), b = payload.find('\0', a + 1);
  unsigned max_stack = static_cast<unsigned>(std::stoul(payload.substr(0, a)));
  std::string name = payload.substr(a + 1, b - a - 1);
  std::string error_text;
  const Api* api = LoadApi(&error_text);
  if (!api) return "2" + error_text;
  JsonnetVm* vm = api->make();
  api->import_callback(vm, RefuseImport, const_cast<Api*>(api));
  api->max_stack(vm, max_stack);
  api->max_trace(vm, 8);
  int error = 0;
  char* out = api->evaluate_snippet(vm, name.c_str(), payload.c_str() + b + 1, &error);
  std::string text = std::string(error ? "1" : "0") + out;
  api->realloc(vm, out, 0);
  api->destroy(vm);
  return text;
}

}  // namespace

JsonnetOutcome EvaluateJsonnet(const std::string& name, const std::string& program, const JsonnetLimits& limits) {
  std::string payload = std::to_string(limits.max_stack) + '\0' + name + '\0' + program;
  SandboxResult run = limits.sandbox ? RunBounded(Evaluate, payload, {limits.timeout_ms, limits.max_memory})
                                     : SandboxResult{SandboxResult::kOk, Evaluate(payload)};
  switch (run.status) {
    case SandboxResult::kOk:
      if (run.output.empty()) return {JsonnetOutcome::kCrashed, "evaluation produced nothing"};
      if (run.output[0] == '2') return {JsonnetOutcome::kUnavailable, run.output.substr(1)};
      return {run.output[0] == '0' ? JsonnetOutcome::kOk : JsonnetOutcome::kError, run.output.substr(1)};
    case SandboxResult::kTimeout:
      return {JsonnetOutcome::kTimeout, "evaluation " + run.output + " and was stopped"};
    case SandboxResult::kCrashed:
      break;
  }
  return {JsonnetOutcome::kCrashed, "evaluation " + run.output};
}

}  // namespace kalypso
