#include "bytes/random.h"

#include <sys/random.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "bytes/hex.h"

namespace bytes {

void fill(std::span<unsigned char> out) {
  std::size_t done = 0;
  while (done < out.size()) {
    // Blocks only until the kernel's pool is first seeded, early in boot.
    const ssize_t got = ::getrandom(out.data() + done, out.size() - done, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      throw std::runtime_error(std::string("no random bytes from the kernel: ") +
                               std::strerror(got < 0 ? errno : EIO));
    }
    done += static_cast<std::size_t>(got);
  }
}

std::string random_bytes(std::size_t size) {
  std::string bytes(size, '\0');
  fill(std::span(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size()));
  return bytes;
}

std::string random_hex(std::size_t size) {
  return to_hex(random_bytes(size));
}

}  // namespace bytes
