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

static inline CURLMcode bcd_multi_setopt_pointer(CURLM *multi, CURLMoption option, void *value) {
    return curl_multi_setopt(multi, option, value);
}

// CURLMOPT_SOCKETFUNCTION and CURLMOPT_TIMERFUNCTION: the multi handle tells its
// event loop which sockets to watch and when its next timeout is due.
static inline CURLMcode bcd_multi_setopt_socket_callback(CURLM *multi, curl_socket_callback callback) {
    return curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, callback);
}

static inline CURLMcode bcd_multi_setopt_timer_callback(CURLM *multi, curl_multi_timer_callback callback) {
    return curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, callback);
}

// epoll in curl's own vocabulary: struct epoll_event is packed on x86_64, which
// Swift imports awkwardly, and its data union is only ever a file descriptor here.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <errno.h>
#include <time.h>
#include <unistd.h>

/// Watches `fd` the way curl's socket callback asks (`what`: CURL_POLL_IN, _OUT,
/// _INOUT, or _REMOVE to stop watching). `known`: it is watched already.
/// 0, or the errno of the failed epoll_ctl.
static inline int bcd_epoll_watch(int epoll, int fd, int what, int known) {
    struct epoll_event event = { .events = 0, .data = { .fd = fd } };
    if (what == CURL_POLL_REMOVE) {
        // Fails harmlessly (EBADF, ENOENT) when curl closed the socket first.
        (void)epoll_ctl(epoll, EPOLL_CTL_DEL, fd, &event);
        return 0;
    }
    if (what & CURL_POLL_IN) event.events |= EPOLLIN;
    if (what & CURL_POLL_OUT) event.events |= EPOLLOUT;
    if (known && epoll_ctl(epoll, EPOLL_CTL_MOD, fd, &event) == 0) return 0;
    if (epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) == 0) return 0;
    if (errno == EEXIST && epoll_ctl(epoll, EPOLL_CTL_MOD, fd, &event) == 0) return 0;
    return errno;
}

/// Waits like epoll_wait and unpacks up to `capacity` (at most 64) ready descriptors into
/// `fds`, with what is ready as CURL_CSELECT_IN/_OUT/_ERR bits in `actions`.
/// The count, 0 on timeout or EINTR, -1 (errno set) on failure.
static inline int bcd_epoll_wait(int epoll, int *fds, int *actions, int capacity, int timeoutMilliseconds) {
    struct epoll_event ready[64];
    if (capacity > 64) capacity = 64;
    int count = epoll_wait(epoll, ready, capacity, timeoutMilliseconds);
    if (count < 0) return errno == EINTR ? 0 : -1;
    for (int index = 0; index < count; index++) {
        unsigned int events = ready[index].events;
        fds[index] = ready[index].data.fd;
        actions[index] = ((events & (EPOLLIN | EPOLLHUP)) ? CURL_CSELECT_IN : 0)
                       | ((events & EPOLLOUT) ? CURL_CSELECT_OUT : 0)
                       | ((events & EPOLLERR) ? CURL_CSELECT_ERR : 0);
    }
    return count;
}

static inline int bcd_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

static inline int bcd_eventfd_create(void) { return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK); }

/// Adds 1 to an eventfd's counter, which makes it readable; callable from any thread.
static inline void bcd_eventfd_signal(int fd) {
    uint64_t one = 1;
    (void)!write(fd, &one, sizeof one);
}

/// Resets an eventfd's counter to 0.
static inline void bcd_eventfd_drain(int fd) {
    uint64_t count;
    (void)!read(fd, &count, sizeof count);
}

static inline uint64_t bcd_monotonic_nanoseconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

static inline int bcd_close(int fd) { return close(fd); }

#endif
