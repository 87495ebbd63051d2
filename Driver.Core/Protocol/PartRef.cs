namespace Driver.Core.Protocol;

/// <summary>Where one part of a parsed message lies in the message buffer.</summary>
internal readonly struct PartRef
{
    public PartRef(PartKind kind, PartAttributes attributes, int argumentCount, int offset, int length)
    {
        Kind = kind;
        Attributes = attributes;
        ArgumentCount = argumentCount;
        Offset = offset;
        Length = length;
    }

    public PartKind Kind { get; }
    public PartAttributes Attributes { get; }
    public int ArgumentCount { get; }
    /// <summary>Offset of the part buffer (after the 16-byte header) in the message buffer.</summary>
    public int Offset { get; }
    /// <summary>bufferLength: the part buffer without padding.</summary>
    public int Length { get; }
}
