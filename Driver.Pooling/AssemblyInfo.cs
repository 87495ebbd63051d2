using System.Runtime.CompilerServices;

// the tests drive the pruning tick and the clock directly; the benchmarks measure the same internals
[assembly: InternalsVisibleTo("Driver.Tests")]
[assembly: InternalsVisibleTo("Driver.Benchmarks")]
