namespace Driver.TestServer;

/// <summary>Faults planned for one session. Every field is off by default.</summary>
public sealed class SessionFaults
{
    /// <summary>Close the socket abruptly once this many reply bytes were sent (the cut falls inside a reply).</summary>
    public long? DropAfterBytes { get; set; }

    /// <summary>
    /// Close the socket abruptly once this many more reply bytes were sent, counted from when the plan takes
    /// effect: for a plan given to a live session (by connection id), whose byte count so far the caller cannot know.
    /// </summary>
    public long? DropAfterFurtherBytes { get; set; }

    /// <summary>Close the socket abruptly instead of answering at this point.</summary>
    public FaultPoint DropAt { get; set; }

    /// <summary>Wait this long before sending each reply (the next <see cref="StallCount"/> replies).</summary>
    public TimeSpan StallReply { get; set; }

    /// <summary>How many replies are stalled; unlimited when null.</summary>
    public int? StallCount { get; set; }

    /// <summary>Flip bits of the reply bytes at these offsets (offsets past the end are ignored) in the next reply.</summary>
    public int[]? CorruptReplyOffsets { get; set; }

    /// <summary>Answer the next statement request with this HANA error instead of executing it.</summary>
    public (int Code, string Message)? NextError { get; set; }
}
