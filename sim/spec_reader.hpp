// Typed, validating reader over a YAML mapping. Every value is read through it, so every error carries the
// file, line, column and key path (halls[2].racks[0].count) and says what was expected; keys never read are
// reported as unknown (with a did-you-mean). Errors are collected, not thrown, so a user sees all at once.
// Defaults are written into a resolved copy of the document, which the run saves next to its results.
#pragma once
#include <yaml-cpp/yaml.h>

#include <optional>
#include <cerrno>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/input_error.hpp"
#include "core/units.hpp"

namespace dcsim::spec {

struct Context {
  std::string file;                 // the scenario path, for messages
  std::vector<InputError> errors;   // collected
  std::vector<std::pair<std::string, std::string>> overrides;  // (key path, "--set ..."): errors there name it
  void error(const YAML::Node& at, const std::string& path, std::string message);
  void throw_if_errors() const;
};

class MapReader {
 public:
  // `node` must be a map (or null/undefined: treated as empty). `resolved` is its counterpart in the
  // resolved document.
  MapReader(Context& ctx, YAML::Node node, std::string path, YAML::Node resolved);

  // Quantity with a unit, e.g. quantity("duration", Time, "24h"). No default -> required.
  double quantity(std::string_view key, units::Dimension dim, std::optional<std::string_view> default_text = {});
  std::optional<double> optional_quantity(std::string_view key, units::Dimension dim);
  // Range-checked number (dimensionless), inclusive bounds.
  double number(std::string_view key, std::optional<double> default_value, double min, double max);
  long integer(std::string_view key, std::optional<long> default_value, long min, long max);
  std::string text(std::string_view key, std::optional<std::string_view> default_value = {});
  std::string choice(std::string_view key, const std::vector<std::string>& choices,
                     std::optional<std::string_view> default_value = {});
  bool flag(std::string_view key, bool default_value);
  // A path relative to the scenario file's folder, made absolute; "" when absent and optional.
  std::string path_value(std::string_view key, bool required);
  std::vector<double> quantity_list(std::string_view key, units::Dimension dim, size_t min_size, size_t max_size);
  std::vector<std::string> text_list(std::string_view key);

  bool has(std::string_view key) const;
  MapReader map(std::string_view key);                       // required
  std::optional<MapReader> optional_map(std::string_view key);
  // A map whose absence means "all defaults".
  MapReader map_or_empty(std::string_view key);
  std::vector<MapReader> map_list(std::string_view key, bool required, size_t min_size = 0);

  // Marks `key` as known without reading it (reserved for later versions, or read elsewhere).
  void accept(std::string_view key);
  // Reports an error at `key` (or at this map if absent).
  void error(std::string_view key, const std::string& message);
  void error_here(const std::string& message);
  // Reports unknown and duplicate keys. Call once after all reads.
  void finish();

  const std::string& path() const { return path_; }
  std::string child_path(std::string_view key) const;
  Context& context() { return *ctx_; }
  const YAML::Node& node() const { return node_; }
  std::string base_dir;  // folder of the scenario file, for path_value

 private:
  std::optional<YAML::Node> scalar_node(std::string_view key, bool required, const char* expected);
  void set_default(std::string_view key, const std::string& text);

  Context* ctx_;
  YAML::Node node_;
  std::string path_;
  YAML::Node resolved_;
  std::set<std::string, std::less<>> known_;
  bool valid_ = true;
  bool absent_ = false;  // a missing required section: its own missing keys are not reported again
};

// Applies an override "a.b[2].c=value" to a document (value parsed as YAML). Errors name the override.
void apply_override(YAML::Node& root, const std::string& assignment, Context& ctx);

// Edit distance, for did-you-mean.
size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace dcsim::spec
