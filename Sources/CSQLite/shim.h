#ifndef BROADCASTD_CSQLITE_SHIM_H
#define BROADCASTD_CSQLITE_SHIM_H

#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast macro Swift cannot import: bind calls use this
// so SQLite copies the bytes before the Swift buffer goes away.
static inline sqlite3_destructor_type bcd_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

#endif
