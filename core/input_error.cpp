#include "core/input_error.hpp"

namespace dcsim {

std::string InputError::format() const {
  std::string out = file.empty() ? std::string("<input>") : file;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
  }
  out += ": ";
  if (!key_path.empty()) out += key_path + ": ";
  out += message;
  return out;
}

static std::string join_errors(const std::vector<InputError>& errors) {
  std::string text;
  for (const auto& e : errors) {
    if (!text.empty()) text += "\n";
    text += e.format();
  }
  return text;
}

InputErrors::InputErrors(std::vector<InputError> errors)
    : std::runtime_error(join_errors(errors)), errors_(std::move(errors)) {}

void throw_file_error(const std::string& file, int line, const std::string& message) {
  throw InputErrors(InputError{file, line, 0, "", message});
}

}  // namespace dcsim
