namespace Driver.Core.Protocol;

/// <summary>Command option bits of a request segment (docs/protocol.md §4.3), offset 15.</summary>
[Flags]
internal enum CommandOptions : byte
{
    None = 0,
    SelfetchOff = 0x01,
    ScrollableCursorOn = 0x02,
    NoResultSetCloseNeeded = 0x04,
    HoldCursorsOverCommit = 0x08,
    ExecuteLocally = 0x10,
    HoldCursorsOverRollback = 0x40,
}
