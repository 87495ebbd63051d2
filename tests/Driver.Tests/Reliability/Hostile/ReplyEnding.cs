namespace Driver.Tests.Reliability;

/// <summary>What the proxy does after it has sent a mutated reply.</summary>
public enum ReplyEnding
{
    /// <summary>Goes on forwarding as before.</summary>
    Continue,
    /// <summary>Closes the client's socket (and the server's).</summary>
    Close,
    /// <summary>Sends nothing more to the client but keeps its socket open until the client closes it.</summary>
    Stall,
}
