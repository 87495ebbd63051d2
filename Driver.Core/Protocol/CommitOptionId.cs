namespace Driver.Core.Protocol;

/// <summary>COMMITOPTIONS option ids (protocol sheet §6.11).</summary>
internal enum CommitOptionId : sbyte
{
    HoldCursorsOverCommit = 1,
}
