// YAML loading, in the bounded worker: yaml-cpp parses, then a bounded walk converts its nodes
// to JSON while recording positions, resolving plain scalars by the YAML 1.2 core schema and
// rejecting duplicate keys, alias bombs, deep nesting and huge strings.
#include "load.h"

#include <yaml-cpp/yaml.h>

#include "document_codec.h"
#include "sandbox.h"

#include <cmath>
#include <optional>
#include <cstdlib>

namespace kalypso {

bool CheckInputBytes(const std::string& file, const std::string& text, Diags& diags) {
  int line = 1, col = 1;
  bool only_space = true;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == 0) {
      diags.Error({file, line, col}, "file contains a NUL byte; stacks are UTF-8 text");
      return false;
    }
    int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    bool ok = len > 0 && i + len <= text.size();
    for (int k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(text[i + k]) >> 6) == 0x2;
    if (!ok) {
      diags.Error({file, line, col}, "invalid UTF-8 byte sequence; save the file as UTF-8");
      return false;
    }
    if (c == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
    if (!std::isspace(c)) only_space = false;
    i += len;
  }
  if (only_space) {
    diags.Error({file, 0, 0}, "file is empty; a stack needs at least 'stack:' and 'components:'");
    return false;
  }
  return true;
}

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// [-+]?[0-9]+
bool IsInteger(const std::string& s) {
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i == s.size()) return false;
  for (; i < s.size(); ++i)
    if (!IsDigit(s[i])) return false;
  return true;
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool IsFloat(const std::string& s) {
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  size_t digits = 0;
  while (i < s.size() && IsDigit(s[i])) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && IsDigit(s[i])) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    size_t exp = 0;
    while (i < s.size() && IsDigit(s[i])) ++i, ++exp;
    if (exp == 0) return false;
  }
  return i == s.size();
}

// Offset of the first byte of each line (index 0 = line 1).
std::vector<size_t> LineStarts(const std::string& text) {
  std::vector<size_t> starts{0};
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts.push_back(i + 1);
  return starts;
}

class Converter {
 public:
  Converter(Document* doc, Diags& diags, const LoadLimits& limits, const std::string& text)
      : doc_(doc), diags_(diags), limits_(limits), text_(text), line_starts_(LineStarts(text)) {}

  // yaml-cpp 0.7 accepts a quoted scalar left open at the end of the file, silently taking
  // everything after the quote (whole components) as its text: check that it closes.
  bool QuoteCloses(const YAML::Node& node) const {
    const YAML::Mark& m = node.Mark();
    if (m.line < 0 || static_cast<size_t>(m.line) >= line_starts_.size()) return true;
    size_t i = line_starts_[m.line] + static_cast<size_t>(std::max(0, m.column));
    if (i >= text_.size() || (text_[i] != '"' && text_[i] != '\'')) return true;
    char q = text_[i];
    for (++i; i < text_.size(); ++i) {
      if (q == '"' && text_[i] == '\\') {
        ++i;
      } else if (text_[i] == q) {
        if (q == '\'' && i + 1 < text_.size() && text_[i + 1] == '\'') {
          ++i;  // '' inside single quotes
          continue;
        }
        return true;
      }
    }
    return false;
  }

  bool Convert(const YAML::Node& node, const std::string& ptr, int depth, Json* out) {
    if (++nodes_ > limits_.max_nodes) {
      if (!reported_size_)
        diags_.Error(Pos(node), "stack expands to more than " + std::to_string(limits_.max_nodes) +
                                    " values (aliases expanding exponentially?)");
      reported_size_ = true;
      return false;
    }
    if (depth > limits_.max_depth) {
      diags_.Error(Pos(node), "nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
      return false;
    }
    doc_->value_pos[ptr] = Pos(node);
    switch (node.Type()) {
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined:
        *out = nullptr;
        return true;
      case YAML::NodeType::Scalar:
        return Scalar(node, out);
      case YAML::NodeType::Sequence: {
        *out = Json::array();
        size_t i = 0;
        bool ok = true;
        for (const auto& item : node) {
          Json v;
          ok = Convert(item, PointerAppend(ptr, i++), depth + 1, &v) && ok;
          if (reported_size_) return false;
          out->push_back(std::move(v));
        }
        return ok;
      }
      case YAML::NodeType::Map: {
        *out = Json::object();
        bool ok = true;
        for (const auto& kv : node) {
          if (!kv.first.IsScalar()) {
            diags_.Error(Pos(kv.first), "mapping keys must be plain strings");
            ok = false;
            continue;
          }
          const std::string& key = kv.first.Scalar();
          std::string child = PointerAppend(ptr, key);
          if (out->contains(key)) {
            Location first = doc_->KeyAt(child);
            diags_.Error(Pos(kv.first), "duplicate key '" + key + "' (first defined at line " +
                                            std::to_string(first.line) + ")");
            ok = false;
            continue;
          }
          doc_->key_pos[child] = Pos(kv.first);
          Json v;
          ok = Convert(kv.second, child, depth + 1, &v) && ok;
          if (reported_size_) return false;
          (*out)[key] = std::move(v);
        }
        return ok;
      }
    }
    return true;
  }

 private:
  Location Pos(const YAML::Node& n) const {
    YAML::Mark m = n.Mark();
    if (m.line < 0) return Location{doc_->file, 0, 0};
    return Location{doc_->file, m.line + 1, m.column + 1};
  }

  bool Scalar(const YAML::Node& node, Json* out) {
    const std::string& s = node.Scalar();
    if (s.size() > limits_.max_string) {
      diags_.Error(Pos(node), "string of " + std::to_string(s.size()) + " bytes exceeds the limit of " +
                                  std::to_string(limits_.max_string));
      return false;
    }
    const std::string& tag = node.Tag();
    if (tag == "!" || tag == "tag:yaml.org,2002:str") {  // quoted, or explicitly a string
      if (!QuoteCloses(node)) {
        diags_.Error(Pos(node), "unclosed quoted string: it runs to the end of the file; add the closing quote");
        return false;
      }
      *out = s;
      return true;
    }
    // YAML 1.2 core schema for plain scalars.
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") {
      *out = nullptr;
    } else if (s == "true" || s == "True" || s == "TRUE") {
      *out = true;
    } else if (s == "false" || s == "False" || s == "FALSE") {
      *out = false;
    } else if (IsInteger(s) && s.size() < 19) {
      *out = std::stoll(s);
    } else if (IsFloat(s) && s.size() < 40) {
      double d = std::strtod(s.c_str(), nullptr);
      if (std::isfinite(d))
        *out = d;
      else
        *out = s;
    } else {
      *out = s;
    }
    return true;
  }

  Document* doc_;
  Diags& diags_;
  const LoadLimits& limits_;
  const std::string& text_;
  std::vector<size_t> line_starts_;
  size_t nodes_ = 0;
  bool reported_size_ = false;
};

// Tabs are not YAML indentation; yaml-cpp's own message for them is obscure.
bool CheckTabs(const std::string& file, const std::string& text, Diags& diags) {
  int line = 1;
  bool ok = true;
  bool at_line_start = true;
  int col = 1;
  for (char c : text) {
    if (c == '\n') {
      ++line;
      col = 1;
      at_line_start = true;
      continue;
    }
    if (at_line_start && c == '\t') {
      diags.Error({file, line, col}, "tab character in indentation; YAML indents with spaces");
      ok = false;
      at_line_start = false;
    } else if (c != ' ') {
      at_line_start = false;
    }
    ++col;
  }
  return ok;
}

}  // namespace

// The innermost flow bracket or quote still open at the end of the text (comments and
// quoted strings skipped) and that character, or nullopt.
static std::optional<std::pair<Location, char>> UnclosedFlow(const std::string& file, const std::string& text) {
  std::vector<std::pair<Location, char>> open;
  int line = 1, col = 1;
  char quote = 0;
  Location quote_at;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quote) {
      if (c == '\\' && quote == '"') {
        ++i;
        ++col;
      } else if (c == quote) {
        quote = 0;
      }
    } else if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\n')) {
      while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
    } else if ((c == '"' || c == '\'') && !open.empty()) {
      quote = c;
      quote_at = {file, line, col};
    } else if (c == '[' || c == '{') {
      open.push_back({{file, line, col}, c});
    } else if ((c == ']' || c == '}') && !open.empty()) {
      open.pop_back();
    }
    if (c == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  if (quote) return std::make_pair(quote_at, quote);
  if (!open.empty()) return open.back();
  return std::nullopt;
}

// yaml-cpp's parse and the bounded conversion: in the worker, or here when unsandboxed.
static bool ParseAndConvert(const std::string& file, const std::string& text, Document* doc, Diags& diags,
                            const LoadLimits& limits) {
  YAML::Node root;
  try {
    std::vector<YAML::Node> docs = YAML::LoadAll(text);
    if (docs.size() > 1) {
      // Point at the '---' that starts the second document (yaml-cpp marks its first node).
      int line = docs[1].Mark().line + 1;
      std::vector<size_t> starts = LineStarts(text);
      for (int l = line; l >= 1; --l)
        if (static_cast<size_t>(l - 1) < starts.size() && text.compare(starts[l - 1], 3, "---") == 0) {
          line = l;
          break;
        }
      diags.Error({file, line, 1}, "a stack file holds one YAML document; remove the second '---'");
      return false;
    }
    if (!docs.empty()) root = docs[0];
  } catch (const YAML::Exception& e) {
    std::string msg = e.msg;
    for (auto& ch : msg) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    // yaml-cpp notices an unclosed '[', '{' or quote only where the flow should have ended;
    // point at what was left open instead.
    if (msg.find("flow not found") != std::string::npos) {
      if (auto open = UnclosedFlow(file, text)) {
        const char* what = open->second == '[' ? "'['; add ']'"
                           : open->second == '{' ? "'{'; add '}'"
                                                 : "quoted string; add the closing quote";
        diags.Error(open->first, std::string("invalid YAML: unclosed ") + what);
        return false;
      }
    }
    diags.Error({file, e.mark.line + 1, e.mark.column + 1}, "invalid YAML: " + msg);
    return false;
  }
  if (!root.IsDefined() || root.IsNull()) {
    diags.Error({file, 0, 0}, "file is empty; a stack needs at least 'stack:' and 'components:'");
    return false;
  }
  Converter conv(doc, diags, limits, text);
  return conv.Convert(root, "", 0, &doc->root);
}

// Runs in the sandbox worker: payload = max_nodes, max_depth, max_string, file, text (the
// first four '\0'-terminated). Answers '1' (loaded) or '0', then the document and the
// diagnostics (EncodeLoaded). bad_alloc is not caught: the worker then fails, which is reported.
static std::string ParseInWorker(const std::string& payload) {
  size_t field[5] = {0};
  for (int i = 1; i < 5; ++i) field[i] = payload.find('\0', field[i - 1]) + 1;
  auto part = [&](int i) { return payload.substr(field[i], field[i + 1] - field[i] - 1); };
  LoadLimits limits;
  limits.max_nodes = std::stoul(part(0));
  limits.max_depth = std::stoi(part(1));
  limits.max_string = std::stoul(part(2));
  Document doc;
  doc.file = part(3);
  Diags diags;
  std::string text = payload.substr(field[4]);
  bool ok = ParseAndConvert(doc.file, text, &doc, diags, limits);
  return (ok ? "1" : "0") + EncodeLoaded(doc, diags);
}

bool LoadYaml(const std::string& file, const std::string& text, Document* doc, Diags& diags,
              const LoadLimits& limits) {
  doc->file = file;
  diags.AddSource(file, text);
  if (!CheckInputBytes(file, text, diags) || !CheckTabs(file, text, diags)) return false;
  if (!limits.sandbox) return ParseAndConvert(file, text, doc, diags, limits);
  // yaml-cpp 0.7 loops forever on some inputs (a ',' where the first node should start):
  // the parse runs in the bounded worker, which sends back the document it built.
  std::string payload = std::to_string(limits.max_nodes) + '\0' + std::to_string(limits.max_depth) + '\0' +
                        std::to_string(limits.max_string) + '\0' + file + '\0' + text;
  SandboxResult run = RunBounded(ParseInWorker, payload, {limits.parse_timeout_ms, limits.parse_memory});
  if (run.status != SandboxResult::kOk) {
    // Which limit stopped it depends on the build (no memory limit under ASan): not said.
    diags.Error({file, 0, 0}, "yaml-cpp could not parse this file within its limits (" +
                                  std::to_string(limits.parse_timeout_ms / 1000) + " s, " +
                                  std::to_string(limits.parse_memory >> 20) +
                                  " MiB); look for a ',' where a key or value should start (a yaml-cpp 0.7 defect)");
    return false;
  }
  if (run.output.empty() || !DecodeLoaded(run.output.substr(1), doc, diags)) {
    diags.Error({file, 0, 0}, "internal error: the parse worker's answer is malformed");
    return false;
  }
  return run.output[0] == '1';
}

}  // namespace kalypso
