using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.Core.Session;
using Driver.Core.Types;
using Driver.Sync;

namespace Driver.Tests.Types;

/// <summary>
/// The per-value fast paths of the fetch (docs/benchmarks.md, "Fetch decoding CPU per row"): FIXED8 straight to a
/// decimal, LONGDATE from 1582-10-15 on as one subtraction, ASCII text by widening, the one-byte length indicator
/// read inline when a page is indexed. Each is checked against an independent reference and against the general
/// path it short-cuts, at its edges, and with the inputs that must leave it for the general path.
/// </summary>
public class FastPathDecodingTests
{
    // ---------------------------------------------------------------- FIXED8 → decimal

    private static byte[] Fixed8(long unscaled)
    {
        var value = new byte[9];
        value[0] = 1;
        BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(1), unscaled);
        return value;
    }

    /// <summary>Independent reference: the integer's digits with the point set at the scale, parsed (trailing zeros kept).</summary>
    private static decimal Reference(long unscaled, int scale)
    {
        var digits = BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
        var text = scale == 0 ? digits : digits[..^scale] + "." + digits[^scale..];
        return decimal.Parse((unscaled < 0 ? "-" : "") + text, NumberStyles.Number, CultureInfo.InvariantCulture);
    }

    private static int ScaleOf(decimal value) => (decimal.GetBits(value)[3] >> 16) & 0xFF;

    public static TheoryData<int> Fixed8Scales()
    {
        var data = new TheoryData<int>();
        // a FIXED8 holds DECIMAL(p ≤ 18, s ≤ p) (§7.3.1); 19 … 28 are taken the same way, 29 and up go the long way
        for (var scale = 0; scale <= 30; scale++)
        {
            data.Add(scale);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Fixed8Scales))]
    public void Fixed8DecodesExactlyAtTheColumnsScale(int scale)
    {
        var random = new Random(1800 + scale);
        var samples = new List<long> { 0, 1, -1, 9, -9, 10, -10, 12345678, -12345678, 999_999_999_999_999_999, -999_999_999_999_999_999, long.MaxValue, long.MinValue, long.MinValue + 1, uint.MaxValue, -(long)uint.MaxValue, 1L << 32, -(1L << 32) };
        for (var i = 0; i < 500; i++)
        {
            samples.Add(random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(0, 63));
        }
        foreach (var unscaled in samples)
        {
            var bytes = Fixed8(unscaled);
            var general = FixedDecimal.TryDecode(bytes.AsSpan(1), scale, out var slow);
            if (scale > 28)
            {
                // not a decimal scale: the general path trims zeros or refuses, as before
                Assert.Equal(general ? slow : null, Try(() => ResultValueReader.GetDecimal(HanaTypeCode.Fixed8, scale, bytes)));
                continue;
            }
            var value = ResultValueReader.GetDecimal(HanaTypeCode.Fixed8, scale, bytes);
            Assert.True(general);
            Assert.Equal(Reference(unscaled, scale), value);
            Assert.Equal(scale, ScaleOf(value));
            // bit for bit what the general path gives (sign, scale and coefficient)
            Assert.Equal(decimal.GetBits(slow), decimal.GetBits(value));
            Assert.Equal(unscaled < 0, value < 0);
        }
    }

    private static decimal? Try(Func<decimal> read)
    {
        try
        {
            return read();
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    [Fact]
    public void Fixed8ZeroIsPositiveWithTheScaleAndNullIsRefused()
    {
        var zero = ResultValueReader.GetDecimal(HanaTypeCode.Fixed8, 4, Fixed8(0));
        Assert.Equal("0.0000", zero.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(0, decimal.GetBits(zero)[3] & int.MinValue);
        Assert.Equal("-922337203685477.5808", ResultValueReader.GetDecimal(HanaTypeCode.Fixed8, 4, Fixed8(long.MinValue)).ToString(CultureInfo.InvariantCulture));
        Assert.Equal("9223372036854775807", ResultValueReader.GetDecimal(HanaTypeCode.Fixed8, 0, Fixed8(long.MaxValue)).ToString(CultureInfo.InvariantCulture));
        Assert.Equal("-0.000000000000000001", ResultValueReader.GetDecimal(HanaTypeCode.Fixed8, 18, Fixed8(-1)).ToString(CultureInfo.InvariantCulture));
        var error = Assert.Throws<InvalidCastException>(() => ResultValueReader.GetDecimal(HanaTypeCode.Fixed8, 4, new byte[] { 0 }));
        Assert.Contains("NULL", error.Message, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- LONGDATE → DateTime

    private static byte[] LongDate(long raw)
    {
        var value = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(value, raw);
        return value;
    }

    private static readonly long FirstGregorian = (DateTimeCodec.FirstGregorianDay - 1) * TimeSpan.TicksPerDay + 1;

    [Fact]
    public void LongDateFromTheGregorianSwitchOnIsTheDateTimeOfItsTicks()
    {
        // independent reference: 1582-10-15 00:00 is the first Gregorian LONGDATE, and each step is 100 ns (§7.3.8)
        var switchDay = new DateTime(1582, 10, 15);
        var random = new Random(1582);
        var samples = new List<long>
        {
            FirstGregorian, FirstGregorian + 1, FirstGregorian + TimeSpan.TicksPerDay - 1, DateTimeCodec.LongDateMax, DateTimeCodec.LongDateMax - 1,
            DateTimeCodec.ToLongDate(new DateTime(1970, 1, 1)), DateTimeCodec.ToLongDate(new DateTime(2000, 2, 29, 23, 59, 59).AddTicks(9_999_999)),
            DateTimeCodec.ToLongDate(new DateTime(2024, 1, 1)),
        };
        for (var i = 0; i < 5000; i++)
        {
            samples.Add(random.NextInt64(FirstGregorian, DateTimeCodec.LongDateMax + 1));
        }
        foreach (var raw in samples)
        {
            var value = ResultValueReader.GetDateTime(HanaTypeCode.LongDate, LongDate(raw));
            Assert.Equal(switchDay.AddTicks(raw - FirstGregorian), value);
            Assert.Equal(DateTimeKind.Unspecified, value.Kind);
            Assert.Equal(raw, DateTimeCodec.ToLongDate(value));
        }
        Assert.Equal(new DateTime(1970, 1, 1), ResultValueReader.GetDateTime(HanaTypeCode.LongDate, LongDate(DateTimeCodec.ToLongDate(new DateTime(1970, 1, 1)))));
        Assert.Equal(DateTime.MaxValue, ResultValueReader.GetDateTime(HanaTypeCode.LongDate, LongDate(DateTimeCodec.LongDateMax)));
    }

    [Fact]
    public void LongDatesOutsideTheFastRangeKeepTheirOwnMeaning()
    {
        // before the switch: Julian labels (the last Julian day's last tick, and the first LONGDATE of all)
        Assert.Equal(new DateTime(1582, 10, 4).AddTicks(TimeSpan.TicksPerDay - 1), ResultValueReader.GetDateTime(HanaTypeCode.LongDate, LongDate(FirstGregorian - 1)));
        Assert.Equal(DateTime.MinValue, ResultValueReader.GetDateTime(HanaTypeCode.LongDate, LongDate(1)));
        Assert.Equal(DateTimeCodec.FromLongDate(12345678901234567), ResultValueReader.GetDateTime(HanaTypeCode.LongDate, LongDate(12345678901234567)));
        // NULL and the empty value 0 (§7.3.8)
        Assert.Throws<InvalidCastException>(() => ResultValueReader.GetDateTime(HanaTypeCode.LongDate, LongDate(DateTimeCodec.LongDateNull)));
        Assert.Throws<InvalidCastException>(() => ResultValueReader.GetDateTime(HanaTypeCode.LongDate, LongDate(0)));
        // beyond NULL and negative: malformed, a protocol error
        Assert.Throws<HanaProtocolException>(() => ResultValueReader.GetDateTime(HanaTypeCode.LongDate, LongDate(DateTimeCodec.LongDateNull + 1)));
        Assert.Throws<HanaProtocolException>(() => ResultValueReader.GetDateTime(HanaTypeCode.LongDate, LongDate(long.MaxValue)));
        Assert.Throws<HanaProtocolException>(() => ResultValueReader.GetDateTime(HanaTypeCode.LongDate, LongDate(-1)));
        Assert.Throws<HanaProtocolException>(() => ResultValueReader.GetDateTime(HanaTypeCode.LongDate, LongDate(long.MinValue)));
    }

    // ---------------------------------------------------------------- CESU-8 → string

    public static TheoryData<int> TextLengths()
    {
        // around the vector widths of the ASCII check and the widening (16, 32, 64 bytes)
        var data = new TheoryData<int>();
        foreach (var length in new[] { 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 48, 63, 64, 65, 127, 128, 129, 245, 300 })
        {
            data.Add(length);
        }
        return data;
    }

    private static string Ascii(int length) => new(Enumerable.Range(0, length).Select(i => (char)(i % 128)).ToArray());

    [Theory]
    [MemberData(nameof(TextLengths))]
    public void TextOfEveryKindDecodesAtEveryPosition(int length)
    {
        var ascii = Ascii(length);
        Assert.Equal(ascii, Cesu8.Decode(Encoding.ASCII.GetBytes(ascii)));
        foreach (var other in new[] { "ä", "€", "\u07FF", "\uFFFF", "😀" })
        {
            // one non-ASCII character (2 and 3 bytes, a 6-byte surrogate pair) at the start, the end and every step
            for (var at = 0; at <= length; at += Math.Max(1, length / 7))
            {
                var text = ascii.Insert(at, other);
                Assert.Equal(text, Cesu8.Decode(Cesu8.GetBytes(text)));
            }
            var last = ascii + other;
            Assert.Equal(last, Cesu8.Decode(Cesu8.GetBytes(last)));
        }
    }

    [Theory]
    [MemberData(nameof(TextLengths))]
    public void InvalidBytesBeyondAsciiAreStillRefusedWithTheirOffset(int length)
    {
        var ascii = Encoding.ASCII.GetBytes(Ascii(length));
        foreach (var bad in new byte[] { 0x80, 0xBF, 0xC0, 0xFF })
        {
            var bytes = ascii.Concat(new[] { bad }).Concat(ascii).ToArray();
            var error = Assert.Throws<HanaProtocolException>(() => Cesu8.Decode(bytes));
            Assert.Contains($"at byte {length} ", error.Message, StringComparison.Ordinal);
        }
        // a lone high surrogate at the end: CESU-8 that no ASCII check may take
        var lone = ascii.Concat(new byte[] { 0xED, 0xA0, 0x80 }).ToArray();
        Assert.Throws<HanaProtocolException>(() => Cesu8.Decode(lone));
    }

    [Fact]
    public void NVarCharValuesUseEveryLengthIndicatorForm()
    {
        static byte[] Value(byte[] header, string text) => header.Concat(Cesu8.GetBytes(text)).ToArray();
        Assert.Equal("", ResultValueReader.GetString(HanaTypeCode.NVarChar, [0]));
        Assert.Equal("name 000123", ResultValueReader.GetString(HanaTypeCode.NVarChar, Value([11], "name 000123")));
        var long245 = new string('x', 244) + "ä";
        Assert.Equal(long245[..^1], ResultValueReader.GetString(HanaTypeCode.NVarChar, Value([244], long245[..^1])));
        var text300 = new string('y', 300);
        Assert.Equal(text300, ResultValueReader.GetString(HanaTypeCode.NVarChar, Value([246, 0x2C, 0x01], text300)));
        Assert.Equal(text300, ResultValueReader.GetString(HanaTypeCode.NVarChar, Value([247, 0x2C, 0x01, 0, 0], text300)));
        Assert.Throws<InvalidCastException>(() => ResultValueReader.GetString(HanaTypeCode.NVarChar, [255]));
        // the indicator promises more bytes than there are: a protocol error, not an argument exception of a slice
        Assert.Throws<HanaProtocolException>(() => ResultValueReader.GetString(HanaTypeCode.NVarChar, [5, (byte)'a', (byte)'b']));
        Assert.Throws<HanaProtocolException>(() => ResultValueReader.GetString(HanaTypeCode.NVarChar, [250, 1, 2]));
    }

    // ---------------------------------------------------------------- page index: length indicators inline

    private static readonly ColumnMetadata[] TextAndInt =
    [
        new() { TypeCode = HanaTypeCode.NVarChar, Length = 400 },
        new() { TypeCode = HanaTypeCode.Int, Length = 10 },
    ];

    [Fact]
    public void APageIndexesEveryLengthIndicatorForm()
    {
        List<byte[]> rows =
        [
            [0],                                                        // empty
            [3, (byte)'a', (byte)'b', (byte)'c'],                      // one-byte form
            [255],                                                      // NULL
            [245, .. Enumerable.Repeat((byte)'z', 245)],               // the longest one-byte form
            [246, 0x2C, 0x01, .. Enumerable.Repeat((byte)'q', 300)],   // two-byte form
            [247, 0x05, 0, 0, 0, .. "hello"u8.ToArray()],              // four-byte form
        ];
        var part = new List<byte>();
        for (var row = 0; row < rows.Count; row++)
        {
            part.AddRange(rows[row]);
            part.Add(1);
            part.AddRange(BitConverter.GetBytes(row));
        }
        using var page = new ResultPage();
        page.Load(part.ToArray(), rows.Count, PartAttributes.LastPacket, TextAndInt);
        Assert.Equal(rows.Count, page.RowCount);
        for (var row = 0; row < rows.Count; row++)
        {
            Assert.Equal(rows[row], page.GetValue(row, 0).ToArray());
            Assert.Equal(row, ResultValueReader.GetInt32(HanaTypeCode.Int, page.GetValue(row, 1)));
        }
        Assert.Equal("abc", ResultValueReader.GetString(HanaTypeCode.NVarChar, page.GetValue(1, 0)));
        Assert.True(ResultValueReader.IsNull(HanaTypeCode.NVarChar, page.GetValue(2, 0)));
        Assert.Equal("hello", ResultValueReader.GetString(HanaTypeCode.NVarChar, page.GetValue(5, 0)));
    }

    [Theory]
    [InlineData(new byte[] { 4, (byte)'a' }, "Truncated value: 5 bytes needed, 2 left.")]
    [InlineData(new byte[] { 246, 0x2C }, "Truncated value: 3 bytes needed, 2 left.")]
    [InlineData(new byte[] { 248, 0, 0 }, "Invalid length indicator byte 0xF8.")]
    [InlineData(new byte[] { 254 }, "Invalid length indicator byte 0xFE.")]
    public void MalformedLengthIndicatorsInAPageAreProtocolErrors(byte[] value, string message)
    {
        using var page = new ResultPage();
        var error = Assert.Throws<HanaProtocolException>(() => page.Load(value, 1, PartAttributes.LastPacket, [TextAndInt[0]]));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void AValueMissingAtTheEndOfAPageIsTruncated()
    {
        using var page = new ResultPage();
        // row 0 complete, row 1's text has no byte at all (the Int's 5 bytes of row 0 end the part)
        byte[] part = [1, (byte)'a', 1, 0, 0, 0, 0];
        var error = Assert.Throws<HanaProtocolException>(() => page.Load(part, 2, PartAttributes.LastPacket, TextAndInt));
        Assert.Contains("Truncated value: 1 bytes needed, 0 left.", error.Message, StringComparison.Ordinal);
    }
}
