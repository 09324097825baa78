// Shared text-input helpers for the trace readers: a chunked line reader (no per-line allocation, handles
// LF and CRLF, files of any size), field splitting into reusable views, locale-independent number parsing
// (std::from_chars) and a byte-sorted directory listing. Errors are dcsim::InputErrors with file and line.
#pragma once
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace dcsim::workload::detail {

class LineReader {
 public:
  // Throws InputErrors if the path is missing, a directory or unreadable.
  explicit LineReader(const std::string& path);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // Next line without its "\n" / "\r\n"; false at end of file. The view is valid until the next call.
  bool next(std::string_view& line);
  int line_number() const { return line_; }  // 1-based number of the line last returned
  const std::string& path() const { return path_; }

  // Throws InputErrors for the current line: "<path>:<line>: <message>".
  [[noreturn]] void fail(const std::string& message) const;

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
  std::vector<char> buf_;
  std::size_t begin_ = 0, end_ = 0;
  bool eof_ = false;
  int line_ = 0;
};

// Reads a whole (small) file into `out`, reusing its capacity. Throws InputErrors if unreadable.
void read_whole_file(const std::string& path, std::string& out);

std::string_view trim(std::string_view s);  // strips spaces, tabs, CR, LF

// Splits on `sep` (empty fields kept, each field trimmed). Returns the field count; `out` is reused.
std::size_t split(std::string_view line, char sep, std::vector<std::string_view>& out);
// Splits on runs of spaces/tabs. Returns the field count.
std::size_t split_whitespace(std::string_view line, std::vector<std::string_view>& out);

// Whole-field parses (after trimming; a leading '+' is accepted). Reject empty, partial, inf and nan.
bool parse_double(std::string_view s, double& value);
bool parse_int64(std::string_view s, std::int64_t& value);

// Quoted, shortened copy of a field for error messages.
std::string quote(std::string_view s);

// Regular files of `dir` (symlinks followed), hidden names (leading '.') skipped, in byte-sorted name order.
// Throws InputErrors if `dir` is not an existing directory or holds no such file.
std::vector<std::string> list_files_byte_sorted(const std::string& dir);

}  // namespace dcsim::workload::detail
