using Driver.Core.Protocol;
using Driver.Core.Types;

namespace Driver.Tests.Types;

public class DataFormatVersionTests
{
    [Theory]
    // SQL type, precision, scale, then the code reported at DFV 1, 4, 5, 6, 7, 8, 9 (docs/protocol.md §7.2)
    [InlineData("Timestamp", 0, 0, "16 61 61 61 61 61 61")]
    [InlineData("SecondDate", 0, 0, "16 62 62 62 62 62 62")]
    [InlineData("Date", 0, 0, "14 63 63 63 63 63 63")]
    [InlineData("Time", 0, 0, "15 64 64 64 64 64 64")]
    [InlineData("AlphaNum", 0, 0, "11 55 55 55 55 55 55")]
    [InlineData("ShortText", 0, 0, "11 52 52 52 52 52 52")]
    [InlineData("Text", 0, 0, "26 51 51 51 51 51 51")]
    [InlineData("BinText", 0, 0, "26 26 26 53 53 53 53")]
    [InlineData("StGeometry", 0, 0, "13 13 74 74 74 74 74")]
    [InlineData("StPoint", 0, 0, "13 13 75 75 75 75 75")]
    [InlineData("Boolean", 0, 0, "1 1 1 1 28 28 28")]
    [InlineData("Decimal", 15, 5, "5 5 5 5 5 81 81")]
    [InlineData("Decimal", 23, 5, "5 5 5 5 5 82 82")]
    [InlineData("Decimal", 35, 5, "5 5 5 5 5 76 76")]
    [InlineData("Decimal", 0, 32767, "5 5 5 5 5 5 5")]
    [InlineData("Decimal", 34, 32767, "5 5 5 5 5 5 5")]
    [InlineData("Int", 0, 0, "3 3 3 3 3 3 3")]
    [InlineData("NVarChar", 0, 0, "11 11 11 11 11 11 11")]
    [InlineData("RealVector", 0, 0, "27 27 27 27 27 27 96")]
    public void ColumnsAreReportedPerVersion(string sqlTypeName, int precision, int scale, string codes)
    {
        var sqlType = Enum.Parse<HanaTypeCode>(sqlTypeName);
        var versions = new[] { 1, 4, 5, 6, 7, 8, 9 };
        var expected = codes.Split(' ').Select(int.Parse).ToArray();
        for (var i = 0; i < versions.Length; i++)
        {
            Assert.Equal((HanaTypeCode)expected[i], DataFormatVersion.GetReportedTypeCode(sqlType, versions[i], precision, scale));
        }
    }

    [Fact]
    public void UnsupportedVersionsAreRejected()
    {
        Assert.False(DataFormatVersion.IsSupported(2));
        Assert.False(DataFormatVersion.IsSupported(3));
        Assert.True(DataFormatVersion.IsSupported(8));
        Assert.Throws<ArgumentOutOfRangeException>(() => DataFormatVersion.GetReportedTypeCode(HanaTypeCode.Int, 3));
    }
}
