using System.Diagnostics;

namespace Driver.Core.Net;

/// <summary>
/// Absolute deadlines as <see cref="Stopwatch"/> timestamps (monotonic, unaffected by clock changes); 0 means none.
/// One deadline bounds a whole workflow (an open: TCP connect, TLS, hello, sign-in, schema), so each step gets what
/// remains rather than a fresh timeout of its own.
/// </summary>
internal static class Deadline
{
    public const long None = 0;

    public static long After(TimeSpan budget) =>
        budget <= TimeSpan.Zero ? None : Stopwatch.GetTimestamp() + (long)Math.Min(long.MaxValue / 4, budget.TotalSeconds * Stopwatch.Frequency);

    /// <summary>The earlier of two deadlines, either of which may be <see cref="None"/>.</summary>
    public static long Earlier(long a, long b) => a == None ? b : b == None ? a : Math.Min(a, b);

    public static TimeSpan Remaining(long deadline) =>
        deadline == None ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(Math.Max(0, deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);

    public static bool HasPassed(long deadline) => deadline != None && Stopwatch.GetTimestamp() >= deadline;
}
