// libcurl, loaded when the first Proxmox request is made instead of when the process starts.
#pragma once

#include <ctime>

#include <curl/curl.h>

namespace pve {

// The libcurl functions we call. Loading libcurl.so.4 pulls in some thirty shared objects
// (HTTP/2, IDN, SSH, LDAP, Kerberos, GnuTLS, …); resolving them took most of the time from
// exec to the first answer, which tools/list and initialize never need.
struct CurlLibrary {
  CURLcode (*global_init)(long flags);
  CURL* (*easy_init)();
  CURLcode (*easy_setopt)(CURL* handle, CURLoption option, ...);
  CURLcode (*easy_perform)(CURL* handle);
  CURLcode (*easy_getinfo)(CURL* handle, CURLINFO info, ...);
  void (*easy_cleanup)(CURL* handle);
  const char* (*easy_strerror)(CURLcode code);
  curl_slist* (*slist_append)(curl_slist* list, const char* text);
  void (*slist_free_all)(curl_slist* list);
  curl_version_info_data* (*version_info)(CURLversion age);
  time_t (*getdate)(const char* text, const time_t* unused);
};

// Loads and initialises libcurl on first use (thread-safe). Throws pve::Error (kTransport) with
// the loader's reason and the package to install when it cannot.
const CurlLibrary& curl();

}  // namespace pve
