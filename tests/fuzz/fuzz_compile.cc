// libFuzzer target: the whole in-memory compile (load, validate, stdlib, resolve, plan,
// wire, policy, render) of an arbitrary YAML stack.
#include <cstddef>
#include <cstdint>
#include <string>

#include "known_hangs.h"

#include "compile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  if (kalypso::fuzzing::HitsKnownYamlCppHang(text)) return 0;
  kalypso::MemoryFileSystem fs;
  fs.files["stack.yaml"] = text;
  fs.from_disk = {kalypso::DefaultStdlibDir(), kalypso::AbsolutePath(kalypso::DefaultStdlibDir())};
  kalypso::Diags diags;
  kalypso::Compilation c;
  kalypso::CompileOptions options;
  options.sandbox = false;  // forking an ASan process per input would cut the rate 20x
  (void)kalypso::Compile("stack.yaml", fs, options, &c, diags);
  (void)diags.Render();
  return 0;
}
