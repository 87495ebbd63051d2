using Driver.Core.Protocol;
using Driver.Core.Types;
#if !TEST_SERVER
// also compiled into the tests, benchmarks and parser fuzzer against the sync build's internals
using Driver.Sync;
#endif

namespace Driver.TestServer.Protocol;

/// <summary>
/// Reads input parameter values in parameter encoding (docs/protocol.md §7.4), as the test server receives them. Values
/// are decoded by the type code actually present, since clients choose codes differently; any code ≥ 0x80 is NULL.
/// </summary>
internal static class ParameterValueReader
{
    /// <summary>
    /// Reads one value. <paramref name="typeCode"/> is the code sent (without bit 7 for NULL). LOB types give their
    /// <see cref="LobInputDescriptor"/> (the data follows the row's fixed fields, §10.2); FIXEDn values use
    /// <paramref name="scale"/> from the parameter metadata; a REAL_VECTOR sent as BINARY stays a byte[]
    /// (<see cref="RealVectorCodec.Decode"/> converts it).
    /// </summary>
    public static object? Read(ref SpanReader reader, out HanaTypeCode typeCode, int scale = 0)
    {
        var code = reader.ReadByte();
        typeCode = (HanaTypeCode)(code & 0x7F);
        if (code >= 0x80)
        {
            return null;
        }
        var type = typeCode;
        switch (type)
        {
            case HanaTypeCode.TinyInt:
                return reader.ReadByte();
            case HanaTypeCode.SmallInt:
                return reader.ReadInt16();
            case HanaTypeCode.Int:
                return reader.ReadInt32();
            case HanaTypeCode.BigInt:
                return reader.ReadInt64();
            case HanaTypeCode.Real:
                return reader.ReadSingle();
            case HanaTypeCode.Double:
                return reader.ReadDouble();
            case HanaTypeCode.Decimal:
            {
                var bytes = reader.ReadBytes(Decimal128.Size);
                if (Decimal128.IsNull(bytes))
                {
                    return null;
                }
                return Decimal128.TryDecode(bytes, out var small) ? (object)small : Decimal128.Decode(bytes);
            }
            case HanaTypeCode.Fixed8:
            case HanaTypeCode.Fixed12:
            case HanaTypeCode.Fixed16:
            {
                var bytes = reader.ReadBytes(FixedDecimal.GetSize(type));
                return FixedDecimal.TryDecode(bytes, scale, out var small) ? (object)small : FixedDecimal.Decode(bytes, scale);
            }
            case HanaTypeCode.Boolean:
                // 0x00 false, 0x02 true; [G] sends 0x01 for NULL (§7.4)
                return reader.ReadByte() switch
                {
                    0 => false,
                    1 => null,
                    2 => true,
                    var other => throw new HanaProtocolException($"Invalid BOOLEAN parameter byte 0x{other:X2}."),
                };
            case HanaTypeCode.Date:
            {
                var bytes = reader.ReadBytes(4);
                return DateTimeCodec.HasDate(bytes) ? DateTimeCodec.DecodeDate(bytes) : null;
            }
            case HanaTypeCode.Time:
            {
                var bytes = reader.ReadBytes(4);
                return DateTimeCodec.HasTime(bytes) ? DateTimeCodec.DecodeTime(bytes) : null;
            }
            case HanaTypeCode.Timestamp:
            {
                var bytes = reader.ReadBytes(8);
                return DateTimeCodec.HasDate(bytes) && DateTimeCodec.HasTime(bytes.Slice(4)) ? DateTimeCodec.DecodeTimestamp(bytes) : null;
            }
            case HanaTypeCode.DayDate:
            {
                var raw = reader.ReadInt32();
                return raw is 0 or DateTimeCodec.DayDateNull ? null : DateTimeCodec.FromDayNumber(raw);
            }
            case HanaTypeCode.SecondTime:
            {
                var raw = reader.ReadInt32();
                return raw is 0 or DateTimeCodec.SecondTimeNull ? null : DateTimeCodec.FromSecondTime(raw);
            }
            case HanaTypeCode.SecondDate:
            {
                var raw = reader.ReadInt64();
                return raw is 0 or DateTimeCodec.SecondDateNull ? null : DateTimeCodec.FromSecondDate(raw);
            }
            case HanaTypeCode.LongDate:
            {
                var raw = reader.ReadInt64();
                return raw is 0 or DateTimeCodec.LongDateNull ? null : DateTimeCodec.FromLongDate(raw);
            }
            case HanaTypeCode.RealVector:
                return TryReadLengthIndicated(ref reader, out var vector) ? RealVectorCodec.Decode(vector) : null;
        }
        if (HanaTypeInfo.IsCharacterString(type) || type == HanaTypeCode.AlphaNum)
        {
            return TryReadLengthIndicated(ref reader, out var text) ? Cesu8.Decode(text) : null;
        }
        if (HanaTypeInfo.IsBinaryString(type))
        {
            return TryReadLengthIndicated(ref reader, out var bytes) ? bytes.ToArray() : null;
        }
        if (HanaTypeInfo.IsLob(type))
        {
            var options = (LobOptions)reader.ReadByte();
            var length = reader.ReadInt32();
            var position = reader.ReadInt32();
            if (length < 0)
            {
                throw new HanaProtocolException($"Negative LOB data length {length} in a LOB input descriptor.");
            }
            return new LobInputDescriptor(options, length, position);
        }
        throw new HanaProtocolException($"Unsupported parameter type code {code} ({type}).");
    }

    /// <summary>A §5.3 length-indicated field; false for 0xFF (PyHDB's NULL string form, §7.4).</summary>
    private static bool TryReadLengthIndicated(ref SpanReader reader, out ReadOnlySpan<byte> bytes)
    {
        var length = reader.ReadLengthIndicator();
        if (length < 0)
        {
            bytes = default;
            return false;
        }
        bytes = reader.ReadBytes(length);
        return true;
    }
}
