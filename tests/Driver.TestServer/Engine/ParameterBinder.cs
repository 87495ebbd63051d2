using System.Numerics;
using System.Runtime.CompilerServices;
using DuckDB.NET.Native;
using PS = DuckDB.NET.Native.NativeMethods.PreparedStatements;

namespace Driver.TestServer.Engine;

/// <summary>
/// Binds .NET values to a DuckDB prepared statement in exactly the parameter's DuckDB type: a mismatched type makes
/// DuckDB re-bind the plan on every execute (TEST-SERVER-ENGINE.md §5). Unresolved parameters are bound by the value's
/// own type, or (<c>numericStrings</c> of <see cref="Bind"/>) with numeric-looking strings as numbers, for the binder-error retry.
/// </summary>
internal static class ParameterBinder
{
    public static void Bind(DuckDBPreparedStatement statement, long index, NativeType target, object? value, bool numericStrings = false)
    {
        var state = BindCore(statement, index, target, value, numericStrings);
        if (state != DuckDBState.Success)
        {
            throw new EngineException(266, "HY000", 0, $"inconsistent datatype: cannot bind parameter {index} ({value?.GetType().Name ?? "NULL"}) as {target}");
        }
    }

    private static DuckDBState BindCore(DuckDBPreparedStatement st, long i, NativeType target, object? value, bool numericStrings)
    {
        if (value is null or DBNull)
        {
            return PS.DuckDBBindNull(st, i);
        }

        switch (target.Type)
        {
            case DuckDBType.Boolean:
                return PS.DuckDBBindBoolean(st, i, ValueConverter.ToBoolean(value));
            case DuckDBType.TinyInt:
                return PS.DuckDBBindInt8(st, i, checked((sbyte)InRange(value, sbyte.MinValue, sbyte.MaxValue)));
            case DuckDBType.UnsignedTinyInt:
                return PS.DuckDBBindUInt8(st, i, (byte)InRange(value, 0, byte.MaxValue));
            case DuckDBType.SmallInt:
                return PS.DuckDBBindInt16(st, i, (short)InRange(value, short.MinValue, short.MaxValue));
            case DuckDBType.UnsignedSmallInt:
                return PS.DuckDBBindUInt16(st, i, (ushort)InRange(value, 0, ushort.MaxValue));
            case DuckDBType.Integer:
                return PS.DuckDBBindInt32(st, i, (int)InRange(value, int.MinValue, int.MaxValue));
            case DuckDBType.UnsignedInteger:
                return PS.DuckDBBindUInt32(st, i, (uint)InRange(value, 0, uint.MaxValue));
            case DuckDBType.BigInt:
                return PS.DuckDBBindInt64(st, i, ValueConverter.ToInt64(value));
            case DuckDBType.UnsignedBigInt:
                return PS.DuckDBBindUInt64(st, i, (ulong)InRange(value, 0, long.MaxValue));
            case DuckDBType.HugeInt:
                return PS.DuckDBBindHugeInt(st, i, new DuckDBHugeInt(ValueConverter.ToHanaDecimal(value).Round(0).UnscaledValue));
            case DuckDBType.Float:
                return PS.DuckDBBindFloat(st, i, (float)ValueConverter.ToDouble(value));
            case DuckDBType.Double:
                return PS.DuckDBBindDouble(st, i, ValueConverter.ToDouble(value));
            case DuckDBType.Decimal:
                return BindDecimal(st, i, target.Width, target.Scale, value);
            case DuckDBType.Varchar:
                return PS.DuckDBBindVarchar(st, i, ValueConverter.ToText(value));
            case DuckDBType.Blob:
                var bytes = ValueConverter.ToBytes(value);
                return PS.DuckDBBindBlob(st, i, bytes, bytes.LongLength);
            case DuckDBType.Date:
                return PS.DuckDBBindDate(st, i, Unsafe.BitCast<int, DuckDBDate>(EpochDays(ValueConverter.ToDateTime(value))));
            case DuckDBType.Time:
                return PS.DuckDBBindTime(st, i, Unsafe.BitCast<long, DuckDBTime>(ValueConverter.ToTime(value).Ticks / 10));
            case DuckDBType.Timestamp:
                return PS.DuckDBBindTimestamp(st, i, Timestamp(ValueConverter.ToEpochTicks(ValueConverter.ToDateTime(value)) / 10));
            case DuckDBType.TimestampS:
            {
                var ticks = ValueConverter.ToEpochTicks(ValueConverter.ToDateTime(value));
                using var v = NativeMethods.Value.DuckDBCreateTimestampS(Timestamp(FloorDiv(ticks, TimeSpan.TicksPerSecond)));
                return PS.DuckDBBindValue(st, i, v);
            }

            case DuckDBType.TimestampMs:
            {
                var ticks = ValueConverter.ToEpochTicks(ValueConverter.ToDateTime(value));
                using var v = NativeMethods.Value.DuckDBCreateTimestampMs(Timestamp(FloorDiv(ticks, TimeSpan.TicksPerMillisecond)));
                return PS.DuckDBBindValue(st, i, v);
            }

            case DuckDBType.TimestampNs:
            {
                using var v = NativeMethods.Value.DuckDBCreateTimestampNs(Timestamp(ValueConverter.ToEpochNanoseconds(ValueConverter.ToDateTime(value))));
                return PS.DuckDBBindValue(st, i, v);
            }

            case DuckDBType.TimestampTz:
            {
                var ticks = ValueConverter.ToEpochTicks(ValueConverter.ToDateTime(value));
                using var v = NativeMethods.Value.DuckDBCreateTimestampTz(Timestamp(ticks / 10));
                return PS.DuckDBBindValue(st, i, v);
            }

            case DuckDBType.Invalid:
                return BindByValue(st, i, value, numericStrings);
            default:
                return PS.DuckDBBindVarchar(st, i, ValueConverter.ToText(value));
        }
    }

    /// <summary>A parameter DuckDB could not type: bind whatever the client sent, in its own type.</summary>
    private static DuckDBState BindByValue(DuckDBPreparedStatement st, long i, object value, bool numericStrings)
    {
        switch (value)
        {
            case bool b:
                return PS.DuckDBBindBoolean(st, i, b);
            case byte or sbyte or short or ushort or int:
                return PS.DuckDBBindInt32(st, i, (int)ValueConverter.ToInt64(value));
            case uint or long or ulong:
                return PS.DuckDBBindInt64(st, i, ValueConverter.ToInt64(value));
            case float f:
                return PS.DuckDBBindFloat(st, i, f);
            case double d:
                return PS.DuckDBBindDouble(st, i, d);
            case decimal or HanaDecimal or BigInteger:
            {
                var h = ValueConverter.ToHanaDecimal(value);
                var digits = BigInteger.Abs(h.UnscaledValue).ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
                var width = Math.Max(digits, h.Scale + 1);
                if (width > 38)
                {
                    return PS.DuckDBBindDouble(st, i, ValueConverter.ToDouble(value));
                }

                return BindDecimal(st, i, (byte)Math.Max(width, 18), (byte)h.Scale, h);
            }

            case byte[] or ReadOnlyMemory<byte> or Memory<byte> or ArraySegment<byte>:
                var bytes = ValueConverter.ToBytes(value);
                return PS.DuckDBBindBlob(st, i, bytes, bytes.LongLength);
            case DateTime or DateTimeOffset:
                return PS.DuckDBBindTimestamp(st, i, Timestamp(ValueConverter.ToEpochTicks(ValueConverter.ToDateTime(value)) / 10));
            case DateOnly:
                return PS.DuckDBBindDate(st, i, Unsafe.BitCast<int, DuckDBDate>(EpochDays(ValueConverter.ToDateTime(value))));
            case TimeSpan or TimeOnly:
                return PS.DuckDBBindTime(st, i, Unsafe.BitCast<long, DuckDBTime>(ValueConverter.ToTime(value).Ticks / 10));
            case string s when numericStrings:
                if (long.TryParse(s.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var l))
                {
                    return PS.DuckDBBindInt64(st, i, l);
                }

                if (double.TryParse(s.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var dd))
                {
                    return PS.DuckDBBindDouble(st, i, dd);
                }

                return PS.DuckDBBindVarchar(st, i, s);
            default:
                return PS.DuckDBBindVarchar(st, i, ValueConverter.ToText(value));
        }
    }

    private static DuckDBState BindDecimal(DuckDBPreparedStatement st, long i, byte width, byte scale, object value)
    {
        using var v = CreateDecimal(width, scale, value);
        return PS.DuckDBBindValue(st, i, v);
    }

    /// <summary>A DuckDB DECIMAL(width, scale) value (the caller disposes it).</summary>
    public static DuckDBValue CreateDecimal(byte width, byte scale, object value)
    {
        var unscaled = DecimalConverter.ToUnscaled(value, width, scale);
        var huge = new DuckDBHugeInt((ulong)(unscaled & ulong.MaxValue), (long)(unscaled >> 64));
        return NativeMethods.Value.DuckDBCreateDecimal(new DuckDBDecimal(width, scale, huge));
    }

    private static long InRange(object value, long min, long max)
    {
        var l = ValueConverter.ToInt64(value);
        if (l < min || l > max)
        {
            throw new EngineException(314, "22003", 0, $"numeric overflow: {l} is outside {min}..{max}");
        }

        return l;
    }

    private static int EpochDays(DateTime value) => (int)((value.Date.Ticks - ValueConverter.Epoch.Ticks) / TimeSpan.TicksPerDay);

    private static DuckDBTimestampStruct Timestamp(long units) => Unsafe.BitCast<long, DuckDBTimestampStruct>(units);

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}
