#include "bytes/random.h"

#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "bytes/hex.h"

namespace bytes {

namespace {

// For a kernel or sandbox without getrandom(2) (ENOSYS, or EPERM from a seccomp filter), as
// OpenSSL's own seeding does.
void fill_from_urandom(std::span<unsigned char> out) {
  const int fd = ::open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "/dev/urandom");
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t got = ::read(fd, out.data() + done, out.size() - done);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      const int error = got < 0 ? errno : EIO;
      ::close(fd);
      throw std::system_error(error, std::generic_category(), "/dev/urandom");
    }
    done += static_cast<std::size_t>(got);
  }
  ::close(fd);
}

}  // namespace

void fill(std::span<unsigned char> out) {
  std::size_t done = 0;
  while (done < out.size()) {
    // Blocks only until the kernel's pool is first seeded, early in boot.
    const ssize_t got = ::getrandom(out.data() + done, out.size() - done, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0 && (errno == ENOSYS || errno == EPERM)) {
      fill_from_urandom(out.subspan(done));
      return;
    }
    if (got <= 0) {
      throw std::system_error(got < 0 ? errno : EIO, std::generic_category(),
                              "no random bytes from the kernel (getrandom)");
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
