#ifndef BROADCASTD_CSQLITE_SHIM_H
#define BROADCASTD_CSQLITE_SHIM_H

#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast macro Swift cannot import: bind calls use this
// so SQLite copies the bytes before the Swift buffer goes away.
static inline sqlite3_destructor_type bcd_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

// sqlite3_config is variadic, which Swift cannot call. With memory statistics on
// (SQLite's default) every allocation takes a process-wide mutex to count itself;
// the outbox reads no statistics and sets no heap limit, so they are turned off.
// Returns SQLITE_MISUSE, harmlessly, once SQLite is already initialized.
static inline int bcd_sqlite_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

#endif
