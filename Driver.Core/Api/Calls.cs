using System.Data;
using System.Data.Common;

#if ASYNC
using Driver.Async;
#else
using Driver.Sync;
#endif

namespace Driver.Core.Api;

/// <summary>Runs a workflow bound to its connection (a command's PREPARE or batch EXECUTE) and keeps its result.</summary>
internal sealed class RunCall<T>(BoundWorkflow<T> workflow) : Call
{
    public T Result { get; private set; } = default!;

    public override void Run() => Result = workflow.Run();

#if ASYNC
    public override async ValueTask RunAsync(CancellationToken cancellationToken) => Result = await workflow.RunAsync(cancellationToken).ConfigureAwait(false);
#endif
}

/// <summary>Opens a connection (an operation that opens a closed connection closes it in its cleanup).</summary>
internal sealed class OpenCall(HanaConnection connection) : Call
{
    public override void Run() => connection.Open();

#if ASYNC
    public override ValueTask RunAsync(CancellationToken cancellationToken) => new(connection.OpenAsync(cancellationToken));
#endif
}

/// <summary>Runs a query and keeps its reader.</summary>
internal sealed class ReaderCall(HanaCommand command, CommandBehavior behavior) : Call
{
    public HanaDataReader? Reader { get; private set; }

    public override void Run() => Reader = (HanaDataReader)((DbCommand)command).ExecuteReader(behavior);

#if ASYNC
    public override async ValueTask RunAsync(CancellationToken cancellationToken) => Reader = await command.ExecuteReaderAsync(behavior, cancellationToken).ConfigureAwait(false);
#endif
}

/// <summary>
/// Reads the next row of a source into <see cref="Values"/>. Awaited, the source must be a <see cref="DbDataReader"/>:
/// it is read with ReadAsync and its <paramref name="awaitValues"/> columns (character and binary: LOBs perhaps not
/// sent with the row) with GetFieldValueAsync.
/// </summary>
internal sealed class ReadCall(IDataReader source, bool[] awaitValues) : Call
{
    public object[] Values { get; } = new object[source.FieldCount];

    /// <summary>The source as it is read awaiting (null: it cannot be).</summary>
    public DbDataReader? Awaitable { get; } = source as DbDataReader;

    /// <summary>The columns an awaited read fetches with GetFieldValueAsync.</summary>
    public bool[] AwaitValues { get; } = awaitValues;

    /// <summary>False once the source has no more rows.</summary>
    public bool More { get; private set; }

    public override void Run()
    {
        More = source.Read();
        if (More)
        {
            source.GetValues(Values);
        }
    }

#if ASYNC
    public override async ValueTask RunAsync(CancellationToken cancellationToken)
    {
        More = await (Awaitable ?? throw new NotSupportedException("Driver.Async reads a source with ReadAsync: pass a DbDataReader.")).ReadAsync(cancellationToken).ConfigureAwait(false);
        for (var i = 0; More && i < Values.Length; i++)
        {
            Values[i] = AwaitValues[i] ? await Awaitable.GetFieldValueAsync<object>(i, cancellationToken).ConfigureAwait(false) : Awaitable.GetValue(i);
        }
    }
#endif
}
