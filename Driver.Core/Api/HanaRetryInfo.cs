#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// What an <see cref="IHanaRetryDecider"/> is told about a failed attempt (docs/scale-out.md): what failed, on which
/// node, the attempt's number, whether the request may have reached the server and whether the operation is known
/// to be safe to repeat. Immutable.
/// </summary>
public sealed class HanaRetryInfo
{
    /// <summary>Creates the information about one failed attempt.</summary>
    public HanaRetryInfo(HanaRetryFailure failure, int attempt, bool mayHaveReachedServer, bool isSafeToRepeat, int? serverErrorCode, string host, int port, HanaException exception)
    {
        if (attempt < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(attempt), attempt, "Attempts are numbered from 1.");
        }
        Failure = failure;
        Attempt = attempt;
        MayHaveReachedServer = mayHaveReachedServer;
        IsSafeToRepeat = isSafeToRepeat;
        ServerErrorCode = serverErrorCode;
        Host = host ?? throw new ArgumentNullException(nameof(host));
        Port = port;
        Exception = exception ?? throw new ArgumentNullException(nameof(exception));
    }

    /// <summary>What failed: the connect, the sending, the receiving, or the server's answer.</summary>
    public HanaRetryFailure Failure { get; }

    /// <summary>The failed attempt's number within the operation, from 1 (a redirect's hop counts as an attempt).</summary>
    public int Attempt { get; }

    /// <summary>True when a request was sent, or began to be: the server may have acted on it.</summary>
    public bool MayHaveReachedServer { get; }

    /// <summary>
    /// True when repeating the operation cannot change data twice. An open is always safe to repeat (a sign-in
    /// changes no data); a statement when it is a query (SELECT, WITH) or marked <see cref="HanaCommand.IsIdempotent"/>.
    /// </summary>
    public bool IsSafeToRepeat { get; }

    /// <summary>The server's error code when <see cref="Failure"/> is <see cref="HanaRetryFailure.ServerError"/>; null otherwise.</summary>
    public int? ServerErrorCode { get; }

    /// <summary>The host of the node the attempt was made on.</summary>
    public string Host { get; }

    /// <summary>The port of the node the attempt was made on.</summary>
    public int Port { get; }

    /// <summary>The attempt's exception: what the operation fails with unless the decider retries.</summary>
    public HanaException Exception { get; }

    /// <summary>The failure, node and attempt; never a secret.</summary>
    public override string ToString() => $"{Failure} on {Host}:{Port}, attempt {Attempt}";
}
