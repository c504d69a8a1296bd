// The intent record's text format: `kalypsoc-journal 1`, then `dir|file|put|del` lines, then
// `end <count> <hash of everything before>`; any other shape is refused as a torn record.
#include "journal.h"

#include <sstream>

#include "fs.h"

namespace kalypso {

namespace {

constexpr const char* kHeader = "kalypsoc-journal 1\n";

const char* KindName(JournalEntry::Kind k) {
  switch (k) {
    case JournalEntry::Kind::kDir: return "dir";
    case JournalEntry::Kind::kFile: return "file";
    case JournalEntry::Kind::kPut: return "put";
    case JournalEntry::Kind::kDel: return "del";
  }
  return "";
}

// Splits "a b c rest with spaces" into `n` words and the rest.
bool Split(const std::string& line, size_t n, std::vector<std::string>* words) {
  size_t pos = 0;
  for (size_t i = 0; i < n; ++i) {
    size_t sp = line.find(' ', pos);
    if (sp == std::string::npos || sp == pos) return false;
    words->push_back(line.substr(pos, sp - pos));
    pos = sp + 1;
  }
  words->push_back(line.substr(pos));
  return !words->back().empty();
}

}  // namespace

bool IsPlainRelative(const std::string& rel) {
  return !rel.empty() && rel[0] != '/' && NormalizePath(rel) == rel && rel != "." && rel != ".." &&
         rel.rfind("../", 0) != 0 && rel.find('\n') == std::string::npos;
}

std::string FormatJournal(const std::vector<JournalEntry>& entries) {
  std::string text = kHeader;
  for (const auto& e : entries) {
    text += KindName(e.kind);
    if (e.kind == JournalEntry::Kind::kDir || e.kind == JournalEntry::Kind::kPut) text += " " + e.staged;
    if (e.kind != JournalEntry::Kind::kDir) text += " " + e.hash;
    text += " " + e.path + "\n";
  }
  return text + "end " + std::to_string(entries.size()) + " " + ContentHash(text) + "\n";
}

std::optional<std::vector<JournalEntry>> ParseJournal(const std::string& text) {
  if (text.rfind(kHeader, 0) != 0) return std::nullopt;
  size_t end = text.rfind("\nend ", text.size() >= 2 ? text.size() - 2 : 0);
  if (end == std::string::npos || text.back() != '\n') return std::nullopt;
  std::string body = text.substr(0, end + 1);
  std::vector<JournalEntry> entries;
  std::istringstream in(body.substr(std::string(kHeader).size()));
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> w;
    std::string kind = line.substr(0, line.find(' '));
    JournalEntry e{JournalEntry::Kind::kDel, "", "", ""};
    if (kind == "dir" && Split(line, 2, &w))
      e = {JournalEntry::Kind::kDir, w[1], "", w[2]};
    else if (kind == "file" && Split(line, 2, &w))
      e = {JournalEntry::Kind::kFile, "", w[1], w[2]};
    else if (kind == "put" && Split(line, 3, &w))
      e = {JournalEntry::Kind::kPut, w[1], w[2], w[3]};
    else if (kind == "del" && Split(line, 2, &w))
      e = {JournalEntry::Kind::kDel, "", w[1], w[2]};
    else
      return std::nullopt;
    if (!IsPlainRelative(e.path) || (!e.staged.empty() && !IsPlainRelative(e.staged))) return std::nullopt;
    entries.push_back(e);
  }
  if (text.substr(end + 1) != "end " + std::to_string(entries.size()) + " " + ContentHash(body) + "\n")
    return std::nullopt;
  return entries;
}

}  // namespace kalypso
