using Driver.Core.Protocol;
using Driver.Core.Types;
using Driver.Sync;
using Driver.TestServer.Protocol;

namespace Driver.Tests.Types;

/// <summary>Parameter conversions: clear errors naming the HANA type, nothing written for a failing value.</summary>
public class ValueConversionTests
{
    public static IEnumerable<object[]> BadValues() => new[]
    {
        new object[] { "TinyInt", 256, typeof(OverflowException) },
        new object[] { "TinyInt", -1, typeof(OverflowException) },
        new object[] { "SmallInt", 40000, typeof(OverflowException) },
        new object[] { "Int", 1L << 40, typeof(OverflowException) },
        new object[] { "BigInt", ulong.MaxValue, typeof(OverflowException) },
        new object[] { "Int", 1.5m, typeof(ArgumentException) },
        new object[] { "Int", "12", typeof(InvalidCastException) },
        new object[] { "Real", 1e300, typeof(OverflowException) },
        new object[] { "Fixed8", 1e18m, typeof(OverflowException) },
        new object[] { "Decimal", double.NaN, typeof(ArgumentException) },
        new object[] { "Decimal", HanaDecimal.Parse("1E7000"), typeof(OverflowException) },
        new object[] { "Boolean", 2, typeof(OverflowException) },
        new object[] { "NVarChar", 12, typeof(InvalidCastException) },
        new object[] { "VarBinary", "abc", typeof(InvalidCastException) },
        new object[] { "DayDate", new DateTime(1582, 10, 10), typeof(ArgumentOutOfRangeException) },
        new object[] { "SecondTime", TimeSpan.FromHours(25), typeof(ArgumentOutOfRangeException) },
        new object[] { "Time", TimeSpan.FromSeconds(-1), typeof(ArgumentOutOfRangeException) },
        new object[] { "Blob", new byte[3], typeof(ArgumentException) },
        new object[] { "RealVector", new double[1], typeof(InvalidCastException) },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void ValuesThatDoNotFitThrowBeforeWriting(string typeName, object value, Type exceptionType)
    {
        var type = Enum.Parse<HanaTypeCode>(typeName);
        using var writer = new PacketWriter();
        writer.WriteByte(0x42);
        var e = Assert.ThrowsAny<Exception>(() => ParameterValueWriter.Write(writer, type, 2, value));
        Assert.IsAssignableFrom(exceptionType, e);
        Assert.Equal(1, writer.Length);
        if (!HanaTypeInfo.IsLob(type))
        {
            // (result rows carry LOB data inline, so a byte[] is fine there)
            Assert.Throws(e.GetType(), () => ResultValueWriter.Write(writer, type, 2, value));
            Assert.Equal(1, writer.Length);
        }
        if (e is not ArgumentOutOfRangeException || type is not (HanaTypeCode.DayDate or HanaTypeCode.SecondTime or HanaTypeCode.Time))
        {
            Assert.Contains(ValueConversion.Name(type), e.Message);
        }
    }

    [Fact]
    public void CompatibleValuesAreConverted()
    {
        using var writer = new PacketWriter();
        ParameterValueWriter.Write(writer, HanaTypeCode.BigInt, 0, 7);
        ParameterValueWriter.Write(writer, HanaTypeCode.Int, 0, 3.0);
        ParameterValueWriter.Write(writer, HanaTypeCode.TinyInt, 0, true);
        ParameterValueWriter.Write(writer, HanaTypeCode.Fixed8, 2, 1.235m);
        ParameterValueWriter.Write(writer, HanaTypeCode.Decimal, 0, 0.1);
        ParameterValueWriter.Write(writer, HanaTypeCode.NVarChar, 0, 'x');
        ParameterValueWriter.Write(writer, HanaTypeCode.DayDate, 0, DBNull.Value);
        var reader = new SpanReader(writer.WrittenSpan);
        Assert.Equal(7L, ParameterValueReader.Read(ref reader, out _));
        Assert.Equal(3, ParameterValueReader.Read(ref reader, out _));
        Assert.Equal((byte)1, ParameterValueReader.Read(ref reader, out _));
        Assert.Equal(1.24m, ParameterValueReader.Read(ref reader, out _, 2));
        Assert.Equal(0.1m, ParameterValueReader.Read(ref reader, out _));
        Assert.Equal("x", ParameterValueReader.Read(ref reader, out _));
        Assert.Null(ParameterValueReader.Read(ref reader, out var nullCode));
        Assert.Equal(HanaTypeCode.Date, nullCode);
        Assert.True(reader.AtEnd);
    }

    [Fact]
    public void GettersWidenLosslesslyAndRejectOtherTypes()
    {
        using var writer = new PacketWriter();
        ResultValueWriter.Write(writer, HanaTypeCode.Int, 0, 123456);
        var intValue = writer.WrittenSpan.ToArray();
        Assert.Equal(123456L, ResultValueReader.GetInt64(HanaTypeCode.Int, intValue));
        Assert.Equal(123456d, ResultValueReader.GetDouble(HanaTypeCode.Int, intValue));
        Assert.Equal(123456m, ResultValueReader.GetDecimal(HanaTypeCode.Int, 0, intValue));
        Assert.Throws<InvalidCastException>(() => ResultValueReader.GetInt16(HanaTypeCode.Int, intValue));
        Assert.Throws<InvalidCastException>(() => ResultValueReader.GetString(HanaTypeCode.Int, intValue));
        Assert.Throws<InvalidCastException>(() => ResultValueReader.GetDateTime(HanaTypeCode.Int, intValue));
        writer.Reset();
        ResultValueWriter.Write(writer, HanaTypeCode.Int, 0, null);
        var nullValue = writer.WrittenSpan.ToArray();
        Assert.Throws<InvalidCastException>(() => ResultValueReader.GetInt32(HanaTypeCode.Int, nullValue));
        writer.Reset();
        ResultValueWriter.Write(writer, HanaTypeCode.TinyInt, 0, 1);
        Assert.True(ResultValueReader.GetBoolean(HanaTypeCode.TinyInt, writer.WrittenSpan));
    }

    [Fact]
    public void DecimalColumnsArePresentedAtTheirScale()
    {
        using var writer = new PacketWriter();
        ResultValueWriter.Write(writer, HanaTypeCode.Decimal, 2, 1.50m);
        var value = writer.WrittenSpan.ToArray();
        // written normalized (15E-1, §7.3.4), read back at the column's scale
        Assert.Equal("1.50", ResultValueReader.GetDecimal(HanaTypeCode.Decimal, 2, value).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("1.5", ResultValueReader.GetDecimal(HanaTypeCode.Decimal, ResultValueReader.FloatingScale, value).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("1.50", ResultValueReader.GetHanaDecimal(HanaTypeCode.Decimal, 2, value).ToString());
    }

    [Fact]
    public void FixedSizeGettersDoNotAllocate()
    {
        using var writer = new PacketWriter();
        ResultValueWriter.Write(writer, HanaTypeCode.Int, 0, 5);
        ResultValueWriter.Write(writer, HanaTypeCode.BigInt, 0, 6L);
        ResultValueWriter.Write(writer, HanaTypeCode.Double, 0, 1.5);
        ResultValueWriter.Write(writer, HanaTypeCode.Decimal, 2, 12.34m);
        ResultValueWriter.Write(writer, HanaTypeCode.Fixed12, 4, 99.5m);
        ResultValueWriter.Write(writer, HanaTypeCode.LongDate, 0, new DateTime(2024, 2, 29, 1, 2, 3));
        ResultValueWriter.Write(writer, HanaTypeCode.DayDate, 0, new DateTime(1000, 1, 1));
        ResultValueWriter.Write(writer, HanaTypeCode.SecondTime, 0, TimeSpan.FromHours(5));
        var row = writer.WrittenSpan.ToArray();
        long sink = 0;
        void ReadRow()
        {
            var data = row.AsSpan();
            var length = ResultValueReader.GetLength(HanaTypeCode.Int, data);
            sink += ResultValueReader.GetInt32(HanaTypeCode.Int, data.Slice(0, length));
            data = data.Slice(length);
            length = ResultValueReader.GetLength(HanaTypeCode.BigInt, data);
            sink += ResultValueReader.GetInt64(HanaTypeCode.BigInt, data.Slice(0, length));
            data = data.Slice(length);
            length = ResultValueReader.GetLength(HanaTypeCode.Double, data);
            sink += (long)ResultValueReader.GetDouble(HanaTypeCode.Double, data.Slice(0, length));
            data = data.Slice(length);
            length = ResultValueReader.GetLength(HanaTypeCode.Decimal, data);
            sink += (long)ResultValueReader.GetDecimal(HanaTypeCode.Decimal, 2, data.Slice(0, length));
            data = data.Slice(length);
            length = ResultValueReader.GetLength(HanaTypeCode.Fixed12, data);
            sink += (long)ResultValueReader.GetDecimal(HanaTypeCode.Fixed12, 4, data.Slice(0, length));
            data = data.Slice(length);
            length = ResultValueReader.GetLength(HanaTypeCode.LongDate, data);
            sink += ResultValueReader.GetDateTime(HanaTypeCode.LongDate, data.Slice(0, length)).Ticks;
            data = data.Slice(length);
            length = ResultValueReader.GetLength(HanaTypeCode.DayDate, data);
            sink += ResultValueReader.GetDateTime(HanaTypeCode.DayDate, data.Slice(0, length)).Ticks;
            data = data.Slice(length);
            length = ResultValueReader.GetLength(HanaTypeCode.SecondTime, data);
            sink += ResultValueReader.GetTimeSpan(HanaTypeCode.SecondTime, data.Slice(0, length)).Ticks;
        }
        ReadRow();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            ReadRow();
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.NotEqual(0, sink);
    }
}
