#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

// Statement retries (docs/scale-out.md, "Statement retries"): what the command tells the retry policy.
public sealed partial class HanaCommand
{
    /// <summary>
    /// The statement may safely run more than once (an UPSERT of fixed values, a DELETE by key, a call that checks
    /// first): when the connection breaks after the request may have reached the server, the data source's retry
    /// policy is told it is safe to repeat (<see cref="HanaRetryInfo.IsSafeToRepeat"/>), as it always is for a query
    /// (SELECT, WITH). False by default: the driver never repeats a write that may have taken effect unless told so.
    /// Outside a transaction only; a retry never happens inside one. The same idea as Cassandra's and ScyllaDB's
    /// drivers' <c>IsIdempotent</c>.
    /// </summary>
    public bool IsIdempotent { get; set; }
}
