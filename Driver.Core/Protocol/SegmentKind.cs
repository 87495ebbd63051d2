namespace Driver.Core.Protocol;

/// <summary>Segment kinds (docs/protocol.md §4.1).</summary>
internal enum SegmentKind : sbyte
{
    Invalid = 0,
    Request = 1,
    Reply = 2,
    Error = 5,
}
