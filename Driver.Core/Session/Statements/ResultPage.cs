using System.Buffers;
using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.Core.Types;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Session;

/// <summary>
/// One RESULTSET part (§6.23) copied out of the reply buffer, with the offset of every value indexed once on
/// arrival, so typed getters read straight from the bytes with no per-row allocation.
/// </summary>
internal sealed class ResultPage : IDisposable
{
    private byte[] _data = [];
    private int _length;
    private int[] _offsets = [];
    private int[] _shapes = [];
    private int _columnCount;

    public int RowCount { get; private set; }
    public PartAttributes Attributes { get; private set; }
    public ReadOnlySpan<byte> Data => _data.AsSpan(0, _length);

    /// <summary>Takes the rows of a RESULTSET part; the metadata gives each value's type (§7.3).</summary>
    public void Load(ReadOnlySpan<byte> part, int rowCount, PartAttributes attributes, ColumnMetadata[] columns)
    {
        if (_data.Length < part.Length)
        {
            if (_data.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_data);
            }
            _data = ArrayPool<byte>.Shared.Rent(Math.Max(part.Length, 256));
        }
        part.CopyTo(_data);
        _length = part.Length;
        Attributes = attributes;
        _columnCount = columns.Length;
        // every value takes at least one byte: a count beyond that is a lie, refused before allocating; rows of no
        // column take no byte at all, so any count of them is unbounded (and no statement returns such rows)
        if (rowCount < 0 || (columns.Length == 0 && rowCount > 0) || (long)rowCount * columns.Length > part.Length)
        {
            throw new HanaProtocolException($"RESULTSET announces {rowCount} rows of {columns.Length} columns in {part.Length} bytes.");
        }
        var needed = rowCount * columns.Length + 1;
        if (_offsets.Length < needed)
        {
            if (_offsets.Length > 0)
            {
                ArrayPool<int>.Shared.Return(_offsets);
            }
            _offsets = ArrayPool<int>.Shared.Rent(needed);
        }
        var data = Data;
        // each column's length rule once per page, not its type's switch once per value (the index was the largest
        // share of the client's CPU per row in a profile of the 5-column fetch, docs/benchmarks.md); kept with the
        // page, so the loop below has no stackalloc (and no stack cookie) in its frame
        if (_shapes.Length != columns.Length)
        {
            _shapes = new int[columns.Length];
        }
        for (var column = 0; column < columns.Length; column++)
        {
            _shapes[column] = ResultValueReader.FixedShape(columns[column].TypeCode);
        }
        var position = IndexRows(data, _shapes, columns, rowCount, _offsets.AsSpan(0, needed));
        // §6.23: the part holds the rows and nothing else; rows that end early or late mean the count, the
        // metadata or a length is wrong, and the page would silently lose or invent rows
        if (position != part.Length)
        {
            RowCount = 0;
            throw new HanaProtocolException($"RESULTSET: {rowCount} rows of {columns.Length} columns take {position} bytes, the part has {part.Length}.");
        }
        RowCount = rowCount;
    }

    /// <summary>
    /// Writes where each value starts (and, last, where the rows end) and returns the bytes the rows take. A method of
    /// its own with few locals, so the JIT keeps the loop's state in registers.
    /// </summary>
    private static int IndexRows(ReadOnlySpan<byte> data, int[] shapes, ColumnMetadata[] columns, int rowCount, Span<int> offsets)
    {
        var position = 0;
        var index = 0;
        for (var row = 0; row < rowCount; row++)
        {
            for (var column = 0; column < shapes.Length; column++)
            {
                offsets[index++] = position;
                var shape = shapes[column];
                int length;
                if (shape > 0)
                {
                    length = shape;
                }
                else if (shape == 0)
                {
                    length = ResultValueReader.GetLength(columns[column].TypeCode, data.Slice(position));
                }
                else
                {
                    // §7.3: a NULL indicator byte, or §5.3: a length indicator, first
                    if ((uint)position >= (uint)data.Length)
                    {
                        throw ResultValueReader.Truncated(1, 0);
                    }
                    var first = data[position];
                    if (shape == ResultValueReader.LengthIndicatedShape)
                    {
                        // 0 … 245 bytes follow, 255 is NULL; the longer forms and the invalid bytes the long way,
                        // with its checks and messages
                        length = first <= 245 ? 1 + first
                            : first == 255 ? 1
                            : ResultValueReader.GetLength(columns[column].TypeCode, data.Slice(position));
                    }
                    else
                    {
                        // 0 is NULL and ends the value
                        length = first == 0 ? 1 : 1 - shape;
                    }
                }
                if (length > data.Length - position)
                {
                    throw ResultValueReader.Truncated(length, data.Length - position);
                }
                position += length;
            }
        }
        offsets[index] = position;
        return position;
    }

    /// <summary>The bytes of one value in result-set encoding (§7.3).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> GetValue(int row, int column)
    {
        var index = row * _columnCount + column;
        var start = _offsets[index];
        return _data.AsSpan(start, _offsets[index + 1] - start);
    }

    /// <summary>Where a value starts in <see cref="Data"/> (for LOB descriptors that point into the page).</summary>
    public int GetValueOffset(int row, int column) => _offsets[row * _columnCount + column];

    public void Clear()
    {
        RowCount = 0;
        _length = 0;
    }

    public void Dispose()
    {
        if (_data.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_data);
            _data = [];
        }
        if (_offsets.Length > 0)
        {
            ArrayPool<int>.Shared.Return(_offsets);
            _offsets = [];
        }
        RowCount = 0;
    }
}
