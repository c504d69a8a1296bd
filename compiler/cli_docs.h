// The man page and shell completions, generated from the CLI11 definition in main.cc so
// they never disagree with `--help`.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace kalypso {

/// A man page (roff, section 1) for `app` and its subcommands.
std::string ManPage(const CLI::App& app, const std::string& version);

/// A completion script for `shell` ("bash", "zsh" or "fish"): subcommands, their options
/// and the global ones; files for positional arguments.
std::string Completion(const CLI::App& app, const std::string& shell);

}  // namespace kalypso
