// The stdlib's files: compiled into the binary at build time (cmake/embed_stdlib.cmake), or
// read from a directory given with --stdlib / $KALYPSO_STDLIB.
#pragma once

#include <map>
#include <string>

#include "fs.h"

namespace kalypso {

/// How the built-in stdlib is named in paths and diagnostics ("builtin:stdlib/loki.libsonnet").
inline constexpr const char* kBuiltinStdlib = "builtin:stdlib";

/// The stdlib compiled into this binary: file name -> bytes.
const std::map<std::string, std::string>& BuiltinStdlib();

/// The `.libsonnet` files of the stdlib at `dir` read through `fs` (name -> bytes); the
/// built-in ones when `dir` is "" or kBuiltinStdlib. Empty when the directory cannot be read.
std::map<std::string, std::string> StdlibFiles(const std::string& dir, FileSystem& fs = DiskFs());

/// Content hash of a stdlib's files (names and bytes) and this compiler's version.
std::string StdlibFingerprint(const std::map<std::string, std::string>& files);

}  // namespace kalypso
