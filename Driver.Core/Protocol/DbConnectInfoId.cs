namespace Driver.Core.Protocol;

/// <summary>DBCONNECTINFO option ids (docs/protocol.md §6.15).</summary>
internal enum DbConnectInfoId : sbyte
{
    DatabaseName = 1,
    Host = 2,
    Port = 3,
    OnCorrectDatabase = 4,
    NetworkGroup = 5,
}
