namespace Driver.Soak;

/// <summary>Everything a soak run measured.</summary>
internal sealed class SoakResult
{
    public required SoakOptions Options { get; init; }

    public required List<SoakSample> Samples { get; init; }

    public required SoakCounters Counters { get; init; }

    public required FaultInjector Faults { get; init; }

    public required TimeSpan Elapsed { get; init; }

    /// <summary>Workers still inside a call when the run gave up waiting for them.</summary>
    public required int AbandonedWorkers { get; init; }

    /// <summary>Sessions other than the monitor's on the server after both pools were cleared (-1: not measured).</summary>
    public required long LeftoverConnections { get; init; }

    public required long LeftoverPreparedStatements { get; init; }

    public required long LeftoverResultSets { get; init; }

    /// <summary>The other sessions' prepared statements by text when the workers had stopped, before the pools were cleared.</summary>
    public List<(string Sql, long Count)> PreparedStatementsAtEnd { get; init; } = [];

    public long Hangs => Counters.Total(Outcome.Hang);

    public long RawExceptions => Counters.Total(Outcome.Raw);

    public long WrongResults => Counters.Total(Outcome.Wrong);

    public bool NoLeftovers => LeftoverConnections == 0 && LeftoverPreparedStatements == 0 && LeftoverResultSets == 0;
}
