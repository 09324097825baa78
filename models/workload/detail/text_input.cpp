#include "models/workload/detail/text_input.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/input_error.hpp"

namespace dcsim::workload::detail {

namespace fs = std::filesystem;

namespace {
constexpr std::size_t kChunk = 1 << 20;  // 1 MiB reads: few syscalls, bounded memory

std::FILE* open_or_throw(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw_file_error(path, 0, "is a directory, expected a file");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw_file_error(path, 0, std::string("cannot open file: ") + std::strerror(errno));
  return f;
}
}  // namespace

LineReader::LineReader(const std::string& path) : path_(path), file_(open_or_throw(path)) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);  // small files get a small buffer (it grows if needed)
  buf_.resize(ec ? kChunk : std::clamp<std::size_t>(static_cast<std::size_t>(size) + 1, 4096, kChunk));
}

LineReader::~LineReader() {
  if (file_) std::fclose(file_);
}

void LineReader::fail(const std::string& message) const { throw_file_error(path_, line_, message); }

bool LineReader::next(std::string_view& line) {
  for (;;) {
    const char* start = buf_.data() + begin_;
    const void* nl = std::memchr(start, '\n', end_ - begin_);
    if (nl || (eof_ && end_ > begin_)) {
      const char* stop = nl ? static_cast<const char*>(nl) : buf_.data() + end_;
      std::size_t len = static_cast<std::size_t>(stop - start);
      begin_ += len + (nl ? 1 : 0);
      if (len > 0 && start[len - 1] == '\r') --len;
      line = std::string_view(start, len);
      ++line_;
      return true;
    }
    if (eof_) return false;
    // Move the partial line to the front; grow if one line fills the buffer.
    if (begin_ > 0) {
      std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    if (end_ == buf_.size()) buf_.resize(buf_.size() * 2);
    std::size_t got = std::fread(buf_.data() + end_, 1, buf_.size() - end_, file_);
    end_ += got;
    if (got == 0) {
      if (std::ferror(file_)) throw_file_error(path_, line_ + 1, "read error");
      eof_ = true;
    }
  }
}

void read_whole_file(const std::string& path, std::string& out) {
  // POSIX open/fstat/read/close: 4 system calls per file (the PlanetLab day is 1052 small files).
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw_file_error(path, 0, std::string("cannot open file: ") + std::strerror(errno));
  struct ::stat st {};
  if (::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
    ::close(fd);
    throw_file_error(path, 0, "is a directory or cannot be examined, expected a file");
  }
  std::size_t used = 0;
  out.resize(st.st_size > 0 ? static_cast<std::size_t>(st.st_size) + 1 : 8192);
  for (;;) {
    if (used == out.size()) out.resize(out.size() * 2);  // file grew, or a pipe / proc file without a size
    const ::ssize_t got = ::read(fd, out.data() + used, out.size() - used);
    if (got < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      throw_file_error(path, 0, std::string("read error: ") + std::strerror(errno));
    }
    if (got == 0) break;
    used += static_cast<std::size_t>(got);
  }
  ::close(fd);
  out.resize(used);
}

std::string_view trim(std::string_view s) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::size_t split(std::string_view line, char sep, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t pos = 0;
  for (;;) {
    std::size_t next = line.find(sep, pos);
    if (next == std::string_view::npos) {
      out.push_back(trim(line.substr(pos)));
      return out.size();
    }
    out.push_back(trim(line.substr(pos, next - pos)));
    pos = next + 1;
  }
}

std::size_t split_whitespace(std::string_view line, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t i = 0, n = line.size();
  while (i < n) {
    while (i < n && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    if (i == n) break;
    std::size_t j = i;
    while (j < n && line[j] != ' ' && line[j] != '\t' && line[j] != '\r') ++j;
    out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out.size();
}

bool parse_double(std::string_view s, double& value) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  double v = 0.0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v)) return false;
  value = v;
  return true;
}

bool parse_int64(std::string_view s, std::int64_t& value) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return false;
  value = v;
  return true;
}

std::string quote(std::string_view s) {
  constexpr std::size_t kMax = 40;
  std::string out = "'";
  out += s.substr(0, kMax);
  if (s.size() > kMax) out += "...";
  out += "'";
  return out;
}

std::vector<std::string> list_files_byte_sorted(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw_file_error(dir, 0, "directory does not exist (or is not a directory)");
  std::vector<std::string> names;
  fs::directory_iterator it(dir, ec);
  if (ec) throw_file_error(dir, 0, "cannot list directory: " + ec.message());
  for (const auto& entry : it) {
    std::string name = entry.path().filename().string();
    if (name.empty() || name.front() == '.') continue;  // hidden files (.DS_Store, editor backups)
    std::error_code fec;
    if (!entry.is_regular_file(fec)) continue;
    names.push_back(std::move(name));
  }
  if (names.empty()) throw_file_error(dir, 0, "directory holds no trace files");
  // std::string's operator< compares as unsigned char (char_traits<char>::lt): byte order, locale-free.
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace dcsim::workload::detail
