namespace Driver.Core.Protocol;

/// <summary>COMMITOPTIONS option ids (docs/protocol.md §6.11).</summary>
internal enum CommitOptionId : sbyte
{
    HoldCursorsOverCommit = 1,
}
