#include "pve/handle_pool.h"

#include <stdexcept>

#include "pve/curl_library.h"

namespace pve {

EasyHandle::EasyHandle() : curl(pve::curl().easy_init()) {
  if (curl == nullptr) throw std::runtime_error("libcurl could not create a handle");
}

EasyHandle::~EasyHandle() {
  pve::curl().easy_cleanup(curl);
}

HandlePool::HandlePool(Factory factory, std::size_t max_idle)
    : factory_(std::move(factory)), max_idle_(max_idle) {}

HandlePool::Lease::Lease(HandlePool& pool, std::unique_ptr<EasyHandle> handle)
    : pool_(pool), handle_(std::move(handle)) {}

HandlePool::Lease::~Lease() {
  pool_.release(std::move(handle_));
}

HandlePool::Lease HandlePool::acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<EasyHandle> handle = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(handle));
    }
  }
  // Created outside the lock: configuring a handle does not touch the pool.
  return Lease(*this, factory_());
}

void HandlePool::release(std::unique_ptr<EasyHandle> handle) {
  std::lock_guard lock(mutex_);
  // LIFO: the most recently used handle, whose connection is most likely alive, goes out first.
  if (idle_.size() < max_idle_) idle_.push_back(std::move(handle));
}

}  // namespace pve
