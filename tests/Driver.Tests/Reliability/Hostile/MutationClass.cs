namespace Driver.Tests.Reliability;

/// <summary>What the hostile proxy does to the one reply it mutates (docs/reliability-hostile.md, "Fault model").</summary>
public enum MutationClass
{
    /// <summary>The message header's varPartLength (§3.1): smaller, larger, zero or huge.</summary>
    MessageLength,
    /// <summary>The segment header's segmentLength (§3.2).</summary>
    SegmentLength,
    /// <summary>One part's bufferLength (§3.3).</summary>
    PartLength,
    /// <summary>The segment's noOfParts (§3.2).</summary>
    PartCount,
    /// <summary>One part's argumentCount (rows, options, columns, §3.3).</summary>
    ArgumentCount,
    /// <summary>One part's kind replaced by another (§4.5).</summary>
    PartKind,
    /// <summary>A prefix of the reply, then the proxy closes the client's socket.</summary>
    TruncateClose,
    /// <summary>A prefix of the reply, then nothing (socket kept open): only the driver's timeouts can end it.</summary>
    TruncateStall,
    /// <summary>The reply sent twice.</summary>
    Duplicate,
    /// <summary>A range of random bytes replacing the reply's bytes.</summary>
    Garbage,
    /// <summary>One to three flipped bits.</summary>
    BitFlip,
}
