#include "core/file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace amparo {

Result<std::string> read_file(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) {
    return make_error(ErrorCode::kNotFound, std::string("cannot open: ") + std::strerror(errno))
        .at(path);
  }
  std::string out;
  char buf[65536];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) out.append(buf, n);
  if (std::ferror(f.get())) return make_error(ErrorCode::kIo, "cannot read").at(path);
  return out;
}

}  // namespace amparo
