// Renders a DiffRun as text, Markdown (GitHub comment: summary tables first, a collapsed
// <details> per instance, capped with a note of what was cut) or JSON.
#include "diff_report.h"

#include <algorithm>
#include <map>

#include "document.h"

namespace kalypso {

namespace {

std::string ShortCommit(const DiffRun& run) { return run.commit.substr(0, 12); }

std::string Counts(const StackDiff& s) {
  int added = 0, removed = 0, changed = 0;
  for (const auto& i : s.instances) (i.status == "added" ? added : i.status == "removed" ? removed : changed)++;
  std::string what = s.status == "added" ? "not at BASE: everything added; "
                     : s.status == "removed" ? "deleted: everything removed; "
                                             : "";
  return what + std::to_string(added) + " added, " + std::to_string(removed) + " removed, " + std::to_string(changed) +
         " changed, " + std::to_string(s.unchanged) + " unchanged";
}

// "release: a -> b", "values: values.yaml" (file-level changes name the files).
std::string ChangeText(const Change& c, const std::string& arrow, const std::string& quote) {
  auto q = [&](const std::string& s) { return s.empty() ? std::string("(none)") : quote + s + quote; };
  if (c.kind == "values" || c.kind == "resources") return c.kind + " (" + c.after + ")";
  if (c.kind == "follows") return "follows " + q(c.after);
  if (c.kind == "secret") return "Secret " + c.after;
  return c.kind + " " + q(c.before) + " " + arrow + " " + q(c.after);
}

std::string SecretText(const SecretChange& s, const std::string& quote) {
  std::string id = quote + s.ns + "/" + s.name + quote + (s.cluster.empty() ? "" : " on cluster " + quote + s.cluster + quote);
  if (s.status != "changed") return s.status + " " + id + " (keys: " + JoinList(s.keys) + ")";
  std::string out = "changed " + id + ":";
  if (!s.added_keys.empty()) out += " keys added " + JoinList(s.added_keys);
  if (!s.removed_keys.empty()) out += (s.added_keys.empty() ? "" : ";") + std::string(" keys removed ") + JoinList(s.removed_keys);
  return out;
}

// Files grouped per instance ("" = platform-wide), in order of first appearance.
std::vector<std::pair<std::string, std::vector<const FileDiff*>>> Groups(const StackDiff& s) {
  std::vector<std::pair<std::string, std::vector<const FileDiff*>>> groups;
  for (const auto& f : s.files) {
    if (groups.empty() || groups.back().first != f.instance) groups.push_back({f.instance, {}});
    groups.back().second.push_back(&f);
  }
  return groups;
}

std::string GroupName(const std::string& instance) { return instance.empty() ? "platform (ArgoCD, README)" : instance; }

// ---- Markdown helpers.

std::string Cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out;
}

std::string Html(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '&' ? "&amp;" : std::string(1, c);
  return out;
}

// A code fence longer than any run of backticks inside `text`.
std::string Fence(const std::string& text) {
  size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return std::string(std::max<size_t>(3, longest + 1), '`');
}

std::string MarkdownSummary(const StackDiff& s) {
  std::string out = "### `" + s.stack + "`: " + Counts(s) + "\n\n";
  if (!s.instances.empty()) {
    out += "| Component | Status | What changed |\n|---|---|---|\n";
    for (const auto& i : s.instances) {
      std::vector<std::string> what;
      for (const auto& c : i.changes) what.push_back(ChangeText(c, "→", "`"));
      out += "| `" + i.key + "` | " + i.status + " | " + Cell(JoinList(what, "; ")) + " |\n";
    }
    out += "\n";
  }
  if (!s.endpoints.empty()) {
    out += "**Endpoints moved**\n\n| Endpoint | Before | After | Followed by | Still naming the old host |\n|---|---|---|---|---|\n";
    for (const auto& e : s.endpoints)
      out += "| `" + e.instance + "." + e.name + "` | `" + e.before + "` | `" + e.after + "` | " + Cell(JoinList(e.followers)) +
             " | " + (e.stale.empty() ? "" : "⚠️ " + Cell(JoinList(e.stale))) + " |\n";
    out += "\n";
  }
  if (!s.secrets.empty()) {
    out += "**Secrets** (names and keys, never values)\n\n";
    for (const auto& c : s.secrets) out += "- " + Cell(SecretText(c, "`")) + "\n";
    out += "\n";
  }
  if (!s.settings.empty()) {
    out += "**Policy and settings**\n\n";
    for (const auto& c : s.settings) out += "- " + Cell(ChangeText(c, "→", "`")) + "\n";
    out += "\n";
  }
  return out;
}

// One collapsed section; `budget` bytes at most (its diff cut at a line when needed).
std::string MarkdownGroup(const std::string& instance, const std::vector<const FileDiff*>& files, size_t budget,
                          bool* cut) {
  std::string diff;
  for (const FileDiff* f : files) diff += f->diff;
  std::string fence = Fence(diff);
  std::string head = "<details><summary><code>" + Html(GroupName(instance)) + "</code>: " + std::to_string(files.size()) +
                     (files.size() == 1 ? " file" : " files") + "</summary>\n\n" + fence + "diff\n";
  std::string tail = fence + "\n\n</details>\n\n";
  *cut = false;
  if (head.size() + diff.size() + tail.size() > budget) {
    std::string note = "... (cut here to fit the comment)\n";
    size_t room = budget > head.size() + tail.size() + note.size() ? budget - head.size() - tail.size() - note.size() : 0;
    size_t nl = diff.rfind('\n', room);
    diff = (nl == std::string::npos ? "" : diff.substr(0, nl + 1)) + note;
    *cut = true;
  }
  return head + diff + tail;
}

}  // namespace

std::string DiffText(const DiffRun& run) {
  std::string out = "kalypsoc diff: BASE " + run.base + " (commit " + ShortCommit(run) + ") -> working tree\n";
  for (const auto& s : run.stacks) {
    out += "\n" + s.stack + ": " + Counts(s) + "\n";
    for (const auto& i : s.instances) {
      out += std::string("  ") + (i.status == "added" ? "+ " : i.status == "removed" ? "- " : "~ ") + i.key + "\n";
      for (const auto& c : i.changes) out += "      " + ChangeText(c, "->", "") + "\n";
    }
    if (!s.endpoints.empty()) out += "  endpoints moved:\n";
    for (const auto& e : s.endpoints) {
      out += "    " + e.instance + "." + e.name + ": " + e.before + " -> " + e.after + "\n";
      if (!e.followers.empty()) out += "      followed by: " + JoinList(e.followers) + "\n";
      if (!e.stale.empty()) out += "      still naming the old host: " + JoinList(e.stale) + "\n";
    }
    if (!s.secrets.empty()) out += "  secrets (names and keys, never values):\n";
    for (const auto& c : s.secrets) out += "    " + SecretText(c, "") + "\n";
    if (!s.settings.empty()) out += "  policy and settings:\n";
    for (const auto& c : s.settings) out += "    " + ChangeText(c, "->", "") + "\n";
    if (s.noise_lines > 0)
      out += "  hidden: " + std::to_string(s.noise_lines) +
             " churning label lines (helm.sh/chart, app.kubernetes.io/version); --no-noise-filter shows them\n";
    for (const auto& [instance, files] : Groups(s)) {
      out += "\n== " + GroupName(instance) + " ==\n";
      for (const FileDiff* f : files) out += f->diff;
    }
  }
  if (!run.Changed()) out += "\nno change\n";
  return out;
}

std::string DiffMarkdown(const DiffRun& run, size_t cap) {
  std::string out = "<!-- kalypsoc diff -->\n## kalypsoc diff\n\nBase `" + run.base + "` (`" + ShortCommit(run) +
                    "`) → working tree.\n\n";
  for (const auto& s : run.stacks) out += MarkdownSummary(s);
  if (!run.Changed()) out += "No change to the platform.\n";
  // The cut note is at most this long: the summary and sections leave room for it.
  const size_t kNoteRoom = 2048;
  std::vector<std::string> omitted, truncated;
  size_t budget = cap > kNoteRoom ? cap - kNoteRoom : 0;
  if (out.size() > budget) {
    size_t nl = out.rfind('\n', budget);
    out = out.substr(0, nl == std::string::npos ? 0 : nl + 1) + "\n(summary cut)\n\n";
    truncated.push_back("the summary");
  }
  for (const auto& s : run.stacks)
    for (const auto& [instance, files] : Groups(s)) {
      std::string name = (run.stacks.size() > 1 ? s.stack + ": " : "") + GroupName(instance);
      if (!omitted.empty() || out.size() + 512 > budget) {
        omitted.push_back(name);
        continue;
      }
      bool cut = false;
      out += MarkdownGroup(instance, files, budget - out.size(), &cut);
      if (cut) truncated.push_back(name);
    }
  if (omitted.empty() && truncated.empty()) return out;
  std::string note = "> **Cut to fit GitHub's " + std::to_string(cap) + "-character comment limit.**";
  if (!truncated.empty()) note += " Truncated: " + JoinList(truncated) + ".";
  if (!omitted.empty()) {
    std::string names;
    size_t shown = 0;
    for (; shown < omitted.size() && names.size() < 1200; ++shown) names += (shown ? ", " : "") + omitted[shown];
    if (shown < omitted.size()) names += " and " + std::to_string(omitted.size() - shown) + " more";
    note += " Diffs not shown (" + std::to_string(omitted.size()) + "): " + names + ".";
  }
  note += " `kalypsoc diff` run locally prints everything.\n";
  return out + note;
}

std::string DiffJson(const DiffRun& run) {
  Json j = {{"base", run.base}, {"commit", run.commit}, {"changed", run.Changed()}, {"stacks", Json::array()}};
  for (const auto& s : run.stacks) {
    Json st = {{"stack", s.stack}, {"status", s.status}, {"unchanged", s.unchanged}, {"noiseLinesHidden", s.noise_lines}};
    st["instances"] = Json::array();
    for (const auto& i : s.instances) {
      Json changes = Json::array();
      for (const auto& c : i.changes) changes.push_back({{"kind", c.kind}, {"before", c.before}, {"after", c.after}});
      st["instances"].push_back({{"instance", i.key}, {"status", i.status}, {"changes", changes}});
    }
    st["endpoints"] = Json::array();
    for (const auto& e : s.endpoints)
      st["endpoints"].push_back({{"instance", e.instance}, {"endpoint", e.name}, {"before", e.before}, {"after", e.after},
                                 {"followers", e.followers}, {"stale", e.stale}});
    st["secrets"] = Json::array();
    for (const auto& c : s.secrets) {
      Json secret = {{"namespace", c.ns}, {"name", c.name}, {"status", c.status}, {"keys", c.keys},
                     {"addedKeys", c.added_keys}, {"removedKeys", c.removed_keys}};
      if (!c.cluster.empty()) secret["cluster"] = c.cluster;
      st["secrets"].push_back(secret);
    }
    st["settings"] = Json::array();
    for (const auto& c : s.settings) st["settings"].push_back({{"setting", c.kind}, {"before", c.before}, {"after", c.after}});
    st["files"] = Json::array();
    for (const auto& f : s.files)
      st["files"].push_back({{"path", f.path}, {"instance", f.instance}, {"status", f.status}, {"diff", f.diff}});
    j["stacks"].push_back(st);
  }
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace kalypso
