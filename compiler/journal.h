// The intent record of a publish (`.kalypsoc-journal`): every path it creates, replaces or
// removes, written and synced before the first visible change; its trailer proves it whole.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace kalypso {

/// One step of a publish; paths relative to the output root.
struct JournalEntry {
  enum class Kind {
    kDir,   ///< rename staged directory `staged` to new directory `path`
    kFile,  ///< `path` (with `hash`) arrives inside a new directory of a kDir entry
    kPut,   ///< rename staged file `staged` over `path` (with `hash`)
    kDel,   ///< remove `path` if it still has `hash`
  };
  Kind kind;
  std::string staged, hash, path;
};

/// The record's text: a version line, one line per entry, a trailer (count and hash).
std::string FormatJournal(const std::vector<JournalEntry>& entries);

/// Parses a record; nullopt when it is not whole (trailer missing or wrong) or names a path
/// outside the output root.
std::optional<std::vector<JournalEntry>> ParseJournal(const std::string& text);

/// True when `rel` is a plain relative path inside the root ("a/b", not "../a", "/a", "a//b").
bool IsPlainRelative(const std::string& rel);

}  // namespace kalypso
