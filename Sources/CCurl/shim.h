#ifndef BROADCASTD_CCURL_SHIM_H
#define BROADCASTD_CCURL_SHIM_H

#include <curl/curl.h>

// Swift cannot call C variadic functions, so curl_easy_setopt and friends
// get one non-variadic forwarder per argument type, as GRDB does for sqlite3_config.

static inline CURLcode bcd_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode bcd_easy_setopt_pointer(CURL *handle, CURLoption option, const void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode bcd_easy_setopt_offset(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

// CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION share this signature.
typedef size_t (*bcd_data_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode bcd_easy_setopt_data_callback(CURL *handle, CURLoption option, bcd_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

static inline CURLcode bcd_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode bcd_easy_getinfo_offset(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLMcode bcd_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

#endif
