#ifndef TRACELINK_CPREFETCH_SHIM_H
#define TRACELINK_CPREFETCH_SHIM_H

/// Asks the CPU to bring the cache line at `address` in for reading, without waiting for it: Swift has no
/// prefetch of its own. The store issues one per trace of a batch before it looks any of them up.
static inline void tracelink_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
