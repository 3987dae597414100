// A small pool of configured libcurl easy handles, so concurrent requests each get their own
// handle and every handle keeps its keep-alive connection for the next request.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <curl/curl.h>

#include "pve/tls_check.h"

namespace pve {

// One easy handle plus everything its callbacks write into; used by one thread at a time.
struct EasyHandle {
  CURL* curl = nullptr;
  TlsCheck tls;  // the TLS verify callback writes here, so it lives with the handle
  char error_buffer[CURL_ERROR_SIZE] = {};
  std::string body;
  std::string reason;  // reason phrase of the last status line

  EasyHandle();
  ~EasyHandle();
  EasyHandle(const EasyHandle&) = delete;
  EasyHandle& operator=(const EasyHandle&) = delete;
};

class HandlePool {
 public:
  using Factory = std::function<std::unique_ptr<EasyHandle>()>;

  // `factory` makes a fully configured handle; at most `max_idle` idle handles are kept.
  HandlePool(Factory factory, std::size_t max_idle);

  // Returns the handle to the pool when it goes out of scope.
  class Lease {
   public:
    Lease(HandlePool& pool, std::unique_ptr<EasyHandle> handle);
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    EasyHandle& operator*() const { return *handle_; }
    EasyHandle* operator->() const { return handle_.get(); }

   private:
    HandlePool& pool_;
    std::unique_ptr<EasyHandle> handle_;
  };

  Lease acquire();

 private:
  void release(std::unique_ptr<EasyHandle> handle);

  Factory factory_;
  std::size_t max_idle_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<EasyHandle>> idle_;
};

}  // namespace pve
