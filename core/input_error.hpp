// Input errors: every problem with user input (scenario YAML, trace, weather file) is reported as a value
// naming the file, line, column, key path and what was expected. Many can be collected and thrown at once.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

namespace dcsim {

struct InputError {
  std::string file;      // path as the user gave it
  int line = 0;          // 1-based; 0 when unknown
  int column = 0;        // 1-based; 0 when unknown
  std::string key_path;  // e.g. "halls[2].racks.count"; empty for non-YAML inputs
  std::string message;   // what was found and what was expected

  // "file:line:col: key.path: message"
  std::string format() const;
};

// Thrown for invalid input; carries all errors found. The CLI exits 2 on it.
class InputErrors : public std::runtime_error {
 public:
  explicit InputErrors(std::vector<InputError> errors);
  explicit InputErrors(InputError error) : InputErrors(std::vector<InputError>{std::move(error)}) {}
  const std::vector<InputError>& errors() const { return errors_; }

 private:
  std::vector<InputError> errors_;
};

// Convenience for line-oriented readers (traces, weather files).
[[noreturn]] void throw_file_error(const std::string& file, int line, const std::string& message);

}  // namespace dcsim
