namespace Driver.Soak;

/// <summary>A call worth reporting: a raw exception, a wrong result or a hang, with what was known about it.</summary>
internal sealed record SoakEvent(
    TimeSpan At, Outcome Outcome, string Flavor, SoakOperation Operation, int Worker, int ConnectionId,
    string? FaultOnConnection, string Detail);
