namespace Driver.Soak;

/// <summary>How one call of the soak ended.</summary>
internal enum Outcome
{
    /// <summary>Completed, and its results checked out.</summary>
    Success,
    /// <summary>Failed with an exception the driver documents (HanaException family, a cancelled token's OperationCanceledException, the pool's PoolExhaustedException).</summary>
    Documented,
    /// <summary>Failed with any other exception.</summary>
    Raw,
    /// <summary>Completed without error but returned rows or counts that are wrong.</summary>
    Wrong,
    /// <summary>Not done within the hang limit (counted when the watchdog sees it, whatever happens later).</summary>
    Hang,
}
