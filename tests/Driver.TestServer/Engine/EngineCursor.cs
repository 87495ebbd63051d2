using System.Globalization;
using System.Numerics;
using System.Text;
using DuckDB.NET.Native;

namespace Driver.TestServer.Engine;

/// <summary>
/// An open result set. Rows are read straight out of DuckDB's column vectors (one 2048-row chunk at a time) through
/// typed getters for the current row, so the wire layer can encode without boxing. The cursor streams while it is
/// the only activity on its session; when the session runs another statement, the rest of the result is buffered
/// first (a DuckDB streaming result dies with the next statement on its connection, TEST-SERVER-ENGINE.md §4).
/// </summary>
public sealed unsafe class EngineCursor : IDisposable
{
    private readonly EngineSession _session;
    private readonly Queue<DuckDBDataChunk> _buffered = new();
    private readonly IntPtr[] _data;
    private readonly IntPtr[] _validity;
    private readonly NativeType[] _natives;
    private readonly bool[] _floating;
    private EngineStatement? _ownedStatement;
    private DuckDBResult _result;
    private bool _resultLive;
    private DuckDBDataChunk? _chunk;
    private int _chunkSize;
    private int _row;
    private bool _disposed;

    internal EngineCursor(EngineSession session, DuckDBResult result, IReadOnlyList<EngineColumn> columns, RewrittenSql sql)
    {
        _session = session;
        _result = result;
        _resultLive = true;
        Sql = sql;
        Columns = columns;
        _data = new IntPtr[columns.Count];
        _validity = new IntPtr[columns.Count];
        _natives = new NativeType[columns.Count];
        _floating = new bool[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            _natives[i] = columns[i].Native;
            _floating[i] = columns[i].IsFloatingDecimal;
        }

        LoadNextChunk();
    }

    public IReadOnlyList<EngineColumn> Columns { get; }

    /// <summary>True once every row has been handed out.</summary>
    public bool IsExhausted => _chunk is null;

    /// <summary>Rows consumed so far.</summary>
    public long RowsFetched { get; private set; }

    public bool IsClosed => _disposed;

    internal RewrittenSql Sql { get; }

    /// <summary>True while the DuckDB result still streams from the connection (nothing buffered yet).</summary>
    internal bool IsStreaming => _resultLive;

    /// <summary>Hands up to <paramref name="maxRows"/> rows to <paramref name="sink"/>; returns how many it consumed.</summary>
    public int Fetch(int maxRows, IEngineRowSink sink)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var count = 0;
        while (count < maxRows && _chunk is not null)
        {
            if (!sink.OnRow(this))
            {
                break;
            }

            count++;
            RowsFetched++;
            if (++_row >= _chunkSize)
            {
                LoadNextChunk();
            }
        }

        return count;
    }

    /// <summary>Convenience: up to <paramref name="maxRows"/> rows as boxed values (<see cref="GetValue"/>).</summary>
    public List<object?[]> FetchRows(int maxRows = int.MaxValue)
    {
        var sink = new RowCollector(Columns.Count);
        Fetch(maxRows, sink);
        return sink.Rows;
    }

    public bool IsNull(int column)
    {
        var validity = (ulong*)_validity[column];
        return validity != null && (validity[_row >> 6] & (1UL << (_row & 63))) == 0;
    }

    public bool GetBoolean(int column) => _natives[column].Type == DuckDBType.Boolean ? ((byte*)_data[column])[_row] != 0 : GetInt64(column) != 0;

    public int GetInt32(int column) => checked((int)GetInt64(column));

    public long GetInt64(int column)
    {
        var p = (void*)_data[column];
        return _natives[column].Type switch
        {
            DuckDBType.Integer => ((int*)p)[_row],
            DuckDBType.BigInt => ((long*)p)[_row],
            DuckDBType.SmallInt => ((short*)p)[_row],
            DuckDBType.UnsignedTinyInt or DuckDBType.Boolean => ((byte*)p)[_row],
            DuckDBType.TinyInt => ((sbyte*)p)[_row],
            DuckDBType.UnsignedSmallInt => ((ushort*)p)[_row],
            DuckDBType.UnsignedInteger => ((uint*)p)[_row],
            DuckDBType.UnsignedBigInt => checked((long)((ulong*)p)[_row]),
            DuckDBType.HugeInt or DuckDBType.UnsignedHugeInt or DuckDBType.Decimal => (long)GetHanaDecimal(column).Round(0).UnscaledValue,
            DuckDBType.Float => (long)((float*)p)[_row],
            DuckDBType.Double => (long)((double*)p)[_row],
            _ => ValueConverter.ToInt64(GetString(column)),
        };
    }

    public float GetFloat(int column) => _natives[column].Type == DuckDBType.Float ? ((float*)_data[column])[_row] : (float)GetDouble(column);

    public double GetDouble(int column) => _natives[column].Type switch
    {
        DuckDBType.Double => ((double*)_data[column])[_row],
        DuckDBType.Float => ((float*)_data[column])[_row],
        DuckDBType.Decimal or DuckDBType.HugeInt or DuckDBType.UnsignedHugeInt => ValueConverter.ToDouble(GetHanaDecimal(column)),
        DuckDBType.Varchar => ValueConverter.ToDouble(GetString(column)),
        _ => GetInt64(column),
    };

    /// <summary>The unscaled integer of a DECIMAL (or integer) value; value = result × 10^-scale.</summary>
    public Int128 GetDecimalUnscaled(int column, out int scale)
    {
        var native = _natives[column];
        var p = (void*)_data[column];
        scale = 0;
        Int128 unscaled;
        switch (native.Type)
        {
            case DuckDBType.Decimal:
                scale = native.Scale;
                unscaled = native.DecimalStorage switch
                {
                    DuckDBType.SmallInt => ((short*)p)[_row],
                    DuckDBType.Integer => ((int*)p)[_row],
                    DuckDBType.BigInt => ((long*)p)[_row],
                    _ => ReadHugeInt(p),
                };
                break;
            case DuckDBType.HugeInt:
                unscaled = ReadHugeInt(p);
                break;
            case DuckDBType.UnsignedHugeInt:
                unscaled = (Int128)((UInt128*)p)[_row];
                break;
            case DuckDBType.UnsignedBigInt:
                unscaled = ((ulong*)p)[_row];
                break;
            case DuckDBType.Float or DuckDBType.Double or DuckDBType.Varchar:
                var h = ValueConverter.ToHanaDecimal(native.Type == DuckDBType.Varchar ? GetString(column) : GetDouble(column));
                scale = h.Scale;
                return (Int128)h.UnscaledValue;
            default:
                unscaled = GetInt64(column);
                break;
        }

        if (_floating[column])
        {
            // floating DECIMAL is stored at scale 12: hand out the shortest exact form
            while (scale > 0 && unscaled != 0 && unscaled % 10 == 0)
            {
                unscaled /= 10;
                scale--;
            }

            if (unscaled == 0)
            {
                scale = 0;
            }
        }

        return unscaled;
    }

    public HanaDecimal GetHanaDecimal(int column)
    {
        var unscaled = GetDecimalUnscaled(column, out var scale);
        return new HanaDecimal((BigInteger)unscaled, scale);
    }

    /// <summary>The value as System.Decimal (throws <see cref="OverflowException"/> beyond 28–29 digits).</summary>
    public decimal GetDecimal(int column)
    {
        var unscaled = GetDecimalUnscaled(column, out var scale);
        var negative = unscaled < 0;
        var magnitude = (UInt128)(negative ? -unscaled : unscaled);
        if (scale > 28 || (magnitude >> 96) != 0)
        {
            throw new OverflowException("decimal value exceeds System.Decimal; use GetHanaDecimal");
        }

        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), (int)(uint)(magnitude >> 64), negative, (byte)scale);
    }

    /// <summary>UTF-8 bytes of a VARCHAR (or raw bytes of a BLOB), valid until the cursor moves on.</summary>
    public ReadOnlySpan<byte> GetUtf8(int column)
    {
        var type = _natives[column].Type;
        if (type is not (DuckDBType.Varchar or DuckDBType.Blob))
        {
            return Encoding.UTF8.GetBytes(GetString(column));
        }

        // duckdb_string_t: u32 length; ≤12 bytes inline, else 4-byte prefix + pointer
        var entry = (byte*)_data[column] + ((long)_row * 16);
        var length = *(uint*)entry;
        return length <= 12 ? new ReadOnlySpan<byte>(entry + 4, (int)length) : new ReadOnlySpan<byte>(*(byte**)(entry + 8), checked((int)length));
    }

    public ReadOnlySpan<byte> GetBytes(int column) => GetUtf8(column);

    public string GetString(int column)
    {
        var type = _natives[column].Type;
        return type switch
        {
            DuckDBType.Varchar => Encoding.UTF8.GetString(GetUtf8(column)),
            DuckDBType.Blob => Convert.ToHexString(GetUtf8(column)),
            DuckDBType.Boolean => GetBoolean(column) ? "TRUE" : "FALSE",
            DuckDBType.Float or DuckDBType.Double => GetDouble(column).ToString("R", CultureInfo.InvariantCulture),
            DuckDBType.Decimal or DuckDBType.HugeInt or DuckDBType.UnsignedHugeInt or DuckDBType.UnsignedBigInt => GetHanaDecimal(column).ToString(),
            DuckDBType.Date => GetDateTime(column).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DuckDBType.Time or DuckDBType.TimeTz => GetTime(column).ToString("c", CultureInfo.InvariantCulture),
            DuckDBType.Timestamp or DuckDBType.TimestampS or DuckDBType.TimestampMs or DuckDBType.TimestampNs or DuckDBType.TimestampTz
                => GetDateTime(column).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
            DuckDBType.Interval => ReadInterval(column),
            DuckDBType.Uuid => ReadUuid(column),
            DuckDBType.SqlNull or DuckDBType.Invalid => "",
            _ => GetInt64(column).ToString(CultureInfo.InvariantCulture),
        };
    }

    public DateTime GetDateTime(int column)
    {
        var p = (void*)_data[column];
        try
        {
            var ticks = _natives[column].Type switch
            {
                DuckDBType.Date => ((int*)p)[_row] * TimeSpan.TicksPerDay,
                DuckDBType.Timestamp or DuckDBType.TimestampTz => ((long*)p)[_row] * 10,
                DuckDBType.TimestampS => ((long*)p)[_row] * TimeSpan.TicksPerSecond,
                DuckDBType.TimestampMs => ((long*)p)[_row] * TimeSpan.TicksPerMillisecond,
                DuckDBType.TimestampNs => ((long*)p)[_row] / 100,
                DuckDBType.Varchar => ValueConverter.ToEpochTicks(ValueConverter.ToDateTime(GetString(column))),
                _ => throw new EngineException(266, "HY000", 0, $"inconsistent datatype: {_natives[column]} is not a date/time"),
            };
            return new DateTime(checked(ValueConverter.Epoch.Ticks + ticks), DateTimeKind.Unspecified);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            throw new EngineException(303, "22007", 0, "invalid DATE, TIME or TIMESTAMP value: outside 0001-01-01..9999-12-31", e);
        }
    }

    public TimeSpan GetTime(int column)
    {
        var raw = ((long*)_data[column])[_row];
        return _natives[column].Type switch
        {
            DuckDBType.Time => TimeSpan.FromTicks(raw * 10),
            DuckDBType.TimeTz => TimeSpan.FromTicks((long)((ulong)raw >> 24) * 10),
            _ => GetDateTime(column).TimeOfDay,
        };
    }

    /// <summary>The value boxed as the natural .NET type of the column's HANA type (null for NULL).</summary>
    public object? GetValue(int column)
    {
        if (IsNull(column))
        {
            return null;
        }

        var native = _natives[column].Type;
        return Columns[column].Type switch
        {
            HanaSqlType.Boolean => GetBoolean(column),
            HanaSqlType.TinyInt => (byte)GetInt64(column),
            HanaSqlType.SmallInt => (short)GetInt64(column),
            HanaSqlType.Integer => (int)GetInt64(column),
            HanaSqlType.BigInt => GetInt64(column),
            HanaSqlType.Real => GetFloat(column),
            HanaSqlType.Double => GetDouble(column),
            HanaSqlType.Decimal or HanaSqlType.SmallDecimal => GetHanaDecimal(column) is var h && h.TryToDecimal(out var d) ? (object)d : h,
            HanaSqlType.Date or HanaSqlType.SecondDate or HanaSqlType.Timestamp when native != DuckDBType.Varchar => GetDateTime(column),
            HanaSqlType.Time when native is DuckDBType.Time or DuckDBType.TimeTz => GetTime(column),
            HanaSqlType.Binary or HanaSqlType.VarBinary or HanaSqlType.Blob when native == DuckDBType.Blob => GetBytes(column).ToArray(),
            _ => GetString(column),
        };
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ReleaseNative();
        _session.OnCursorClosed(this);
        _ownedStatement?.Dispose();
        _ownedStatement = null;
    }

    /// <summary>Makes the cursor dispose its statement too (direct execution).</summary>
    internal void OwnStatement(EngineStatement statement) => _ownedStatement = statement;

    /// <summary>Buffers every remaining chunk so the session's connection can run another statement.</summary>
    internal void Detach()
    {
        while (_resultLive)
        {
            var chunk = FetchNative();
            if (chunk is null)
            {
                break;
            }

            _buffered.Enqueue(chunk);
        }
    }

    /// <summary>Closes the DuckDB side when the session goes away (no callback into the session).</summary>
    internal void ReleaseNative()
    {
        _chunk?.Dispose();
        _chunk = null;
        while (_buffered.Count > 0)
        {
            _buffered.Dequeue().Dispose();
        }

        EndResult();
    }

    private void LoadNextChunk()
    {
        _chunk?.Dispose();
        _chunk = null;
        while (true)
        {
            var next = _buffered.Count > 0 ? _buffered.Dequeue() : _resultLive ? FetchNative() : null;
            if (next is null)
            {
                return;
            }

            var size = (int)NativeMethods.DataChunks.DuckDBDataChunkGetSize(next);
            if (size == 0)
            {
                next.Dispose();
                continue;
            }

            _chunk = next;
            _chunkSize = size;
            _row = 0;
            for (var c = 0; c < _data.Length; c++)
            {
                var vector = NativeMethods.DataChunks.DuckDBDataChunkGetVector(next, c);
                _data[c] = (IntPtr)NativeMethods.Vectors.DuckDBVectorGetData(vector);
                _validity[c] = (IntPtr)NativeMethods.Vectors.DuckDBVectorGetValidity(vector);
            }

            return;
        }
    }

    private DuckDBDataChunk? FetchNative()
    {
        var chunk = NativeMethods.Query.DuckDBFetchChunk(_result);
        if (chunk is not null && !chunk.IsInvalid)
        {
            return chunk;
        }

        chunk?.Dispose();
        var error = NativeMethods.Query.DuckDBResultError(ref _result);
        EndResult();
        if (!string.IsNullOrEmpty(error))
        {
            // an execution error surfacing while streaming (e.g. a conversion error in a later chunk)
            var translated = ErrorTranslator.Translate(error, Sql, _session.CurrentSchema);
            _session.OnExecutionFailure();
            throw translated;
        }

        return null;
    }

    private void EndResult()
    {
        if (_resultLive)
        {
            _resultLive = false;
            NativeMethods.Query.DuckDBDestroyResult(ref _result);
        }
    }

    private Int128 ReadHugeInt(void* p)
    {
        var lower = ((ulong*)p)[_row * 2];
        var upper = ((long*)p)[(_row * 2) + 1];
        return new Int128((ulong)upper, lower);
    }

    private string ReadInterval(int column)
    {
        var p = (byte*)_data[column] + ((long)_row * 16);
        var months = *(int*)p;
        var days = *(int*)(p + 4);
        var micros = *(long*)(p + 8);
        return $"{months} months {days} days {TimeSpan.FromTicks(micros * 10).ToString("c", CultureInfo.InvariantCulture)}";
    }

    private string ReadUuid(int column)
    {
        // DuckDB stores UUIDs as hugeint with the top bit flipped (so they sort correctly)
        var value = ReadHugeInt((void*)_data[column]);
        var bits = (UInt128)value ^ ((UInt128)1 << 127);
        var hex = bits.ToString("x32", CultureInfo.InvariantCulture);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    private sealed class RowCollector(int columns) : IEngineRowSink
    {
        public List<object?[]> Rows { get; } = [];

        public bool OnRow(EngineCursor row)
        {
            var values = new object?[columns];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = row.GetValue(i);
            }

            Rows.Add(values);
            return true;
        }
    }
}
