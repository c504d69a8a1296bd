// libFuzzer target: the YAML loader on arbitrary bytes (must never crash, hang or blow up).
#include <cstddef>
#include <cstdint>
#include <string>

#include "known_hangs.h"

#include "load.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  if (kalypso::fuzzing::HitsKnownYamlCppHang(text)) return 0;
  kalypso::Document doc;
  kalypso::Diags diags;
  kalypso::LoadLimits limits;
  limits.sandbox = false;  // forking an ASan process per input would cut the rate 20x
  (void)kalypso::LoadYaml("fuzz.yaml", text, &doc, diags, limits);
  (void)diags.Render();
  return 0;
}
