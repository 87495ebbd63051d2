namespace Driver.Core.Protocol;

/// <summary>Segment kinds (protocol sheet §4.1).</summary>
internal enum SegmentKind : sbyte
{
    Invalid = 0,
    Request = 1,
    Reply = 2,
    Error = 5,
}
