using System.Runtime.CompilerServices;
using DuckDB.NET.Native;
using AP = DuckDB.NET.Native.NativeMethods.Appender;

namespace Driver.TestServer.Engine;

/// <summary>
/// Fast path for HANA batch INSERT ... VALUES (?, ..., ?): DuckDB's appender takes ~1.5 M rows/s, multi-row VALUES
/// statements ~50–200 k rows/s (TEST-SERVER-ENGINE.md §5). It appends inside the connection's open transaction;
/// the caller provides the transaction (and statement-level rollback) around it.
/// </summary>
internal static class BatchAppender
{
    /// <summary>Appends every row; false when the appender cannot serve this statement (caller falls back).</summary>
    public static bool TryAppend(DuckDBNativeConnection connection, EngineStatement statement, string schema, IReadOnlyList<object?[]> rows)
    {
        var sql = statement.Rewritten;
        if (sql.Kind != StatementKind.Insert || sql.Tables.Count != 1 || !IsPlainParameterTuple(sql, statement.ParameterNatives.Length)
            || statement.ParameterNatives.Any(t => !t.IsResolved))
        {
            return false;
        }

        var table = sql.Tables[0];
        if (AP.DuckDBAppenderCreateExt(connection, "memory", table.Schema ?? schema, table.Name, out var appender) != DuckDBState.Success)
        {
            appender.Dispose();
            return false; // e.g. a view or a temporary table: the VALUES path handles it
        }

        using (appender)
        {
            if (sql.InsertColumns is { } names)
            {
                foreach (var name in names)
                {
                    if (DuckDbNative.AppenderAddColumn(appender, name) != DuckDBState.Success)
                    {
                        return false;
                    }
                }
            }

            if ((int)AP.DuckDBAppenderColumnCount(appender) != statement.ParameterNatives.Length)
            {
                return false;
            }

            try
            {
                var types = statement.ParameterNatives;
                foreach (var row in rows)
                {
                    if (row.Length != types.Length)
                    {
                        throw new EngineException(2, "HY000", 0, $"general error: {row.Length} parameter values for {types.Length} parameters");
                    }

                    for (var c = 0; c < types.Length; c++)
                    {
                        Check(appender, Append(appender, types[c], row[c]));
                    }

                    Check(appender, AP.DuckDBAppenderEndRow(appender));
                }

                Check(appender, AP.DuckDBAppenderClose(appender));
            }
            catch
            {
                // never let the appender's destructor flush a half-appended batch
                AP.DuckDBAppenderClear(appender);
                throw;
            }
        }

        return true;
    }

    private static bool IsPlainParameterTuple(RewrittenSql sql, int parameters)
    {
        if (sql.BatchTemplate is not { } template || parameters == 0)
        {
            return false;
        }

        var items = template.Tuple.Trim().TrimStart('(').TrimEnd(')').Split(',');
        return items.Length == parameters && items.All(i => i.Trim() == "?");
    }

    private static void Check(DuckDBAppender appender, DuckDBState state)
    {
        if (state == DuckDBState.Success)
        {
            return;
        }

        using var error = AP.DuckDBAppenderErrorData(appender);
        throw ErrorTranslator.Translate(NativeMethods.ErrorData.DuckDBErrorDataMessage(error), null);
    }

    private static unsafe DuckDBState Append(DuckDBAppender a, NativeType type, object? value)
    {
        if (value is null or DBNull)
        {
            return AP.DuckDBAppendNull(a);
        }

        switch (type.Type)
        {
            case DuckDBType.Boolean:
                return AP.DuckDBAppendBool(a, ValueConverter.ToBoolean(value));
            case DuckDBType.UnsignedTinyInt:
                return AP.DuckDBAppendUInt8(a, (byte)InRange(value, 0, byte.MaxValue));
            case DuckDBType.TinyInt:
                return AP.DuckDBAppendInt8(a, (sbyte)InRange(value, sbyte.MinValue, sbyte.MaxValue));
            case DuckDBType.SmallInt:
                return AP.DuckDBAppendInt16(a, (short)InRange(value, short.MinValue, short.MaxValue));
            case DuckDBType.Integer:
                return AP.DuckDBAppendInt32(a, (int)InRange(value, int.MinValue, int.MaxValue));
            case DuckDBType.BigInt:
                return AP.DuckDBAppendInt64(a, ValueConverter.ToInt64(value));
            case DuckDBType.Float:
                return AP.DuckDBAppendFloat(a, (float)ValueConverter.ToDouble(value));
            case DuckDBType.Double:
                return AP.DuckDBAppendDouble(a, ValueConverter.ToDouble(value));
            case DuckDBType.Varchar:
                return AP.DuckDBAppendVarchar(a, ValueConverter.ToText(value));
            case DuckDBType.Blob:
                var bytes = ValueConverter.ToBytes(value);
                fixed (byte* p = bytes)
                {
                    return AP.DuckDBAppendBlob(a, p, bytes.Length);
                }

            case DuckDBType.Date:
                var days = (int)((ValueConverter.ToDateTime(value).Date.Ticks - ValueConverter.Epoch.Ticks) / TimeSpan.TicksPerDay);
                return AP.DuckDBAppendDate(a, Unsafe.BitCast<int, DuckDBDate>(days));
            case DuckDBType.Time:
                return AP.DuckDBAppendTime(a, Unsafe.BitCast<long, DuckDBTime>(ValueConverter.ToTime(value).Ticks / 10));
            case DuckDBType.Timestamp:
                var micros = ValueConverter.ToEpochTicks(ValueConverter.ToDateTime(value)) / 10;
                return AP.DuckDBAppendTimestamp(a, Unsafe.BitCast<long, DuckDBTimestampStruct>(micros));
            case DuckDBType.Decimal:
            {
                using var v = ParameterBinder.CreateDecimal(type.Width, type.Scale, value);
                return DuckDbNative.AppendValue(a, v);
            }

            case DuckDBType.TimestampNs:
            {
                var nanos = ValueConverter.ToEpochNanoseconds(ValueConverter.ToDateTime(value));
                using var v = NativeMethods.Value.DuckDBCreateTimestampNs(Unsafe.BitCast<long, DuckDBTimestampStruct>(nanos));
                return DuckDbNative.AppendValue(a, v);
            }

            case DuckDBType.TimestampS:
            {
                var ticks = ValueConverter.ToEpochTicks(ValueConverter.ToDateTime(value));
                var seconds = ticks >= 0 ? ticks / TimeSpan.TicksPerSecond : -((-ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond);
                using var v = NativeMethods.Value.DuckDBCreateTimestampS(Unsafe.BitCast<long, DuckDBTimestampStruct>(seconds));
                return DuckDbNative.AppendValue(a, v);
            }

            default:
                return AP.DuckDBAppendVarchar(a, ValueConverter.ToText(value));
        }
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
}
