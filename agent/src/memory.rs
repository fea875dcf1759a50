//! Giving freed memory back to the system.
//!
//! glibc's allocator keeps freed memory in per-thread arenas and returns
//! only what sits at the top of each heap. A server that opened 20,000
//! MCP sessions and closed them all stayed a gigabyte large; asking glibc
//! to trim after a sweep brought it back to near its start. Other
//! platforms' allocators return memory on their own.

/// Returns freed heap pages to the system (glibc on Linux); elsewhere a
/// no-op.
pub(crate) fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes a size and touches only the allocator's
    // own free lists; it is safe to call from any thread at any time.
    #[allow(unsafe_code)]
    unsafe {
        libc::malloc_trim(0);
    }
}
