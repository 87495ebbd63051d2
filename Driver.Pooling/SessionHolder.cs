namespace Driver.Pooling;

/// <summary>A session in use when the pool was exhausted, as leak tracking saw it.</summary>
public sealed class SessionHolder
{
    /// <summary>Creates a record of one session in use.</summary>
    public SessionHolder(string endpoint, TimeSpan heldFor, string? rentedAt)
    {
        Endpoint = endpoint;
        HeldFor = heldFor;
        RentedAt = rentedAt;
    }

    /// <summary>The server endpoint (host:port) the session is connected to.</summary>
    public string Endpoint { get; }

    /// <summary>How long the session had been out of the pool.</summary>
    public TimeSpan HeldFor { get; }

    /// <summary>The stack trace of the rental; null when leak tracking is off.</summary>
    public string? RentedAt { get; }

    /// <summary>The holder on one line (with the rental stack trace on the following lines when there is one), for exception messages.</summary>
    public override string ToString() => $"held for {HeldFor.TotalSeconds:0.###} s, to {Endpoint}" + (RentedAt is null ? "" : $", rented at:{Environment.NewLine}{RentedAt}");
}
