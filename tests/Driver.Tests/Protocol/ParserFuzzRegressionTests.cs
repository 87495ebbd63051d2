using System.Numerics;
using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.Core.Types;
using Driver.Sync;

namespace Driver.Tests.Protocol;

/// <summary>
/// Inputs found by tests/Driver.ParserFuzz (docs/reliability-fuzzing.md), kept as regression tests with their bytes
/// inline. Each names the run (seed and execution) that found it.
/// </summary>
public class ParserFuzzRegressionTests
{
    // DECIMAL values as the fuzzer sent them (decimal128, little-endian): 1E6111, 34 nines E6111, 1E-6176,
    // (2^113-1)E-6176, 0E-6176
    private static readonly byte[] OneE6111 = Convert.FromHexString("0100000000000000000000000000fe5f");
    private static readonly byte[] MaxE6111 = Convert.FromHexString("ffffffffffffffffffffffffffffff5f");
    private static readonly byte[] OneEMinus6176 = Convert.FromHexString("01000000000000000000000000000000");
    private static readonly byte[] MaxEMinus6176 = Convert.FromHexString("ffffffffffffffffffffffffffff0100");
    private static readonly byte[] ZeroEMinus6176 = Convert.FromHexString("00000000000000000000000000000000");

    /// <summary>
    /// Seed 1, execution 1278 (ResultValue): 706 DECIMAL values read from a column of scale 0 allocated 3.2 MB and took
    /// up to 0.6 ms each: presenting 1E6111 or 1E-6176 at the column's scale built a coefficient of 6,000+ digits
    /// (BigInteger.Pow(10, 6176)) from 16 wire bytes. No DECIMAL(p, s) column holds such a value, so it is returned
    /// as it came, exactly, and cheaply.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(38)]
    public void ExtremeDecimalExponentsAreNotRescaledIntoHugeCoefficients(int scale)
    {
        foreach (var bytes in new[] { OneE6111, MaxE6111, OneEMinus6176, MaxEMinus6176 })
        {
            var expected = Decimal128.Decode(bytes);
            // warm up (JIT, static BigInteger constants), then measure
            ResultValueReader.GetHanaDecimal(HanaTypeCode.Decimal, scale, bytes);
            ResultValueReader.GetValue(HanaTypeCode.Decimal, scale, bytes);
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 100; i++)
            {
                var exact = ResultValueReader.GetHanaDecimal(HanaTypeCode.Decimal, scale, bytes);
                Assert.Equal(expected, exact);
                Assert.Equal(expected.Exponent, exact.Exponent);
                Assert.Equal(expected, Assert.IsType<HanaDecimal>(ResultValueReader.GetValue(HanaTypeCode.Decimal, scale, bytes)));
            }
            var perValue = (GC.GetAllocatedBytesForCurrentThread() - before) / 200;
            // a 34-digit coefficient and its digit count take a few hundred bytes; 10^6176 alone takes 2.5 KB
            Assert.True(perValue < 1500, $"{perValue} bytes per DECIMAL value {expected.Coefficient}E{expected.Exponent} at scale {scale}");
        }
    }

    [Fact]
    public void ZeroWithAnyExponentIsStillPresentedAtTheColumnScale()
    {
        var zero = ResultValueReader.GetHanaDecimal(HanaTypeCode.Decimal, 2, ZeroEMinus6176);
        Assert.Equal(-2, zero.Exponent);
        Assert.True(zero.IsZero);
        Assert.Equal("0.00", zero.ToString());
        // and a value that does fit its column keeps being rescaled both ways
        Assert.Equal("1.50", HanaDecimal.FromParts(false, new BigInteger(15), -1).WithScaleIfExact(2).ToString());
        Assert.Equal("1.5", HanaDecimal.FromParts(false, new BigInteger(1500), -3).WithScaleIfExact(1).ToString());
        Assert.Equal("1.234", HanaDecimal.FromParts(false, new BigInteger(1234), -3).WithScaleIfExact(1).ToString());
        Assert.Equal("0", HanaDecimal.FromParts(false, BigInteger.Zero, -6176).WithScaleIfExact(0).ToString());
        var tiny = HanaDecimal.FromParts(false, BigInteger.One, -6176).WithScaleIfExact(0);
        Assert.Equal((BigInteger.One, -6176), (tiny.Coefficient, tiny.Exponent));
    }

    /// <summary>
    /// Seed 2, execution 173204 (Message): a reply whose RESULTSETMETADATA has argument count 0 (its column
    /// descriptors left in place) and whose RESULTSET claims 2,147,483,632 rows in 31 bytes. Rows of no columns take
    /// no bytes, so the row indexer walked 2^31 empty rows: 5 s of CPU per reply. Metadata of no column is refused.
    /// </summary>
    [Fact]
    public void ResultSetMetadataWithoutColumnsIsRefused()
    {
        var message = Convert.FromHexString(
        "010000000000000000000000000100000000000001000000000000000000000000010000000000000400010002000500" +
        "000000000000000030000000000000006800000068000000020300000a00000000000000ffffffff1a0000001a000000" +
        "02090000100000001c000000ffffffff360000003600000019524541445f4e554d424552535f4245545745454e5f5649" +
        "4557014119524541445f4e554d424552535f4245545745454a5f5649455701420d000100000000000800000008000000" +
        "0300000000000000270002000000000016000000160000000121080002000000000000000204cb170000000000000000" +
        "0511fffff0ffff7f1f0000001f0000000103000000057468726565010400000004666f75720105000000046669766500");
        var parsed = new ParsedMessage();
        parsed.Parse(message, message.Length);
        Assert.True(parsed.TryGetPart(PartKind.ResultSetMetadata, out var metadata));
        Assert.Equal(0, metadata.ArgumentCount);
        Assert.True(parsed.TryGetPart(PartKind.ResultSet, out var rows));
        Assert.Equal(0x7FFFFFF0, rows.ArgumentCount);
        var error = Assert.Throws<HanaProtocolException>(() => MetadataParts.ReadResultSetMetadata(parsed.GetPartSpan(metadata), metadata.ArgumentCount));
        Assert.Contains("no column", error.Message, StringComparison.Ordinal);
        Assert.Throws<HanaProtocolException>(() => MetadataParts.ReadResultSetMetadata([], 0));
    }

    /// <summary>
    /// Seed 3, executions 107, 129354, 134712, 145678, 148274 (InvalidCastException) and 31952, 159854
    /// (OverflowException): an option the driver reads as a number (connection id, data format version, compression
    /// flags, transaction flags) arrived as a string, a byte string or a BIGINT beyond Int32. The typed getters of an
    /// option part now say it is the peer breaking §5.1: HanaProtocolException.
    /// </summary>
    [Theory]
    // SESSIONCONTEXT (kind 34), 10 options, option 11 a STRING "TST" (execution 148274)
    [InlineData("0a0000000103410d0300021c01041c010a1c010b1d03005453540f03000000001003080000001703080000002c1d1600322e30302e3037362e30302e313730353437313831332d1d0300545354", 10)]
    // LOBFLAGS (kind 68), 3 options: an INT, a STRING "four", a BIGINT (execution 31952)
    [InlineData("030000000103000000000004666f757201050000000466697600057468726565010400000004666f75726565010400000004666f75720105000000046669766501000000010500000004666976650100000045040c10536a6f342d036ba5e10000000a434504", 3)]
    public void OptionsOfTheWrongTypeOrRangeAreProtocolErrors(string hex, int count)
    {
        var buffer = Convert.FromHexString(hex).AsSpan(4).ToArray();
        var options = OptionsPart.Read(buffer, count);
        var refused = 0;
        foreach (var (id, value) in options.Items)
        {
            foreach (var read in new Action[] { () => options.GetInt32(id, 0), () => options.GetInt64(id, 0), () => options.GetBoolean(id, false) })
            {
                try
                {
                    read();
                }
                catch (HanaProtocolException)
                {
                    refused++;
                }
            }
            Assert.Equal(value.Type is OptionValueType.String or OptionValueType.NString ? value.AsString() : null, options.GetString(id));
        }
        Assert.True(refused > 0);
    }

    [Fact]
    public void ConnectOptionsOfTheWrongTypeAreProtocolErrors()
    {
        var options = new OptionSet()
            .Set((int)ConnectOptionId.DataFormatVersion2, OptionValue.String("8"))
            .Set((int)ConnectOptionId.ConnectionId, OptionValue.BigInt(1L << 40))
            .Set((int)ConnectOptionId.CompressionLevelAndFlags, OptionValue.BString([1]))
            .Set((int)ConnectOptionId.DataFormatVersion, OptionValue.Int(4));
        using var writer = new PacketWriter();
        OptionsPart.Write(writer, options);
        var read = OptionsPart.Read(writer.WrittenSpan, options.Count);
        Assert.Contains("String", Assert.Throws<HanaProtocolException>(() => read.GetInt32((int)ConnectOptionId.DataFormatVersion2, 1)).Message, StringComparison.Ordinal);
        Assert.Throws<HanaProtocolException>(() => read.GetInt32((int)ConnectOptionId.ConnectionId, -1));
        Assert.Equal(1L << 40, read.GetInt64((int)ConnectOptionId.ConnectionId, -1));
        Assert.Throws<HanaProtocolException>(() => read.GetBoolean((int)ConnectOptionId.CompressionLevelAndFlags, false));
        Assert.Equal(4, read.GetInt32((int)ConnectOptionId.DataFormatVersion, 1));
        Assert.Equal(7, read.GetInt32(99, 7));
    }

    /// <summary>
    /// Hostile runner, seed 1376842330 (Async, unpooled, a bit flip in RESULTSETMETADATA): a FIXED8 column's scale
    /// read as a large negative number scaled each value by 10^thousands, and GetValue threw a raw
    /// OverflowException with a 3,000-digit value (and seed 21665674: a FIXED8 parameter of scale 36, where binding 9151
    /// overflowed). A FIXED8, FIXED12 or FIXED16 holds at most 18, 28 or 38 digits, so a scale beyond that is refused
    /// with the metadata (PARAMETERMETADATA alike, at PREPARE).
    /// </summary>
    [Theory]
    [InlineData((byte)HanaTypeCode.Fixed8, -16383)]
    [InlineData((byte)HanaTypeCode.Fixed8, 36)]
    [InlineData((byte)HanaTypeCode.Fixed12, 29)]
    [InlineData((byte)HanaTypeCode.Fixed16, short.MaxValue)]
    public void AFixedColumnWithAScaleNoServerSendsIsRefused(byte type, short scale)
    {
        var descriptor = new byte[24];
        descriptor[0] = 2; // nullable
        descriptor[1] = type;
        BitConverter.TryWriteBytes(descriptor.AsSpan(2), scale);
        BitConverter.TryWriteBytes(descriptor.AsSpan(4), (short)18);
        for (var offset = 8; offset < 24; offset += 4)
        {
            BitConverter.TryWriteBytes(descriptor.AsSpan(offset), uint.MaxValue); // no names
        }
        var error = Assert.Throws<HanaProtocolException>(() => MetadataParts.ReadResultSetMetadata(descriptor, 1));
        Assert.Contains("scale", error.Message, StringComparison.Ordinal);
        descriptor[2] = 4;
        descriptor[3] = 0;
        Assert.Equal(4, MetadataParts.ReadResultSetMetadata(descriptor, 1)[0].Fraction);
    }
}
