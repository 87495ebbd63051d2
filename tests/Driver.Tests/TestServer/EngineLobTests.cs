using System.Security.Cryptography;

namespace Driver.Tests.TestServer;

public sealed class EngineLobTests : EngineTestBase
{
    [Fact]
    public void HundredMegabyteBlobRoundTrips()
    {
        Exec("CREATE COLUMN TABLE LB (ID INTEGER PRIMARY KEY, B BLOB)");
        var data = RandomNumberGenerator.GetBytes(100 * 1024 * 1024);
        using var insert = Session.Prepare("INSERT INTO LB VALUES (?, ?)");
        Session.ExecuteRow(insert, [1, data], true);
        using var cursor = Session.ExecuteDirect("SELECT B FROM LB WHERE ID = 1", true).Cursor!;
        Assert.Equal(Driver.TestServer.Engine.HanaSqlType.Blob, cursor.Columns[0].Type);
        var back = (byte[])cursor.FetchRows()[0][0]!;
        Assert.True(data.AsSpan().SequenceEqual(back));
    }

    [Fact]
    public void NclobWithSupplementaryCharactersRoundTrips()
    {
        Exec("CREATE COLUMN TABLE LN (ID INTEGER PRIMARY KEY, N NCLOB, C CLOB)");
        var text = string.Concat(Enumerable.Repeat("NCLOB ÄÖÜ 日本 😀 ", 200_000));
        using var insert = Session.Prepare("INSERT INTO LN VALUES (?, ?, ?)");
        Session.ExecuteRow(insert, [1, text, "ascii"], true);
        var row = Query("SELECT N, C FROM LN")[0];
        Assert.Equal(text, row[0]);
        Assert.Equal("ascii", row[1]);
    }
}
