namespace Driver.Pooling;

/// <summary>A session in use when the pool was exhausted, as leak tracking saw it.</summary>
public sealed class SessionHolder
{
    public SessionHolder(string endpoint, TimeSpan heldFor, string? rentedAt)
    {
        Endpoint = endpoint;
        HeldFor = heldFor;
        RentedAt = rentedAt;
    }

    public string Endpoint { get; }

    /// <summary>How long the session had been out of the pool.</summary>
    public TimeSpan HeldFor { get; }

    /// <summary>The stack trace of the rental; null when leak tracking is off.</summary>
    public string? RentedAt { get; }

    public override string ToString() => $"held for {HeldFor.TotalSeconds:0.###} s, to {Endpoint}" + (RentedAt is null ? "" : $", rented at:{Environment.NewLine}{RentedAt}");
}
