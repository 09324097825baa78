#include "sim/spec_reader.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

namespace dcsim::spec {

void Context::error(const YAML::Node& at, const std::string& path, std::string message) {
  int line = 0, column = 0;
  if (at.IsDefined()) {
    const YAML::Mark m = at.Mark();
    if (m.line >= 0) line = m.line + 1;
    if (m.column >= 0) column = m.column + 1;
  }
  for (const auto& [key_path, origin] : overrides) {
    if (path == key_path || path.rfind(key_path + ".", 0) == 0 || path.rfind(key_path + "[", 0) == 0) {
      errors.push_back(InputError{origin, 0, 0, path, std::move(message)});
      return;
    }
  }
  errors.push_back(InputError{file, line, column, path, std::move(message)});
}

void Context::throw_if_errors() const {
  if (!errors.empty()) throw InputErrors(errors);
}

MapReader::MapReader(Context& ctx, YAML::Node node, std::string path, YAML::Node resolved)
    : ctx_(&ctx), node_(node), path_(std::move(path)), resolved_(resolved) {
  if (node_.IsDefined() && !node_.IsNull() && !node_.IsMap()) {
    ctx_->error(node_, path_.empty() ? "<document>" : path_, "expected a mapping of keys to values");
    valid_ = false;
  }
}

std::string MapReader::child_path(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

bool MapReader::has(std::string_view key) const {
  if (!valid_ || !node_.IsMap()) return false;
  const YAML::Node child = node_[std::string(key)];
  return child.IsDefined() && !child.IsNull();
}

void MapReader::accept(std::string_view key) { known_.emplace(key); }

void MapReader::error(std::string_view key, const std::string& message) {
  const YAML::Node at = has(key) ? node_[std::string(key)] : node_;
  ctx_->error(at, child_path(key), message);
}

void MapReader::error_here(const std::string& message) { ctx_->error(node_, path_, message); }

void MapReader::set_default(std::string_view key, const std::string& text) {
  if (resolved_.IsDefined() && (resolved_.IsMap() || resolved_.IsNull())) resolved_[std::string(key)] = text;
}

std::optional<YAML::Node> MapReader::scalar_node(std::string_view key, bool required, const char* expected) {
  known_.emplace(key);
  if (!has(key)) {
    if (required && !absent_)
      ctx_->error(node_, child_path(key), std::string("missing required key; expected ") + expected);
    return std::nullopt;
  }
  YAML::Node child = node_[std::string(key)];
  if (!child.IsScalar()) {
    ctx_->error(child, child_path(key), std::string("expected ") + expected + ", found a " +
                                            (child.IsMap() ? "mapping" : "list"));
    return std::nullopt;
  }
  return child;
}

double MapReader::quantity(std::string_view key, units::Dimension dim, std::optional<std::string_view> default_text) {
  const std::string what = std::string("a ") + std::string(units::dimension_name(dim));
  auto n = scalar_node(key, !default_text.has_value(), what.c_str());
  std::string text;
  if (n) {
    text = n->Scalar();
  } else if (default_text) {
    text = std::string(*default_text);
    set_default(key, text);
  } else {
    return 0.0;
  }
  auto r = units::parse(text, dim);
  if (!r.value) {
    ctx_->error(n ? *n : node_, child_path(key), r.error);
    return 0.0;
  }
  return *r.value;
}

std::optional<double> MapReader::optional_quantity(std::string_view key, units::Dimension dim) {
  known_.emplace(key);
  if (!has(key)) return std::nullopt;
  return quantity(key, dim);
}

double MapReader::number(std::string_view key, std::optional<double> default_value, double min, double max) {
  auto n = scalar_node(key, !default_value.has_value(), "a number");
  double v = 0;
  if (n) {
    auto r = units::parse(n->Scalar(), units::Dimension::Dimensionless);
    if (!r.value) {
      ctx_->error(*n, child_path(key), r.error);
      return default_value.value_or(0.0);
    }
    v = *r.value;
  } else if (default_value) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", *default_value);
    set_default(key, buf);
    return *default_value;
  } else {
    return 0.0;
  }
  if (v < min || v > max) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "%g is out of range; expected a number from %g to %g", v, min, max);
    ctx_->error(*n, child_path(key), buf);
  }
  return v;
}

long MapReader::integer(std::string_view key, std::optional<long> default_value, long min, long max) {
  auto n = scalar_node(key, !default_value.has_value(), "a whole number");
  if (!n) {
    if (default_value) set_default(key, std::to_string(*default_value));
    return default_value.value_or(0);
  }
  const std::string& s = n->Scalar();
  char* end = nullptr;
  errno = 0;
  const long v = std::strtol(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0' || errno != 0) {
    ctx_->error(*n, child_path(key), "'" + s + "' is not a whole number; expected a whole number from " +
                                        std::to_string(min) + " to " + std::to_string(max));
    return default_value.value_or(min);
  }
  if (v < min || v > max) {
    ctx_->error(*n, child_path(key), std::to_string(v) + " is out of range; expected a whole number from " +
                                        std::to_string(min) + " to " + std::to_string(max));
  }
  return v;
}

std::string MapReader::text(std::string_view key, std::optional<std::string_view> default_value) {
  auto n = scalar_node(key, !default_value.has_value(), "a text value");
  if (n) return n->Scalar();
  if (default_value) {
    set_default(key, std::string(*default_value));
    return std::string(*default_value);
  }
  return "";
}

static std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

static std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  size_t best = std::string::npos;
  std::string best_word;
  for (const auto& c : candidates) {
    const size_t d = edit_distance(word, c);
    if (d < best) {
      best = d;
      best_word = c;
    }
  }
  if (best != std::string::npos && best <= std::max<size_t>(2, word.size() / 3)) return best_word;
  return "";
}

std::string MapReader::choice(std::string_view key, const std::vector<std::string>& choices,
                              std::optional<std::string_view> default_value) {
  const std::string expected = "one of: " + join(choices);
  auto n = scalar_node(key, !default_value.has_value(), expected.c_str());
  std::string v;
  if (n) {
    v = n->Scalar();
  } else if (default_value) {
    set_default(key, std::string(*default_value));
    return std::string(*default_value);
  } else {
    return "";
  }
  if (std::find(choices.begin(), choices.end(), v) == choices.end()) {
    std::string msg = "'" + v + "' is not allowed; expected " + expected;
    const std::string guess = did_you_mean(v, choices);
    if (!guess.empty()) msg += " (did you mean '" + guess + "'?)";
    ctx_->error(*n, child_path(key), msg);
  }
  return v;
}

bool MapReader::flag(std::string_view key, bool default_value) {
  auto n = scalar_node(key, false, "true or false");
  if (!n) {
    set_default(key, default_value ? "true" : "false");
    return default_value;
  }
  const std::string& s = n->Scalar();
  if (s == "true" || s == "yes" || s == "on") return true;
  if (s == "false" || s == "no" || s == "off") return false;
  ctx_->error(*n, child_path(key), "'" + s + "' is not a boolean; expected true or false");
  return default_value;
}

std::string MapReader::path_value(std::string_view key, bool required) {
  auto n = scalar_node(key, required, "a file or directory path");
  if (!n) return "";
  std::filesystem::path p(n->Scalar());
  // A path in the file is relative to the file's folder; one given with --set, to the current folder.
  bool from_command_line = false;
  for (const auto& o : ctx_->overrides)
    if (o.first == child_path(key)) from_command_line = true;
  if (p.is_relative())
    p = from_command_line ? std::filesystem::absolute(p) : base_dir.empty() ? p : std::filesystem::path(base_dir) / p;
  return p.lexically_normal().string();
}

std::vector<double> MapReader::quantity_list(std::string_view key, units::Dimension dim, size_t min_size,
                                             size_t max_size) {
  known_.emplace(key);
  std::vector<double> out;
  if (!has(key)) {
    if (min_size > 0) ctx_->error(node_, child_path(key), "missing required key; expected a list of " +
                                                              std::string(units::dimension_name(dim)) + " values");
    return out;
  }
  YAML::Node n = node_[std::string(key)];
  if (!n.IsSequence()) {
    ctx_->error(n, child_path(key), "expected a list of " + std::string(units::dimension_name(dim)) + " values");
    return out;
  }
  if (n.size() < min_size || n.size() > max_size) {
    ctx_->error(n, child_path(key), "has " + std::to_string(n.size()) + " entries; expected " +
                                        (min_size == max_size ? std::to_string(min_size)
                                                              : std::to_string(min_size) + " to " + std::to_string(max_size)));
  }
  for (size_t i = 0; i < n.size(); ++i) {
    const std::string p = child_path(key) + "[" + std::to_string(i) + "]";
    if (!n[i].IsScalar()) {
      ctx_->error(n[i], p, "expected a " + std::string(units::dimension_name(dim)));
      continue;
    }
    auto r = units::parse(n[i].Scalar(), dim);
    if (!r.value) {
      ctx_->error(n[i], p, r.error);
      continue;
    }
    out.push_back(*r.value);
  }
  return out;
}

std::vector<std::string> MapReader::text_list(std::string_view key) {
  known_.emplace(key);
  std::vector<std::string> out;
  if (!has(key)) return out;
  YAML::Node n = node_[std::string(key)];
  if (n.IsScalar()) return {n.Scalar()};
  if (!n.IsSequence()) {
    ctx_->error(n, child_path(key), "expected a list of names");
    return out;
  }
  for (size_t i = 0; i < n.size(); ++i) {
    if (!n[i].IsScalar()) {
      ctx_->error(n[i], child_path(key) + "[" + std::to_string(i) + "]", "expected a name");
      continue;
    }
    out.push_back(n[i].Scalar());
  }
  return out;
}

MapReader MapReader::map(std::string_view key) {
  known_.emplace(key);
  if (!has(key)) {
    if (!absent_) ctx_->error(node_, child_path(key), "missing required section");
    MapReader r(*ctx_, YAML::Node(), child_path(key), YAML::Node());
    r.base_dir = base_dir;
    r.absent_ = true;
    return r;
  }
  MapReader r(*ctx_, node_[std::string(key)], child_path(key),
              resolved_.IsDefined() ? resolved_[std::string(key)] : YAML::Node());
  r.base_dir = base_dir;
  return r;
}

std::optional<MapReader> MapReader::optional_map(std::string_view key) {
  known_.emplace(key);
  if (!has(key)) return std::nullopt;
  return map(key);
}

MapReader MapReader::map_or_empty(std::string_view key) {
  known_.emplace(key);
  if (has(key)) return map(key);
  YAML::Node resolved_child;
  if (resolved_.IsDefined() && (resolved_.IsMap() || resolved_.IsNull())) {
    resolved_[std::string(key)] = YAML::Node(YAML::NodeType::Map);
    resolved_child = resolved_[std::string(key)];
  }
  MapReader r(*ctx_, YAML::Node(YAML::NodeType::Map), child_path(key), resolved_child);
  r.base_dir = base_dir;
  return r;
}

std::vector<MapReader> MapReader::map_list(std::string_view key, bool required, size_t min_size) {
  known_.emplace(key);
  std::vector<MapReader> out;
  if (!has(key)) {
    if (required && !absent_) ctx_->error(node_, child_path(key), "missing required key; expected a list");
    return out;
  }
  YAML::Node n = node_[std::string(key)];
  if (!n.IsSequence()) {
    ctx_->error(n, child_path(key), "expected a list (entries starting with '-')");
    return out;
  }
  if (n.size() < min_size) {
    ctx_->error(n, child_path(key), "has " + std::to_string(n.size()) + " entries; expected at least " +
                                        std::to_string(min_size));
  }
  YAML::Node resolved_list = resolved_.IsDefined() ? resolved_[std::string(key)] : YAML::Node();
  for (size_t i = 0; i < n.size(); ++i) {
    YAML::Node resolved_item = (resolved_list.IsDefined() && resolved_list.IsSequence() && i < resolved_list.size())
                                   ? resolved_list[i]
                                   : YAML::Node();
    out.emplace_back(*ctx_, n[i], child_path(key) + "[" + std::to_string(i) + "]", resolved_item);
    out.back().base_dir = base_dir;
  }
  return out;
}

void MapReader::finish() {
  if (!valid_ || !node_.IsMap()) return;
  std::map<std::string, int> seen;
  std::vector<std::string> known(known_.begin(), known_.end());
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    const std::string key = it->first.as<std::string>("");
    if (++seen[key] == 2) {
      ctx_->error(it->first, child_path(key), "duplicate key; each key may appear once");
      continue;
    }
    if (known_.count(key)) continue;
    std::string msg = "unknown key";
    const std::string guess = did_you_mean(key, known);
    if (!guess.empty()) msg += " (did you mean '" + guess + "'?)";
    msg += "; expected one of: " + join(known);
    ctx_->error(it->first, child_path(key), msg);
  }
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

void apply_override(YAML::Node& root, const std::string& assignment, Context& ctx) {
  const std::string origin = "--set " + assignment;
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    ctx.errors.push_back(InputError{origin, 0, 0, "", "expected PATH=VALUE, e.g. cooling.cop=4.5"});
    return;
  }
  const std::string path = assignment.substr(0, eq);
  ctx.overrides.emplace_back(path, origin);
  YAML::Node value;
  try {
    value = YAML::Load(assignment.substr(eq + 1));
  } catch (const YAML::Exception& e) {
    ctx.errors.push_back(InputError{origin, 0, 0, path, "the value is not valid YAML: " + e.msg});
    return;
  }
  // Walk the path: segments separated by '.', each optionally followed by [index]s.
  YAML::Node cur = root;
  std::string walked;
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t end = path.find('.', pos);
    if (end == std::string::npos) end = path.size();
    std::string segment = path.substr(pos, end - pos);
    std::vector<long> indices;
    const auto bracket = segment.find('[');
    std::string key = segment.substr(0, bracket);
    if (bracket != std::string::npos) {
      std::string rest = segment.substr(bracket);
      while (!rest.empty()) {
        const auto close = rest.find(']');
        if (rest[0] != '[' || close == std::string::npos) {
          ctx.errors.push_back(InputError{origin, 0, 0, path, "malformed index in '" + segment + "'"});
          return;
        }
        indices.push_back(std::strtol(rest.substr(1, close - 1).c_str(), nullptr, 10));
        rest = rest.substr(close + 1);
      }
    }
    if (key.empty()) {
      ctx.errors.push_back(InputError{origin, 0, 0, path, "empty key in path"});
      return;
    }
    const bool last = end == path.size();
    walked += (walked.empty() ? "" : ".") + key;
    if (!cur.IsMap() && !cur.IsNull()) {
      ctx.errors.push_back(InputError{origin, 0, 0, path, "'" + walked + "' is not inside a mapping"});
      return;
    }
    if (last && indices.empty()) {
      cur[key] = value;
      return;
    }
    YAML::Node next = cur[key];
    for (size_t k = 0; k < indices.size(); ++k) {
      if (!next.IsSequence() || indices[k] < 0 || static_cast<size_t>(indices[k]) >= next.size()) {
        ctx.errors.push_back(InputError{origin, 0, 0, path,
                                        "'" + walked + "' has no entry [" + std::to_string(indices[k]) + "]"});
        return;
      }
      walked += "[" + std::to_string(indices[k]) + "]";
      if (last && k + 1 == indices.size()) {
        next[indices[k]] = value;
        return;
      }
      YAML::Node element = next[indices[k]];
      next.reset(element);
    }
    if (!last && !next.IsDefined()) {
      cur[key] = YAML::Node(YAML::NodeType::Map);
      next = cur[key];
    }
    cur.reset(next);
    pos = end + 1;
  }
}

}  // namespace dcsim::spec
