// libFuzzer target: the whole in-memory compile (load, validate, stdlib, resolve, plan,
// wire, policy, render) of an arbitrary YAML stack.
#include <cstddef>
#include <cstdint>
#include <string>

#include "compile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  kalypso::MemoryFileSystem fs;
  fs.files["stack.yaml"] = std::string(reinterpret_cast<const char*>(data), size);
  kalypso::Diags diags;
  kalypso::Compilation c;
  (void)kalypso::Compile("stack.yaml", fs, kalypso::CompileOptions{}, &c, diags);
  (void)diags.Render();
  return 0;
}
