using Driver.Core.Session;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Telemetry;

/// <summary>
/// Any workflow traced as one command operation (span, duration, command log; docs/telemetry.md): the telemetry of
/// a command path exists once, here and in <see cref="CommandTelemetry"/>, not as a try/catch per flavor.
/// </summary>
internal sealed class TracedWorkflow<TResult> : Workflow<TResult>
{
    private readonly Workflow<TResult> _inner;
    private readonly HanaConnection _connection;
    private readonly DbOperation? _operation;

    public TracedWorkflow(Workflow<TResult> inner, HanaConnection connection, ConnectionCore core, string text, CommandKind kind)
        : base(inner.Timeout)
    {
        _inner = inner;
        _connection = connection;
        Core = core;
        _operation = CommandTelemetry.Start(connection, core, text, kind);
    }

    public ConnectionCore Core { get; }

    public override IEnumerable<Step> Steps(ConnectionCore connection)
    {
        foreach (var step in Include(_inner, connection))
        {
            yield return step;
        }
        Result = _inner.Result;
    }

    public override Exception Failed(Exception exception)
    {
        var thrown = base.Failed(exception);
        CommandTelemetry.Failed(_operation, _connection, Core, thrown);
        return thrown;
    }

    public override void Succeeded() => CommandTelemetry.Succeeded(_operation, _connection, Core);
}
