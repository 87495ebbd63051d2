using System.Collections;
using System.Data;
using System.Data.Common;
using Driver.Core.Api;
using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.Core.Session;
using Driver.Core.Types;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

// The values of the current row: typed getters, GetValue, GetFieldValue<T>, and the LOB columns as bytes, streams
// and text (§7.3, §10.1).
public sealed partial class HanaDataReader : DbDataReader
{
    // ---------------------------------------------------------------- values

    /// <summary>
    /// <see cref="Current"/> for the getters, small enough to inline: on a row with a valid ordinal, one test of the
    /// state and one bounds check per value; anything else goes to Current, which throws its exceptions.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Value(int ordinal, out ColumnMetadata column)
    {
        var resultSet = _resultSet;
        if (_onRow && resultSet is not null)
        {
            var columns = resultSet.Columns;
            if ((uint)ordinal < (uint)columns.Length)
            {
                column = columns[ordinal];
                return resultSet.Page.GetValue(_row, ordinal);
            }
        }
        return ValueOffTheFastPath(ordinal, out column);
    }

    // Current's checks and exception messages out of line: inlined into every getter (and with them into the caller's
    // loop) they would take the JIT's inlining budget that the fast path needs
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private ReadOnlySpan<byte> ValueOffTheFastPath(int ordinal, out ColumnMetadata column) => Current(ordinal, out column);

    /// <inheritdoc />
    public override bool IsDBNull(int ordinal)
    {
        var value = Value(ordinal, out var column);
        return ResultValueReader.IsNull(column.TypeCode, value);
    }

    /// <summary>The value as <see cref="GetFieldType"/> says, or <see cref="DBNull.Value"/>.</summary>
    public override object GetValue(int ordinal)
    {
        var value = Value(ordinal, out var column);
        if (ResultValueReader.IsNull(column.TypeCode, value))
        {
            return DBNull.Value;
        }
        if (HanaTypeInfo.IsLob(column.TypeCode))
        {
            return ReadWholeLob(ordinal);
        }
        var result = ResultValueReader.GetValue(column.TypeCode, column.Fraction, value)!;
        if (result is HanaDecimal exact && ClrTypeMap.For(column.TypeCode) == typeof(decimal))
        {
            // too big for System.Decimal: say so rather than hand out a value of another type than GetFieldType
            throw new OverflowException($"The value {exact} of column {GetName(ordinal)} does not fit System.Decimal; read it with GetFieldValue<HanaDecimal>.");
        }
        return result;
    }

    /// <inheritdoc />
    public override int GetValues(object[] values)
    {
        var count = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < count; i++)
        {
            values[i] = GetValue(i);
        }
        return count;
    }

    /// <summary>
    /// Typed access; NULL gives default for reference and nullable types, and throws otherwise. Beyond the typed
    /// getters' types: <see cref="DateTimeOffset"/> (date and time columns, offset zero), <c>DateOnly</c> (DATE) and
    /// <c>TimeOnly</c> (TIME), <see cref="HanaDecimal"/> (DECIMAL), Stream and TextReader (docs/types.md).
    /// </summary>
    public override T GetFieldValue<T>(int ordinal)
    {
        if (IsDBNull(ordinal))
        {
            if (default(T) is null && (typeof(T).IsClass || Nullable.GetUnderlyingType(typeof(T)) is not null || typeof(T).IsInterface))
            {
                return typeof(T) == typeof(DBNull) || typeof(T) == typeof(object) ? (T)(object)DBNull.Value : default!;
            }
            throw new InvalidCastException($"Column {GetName(ordinal)} is NULL; read it as a nullable type or check IsDBNull first.");
        }
        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        object value = type == typeof(int) ? GetInt32(ordinal)
            : type == typeof(long) ? GetInt64(ordinal)
            : type == typeof(short) ? GetInt16(ordinal)
            : type == typeof(byte) ? GetByte(ordinal)
            : type == typeof(bool) ? GetBoolean(ordinal)
            : type == typeof(decimal) ? GetDecimal(ordinal)
            : type == typeof(double) ? GetDouble(ordinal)
            : type == typeof(float) ? GetFloat(ordinal)
            : type == typeof(string) ? GetString(ordinal)
            : type == typeof(DateTime) ? GetDateTime(ordinal)
            : type == typeof(TimeSpan) ? GetTimeSpan(ordinal)
            : type == typeof(HanaDecimal) ? GetHanaDecimal(ordinal)
            : type == typeof(DateTimeOffset) ? GetDateTimeOffset(ordinal)
#if NET6_0_OR_GREATER
            : type == typeof(DateOnly) ? GetDateOnly(ordinal)
            : type == typeof(TimeOnly) ? GetTimeOnly(ordinal)
#endif
            : type == typeof(Guid) ? GetGuid(ordinal)
            : type == typeof(byte[]) ? GetByteArray(ordinal)
            : type == typeof(Stream) ? GetStream(ordinal)
            : type == typeof(TextReader) ? GetTextReader(ordinal)
            : GetValue(ordinal);
        return (T)value;
    }

    /// <inheritdoc />
    public override bool GetBoolean(int ordinal)
    {
        var value = Value(ordinal, out var column);
        return ResultValueReader.GetBoolean(column.TypeCode, value);
    }

    /// <inheritdoc />
    public override byte GetByte(int ordinal)
    {
        var value = Value(ordinal, out var column);
        return ResultValueReader.GetByte(column.TypeCode, value);
    }

    /// <inheritdoc />
    public override short GetInt16(int ordinal)
    {
        var value = Value(ordinal, out var column);
        return ResultValueReader.GetInt16(column.TypeCode, value);
    }

    /// <inheritdoc />
    public override int GetInt32(int ordinal)
    {
        var value = Value(ordinal, out var column);
        return ResultValueReader.GetInt32(column.TypeCode, value);
    }

    /// <inheritdoc />
    public override long GetInt64(int ordinal)
    {
        var value = Value(ordinal, out var column);
        return ResultValueReader.GetInt64(column.TypeCode, value);
    }

    /// <inheritdoc />
    public override float GetFloat(int ordinal)
    {
        var value = Value(ordinal, out var column);
        return ResultValueReader.GetSingle(column.TypeCode, value);
    }

    /// <inheritdoc />
    public override double GetDouble(int ordinal)
    {
        var value = Value(ordinal, out var column);
        return ResultValueReader.GetDouble(column.TypeCode, value);
    }

    /// <summary>DECIMAL / FIXED as <see cref="decimal"/>, at the column's declared scale (throws OverflowException beyond decimal's range).</summary>
    public override decimal GetDecimal(int ordinal)
    {
        var value = Value(ordinal, out var column);
        return ResultValueReader.GetDecimal(column.TypeCode, column.Fraction, value);
    }

    /// <summary>DECIMAL / FIXED exactly, whatever its size.</summary>
    public HanaDecimal GetHanaDecimal(int ordinal)
    {
        var value = Value(ordinal, out var column);
        return ResultValueReader.GetHanaDecimal(column.TypeCode, column.Fraction, value);
    }

    /// <inheritdoc />
    public override DateTime GetDateTime(int ordinal)
    {
        var value = Value(ordinal, out var column);
        return ResultValueReader.GetDateTime(column.TypeCode, value);
    }

    /// <summary>
    /// A DATE, SECONDDATE or TIMESTAMP as a <see cref="DateTimeOffset"/> with offset zero: HANA's date and time types
    /// have no zone, and this driver sends a DateTimeOffset parameter as its UTC time (docs/types.md).
    /// </summary>
    public DateTimeOffset GetDateTimeOffset(int ordinal)
    {
        var value = Value(ordinal, out var column);
        RequireType(ordinal, column, "DateTimeOffset", HanaTypeCode.Date, HanaTypeCode.DayDate, HanaTypeCode.SecondDate, HanaTypeCode.Timestamp, HanaTypeCode.LongDate);
        return new DateTimeOffset(DateTime.SpecifyKind(ResultValueReader.GetDateTime(column.TypeCode, value), DateTimeKind.Utc));
    }

#if NET6_0_OR_GREATER
    /// <summary>A DATE as a <see cref="DateOnly"/> (other types throw: a SECONDDATE or TIMESTAMP would lose its time).</summary>
    public DateOnly GetDateOnly(int ordinal)
    {
        var value = Value(ordinal, out var column);
        RequireType(ordinal, column, "DateOnly", HanaTypeCode.Date, HanaTypeCode.DayDate);
        return DateOnly.FromDateTime(ResultValueReader.GetDateTime(column.TypeCode, value));
    }

    /// <summary>A TIME as a <see cref="TimeOnly"/> (other types throw).</summary>
    public TimeOnly GetTimeOnly(int ordinal)
    {
        var value = Value(ordinal, out var column);
        RequireType(ordinal, column, "TimeOnly", HanaTypeCode.Time, HanaTypeCode.SecondTime);
        return TimeOnly.FromTimeSpan(ResultValueReader.GetTimeSpan(column.TypeCode, value));
    }
#endif

    /// <summary>An exact conversion only: a column of another SQL type is refused, naming both types.</summary>
    private void RequireType(int ordinal, ColumnMetadata column, string target, params HanaTypeCode[] types)
    {
        if (Array.IndexOf(types, column.TypeCode) < 0)
        {
            throw new InvalidCastException($"Column {GetName(ordinal)} is {SqlTypeNames.For(column.TypeCode)} and cannot be read as {target}.");
        }
    }

    // ---------------------------------------------------------------- provider-specific values

    /// <summary>
    /// <see cref="HanaDecimal"/> for DECIMAL columns (exact to 38 digits, where <see cref="GetFieldType"/>'s decimal
    /// holds 28), otherwise <see cref="GetFieldType"/>.
    /// </summary>
#if NET
    [return: System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicFields | System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicProperties)]
#endif
    public override Type GetProviderSpecificFieldType(int ordinal) =>
        IsDecimal(Column(ordinal).TypeCode) ? typeof(HanaDecimal) : GetFieldType(ordinal);

    /// <summary>The value as <see cref="GetProviderSpecificFieldType"/> says (DECIMAL as <see cref="HanaDecimal"/>), or <see cref="DBNull.Value"/>.</summary>
    public override object GetProviderSpecificValue(int ordinal) =>
        IsDecimal(Column(ordinal).TypeCode) && !IsDBNull(ordinal) ? GetHanaDecimal(ordinal) : GetValue(ordinal);

    /// <inheritdoc />
    public override int GetProviderSpecificValues(object[] values)
    {
        var count = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < count; i++)
        {
            values[i] = GetProviderSpecificValue(i);
        }
        return count;
    }

    private static bool IsDecimal(HanaTypeCode type) => ClrTypeMap.For(type) == typeof(decimal);

    /// <summary>TIME / SECONDTIME as the time of day.</summary>
    public TimeSpan GetTimeSpan(int ordinal)
    {
        var value = Value(ordinal, out var column);
        return ResultValueReader.GetTimeSpan(column.TypeCode, value);
    }

    /// <summary>Not a HANA type: a GUID column is read from its 16 bytes or its text.</summary>
    public override Guid GetGuid(int ordinal) => GetValue(ordinal) switch
    {
        byte[] { Length: 16 } bytes => new Guid(bytes),
        string text => Guid.Parse(text),
        var other => throw new InvalidCastException($"A {Column(ordinal).TypeCode} value cannot be read as Guid ({other.GetType().Name})."),
    };

    /// <summary>Character values, including character LOBs (read completely; Driver.Async: only when they arrived inline).</summary>
    public override string GetString(int ordinal)
    {
        var value = Value(ordinal, out var column);
        return HanaTypeInfo.IsLob(column.TypeCode) ? LobString(ordinal, column, value) : ResultValueReader.GetString(column.TypeCode, value);
    }

    // the LOB read out of line, so GetString inlines as a character value's decoding only
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private string LobString(int ordinal, ColumnMetadata column, ReadOnlySpan<byte> value) =>
        !ResultValueReader.IsNull(column.TypeCode, value)
            ? ReadWholeLob(ordinal) as string ?? throw new InvalidCastException($"A {column.TypeCode} value cannot be read as String.")
            : ResultValueReader.GetString(column.TypeCode, value);

    /// <inheritdoc />
    public override char GetChar(int ordinal)
    {
        var text = GetString(ordinal);
        return text.Length > 0 ? text[0] : throw new InvalidCastException($"Column {GetName(ordinal)} holds an empty string.");
    }

    private byte[] GetByteArray(int ordinal)
    {
        var value = Value(ordinal, out var column);
        if (HanaTypeInfo.IsLob(column.TypeCode) && !ResultValueReader.IsNull(column.TypeCode, value))
        {
            return ReadWholeLob(ordinal) as byte[] ?? throw new InvalidCastException($"A {column.TypeCode} value cannot be read as Byte[].");
        }
        return ResultValueReader.GetBytes(column.TypeCode, value);
    }

    /// <summary>DbDataReader.GetBytes over binary values and BLOBs (a BLOB is read completely once per row).</summary>
    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        var value = Value(ordinal, out var column);
        ReadOnlySpan<byte> bytes = HanaTypeInfo.IsLob(column.TypeCode)
            ? (ReadWholeLob(ordinal) as byte[] ?? throw new InvalidCastException($"A {column.TypeCode} value cannot be read as bytes; use GetChars."))
            : ResultValueReader.GetBinarySpan(column.TypeCode, value);
        if (buffer is null)
        {
            return bytes.Length;
        }
        if (dataOffset < 0 || dataOffset > bytes.Length)
        {
            return 0;
        }
        var count = Math.Min(length, bytes.Length - (int)dataOffset);
        bytes.Slice((int)dataOffset, count).CopyTo(buffer.AsSpan(bufferOffset, count));
        return count;
    }

    /// <summary>DbDataReader.GetChars over character values and character LOBs (read completely once per row).</summary>
    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        var text = _cachedLobColumn == ordinal && _cachedLob is string cached ? cached : GetString(ordinal);
        _cachedLob = text;
        _cachedLobColumn = ordinal;
        if (buffer is null)
        {
            return text.Length;
        }
        if (dataOffset < 0 || dataOffset > text.Length)
        {
            return 0;
        }
        var count = Math.Min(length, text.Length - (int)dataOffset);
        text.CopyTo((int)dataOffset, buffer, bufferOffset, count);
        return count;
    }

    /// <summary>A forward-only stream over a LOB (READLOB per chunk, §10.1) or over a binary value.</summary>
    public override Stream GetStream(int ordinal)
    {
        var value = Value(ordinal, out var column);
        if (HanaTypeInfo.IsLob(column.TypeCode))
        {
            if (ResultValueReader.IsNull(column.TypeCode, value))
            {
                throw new InvalidCastException($"Column {GetName(ordinal)} is NULL.");
            }
            return new LobStream(OpenLob(ordinal));
        }
        return new MemoryStream(ResultValueReader.GetBytes(column.TypeCode, value), writable: false);
    }

    /// <summary>A reader over a character LOB (decoded chunk by chunk, §10.1) or over a character value.</summary>
    public override TextReader GetTextReader(int ordinal)
    {
        var value = Value(ordinal, out var column);
        if (HanaTypeInfo.IsCharacterLob(column.TypeCode))
        {
            if (ResultValueReader.IsNull(column.TypeCode, value))
            {
                throw new InvalidCastException($"Column {GetName(ordinal)} is NULL.");
            }
            return new LobTextReader(OpenLob(ordinal));
        }
        return new StringReader(ResultValueReader.GetString(column.TypeCode, value));
    }

    private LobReaderCore OpenLob(int ordinal)
    {
        var value = Value(ordinal, out var column);
        return new LobReaderCore(_resultSet!.Connection, column.TypeCode, ResultValueReader.GetLobDescriptor(column.TypeCode, value), value);
    }

    /// <summary>A non-NULL LOB as string (character LOBs) or byte[], cached for the current row and column.</summary>
    private object ReadWholeLob(int ordinal)
    {
        if (_cachedLobColumn == ordinal && _cachedLob is { } cached)
        {
            return cached;
        }
        var whole = new WholeLobRead(OpenLob(ordinal));
        if (!whole.TakeArrived())
        {
            AsyncOnly.Refuse($"Reading the {Column(ordinal).TypeCode} column {GetName(ordinal)} (not sent completely with its row) synchronously", "GetFieldValueAsync<string or byte[]> or GetStream(...).ReadAsync");
            _resultSet!.Connection.Run(whole);
        }
        return CacheLob(ordinal, whole.Result);
    }

    private object CacheLob(int ordinal, object value)
    {
        _cachedLob = value;
        _cachedLobColumn = ordinal;
        return value;
    }

    /// <summary>
    /// GetFieldValueAsync's read of a whole LOB (a non-NULL LOB column read as string, byte[] or object, not yet
    /// cached): the same workflow as <see cref="ReadWholeLob"/>, run by the awaiting pump; null when there is none
    /// to run. Its outcome goes into the cache, where GetFieldValue finds it.
    /// </summary>
    private WholeLobRead? UncachedLob<T>(int ordinal)
    {
        var value = Value(ordinal, out var column);
        return HanaTypeInfo.IsLob(column.TypeCode) && !ResultValueReader.IsNull(column.TypeCode, value) && _cachedLobColumn != ordinal
            && (typeof(T) == typeof(string) || typeof(T) == typeof(byte[]) || typeof(T) == typeof(object))
            ? new WholeLobRead(OpenLob(ordinal))
            : null;
    }
}
