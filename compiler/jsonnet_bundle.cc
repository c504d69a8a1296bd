// Bundles Jsonnet files into one program for a single libjsonnet parse: a small scanner
// finds imports outside strings and comments, and a line table maps errors back.
#include "jsonnet_bundle.h"

#include <algorithm>
#include <sstream>

#include <nlohmann/json.hpp>

#include "fs.h"

namespace kalypso {

namespace {

bool Under(const std::string& path, const std::string& dir) {
  return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/';
}

bool IsIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9'); }

// A JSON string literal (also valid Jsonnet) holding `bytes` (invalid UTF-8 replaced).
std::string Quote(const std::string& bytes) {
  return nlohmann::json(bytes).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

int CountLines(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n')) + (text.empty() || text.back() != '\n' ? 1 : 0);
}

// Scans Jsonnet source for tokens that matter to bundling. Positions are byte offsets.
class Scanner {
 public:
  explicit Scanner(const std::string& s) : s_(s) {}

  struct Import {
    size_t begin, end;  ///< from the keyword to the end of the string literal
    std::string keyword, path;
  };

  // Collects imports; false with `error_at`/`error` set on an unterminated comment or string.
  bool Scan(std::vector<Import>* imports) {
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == '/' && Peek(1) == '/') {
        SkipLine();
      } else if (c == '#') {
        SkipLine();
      } else if (c == '/' && Peek(1) == '*') {
        size_t start = i_;
        size_t close = s_.find("*/", i_ + 2);
        if (close == std::string::npos) return Fail(start, "unterminated comment");
        i_ = close + 2;
      } else if (c == '"' || c == '\'' || (c == '@' && (Peek(1) == '"' || Peek(1) == '\''))) {
        std::string unused;
        if (!String(&unused)) return false;
      } else if (c == '|' && Peek(1) == '|' && Peek(2) == '|') {
        if (!TextBlock()) return false;
      } else if (IsIdentStart(c)) {
        size_t start = i_;
        while (i_ < s_.size() && IsIdentChar(s_[i_])) ++i_;
        std::string word = s_.substr(start, i_ - start);
        if (word == "import" || word == "importstr" || word == "importbin") {
          SkipSpaceAndComments();
          std::string path;
          char q = i_ < s_.size() ? s_[i_] : 0;
          if (!(q == '"' || q == '\'' || (q == '@' && (Peek(1) == '"' || Peek(1) == '\''))))
            return Fail(start, word + " needs a literal path string");
          if (!String(&path)) return false;
          imports->push_back({start, i_, word, path});
        }
      } else {
        ++i_;
      }
    }
    return true;
  }

  size_t error_at = 0;
  std::string error;

 private:
  char Peek(size_t k) const { return i_ + k < s_.size() ? s_[i_ + k] : 0; }
  void SkipLine() {
    size_t nl = s_.find('\n', i_);
    i_ = nl == std::string::npos ? s_.size() : nl + 1;
  }
  bool Fail(size_t at, std::string message) {
    error_at = at;
    error = std::move(message);
    return false;
  }
  void SkipSpaceAndComments() {
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++i_;
      } else if (c == '#' || (c == '/' && Peek(1) == '/')) {
        SkipLine();
      } else if (c == '/' && Peek(1) == '*') {
        size_t close = s_.find("*/", i_ + 2);
        i_ = close == std::string::npos ? s_.size() : close + 2;
      } else {
        break;
      }
    }
  }
  // A quoted or verbatim string starting at i_; `value` gets its (simply unescaped) text.
  bool String(std::string* value) {
    size_t start = i_;
    bool verbatim = s_[i_] == '@';
    if (verbatim) ++i_;
    char q = s_[i_++];
    while (i_ < s_.size()) {
      char c = s_[i_++];
      if (verbatim && c == q && Peek(0) == q) {
        *value += q;
        ++i_;
      } else if (c == q) {
        return true;
      } else if (!verbatim && c == '\\' && i_ < s_.size()) {
        char e = s_[i_++];
        *value += e == 'n' ? '\n' : e == 't' ? '\t' : e;
      } else {
        *value += c;
      }
    }
    return Fail(start, "unterminated string");
  }
  // A ||| text block: ends at the first line not indented like its first line.
  bool TextBlock() {
    size_t start = i_;
    i_ += 3;
    if (Peek(0) == '-') ++i_;
    SkipLine();
    std::string indent;
    bool first = true;
    while (i_ < s_.size()) {
      size_t eol = s_.find('\n', i_);
      std::string line = s_.substr(i_, (eol == std::string::npos ? s_.size() : eol) - i_);
      size_t ws = line.find_first_not_of(" \t");
      if (ws == std::string::npos) {  // blank line: part of the block
        SkipLine();
        continue;
      }
      if (first) {
        indent = line.substr(0, ws);
        first = false;
        if (!indent.empty()) {
          SkipLine();
          continue;
        }
      } else if (line.compare(0, indent.size(), indent) == 0 && !indent.empty() && ws >= indent.size()) {
        SkipLine();
        continue;
      }
      if (line.compare(ws, 3, "|||") == 0) {
        i_ += ws + 3;
        return true;
      }
      break;
    }
    return Fail(start, "unterminated text block (|||)");
  }

  const std::string& s_;
  size_t i_ = 0;
};

// 1-based line and column of byte `offset` in `text`.
Location At(const std::string& file, const std::string& text, size_t offset) {
  Location loc{file, 1, 1};
  for (size_t k = 0; k < offset && k < text.size(); ++k) {
    if (text[k] == '\n') {
      ++loc.line;
      loc.col = 1;
    } else {
      ++loc.col;
    }
  }
  return loc;
}

}  // namespace

std::string JsonnetBundle::Resolve(const std::string& importer_dir, const std::string& rel, const Location& at) {
  if (rel.empty() || rel.find('\0') != std::string::npos) {
    diags_.Error(at, "import of an empty path");
    return "";
  }
  // Jsonnet's order: the importing file's directory, then the library path (the stdlib).
  std::vector<std::string> candidates;
  if (rel[0] == '/') {
    candidates.push_back(rel);
  } else {
    candidates.push_back(JoinPath(importer_dir, rel));
    for (const auto& root : roots_) candidates.push_back(JoinPath(root.real, rel));
  }
  for (const auto& c : candidates) {
    if (VirtualFile(c)) return c;
    std::string real = fs_.RealPath(c);
    if (real.empty()) continue;
    bool allowed = false;
    for (const auto& root : roots_) allowed = allowed || Under(real, root.real);
    if (!allowed) {
      diags_.Error(at, "import '" + rel + "' resolves outside the stack's directory and the stdlib; " +
                           "only files there can be imported");
      return "";
    }
    return real;
  }
  diags_.Error(at, "cannot find import '" + rel + "' (looked beside '" + at.file + "' and in the stdlib)");
  return "";
}

// The bytes of `path` in a virtual root (a plain file name below it), else nullptr.
const std::string* JsonnetBundle::VirtualFile(const std::string& path) const {
  for (const auto& root : roots_) {
    if (!root.files || !Under(path, root.real)) continue;
    auto it = root.files->find(path.substr(root.real.size() + 1));
    if (it != root.files->end()) return &it->second;
  }
  return nullptr;
}

std::string JsonnetBundle::DisplayName(const std::string& real) const {
  for (const auto& root : roots_)
    if (Under(real, root.real)) return JoinPath(root.display, real.substr(root.real.size() + 1));
  return real;
}

std::string JsonnetBundle::AddFile(const std::string& real, const std::string& display, const Location& from) {
  return AddModule(real, true, false, from, display);
}

std::string JsonnetBundle::AddModule(const std::string& real, bool code, bool binary, const Location& from,
                                     const std::string& given_display) {
  std::string display = given_display.empty() ? DisplayName(real) : given_display;
  std::string key = std::string(code ? "c" : binary ? "b" : "s") + real;
  if (auto it = by_key_.find(key); it != by_key_.end()) return modules_[it->second].name;
  if (static_cast<int>(modules_.size()) >= kMaxFiles) {
    diags_.Error(from, "more than " + std::to_string(kMaxFiles) + " imported files");
    return "";
  }
  std::string err;
  std::optional<std::string> text;
  if (const std::string* builtin = VirtualFile(real)) {
    text = *builtin;
  } else if (!(text = fs_.Read(real, &err))) {  // refuses more than 4 MiB
    diags_.Error(from, "cannot import '" + display + "': " + err);
    return "";
  }
  Module m{real, display, "__k" + std::to_string(modules_.size()), *text, "", code, binary};
  m.hash = ContentHash(m.text);
  by_key_[key] = modules_.size();
  modules_.push_back(m);
  if (!code) return m.name;
  diags_.AddSource(display, m.text);
  size_t index = modules_.size() - 1;
  if (!Rewrite(&m)) return "";
  modules_[index].text = m.text;
  return m.name;
}

// Replaces every import in `m` by the local of the imported file, keeping lines and columns.
bool JsonnetBundle::Rewrite(Module* m) {
  Scanner scanner(m->text);
  std::vector<Scanner::Import> imports;
  if (!scanner.Scan(&imports)) {
    diags_.Error(At(m->display, m->text, scanner.error_at), "jsonnet: " + scanner.error);
    return false;
  }
  std::string dir = DirName(m->real);
  bool ok = true;
  for (const auto& imp : imports) {
    Location at = At(m->display, m->text, imp.begin);
    std::string real = Resolve(dir, imp.path, at);
    if (real.empty()) {
      ok = false;
      continue;
    }
    std::string name = AddModule(real, imp.keyword == "import", imp.keyword == "importbin", at);
    if (name.empty()) {
      ok = false;
      continue;
    }
    for (size_t k = imp.begin; k < imp.end; ++k) {
      size_t j = k - imp.begin;
      if (m->text[k] != '\n') m->text[k] = j < name.size() ? name[j] : ' ';
    }
  }
  return ok;
}

std::string JsonnetBundle::Program(const std::string& body) const {
  std::string out = "local\n";
  for (const auto& m : modules_) {
    if (!m.code) {
      if (m.binary) {
        out += m.name + " = [";
        for (size_t k = 0; k < m.text.size(); ++k)
          out += (k ? "," : "") + std::to_string(static_cast<unsigned char>(m.text[k]));
        out += "],\n";
      } else {
        out += m.name + " = " + Quote(m.text) + ",\n";
      }
      continue;
    }
    out += m.name + " = (\n" + m.text + (m.text.empty() || m.text.back() != '\n' ? "\n" : "") + "),\n";
  }
  out += "__kalypso_end = null;\n";
  return out + body;
}

bool JsonnetBundle::MapBack(int line, int col, Location* loc) const {
  int at = 2;  // line 1 is "local"
  for (const auto& m : modules_) {
    if (!m.code) {
      ++at;
      continue;
    }
    int first = at + 1, n = CountLines(m.text);
    if (line >= first && line < first + n) {
      *loc = {m.display, line - first + 1, col};
      return true;
    }
    if (line == at || line == first + n) {  // the glue lines around a file: its end
      *loc = {m.display, n, 0};
      return true;
    }
    at = first + n + 1;
  }
  return false;
}

std::map<std::string, std::string> JsonnetBundle::Files() const {
  std::map<std::string, std::string> files;
  for (const auto& m : modules_) files[m.real] = m.hash;
  return files;
}

}  // namespace kalypso
