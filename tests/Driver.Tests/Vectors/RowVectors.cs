using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.Core.Types;
using Driver.Sync;
using Driver.TestServer.Protocol;
using Driver.Tests.Types;

namespace Driver.Tests.Vectors;

/// <summary>
/// Row parts of the vectors: RESULTSET and OUTPUTPARAMETERS rows (result-set encoding, checked value by value
/// with the column types the index gives) and PARAMETERS rows (parameter encoding, rendered in the index's
/// conventions and compared). Returns how many values were checked.
/// </summary>
internal static class RowVectors
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Column types for a row part: from metadata in the same segment, or from the index.</summary>
    public static (string Name, HanaTypeCode Type, int Fraction)[]? ColumnsFor(JsonElement expected)
    {
        foreach (var key in new[] { "columnsUsedForDecoding", "columns" })
        {
            if (expected.TryGetProperty(key, out var columns))
            {
                return columns.EnumerateArray()
                    .Select(c => (c.GetProperty("name").GetString()!, (HanaTypeCode)c.GetProperty("typeCode").GetInt32(), c.TryGetProperty("fraction", out var f) ? f.GetInt32() : 0))
                    .ToArray();
            }
        }
        return null;
    }

    public static (string Name, HanaTypeCode Type, int Fraction)[] ColumnsFrom(ColumnMetadata[] columns) =>
        columns.Select(c => (c.DisplayName ?? c.ColumnName ?? string.Empty, c.TypeCode, c.Fraction == 32767 ? 32767 : (int)c.Fraction)).ToArray();

    /// <summary>A part vector in the index whose bytes equal <paramref name="bytes"/> (it carries the column types).</summary>
    public static JsonElement? TwinPartVector(byte[] bytes) =>
        VectorIndex.Entries.Values.FirstOrDefault(v => v.Layer == "part" && v.Bytes.AsSpan().SequenceEqual(bytes))?.Expected;

    public static int CheckResultRows(byte[] buffer, int rowCount, (string Name, HanaTypeCode Type, int Fraction)[] columns, JsonElement expectedRows)
    {
        var rows = expectedRows.EnumerateArray().ToArray();
        Assert.Equal(rows.Length, rowCount);
        var position = 0;
        var checkedValues = 0;
        foreach (var row in rows)
        {
            foreach (var (name, type, fraction) in columns)
            {
                var length = ResultValueReader.GetLength(type, buffer.AsSpan(position));
                if (row.TryGetProperty(name, out var expected))
                {
                    ValueVectorTests.CheckResultValue(type, fraction, buffer.AsSpan(position, length), expected);
                    checkedValues++;
                }
                position += length;
            }
        }
        Assert.Equal(buffer.Length, position);
        return checkedValues;
    }

    /// <summary>OUTPUTPARAMETERS (§6.25): one row of the OUT and INOUT parameters, in result-set encoding.</summary>
    public static int CheckOutputParameters(byte[] buffer, JsonElement expected)
    {
        var parameters = expected.GetProperty("parametersUsedForDecoding").EnumerateArray()
            .Where(p => p.GetProperty("ioType").GetInt32() != (int)ParameterMode.In)
            .Select(p => (p.GetProperty("name").GetString()!, (HanaTypeCode)p.GetProperty("typeCode").GetInt32(), 0))
            .ToArray();
        var values = expected.GetProperty("decoded").GetProperty("values");
        using var rows = JsonDocument.Parse($"[{values.GetRawText()}]");
        return CheckResultRows(buffer, 1, parameters, rows.RootElement);
    }

    /// <summary>PARAMETERS rows (§6.24): decoded by the type code present and compared with the index.</summary>
    public static int CheckParameters(byte[] buffer, JsonElement expected)
    {
        var reader = new SpanReader(buffer);
        var count = 0;
        // LOB data follows the row's fixed fields (§10.2), so LOB values are compared once it is read
        var lobs = new List<(JsonElement Expected, LobInputDescriptor Descriptor, HanaTypeCode Type)>();
        foreach (var item in expected.GetProperty("values").EnumerateArray())
        {
            var start = reader.Position;
            var fraction = item.TryGetProperty("fraction", out var f) ? f.GetInt32() : 0;
            var value = ParameterValueReader.Read(ref reader, out var type, fraction);
            var sent = item.TryGetProperty("sentTypeCode", out var s) ? s.GetInt32() : item.GetProperty("typeCode").GetInt32();
            Assert.Equal(sent, (int)buffer[start]);
            if (value is LobInputDescriptor descriptor)
            {
                lobs.Add((item.GetProperty("value"), descriptor, type));
                continue;
            }
            count += JsonExpect.Match(item.GetProperty("value"), Render(value, type, fraction, buffer.AsSpan(start + 1, reader.Position - start - 1)));
        }
        foreach (var (expectedValue, descriptor, type) in lobs)
        {
            // the 1-based, row-relative position node-hdb writes (one row per part in these vectors)
            Assert.Equal(descriptor.Position - 1, reader.Position);
            var data = reader.ReadBytes(descriptor.Length);
            var expectedData = expectedValue.GetProperty("data");
            JsonNode rendered = type != HanaTypeCode.Blob
                ? Cesu8.Decode(data)
                : expectedData.ValueKind == JsonValueKind.Object && expectedData.TryGetProperty("sha256", out _)
                    ? new JsonObject { ["sha256"] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(data)).ToLowerInvariant(), ["bytes"] = data.Length }
                    : new JsonObject { ["hex"] = Convert.ToHexString(data).ToLowerInvariant() };
            count += JsonExpect.Match(expectedValue, new JsonObject
            {
                ["lobOptions"] = (int)descriptor.Options,
                ["length"] = descriptor.Length,
                ["position"] = descriptor.Position,
                ["data"] = rendered,
            });
        }
        Assert.True(reader.AtEnd, $"{reader.Remaining} bytes left after the parameters");
        return count;
    }

    /// <summary>One parameter value in the index's conventions (vectors README).</summary>
    private static JsonNode? Render(object? value, HanaTypeCode type, int fraction, ReadOnlySpan<byte> raw)
    {
        if (value is null)
        {
            return null;
        }
        switch (type)
        {
            case HanaTypeCode.BigInt:
                return ((long)value).ToString(Invariant);
            case HanaTypeCode.Real:
                return ((float)value).ToString("R", Invariant);
            case HanaTypeCode.Double:
                return ((double)value).ToString("R", Invariant);
            case HanaTypeCode.Decimal:
            {
                var exact = value as HanaDecimal? ?? (HanaDecimal)(decimal)value;
                var plain = Math.Abs(exact.Exponent) <= 120 ? exact.ToString() : null;
                return new JsonObject
                {
                    ["sign"] = exact.IsNegative ? "-" : "+",
                    ["coefficient"] = exact.Coefficient.ToString(Invariant),
                    ["exponent"] = exact.Exponent,
                    ["value"] = plain,
                };
            }
            case HanaTypeCode.Fixed8:
            case HanaTypeCode.Fixed12:
            case HanaTypeCode.Fixed16:
            {
                // System.Decimal keeps at most 28 fraction digits: render from the bytes at the declared scale
                var exact = FixedDecimal.Decode(raw, fraction);
                return new JsonObject { ["unscaled"] = exact.UnscaledValue.ToString(Invariant), ["scale"] = exact.Scale, ["value"] = exact.ToString() };
            }
            case HanaTypeCode.Date:
                return ((DateTime)value).ToString("yyyy-MM-dd", Invariant);
            case HanaTypeCode.Time:
                return Time((TimeSpan)value);
            case HanaTypeCode.Timestamp:
            {
                var stamp = (DateTime)value;
                return new JsonObject { ["date"] = stamp.ToString("yyyy-MM-dd", Invariant), ["time"] = Time(stamp.TimeOfDay) };
            }
            case HanaTypeCode.DayDate:
                return new JsonObject { ["raw"] = BinaryPrimitives.ReadInt32LittleEndian(raw), ["value"] = ((DateTime)value).ToString("yyyy-MM-dd", Invariant) };
            case HanaTypeCode.SecondTime:
                return new JsonObject { ["raw"] = BinaryPrimitives.ReadInt32LittleEndian(raw), ["value"] = ((TimeSpan)value).ToString(@"hh\:mm\:ss", Invariant) };
            case HanaTypeCode.SecondDate:
                return new JsonObject { ["raw"] = BinaryPrimitives.ReadInt64LittleEndian(raw).ToString(Invariant), ["value"] = ((DateTime)value).ToString("yyyy-MM-dd HH:mm:ss", Invariant) };
            case HanaTypeCode.LongDate:
                return new JsonObject { ["raw"] = BinaryPrimitives.ReadInt64LittleEndian(raw).ToString(Invariant), ["value"] = ((DateTime)value).ToString("yyyy-MM-dd HH:mm:ss.fffffff", Invariant) };
            case HanaTypeCode.Boolean:
                return (bool)value;
            case HanaTypeCode.TinyInt:
            case HanaTypeCode.SmallInt:
            case HanaTypeCode.Int:
                return Convert.ToInt64(value, Invariant);
        }
        return value switch
        {
            byte[] bytes => new JsonObject { ["hex"] = Convert.ToHexString(bytes).ToLowerInvariant() },
            string text => text,
            _ => value.ToString(),
        };
    }

    private static string Time(TimeSpan time) => time.Milliseconds == 0
        ? time.ToString(@"hh\:mm\:ss", Invariant)
        : time.ToString(@"hh\:mm\:ss\.fff", Invariant);
}
