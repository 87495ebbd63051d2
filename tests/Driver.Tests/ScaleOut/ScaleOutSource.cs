using System.Data.Common;
using System.Reflection;
using Driver.Tests.PublicApi;

namespace Driver.Tests.ScaleOut;

/// <summary>
/// A data source of either flavor for the pooled-failover and statement-retry tests: built with the policies given
/// (as objects of the flavor's interface types), opened and used through the ADO.NET base classes and
/// <see cref="Flavor"/>, so one test body runs against both drivers.
/// </summary>
internal sealed class ScaleOutSource : IAsyncDisposable
{
    private readonly DbDataSource _source;

    private ScaleOutSource(Flavor flavor, DbDataSource source)
    {
        Flavor = flavor;
        _source = source;
    }

    public Flavor Flavor { get; }

    public static ScaleOutSource Build(string flavor, string connectionString, object? hostSelection = null, object? retry = null)
    {
        if (flavor == "Sync")
        {
            var builder = global::Driver.Sync.HanaDataSource.CreateBuilder(connectionString);
            builder.UseHostSelectionPolicy((global::Driver.Sync.IHanaHostSelectionPolicy?)hostSelection);
            builder.UseRetryPolicy((global::Driver.Sync.IHanaRetryPolicy?)retry);
            return new ScaleOutSource(Flavor.Sync, builder.Build());
        }
        var asyncBuilder = global::Driver.Async.HanaDataSource.CreateBuilder(connectionString);
        asyncBuilder.UseHostSelectionPolicy((global::Driver.Async.IHanaHostSelectionPolicy?)hostSelection);
        asyncBuilder.UseRetryPolicy((global::Driver.Async.IHanaRetryPolicy?)retry);
        return new ScaleOutSource(Flavor.Async, asyncBuilder.Build());
    }

    /// <summary>Driver.Sync's inherited OpenConnectionAsync runs its blocking OpenConnection; Driver.Async's awaits.</summary>
    public async Task<DbConnection> Open() => await _source.OpenConnectionAsync();

    /// <summary>The data source's topology snapshot as (port, is up) pairs.</summary>
    public List<(int Port, bool IsUp)> Nodes => _source switch
    {
        global::Driver.Sync.HanaDataSource sync => sync.Topology.Nodes.Select(n => (n.Port, n.IsUp)).ToList(),
        global::Driver.Async.HanaDataSource async => async.Topology.Nodes.Select(n => (n.Port, n.IsUp)).ToList(),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>Runs a SELECT tagged with a fresh name; returns the tag (the server's NodesThatExecuted finds it).</summary>
    public async Task<string> SelectTagged(DbConnection connection, string prefix = "SO")
    {
        var tag = $"{prefix}_{Guid.NewGuid():N}";
        await using var command = Flavor.Command(connection, $"SELECT 1 AS {tag} FROM DUMMY");
        Assert.Equal(1, Convert.ToInt32(await Flavor.ExecuteScalar(command)));
        return tag;
    }

    /// <summary>The socket under an open connection (its session's transport), found by reflection: tests see no driver internals.</summary>
    public static System.Net.Sockets.Socket SocketOf(DbConnection connection)
    {
        static object Field(object owner, string name) =>
            owner.GetType().GetField(name, BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(owner) ?? throw new InvalidOperationException($"no {name} on {owner.GetType()}");
        return (System.Net.Sockets.Socket)Field(Field(Field(connection, "_core"), "_transport"), "_socket");
    }

    public async ValueTask DisposeAsync() => await _source.DisposeAsync();
}

/// <summary>What a retry decider was told, flavor-free.</summary>
internal sealed record RetryTold(string Failure, int Attempt, bool MayHaveReachedServer, bool IsSafeToRepeat, int Port);

/// <summary>
/// A retry policy of either flavor that records each decider made and each thing it was told, and answers as
/// <see cref="Answer"/> says (null: as HanaRetry.Default does).
/// </summary>
internal sealed class RecordingRetry
{
    public int Deciders;
    public List<RetryTold> Told { get; } = [];
    public Func<RetryTold, string>? Answer { get; init; }

    public object For(string flavor) => flavor == "Sync" ? new SyncPolicy(this) : new AsyncPolicy(this);

    private RetryTold Record(string failure, int attempt, bool reached, bool safe, int port)
    {
        var told = new RetryTold(failure, attempt, reached, safe, port);
        lock (Told)
        {
            Told.Add(told);
        }
        return told;
    }

    private sealed class SyncPolicy(RecordingRetry recording) : global::Driver.Sync.IHanaRetryPolicy, global::Driver.Sync.IHanaRetryDecider
    {
        public global::Driver.Sync.IHanaRetryDecider NewDecider()
        {
            Interlocked.Increment(ref recording.Deciders);
            return this;
        }

        public global::Driver.Sync.HanaRetryDecision Decide(global::Driver.Sync.HanaRetryInfo info)
        {
            var told = recording.Record(info.Failure.ToString(), info.Attempt, info.MayHaveReachedServer, info.IsSafeToRepeat, info.Port);
            return recording.Answer is { } answer
                ? Enum.Parse<global::Driver.Sync.HanaRetryDecision>(answer(told))
                : global::Driver.Sync.HanaRetry.Default.NewDecider().Decide(info);
        }
    }

    private sealed class AsyncPolicy(RecordingRetry recording) : global::Driver.Async.IHanaRetryPolicy, global::Driver.Async.IHanaRetryDecider
    {
        public global::Driver.Async.IHanaRetryDecider NewDecider()
        {
            Interlocked.Increment(ref recording.Deciders);
            return this;
        }

        public global::Driver.Async.HanaRetryDecision Decide(global::Driver.Async.HanaRetryInfo info)
        {
            var told = recording.Record(info.Failure.ToString(), info.Attempt, info.MayHaveReachedServer, info.IsSafeToRepeat, info.Port);
            return recording.Answer is { } answer
                ? Enum.Parse<global::Driver.Async.HanaRetryDecision>(answer(told))
                : global::Driver.Async.HanaRetry.Default.NewDecider().Decide(info);
        }
    }
}
