using Driver.Core.Protocol;

namespace Driver.TestServer.Protocol;

/// <summary>One chunk read from a WRITELOBREQUEST (§6.28); the data lies at DataOffset of the part buffer.</summary>
internal readonly record struct WriteLobChunk(long LocatorId, LobOptions Options, long Offset, int DataOffset, int DataLength)
{
    public bool IsLast => (Options & LobOptions.LastData) != 0;
}
