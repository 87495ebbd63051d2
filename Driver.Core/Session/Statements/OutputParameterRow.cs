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
/// A procedure call's OUTPUTPARAMETERS part (§6.25, docs/protocol.md §17), decoded: one row holding the OUT and INOUT
/// values in PARAMETERMETADATA order, in result-set encoding (§7.3). Values are typed as a reader's GetValue types
/// them (NULL is <see cref="DBNull"/>; a DECIMAL beyond System.Decimal stays a HanaDecimal rather than fail a call
/// that has run). A LOB value is read whole: what came inline at once, the rest by the READLOB workflows in
/// <see cref="PendingLobs"/>, which the command runs before it hands the values out.
/// </summary>
internal sealed class OutputParameterRow
{
    private readonly object?[] _values;
    private readonly List<(int Index, WholeLobRead Read)> _pendingLobs = new();

    private OutputParameterRow(int count)
    {
        _values = new object?[count];
    }

    /// <summary>The LOB values still to read with READLOB, by index into the statement's parameters.</summary>
    public IReadOnlyList<(int Index, WholeLobRead Read)> PendingLobs => _pendingLobs;

    /// <summary>The value of the statement's parameter <paramref name="index"/> (an OUT or INOUT one), once every LOB is read.</summary>
    public object? ValueOf(int index)
    {
        foreach (var (lobIndex, read) in _pendingLobs)
        {
            if (lobIndex == index)
            {
                return read.Result;
            }
        }
        return _values[index];
    }

    /// <summary>Reads the part against the statement's parameter metadata; the connection serves READLOB of LOB values.</summary>
    public static OutputParameterRow Read(ConnectionCore connection, ReadOnlySpan<byte> part, int rowCount, ParameterMetadata[] parameters)
    {
        var outputs = new List<int>();
        for (var i = 0; i < parameters.Length; i++)
        {
            if (parameters[i].IsOutput)
            {
                outputs.Add(i);
            }
        }
        if (rowCount != 1 || outputs.Count == 0)
        {
            // §6.25: one row, and only for a statement with OUT / INOUT parameters
            throw new HanaProtocolException($"OUTPUTPARAMETERS holds {rowCount} rows for a statement with {outputs.Count} output parameters; one row is required (§6.25).");
        }
        var columns = new ColumnMetadata[outputs.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            var parameter = parameters[outputs[c]];
            columns[c] = new ColumnMetadata { TypeCode = parameter.TypeCode, Fraction = parameter.Fraction, Length = parameter.Length, Options = parameter.Options, ColumnName = parameter.Name };
        }
        var row = new OutputParameterRow(parameters.Length);
        using var page = new ResultPage();
        // the page checks that the one row fills the part exactly, as for a result set (§6.23)
        page.Load(part, 1, PartAttributes.None, columns);
        for (var c = 0; c < columns.Length; c++)
        {
            var type = columns[c].TypeCode;
            var value = page.GetValue(0, c);
            var index = outputs[c];
            if (ResultValueReader.IsNull(type, value))
            {
                row._values[index] = DBNull.Value;
            }
            else if (HanaTypeInfo.IsLob(type))
            {
                var read = new WholeLobRead(new LobReaderCore(connection, type, ResultValueReader.GetLobDescriptor(type, value), value));
                if (read.TakeArrived())
                {
                    row._values[index] = read.Result;
                }
                else
                {
                    row._pendingLobs.Add((index, read));
                }
            }
            else
            {
                row._values[index] = ResultValueReader.GetValue(type, columns[c].Fraction, value);
            }
        }
        return row;
    }
}
