// The peers' harnesses (Kannel, the processes and listeners Jasmin's harness
// shares) moved to the PeerTestSupport target so that the daemon's process tests
// can run the real Kannel too; re-exported here so every file of this target
// keeps using them without an import of its own.
@_exported import PeerTestSupport
