using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Driver.Core.Protocol;
using Driver.Core.Types;
using Driver.Sync;

using Driver.TestServer.Protocol;
using Driver.Tests.Vectors;

namespace Driver.Tests.Types;

/// <summary>
/// Every "value" vector of the shared index: decode the recorded bytes, compare with the decoded meaning in the index,
/// and re-encode where the encoding is canonical. New vectors are picked up without new code.
/// </summary>
public class ValueVectorTests
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static IEnumerable<object[]> ValueVectors() =>
        VectorIndex.Entries.Values.Where(e => e.Layer == "value").Select(e => new object[] { e.File });

    [Theory]
    [MemberData(nameof(ValueVectors))]
    public void VectorDecodesAsIndexedAndReencodes(string file)
    {
        var entry = VectorIndex.Get(file).Json;
        var bytes = VectorIndex.Get(file).Bytes;
        var expected = entry.GetProperty("expected");
        Assert.Equal(expected.GetProperty("byteCount").GetInt32(), bytes.Length);
        var partKind = entry.GetProperty("partKind");
        var typeCode = entry.GetProperty("typeCode");

        if (partKind.ValueKind == JsonValueKind.Number && partKind.GetInt32() == (int)PartKind.Parameters)
        {
            CheckParameters(bytes, expected);
        }
        else if (partKind.ValueKind == JsonValueKind.Number && partKind.GetInt32() == (int)PartKind.ResultSet)
        {
            CheckResultValues((HanaTypeCode)typeCode.GetInt32(), bytes, expected);
        }
        else if (typeCode.ValueKind == JsonValueKind.Null)
        {
            CheckText(bytes, expected);
        }
        else
        {
            CheckRawValues((HanaTypeCode)typeCode.GetInt32(), bytes, expected);
        }
    }

    // ---- result-set encoding ----

    private static void CheckResultValues(HanaTypeCode type, byte[] data, JsonElement expected)
    {
        var values = expected.GetProperty("values").EnumerateArray().ToArray();
        var fractions = expected.TryGetProperty("fractions", out var f) ? f.EnumerateArray().Select(x => x.GetInt32()).ToArray() : null;
        var position = 0;
        using var writer = new PacketWriter();
        for (var i = 0; i < values.Length; i++)
        {
            var item = values[i];
            var length = ResultValueReader.GetLength(type, data.AsSpan(position));
            var value = data.AsSpan(position, length);
            var scale = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("fraction", out var fr) ? fr.GetInt32()
                : fractions is not null ? fractions[i]
                : item.ValueKind == JsonValueKind.Object && item.TryGetProperty("scale", out var sc) ? sc.GetInt32()
                : ResultValueReader.FloatingScale;
            var (canonical, reencode) = CheckResultValue(type, scale, value, item);
            if (canonical)
            {
                writer.Reset();
                if (reencode is Action<PacketWriter> custom)
                {
                    custom(writer);
                }
                else
                {
                    ResultValueWriter.Write(writer, type, scale, reencode);
                }
                Assert.Equal(Convert.ToHexString(value), Convert.ToHexString(writer.WrittenSpan));
            }
            position += length;
        }
        Assert.Equal(data.Length, position);
    }

    /// <summary>Checks one value; returns whether it is canonical and what to re-encode it from.</summary>
    internal static (bool Canonical, object? Reencode) CheckResultValue(HanaTypeCode type, int scale, ReadOnlySpan<byte> value, JsonElement item)
    {
        if (item.ValueKind == JsonValueKind.Null)
        {
            Assert.True(ResultValueReader.IsNull(type, value));
            Assert.Null(ResultValueReader.GetValue(type, scale, value));
            // Old date/time NULLs only need the presence bit clear; the canonical form is all zero (§7.3.7).
            var oldDateTime = type is HanaTypeCode.Date or HanaTypeCode.Time or HanaTypeCode.Timestamp;
            return (!oldDateTime || value.IndexOfAnyExcept((byte)0) < 0, null);
        }
        switch (type)
        {
            case HanaTypeCode.TinyInt:
            case HanaTypeCode.SmallInt:
            case HanaTypeCode.Int:
            case HanaTypeCode.BigInt:
            {
                var expected = Integer(item);
                Assert.Equal(expected, ResultValueReader.GetInt64(type, value));
                Assert.Equal(expected, Convert.ToInt64(ResultValueReader.GetValue(type, scale, value), Invariant));
                return (true, expected);
            }
            case HanaTypeCode.Real:
            {
                var expected = float.Parse(item.GetString()!, Invariant);
                var actual = ResultValueReader.GetSingle(type, value);
                if (float.IsNaN(expected))
                {
                    Assert.True(float.IsNaN(actual));
                    return (false, null);
                }
                Assert.Equal(expected, actual);
                return (true, actual);
            }
            case HanaTypeCode.Double:
            {
                var expected = double.Parse(item.GetString()!, Invariant);
                var actual = ResultValueReader.GetDouble(type, value);
                if (double.IsNaN(expected))
                {
                    Assert.True(double.IsNaN(actual));
                    return (false, null);
                }
                Assert.Equal(expected, actual);
                return (true, actual);
            }
            case HanaTypeCode.Decimal:
                return CheckDecimal(type, scale, value, item);
            case HanaTypeCode.Fixed8:
            case HanaTypeCode.Fixed12:
            case HanaTypeCode.Fixed16:
            {
                var actual = ResultValueReader.GetHanaDecimal(type, scale, value);
                Assert.Equal(BigInteger.Parse(item.GetProperty("unscaled").GetString()!, Invariant), actual.UnscaledValue);
                Assert.Equal(item.GetProperty("value").GetString(), actual.ToString());
                if (ResultValueReader.GetValue(type, scale, value) is decimal small)
                {
                    Assert.Equal(item.GetProperty("value").GetString(), small.ToString(Invariant));
                }
                return (true, actual);
            }
            case HanaTypeCode.Boolean:
            {
                var expected = item.GetBoolean();
                Assert.Equal(expected, ResultValueReader.GetBoolean(type, value));
                return (true, expected);
            }
            case HanaTypeCode.Date:
            {
                var expected = DateTime.ParseExact(item.GetString()!, "yyyy-MM-dd", Invariant);
                Assert.Equal(expected, ResultValueReader.GetDateTime(type, value));
                return (true, expected);
            }
            case HanaTypeCode.Time:
            {
                var expected = ParseTime(item.GetString()!);
                Assert.Equal(expected, ResultValueReader.GetTimeSpan(type, value));
                return (true, expected);
            }
            case HanaTypeCode.Timestamp:
                return CheckTimestamp(type, value, item);
            case HanaTypeCode.DayDate:
            case HanaTypeCode.SecondTime:
            case HanaTypeCode.SecondDate:
            case HanaTypeCode.LongDate:
                return CheckDayBased(type, value, item);
            case HanaTypeCode.AlphaNum:
            {
                var expected = item.GetProperty("value").GetString()!;
                Assert.Equal(expected, ResultValueReader.GetString(type, value));
                // The writer sends the value's own length as field length, so only unpadded values are canonical.
                return (item.GetProperty("chars").GetString() == expected, expected);
            }
            case HanaTypeCode.RealVector:
            {
                var expected = item.EnumerateArray().Select(x => float.Parse(x.GetString()!, Invariant)).ToArray();
                var actual = ResultValueReader.GetRealVector(type, value);
                Assert.Equal(expected, actual);
                return (true, actual);
            }
        }
        if (HanaTypeInfo.IsLob(type))
        {
            return CheckLob(type, value, item);
        }
        if (HanaTypeInfo.IsCharacterString(type))
        {
            var expected = item.GetString()!;
            Assert.Equal(expected, ResultValueReader.GetString(type, value));
            // A 4-byte UTF-8 sequence is accepted on input, but the writer produces CESU-8 (§5.5).
            var isUtf8Supplementary = value.IndexOfAnyInRange((byte)0xF0, (byte)0xF4) >= 0;
            return (!isUtf8Supplementary, expected);
        }
        if (HanaTypeInfo.IsBinaryString(type))
        {
            var actual = ResultValueReader.GetBytes(type, value);
            if (item.TryGetProperty("hex", out var hex))
            {
                Assert.Equal(hex.GetString(), Convert.ToHexString(actual).ToLowerInvariant());
            }
            else
            {
                Assert.Equal(item.GetProperty("length").GetInt32(), actual.Length);
                Assert.True(item.GetProperty("allZero").GetBoolean() == actual.All(b => b == 0));
            }
            return (true, actual);
        }
        throw new Xunit.Sdk.XunitException($"No check for type {type}.");
    }

    private static (bool, object?) CheckDecimal(HanaTypeCode type, int scale, ReadOnlySpan<byte> value, JsonElement item)
    {
        if (item.TryGetProperty("hex", out var hex))
        {
            Assert.Equal(hex.GetString(), Convert.ToHexString(value).ToLowerInvariant());
        }
        if (item.TryGetProperty("renderedAtScale", out var rendered))
        {
            // val_decimal_rescaled: the value presented at the column's scale (§7.3.4)
            Assert.Equal(rendered.GetString(), ResultValueReader.GetHanaDecimal(type, scale, value).ToString());
            Assert.Equal(HanaDecimal.Parse(item.GetProperty("decoded").GetString()!), ResultValueReader.GetHanaDecimal(type, ResultValueReader.FloatingScale, value));
            return (false, null);
        }
        if (item.TryGetProperty("value", out var nullValue) && nullValue.ValueKind == JsonValueKind.Null && !item.TryGetProperty("coefficient", out _))
        {
            Assert.True(ResultValueReader.IsNull(type, value));
            // Only 00 x 15 70 is the canonical NULL (§7.3.4).
            var canonicalNull = value[15] == 0x70 && value.Slice(0, 15).IndexOfAnyExcept((byte)0) < 0;
            return (canonicalNull, null);
        }
        Assert.False(ResultValueReader.IsNull(type, value));
        var actual = ResultValueReader.GetHanaDecimal(type, scale, value);
        var negative = item.GetProperty("sign").GetString() == "-";
        var coefficient = BigInteger.Parse(item.GetProperty("coefficient").GetString()!, Invariant);
        var exponent = item.GetProperty("exponent").GetInt32();
        Assert.Equal(negative, actual.IsNegative);
        Assert.Equal(coefficient, actual.Coefficient);
        Assert.Equal(exponent, actual.Exponent);
        var text = item.GetProperty("value");
        if (text.ValueKind == JsonValueKind.String && !coefficient.IsZero)
        {
            Assert.Equal(text.GetString(), actual.ToString());
        }
        if (actual.TryToDecimal(out var small))
        {
            Assert.Equal(small, ResultValueReader.GetDecimal(type, scale, value));
        }
        else
        {
            var copy = value.ToArray();
            Assert.Throws<OverflowException>(() => ResultValueReader.GetDecimal(type, scale, copy));
            Assert.IsType<HanaDecimal>(ResultValueReader.GetValue(type, scale, value));
        }
        // The writers normalize; reproduce the recorded bytes with the exact encoder.
        return (true, (Action<PacketWriter>)(w =>
        {
            var buffer = new byte[16];
            Decimal128.EncodeExact(negative, coefficient, exponent, buffer);
            w.WriteBytes(buffer);
        }));
    }

    private static (bool, object?) CheckTimestamp(HanaTypeCode type, ReadOnlySpan<byte> value, JsonElement item)
    {
        var date = item.GetProperty("date");
        var time = item.GetProperty("time");
        Assert.Equal(date.ValueKind == JsonValueKind.Null, !DateTimeCodec.HasDate(value));
        Assert.Equal(time.ValueKind == JsonValueKind.Null, !DateTimeCodec.HasTime(value.Slice(4)));
        if (date.ValueKind == JsonValueKind.Null || time.ValueKind == JsonValueKind.Null)
        {
            // half-NULL values read as NULL (like [G]); a server never sends them (§7.3.7)
            Assert.True(ResultValueReader.IsNull(type, value));
            if (date.ValueKind != JsonValueKind.Null)
            {
                Assert.Equal(DateTime.ParseExact(date.GetString()!, "yyyy-MM-dd", Invariant), DateTimeCodec.DecodeDate(value));
            }
            if (time.ValueKind != JsonValueKind.Null)
            {
                Assert.Equal(ParseTime(time.GetString()!), DateTimeCodec.DecodeTime(value.Slice(4)));
            }
            return (false, null);
        }
        var expected = DateTime.ParseExact(date.GetString()!, "yyyy-MM-dd", Invariant) + ParseTime(time.GetString()!);
        Assert.Equal(expected, ResultValueReader.GetDateTime(type, value));
        return (true, expected);
    }

    private static (bool, object?) CheckDayBased(HanaTypeCode type, ReadOnlySpan<byte> value, JsonElement item)
    {
        var raw = Integer(item.GetProperty("raw"));
        Assert.Equal(raw, value.Length == 4 ? BinaryPrimitives.ReadInt32LittleEndian(value) : BinaryPrimitives.ReadInt64LittleEndian(value));
        var text = item.GetProperty("value");
        if (text.ValueKind == JsonValueKind.Null)
        {
            Assert.True(ResultValueReader.IsNull(type, value));
            Assert.Null(ResultValueReader.GetValue(type, 0, value));
            // 0 is an "empty" value read as NULL; only the NULL marker is what a writer produces.
            return (raw != 0, null);
        }
        Assert.False(ResultValueReader.IsNull(type, value));
        if (type == HanaTypeCode.SecondTime)
        {
            var time = ParseTime(text.GetString()!);
            Assert.Equal(time, ResultValueReader.GetTimeSpan(type, value));
            return (true, time);
        }
        var format = type switch
        {
            HanaTypeCode.DayDate => "yyyy-MM-dd",
            HanaTypeCode.SecondDate => "yyyy-MM-dd HH:mm:ss",
            _ => "yyyy-MM-dd HH:mm:ss.fffffff",
        };
        var expected = DateTime.ParseExact(text.GetString()!, format, Invariant);
        var actual = ResultValueReader.GetDateTime(type, value);
        Assert.Equal(expected, actual);
        return (true, actual);
    }

    private static (bool, object?) CheckLob(HanaTypeCode type, ReadOnlySpan<byte> value, JsonElement item)
    {
        var descriptor = ResultValueReader.GetLobDescriptor(type, value);
        var sourceType = (LobSourceType)item.GetProperty("sourceType").GetInt32();
        var options = (LobOptions)item.GetProperty("options").GetInt32();
        Assert.Equal(sourceType, descriptor.SourceType);
        Assert.Equal(options, descriptor.Options);
        Assert.Equal(item.GetProperty("descriptorBytes").GetInt32(), value.Length);
        if (item.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Null)
        {
            Assert.True(descriptor.IsNull);
            Assert.True(ResultValueReader.IsNull(type, value));
            return (true, (Action<PacketWriter>)(w => ResultValueWriter.WriteLobDescriptor(w, sourceType, options, 0, 0, 0, default)));
        }
        var charLength = long.Parse(item.GetProperty("charLength").GetString()!, Invariant);
        var byteLength = long.Parse(item.GetProperty("byteLength").GetString()!, Invariant);
        var locator = BinaryPrimitives.ReadInt64LittleEndian(Convert.FromHexString(item.GetProperty("locatorId").GetString()!));
        Assert.Equal(charLength, descriptor.CharLength);
        Assert.Equal(byteLength, descriptor.ByteLength);
        Assert.Equal(locator, descriptor.LocatorId);
        Assert.Equal(item.GetProperty("chunkLength").GetInt32(), descriptor.ChunkLength);
        Assert.Equal(item.GetProperty("dataIncluded").GetBoolean(), descriptor.IsDataIncluded);
        Assert.Equal(item.GetProperty("lastData").GetBoolean(), descriptor.IsLastData);
        var chunk = descriptor.GetChunk(value).ToArray();
        if (item.TryGetProperty("chunkSha256", out var chunkSha256) && chunkSha256.ValueKind == JsonValueKind.String)
        {
            Assert.Equal(chunkSha256.GetString(), Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(chunk)).ToLowerInvariant());
        }
        if (item.TryGetProperty("chunkHex", out var chunkHex) && chunkHex.ValueKind == JsonValueKind.String)
        {
            Assert.Equal(chunkHex.GetString(), Convert.ToHexString(chunk).ToLowerInvariant());
            Assert.Equal(chunk, ResultValueReader.GetBytes(type, value));
        }
        if (item.TryGetProperty("chunkText", out var chunkText))
        {
            Assert.Equal(chunkText.GetString(), ResultValueReader.GetString(type, value));
        }
        return (true, (Action<PacketWriter>)(w => ResultValueWriter.WriteLobDescriptor(w, sourceType, options, charLength, byteLength, locator, chunk)));
    }

    // ---- raw values without presence byte ----

    private static void CheckRawValues(HanaTypeCode type, byte[] data, JsonElement expected)
    {
        var values = expected.GetProperty("values").EnumerateArray().ToArray();
        var size = type == HanaTypeCode.BigInt ? 8 : FixedDecimal.GetSize(type);
        Assert.Equal(values.Length * size, data.Length);
        for (var i = 0; i < values.Length; i++)
        {
            var raw = data.AsSpan(i * size, size);
            var item = values[i];
            var buffer = new byte[size];
            if (type == HanaTypeCode.BigInt)
            {
                var expectedValue = Integer(item);
                Assert.Equal(expectedValue, BinaryPrimitives.ReadInt64LittleEndian(raw));
                // in a row the same 8 bytes follow the presence byte
                var row = new byte[9];
                row[0] = 1;
                raw.CopyTo(row.AsSpan(1));
                Assert.Equal(expectedValue, ResultValueReader.GetInt64(type, row));
                using var writer = new PacketWriter();
                ResultValueWriter.Write(writer, type, 0, expectedValue);
                Assert.Equal(row, writer.WrittenSpan.ToArray());
                continue;
            }
            var scale = item.GetProperty("fraction").GetInt32();
            Assert.Equal(item.GetProperty("hex").GetString(), Convert.ToHexString(raw).ToLowerInvariant());
            var unscaled = BigInteger.Parse(item.GetProperty("unscaled").GetString()!, Invariant);
            var actual = FixedDecimal.Decode(raw, scale);
            Assert.Equal(unscaled, actual.UnscaledValue);
            Assert.Equal(item.GetProperty("value").GetString(), actual.ToString());
            if (FixedDecimal.TryDecode(raw, scale, out var small))
            {
                Assert.Equal(actual, (HanaDecimal)small);
            }
            FixedDecimal.Encode(actual, scale, buffer);
            Assert.Equal(raw.ToArray(), buffer);
        }
    }

    // ---- CESU-8 text ----

    private static void CheckText(byte[] data, JsonElement expected)
    {
        var text = expected.GetProperty("text").GetString()!;
        Assert.Equal(text, Cesu8.Decode(data));
        Assert.Equal(data, Cesu8.GetBytes(text));
        Assert.Equal(text.Length, Cesu8.GetUtf16Length(data));
        if (expected.TryGetProperty("chars", out var chars))
        {
            foreach (var c in chars.EnumerateArray())
            {
                var scalar = int.Parse(c.GetProperty("codePoint").GetString()!.Substring(2), NumberStyles.HexNumber, Invariant);
                Assert.Equal(c.GetProperty("hex").GetString(), Convert.ToHexString(Cesu8.GetBytes(char.ConvertFromUtf32(scalar))).ToLowerInvariant());
            }
        }
        if (expected.TryGetProperty("utf8Hex", out var utf8))
        {
            Assert.Equal(text, Cesu8.Decode(Convert.FromHexString(utf8.GetString()!)));
        }
        if (expected.TryGetProperty("utf16CodeUnits", out var units))
        {
            Assert.Equal(units.GetInt32(), Cesu8.GetUtf16Length(data));
        }
    }

    // ---- parameter encoding ----

    private static void CheckParameters(byte[] data, JsonElement expected)
    {
        var reader = new SpanReader(data);
        using var writer = new PacketWriter();
        foreach (var item in expected.GetProperty("values").EnumerateArray())
        {
            var start = reader.Position;
            var actual = ParameterValueReader.Read(ref reader, out var type);
            Assert.Equal(item.GetProperty("typeCode").GetInt32(), (int)type);
            var value = item.GetProperty("value");
            object expectedValue = type switch
            {
                HanaTypeCode.Date => DateTime.ParseExact(value.GetString()!, "yyyy-MM-dd", Invariant),
                HanaTypeCode.Time => ParseTime(value.GetString()!),
                HanaTypeCode.Timestamp => DateTime.ParseExact(value.GetProperty("date").GetString()!, "yyyy-MM-dd", Invariant)
                    + ParseTime(value.GetProperty("time").GetString()!),
                HanaTypeCode.Decimal => HanaDecimal.Parse(value.GetProperty("value").GetString()!),
                _ => ExpandText(value.GetString()!),
            };
            if (type == HanaTypeCode.Decimal)
            {
                var exact = actual as HanaDecimal? ?? (HanaDecimal)(decimal)actual!;
                Assert.Equal((HanaDecimal)expectedValue, exact);
            }
            else
            {
                Assert.Equal(expectedValue, actual);
            }
            writer.Reset();
            ParameterValueWriter.Write(writer, type, 0, actual);
            Assert.Equal(Convert.ToHexString(data.AsSpan(start, reader.Position - start)), Convert.ToHexString(writer.WrittenSpan));
        }
        Assert.True(reader.AtEnd);
    }

    /// <summary>"U+6731 repeated 3500 times" stands for the long text itself.</summary>
    private static string ExpandText(string text)
    {
        var match = Regex.Match(text, @"^U\+([0-9A-F]{4,6}) repeated (\d+) times$");
        if (!match.Success)
        {
            return text;
        }
        var unit = char.ConvertFromUtf32(int.Parse(match.Groups[1].Value, NumberStyles.HexNumber, Invariant));
        return string.Concat(Enumerable.Repeat(unit, int.Parse(match.Groups[2].Value, Invariant)));
    }

    private static long Integer(JsonElement item) =>
        item.ValueKind == JsonValueKind.String ? long.Parse(item.GetString()!, Invariant) : item.GetInt64();

    private static TimeSpan ParseTime(string text) =>
        TimeSpan.ParseExact(text, text.Contains('.') ? @"hh\:mm\:ss\.FFFFFFF" : @"hh\:mm\:ss", Invariant);
}
