// Driver.Core is compiled twice: into Driver.Sync with SYNC and into Driver.Async with ASYNC.
// Exactly one of the two must be defined; the MSBuild check in Driver.Core.projitems says the same earlier.
#if SYNC && ASYNC
#error Driver.Core must be compiled with exactly one of SYNC or ASYNC, not both.
#endif
#if !SYNC && !ASYNC
#error Driver.Core must be compiled with exactly one of SYNC or ASYNC.
#endif

// The public API lives in a flavor namespace so one app can reference both packages (ANCHORS.md (b)). No global
// using brings it into the internal code: a file below Api/ that names a public type says so with its own using
// (docs/architecture.md, "Layering").
