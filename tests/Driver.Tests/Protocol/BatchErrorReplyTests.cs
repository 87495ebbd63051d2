using System.Buffers.Binary;
using System.Text;
using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.Core.Session;
using Driver.Sync;

namespace Driver.Tests.Protocol;

/// <summary>
/// Reading a batch error reply (§6.4, §12.1, §12.2): several ERROR records in either padding convention, paired
/// with the -3 entries of ROWSAFFECTED; counts that do not match are a protocol violation.
/// </summary>
public class BatchErrorReplyTests
{
    /// <summary>Records as a server writes them, padded go-hdb's way (to the next 8, none when already there) or hdbconnect's (always 1..8).</summary>
    private static byte[] Records(bool alwaysPad, params (int Code, string Text)[] records)
    {
        var bytes = new List<byte>();
        foreach (var (code, text) in records)
        {
            var record = new byte[18];
            var utf8 = Encoding.UTF8.GetBytes(text);
            BinaryPrimitives.WriteInt32LittleEndian(record, code);
            BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(8), utf8.Length);
            record[12] = 1;
            Encoding.ASCII.GetBytes("23000").CopyTo(record, 13);
            bytes.AddRange(record);
            bytes.AddRange(utf8);
            var padding = (8 - ((18 + utf8.Length) % 8)) % 8;
            bytes.AddRange(new byte[padding == 0 && alwaysPad ? 8 : padding]);
        }
        return bytes.ToArray();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RecordsEndingOnAnEightByteBoundaryReadInBothPaddings(bool alwaysPad)
    {
        // 18 + 6 = 24 and 18 + 14 = 32: both end on the boundary, where the two conventions differ
        var buffer = Records(alwaysPad, (301, "first!"), (302, "second error!!"), (303, "third"));
        var records = ErrorPart.Read(buffer, 3);
        Assert.Equal([(301, "first!"), (302, "second error!!"), (303, "third")], records.Select(r => (r.Code, r.Message)));
        Assert.All(records, r => Assert.Equal("23000", r.SqlState));
    }

    private static List<ErrorRecord> Errors(int count) =>
        Enumerable.Range(1, count).Select(i => new ErrorRecord(300 + i, 0, HanaErrorLevel.Error, "23000", $"row error {i}")).ToList();

    [Fact]
    public void ErrorsArePairedWithTheFailedRowsInOrder()
    {
        var exception = Assert.IsType<HanaBatchException>(BatchFailure.Create(Errors(2), [1, -3, -2, -3, 0]));
        Assert.Equal([(1, 301), (3, 302)], exception.Errors.Select(e => (e.RowIndex, e.Code)));
        Assert.Equal("[301] row error 1", exception.Message);
        Assert.Equal((301, "23000"), (exception.Code, exception.SqlState));
        Assert.Equal([1, -3, -2, -3, 0], exception.RowsAffected);
        Assert.Equal("[302] row error 2", exception.Errors[1].Message);
    }

    [Fact]
    public void OneRowIsAPlainError()
    {
        var exception = BatchFailure.Create(Errors(1), [-3]);
        Assert.IsNotType<HanaBatchException>(exception);
        Assert.Equal(301, exception.Code);
    }

    [Theory]
    [InlineData(3, new[] { 1, -3, -3 })]       // fewer failed rows than errors
    [InlineData(1, new[] { -3, 1, -3 })]       // more failed rows than errors
    [InlineData(2, new[] { 1, 1, 1, 1 })]      // errors without any failed row
    public void MismatchedCountsAreAProtocolViolation(int errors, int[] rowsAffected)
    {
        var exception = Assert.IsType<HanaProtocolException>(BatchFailure.Create(Errors(errors), rowsAffected));
        Assert.Contains("ROWSAFFECTED", exception.Message);
    }
}
