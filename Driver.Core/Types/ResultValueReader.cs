using Driver.Core.Protocol;
using System.Buffers.Binary;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Types;

// This file: NULL, the untyped getter and the exceptions every getter throws; the typed getters and the row
// indexing live in ResultValueReader.*.cs, one file per kind of value.
/// <summary>
/// Reads values in result-set encoding (docs/protocol.md §7.3: RESULTSET rows and OUTPUTPARAMETERS). A row is indexed
/// with <see cref="GetLength"/>; the typed getters then take exactly one value's bytes. Fixed-size getters allocate
/// nothing. Getters widen losslessly (GetInt64 on an INT column) and throw <see cref="InvalidCastException"/> for
/// other type pairs or for NULL; malformed bytes throw <see cref="HanaProtocolException"/>.
/// </summary>
internal static partial class ResultValueReader
{
    /// <summary>Metadata scale of a floating DECIMAL without fixed scale (§6.21, §7.3.4).</summary>
    public const int FloatingScale = 32767;

    /// <summary>True if the value (exactly one value's bytes) is NULL.</summary>
    public static bool IsNull(HanaTypeCode type, ReadOnlySpan<byte> value)
    {
        switch (type)
        {
            case HanaTypeCode.TinyInt:
            case HanaTypeCode.SmallInt:
            case HanaTypeCode.Int:
            case HanaTypeCode.BigInt:
            case HanaTypeCode.Fixed8:
            case HanaTypeCode.Fixed12:
            case HanaTypeCode.Fixed16:
                return value[0] == 0;
            case HanaTypeCode.Boolean:
                return value[0] == 1;
            case HanaTypeCode.Real:
                return BinaryPrimitives.ReadInt32LittleEndian(value) == -1;
            case HanaTypeCode.Double:
                return BinaryPrimitives.ReadInt64LittleEndian(value) == -1;
            case HanaTypeCode.Decimal:
                return Decimal128.IsNull(value);
            case HanaTypeCode.Date:
                return !DateTimeCodec.HasDate(value);
            case HanaTypeCode.Time:
                return !DateTimeCodec.HasTime(value);
            case HanaTypeCode.Timestamp:
                // a half-NULL value counts as NULL, like [G]; servers never send one (§7.3.7)
                return !DateTimeCodec.HasDate(value) || !DateTimeCodec.HasTime(value.Slice(4));
            case HanaTypeCode.DayDate:
            {
                // 0 is the "empty date", read as NULL like [N] (§7.3.8)
                var raw = BinaryPrimitives.ReadInt32LittleEndian(value);
                return raw is 0 or DateTimeCodec.DayDateNull;
            }
            case HanaTypeCode.SecondTime:
            {
                var raw = BinaryPrimitives.ReadInt32LittleEndian(value);
                return raw is 0 or DateTimeCodec.SecondTimeNull;
            }
            case HanaTypeCode.SecondDate:
            {
                var raw = BinaryPrimitives.ReadInt64LittleEndian(value);
                return raw is 0 or DateTimeCodec.SecondDateNull;
            }
            case HanaTypeCode.LongDate:
            {
                var raw = BinaryPrimitives.ReadInt64LittleEndian(value);
                return raw is 0 or DateTimeCodec.LongDateNull;
            }
            default:
                if (HanaTypeInfo.IsLob(type))
                {
                    return (value[1] & (byte)LobOptions.Null) != 0;
                }
                return value[0] == 255;
        }
    }

    // ---- untyped ----

    /// <summary>The value as its natural .NET type, or null for NULL.</summary>
    public static object? GetValue(HanaTypeCode type, int scale, ReadOnlySpan<byte> value)
    {
        if (IsNull(type, value))
        {
            return null;
        }
        switch (type)
        {
            case HanaTypeCode.TinyInt:
                return GetByte(type, value);
            case HanaTypeCode.SmallInt:
                return GetInt16(type, value);
            case HanaTypeCode.Int:
                return GetInt32(type, value);
            case HanaTypeCode.BigInt:
                return GetInt64(type, value);
            case HanaTypeCode.Real:
                return GetSingle(type, value);
            case HanaTypeCode.Double:
                return GetDouble(type, value);
            case HanaTypeCode.Boolean:
                return GetBoolean(type, value);
            case HanaTypeCode.Decimal:
            {
                if (Decimal128.TryDecode(value, out var result))
                {
                    return scale is >= 0 and <= 28 ? DecimalScaling.WithScaleIfExact(result, scale) : result;
                }
                return GetHanaDecimal(type, scale, value);
            }
            case HanaTypeCode.Fixed8:
            case HanaTypeCode.Fixed12:
            case HanaTypeCode.Fixed16:
            {
                var raw = value.Slice(1, FixedDecimal.GetSize(type));
                return FixedDecimal.TryDecode(raw, scale, out var result) ? (object)result : FixedDecimal.Decode(raw, scale);
            }
            case HanaTypeCode.Date:
            case HanaTypeCode.Timestamp:
            case HanaTypeCode.DayDate:
            case HanaTypeCode.SecondDate:
            case HanaTypeCode.LongDate:
                return GetDateTime(type, value);
            case HanaTypeCode.Time:
            case HanaTypeCode.SecondTime:
                return GetTimeSpan(type, value);
            case HanaTypeCode.AlphaNum:
                return GetString(type, value);
            case HanaTypeCode.RealVector:
                return GetRealVector(type, value);
            default:
                if (HanaTypeInfo.IsCharacterString(type))
                {
                    return GetString(type, value);
                }
                if (HanaTypeInfo.IsBinaryString(type))
                {
                    return GetBytes(type, value);
                }
                if (HanaTypeInfo.IsLob(type))
                {
                    return GetLobDescriptor(type, value);
                }
                throw new HanaProtocolException($"Unsupported type code {(int)type} ({type}) in a result row.");
        }
    }

    private static InvalidCastException Incompatible(HanaTypeCode type, string target) =>
        new($"A {type} value cannot be read as {target}.");

    private static InvalidCastException NullValue(HanaTypeCode type) =>
        new($"The {type} value is NULL; check for NULL before calling a typed getter.");

    private static OverflowException TooBigForDecimal(HanaTypeCode type, string text) =>
        new($"The {type} value {text} does not fit System.Decimal without loss; read it as HanaDecimal.");
}
