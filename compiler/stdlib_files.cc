// Reading a stdlib: the built-in table or a directory's .libsonnet files, and the content
// fingerprint the catalog cache and the build stamp key on.
#include "stdlib_files.h"

#include "fs.h"

namespace kalypso {

std::map<std::string, std::string> StdlibFiles(const std::string& dir, FileSystem& fs) {
  if (dir.empty() || dir == kBuiltinStdlib) return BuiltinStdlib();
  std::map<std::string, std::string> files;
  for (const auto& n : fs.List(dir)) {
    if (n.size() <= 10 || n.compare(n.size() - 10, 10, ".libsonnet") != 0) continue;
    std::string err;
    if (std::optional<std::string> text = fs.Read(dir + "/" + n, &err)) files[n] = *text;
  }
  return files;
}

std::string StdlibFingerprint(const std::map<std::string, std::string>& files) {
  std::string all = std::string("kalypso-catalog 1 ") + KALYPSO_VERSION + "\n";
  for (const auto& [name, bytes] : files) all += name + " " + ContentHash(bytes) + "\n";
  return ContentHash(all);
}

}  // namespace kalypso
