#include "ossl/dynamic_library.h"

#include <dlfcn.h>

namespace ossl {

DynamicLibrary::DynamicLibrary(const char* soname) : soname_(soname) {
  handle_ = dlopen(soname, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
  if (handle_ == nullptr) {
    const char* why = dlerror();
    problem_ = why != nullptr ? why : soname_ + " could not be loaded";
  }
}

void* DynamicLibrary::symbol(const char* name) {
  if (!problem_.empty()) return nullptr;
  void* found = dlsym(handle_, name);
  if (found == nullptr) problem_ = soname_ + " has no " + name;
  return found;
}

}  // namespace ossl
