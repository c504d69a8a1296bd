// Reading a stdlib: the built-in table or a directory's .libsonnet files, and the content
// fingerprint the catalog cache and the build stamp key on.
#include "stdlib_files.h"

#include <dirent.h>

#include <fstream>
#include <iterator>

#include "fs.h"

namespace kalypso {

std::map<std::string, std::string> StdlibFiles(const std::string& dir) {
  if (dir.empty() || dir == kBuiltinStdlib) return BuiltinStdlib();
  std::map<std::string, std::string> files;
  DIR* d = opendir(dir.c_str());
  if (!d) return files;
  while (dirent* e = readdir(d)) {
    std::string n = e->d_name;
    if (n.size() <= 10 || n.compare(n.size() - 10, 10, ".libsonnet") != 0) continue;
    std::ifstream in(dir + "/" + n, std::ios::binary);
    files[n] = std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  closedir(d);
  return files;
}

std::string StdlibFingerprint(const std::map<std::string, std::string>& files) {
  std::string all = std::string("kalypso-catalog 1 ") + KALYPSO_VERSION + "\n";
  for (const auto& [name, bytes] : files) all += name + " " + ContentHash(bytes) + "\n";
  return ContentHash(all);
}

}  // namespace kalypso
