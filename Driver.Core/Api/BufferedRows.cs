using System.Collections;
using System.Data;
using System.Data.Common;
using System.Globalization;

namespace Driver.Core.Api;

/// <summary>
/// Rows held in memory behind a <see cref="DbDataReader"/>: a chunk of a result read ahead with awaits, handed to
/// ADO.NET's synchronous loaders (DataAdapter.Fill, DataTable.Load) which call Read; and DataRow[] / DataTable
/// sources of a bulk copy, read through the same reader interface as any other source. Flavor-free: it does no I/O.
/// </summary>
internal sealed class BufferedRows : DbDataReader
{
    private readonly string[] _names;
    private readonly Type[] _types;
    private readonly string[] _typeNames;
    private readonly DataTable? _schema;
    private readonly List<object[]> _rows = new();
    private int _index = -1;
    private bool _closed;

    private BufferedRows(string[] names, Type[] types, string[] typeNames, DataTable? schema)
    {
        _names = names;
        _types = types;
        _typeNames = typeNames;
        _schema = schema;
    }

    /// <summary>An empty buffer with <paramref name="source"/>'s columns (names, field types, schema table).</summary>
    public static BufferedRows ColumnsOf(DbDataReader source)
    {
        var count = source.FieldCount;
        var names = new string[count];
        var types = new Type[count];
        var typeNames = new string[count];
        for (var i = 0; i < count; i++)
        {
            names[i] = source.GetName(i);
            types[i] = source.GetFieldType(i);
            typeNames[i] = source.GetDataTypeName(i);
        }
        return new BufferedRows(names, types, typeNames, source.GetSchemaTable());
    }

    /// <summary>The rows (their current values; a deleted row's original ones) with the columns of their table.</summary>
    public static BufferedRows Of(DataTable table, IEnumerable<DataRow> rows)
    {
        var count = table.Columns.Count;
        var names = new string[count];
        var types = new Type[count];
        var typeNames = new string[count];
        for (var i = 0; i < count; i++)
        {
            names[i] = table.Columns[i].ColumnName;
            types[i] = table.Columns[i].DataType;
            typeNames[i] = types[i].Name;
        }
        var buffer = new BufferedRows(names, types, typeNames, null);
        foreach (var row in rows)
        {
            var version = row.RowState == DataRowState.Deleted ? DataRowVersion.Original : DataRowVersion.Default;
            var values = new object[count];
            for (var i = 0; i < count; i++)
            {
                values[i] = row[i, version];
            }
            buffer._rows.Add(values);
        }
        return buffer;
    }

    /// <summary>Rows in the buffer.</summary>
    public int Count => _rows.Count;

    /// <summary>Adds the source's current row; <paramref name="values"/> were read by the caller (LOBs awaited).</summary>
    public void Add(object[] values) => _rows.Add(values);

    /// <summary>Which columns are character or binary: awaited one by one when read from an awaited source (a LOB may not be in the row).</summary>
    public bool[] AwaitedColumns() => _types.Select(type => type == typeof(string) || type == typeof(byte[])).ToArray();

    /// <summary>
    /// The calls that read <paramref name="source"/> to its end a chunk of <paramref name="size"/> rows at a time,
    /// handing each chunk to <paramref name="load"/> (at least once, so an empty result still brings its columns).
    /// </summary>
    public static IEnumerable<Call> Chunks(DbDataReader source, int size, Action<BufferedRows> load)
    {
        var buffer = ColumnsOf(source);
        var read = new ReadCall(source, buffer.AwaitedColumns());
        var first = true;
        do
        {
            buffer.Reset();
            while (buffer.Count < size)
            {
                yield return read;
                if (!read.More)
                {
                    break;
                }
                buffer.Add((object[])read.Values.Clone());
            }
            if (buffer.Count > 0 || first)
            {
                load(buffer);
            }
            first = false;
        }
        while (read.More);
    }


    /// <summary>Empties the buffer for the next chunk (the columns stay).</summary>
    public void Reset()
    {
        _rows.Clear();
        _index = -1;
        _closed = false;
    }

    private object[] Current => _index >= 0 && _index < _rows.Count ? _rows[_index] : throw new InvalidOperationException("No current row: call Read first.");

    public override int FieldCount => _names.Length;

    public override int RecordsAffected => -1;

    public override bool HasRows => _rows.Count > 0;

    public override bool IsClosed => _closed;

    public override int Depth => 0;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override bool Read() => !_closed && ++_index < _rows.Count;

    public override bool NextResult() => false;

    public override void Close() => _closed = true;

    public override DataTable? GetSchemaTable() => _schema;

    public override string GetName(int ordinal) => _names[ordinal];

    public override int GetOrdinal(string name)
    {
        for (var i = 0; i < _names.Length; i++)
        {
            if (string.Equals(_names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        for (var i = 0; i < _names.Length; i++)
        {
            if (string.Equals(_names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        throw new IndexOutOfRangeException($"No column named '{name}'.");
    }

#if NET
    [return: System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicFields | System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicProperties)]
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2063", Justification = "The types are a reader's field types or a DataTable's column types, kept by their own users.")]
#endif
    public override Type GetFieldType(int ordinal) => _types[ordinal];

    public override string GetDataTypeName(int ordinal) => _typeNames[ordinal];

    public override object GetValue(int ordinal) => Current[ordinal];

    public override int GetValues(object[] values)
    {
        var count = Math.Min(values.Length, FieldCount);
        Array.Copy(Current, values, count);
        return count;
    }

    public override bool IsDBNull(int ordinal) => Current[ordinal] is DBNull;

    public override bool GetBoolean(int ordinal) => Convert.ToBoolean(GetValue(ordinal), CultureInfo.InvariantCulture);

    public override byte GetByte(int ordinal) => Convert.ToByte(GetValue(ordinal), CultureInfo.InvariantCulture);

    public override char GetChar(int ordinal) => Convert.ToChar(GetValue(ordinal), CultureInfo.InvariantCulture);

    public override DateTime GetDateTime(int ordinal) => Convert.ToDateTime(GetValue(ordinal), CultureInfo.InvariantCulture);

    public override decimal GetDecimal(int ordinal) => Convert.ToDecimal(GetValue(ordinal), CultureInfo.InvariantCulture);

    public override double GetDouble(int ordinal) => Convert.ToDouble(GetValue(ordinal), CultureInfo.InvariantCulture);

    public override float GetFloat(int ordinal) => Convert.ToSingle(GetValue(ordinal), CultureInfo.InvariantCulture);

    public override Guid GetGuid(int ordinal) => (Guid)GetValue(ordinal);

    public override short GetInt16(int ordinal) => Convert.ToInt16(GetValue(ordinal), CultureInfo.InvariantCulture);

    public override int GetInt32(int ordinal) => Convert.ToInt32(GetValue(ordinal), CultureInfo.InvariantCulture);

    public override long GetInt64(int ordinal) => Convert.ToInt64(GetValue(ordinal), CultureInfo.InvariantCulture);

    public override string GetString(int ordinal) => Convert.ToString(GetValue(ordinal), CultureInfo.InvariantCulture) ?? "";

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) =>
        CopyOut((byte[])GetValue(ordinal), dataOffset, buffer, bufferOffset, length);

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) =>
        CopyOut(GetString(ordinal).ToCharArray(), dataOffset, buffer, bufferOffset, length);

    private static long CopyOut<T>(T[] data, long dataOffset, T[]? buffer, int bufferOffset, int length)
    {
        if (buffer is null)
        {
            return data.Length;
        }
        var count = (int)Math.Max(0, Math.Min(length, data.Length - dataOffset));
        Array.Copy(data, dataOffset, buffer, bufferOffset, count);
        return count;
    }

    public override IEnumerator GetEnumerator() => new DbEnumerator(this);
}
