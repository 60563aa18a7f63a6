// Reading whole files, with errors that name the file.
#pragma once

#include <string>

#include "core/result.h"

namespace amparo {

// The bytes of the file at `path`: kNotFound when it does not exist or cannot be opened, kIo when
// reading fails. The error's file is `path`.
Result<std::string> read_file(const std::string& path);

}  // namespace amparo
