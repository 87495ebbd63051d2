using System.Data.Common;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

// A whole result read into one value, for the driver's own catalog queries (the reader's key info, GetSchema's
// collections): the loop over the rows exists once per flavor, here, and its callers say only what a row adds.
public sealed partial class HanaCommand
{
    /// <summary>
    /// Runs the query: <paramref name="start"/> makes the result from the open reader (its columns known), then
    /// <paramref name="row"/> adds each row to it. Blocking: Driver.Async refuses it (ExecuteReader) and awaits
    /// <c>ReadAllAsync</c>.
    /// </summary>
    internal TResult ReadAll<TResult>(Func<DbDataReader, TResult> start, Action<TResult, DbDataReader> row)
    {
        using var reader = ExecuteReader();
        var result = start(reader);
        while (reader.Read())
        {
            row(result, reader);
        }
        return result;
    }

#if ASYNC
    /// <summary>The awaitable <see cref="ReadAll"/>.</summary>
    internal async Task<TResult> ReadAllAsync<TResult>(Func<DbDataReader, TResult> start, Action<TResult, DbDataReader> row, CancellationToken cancellationToken)
    {
        using var reader = await ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var result = start(reader);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            row(result, reader);
        }
        return result;
    }
#endif
}
