#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Protocol.Parts;

/// <summary>RESULTSETMETADATA (§6.21) and PARAMETERMETADATA (§6.22) readers; the writers are the test server's.</summary>
internal static class MetadataParts
{
    private const int ColumnDescriptorSize = 24;
    private const int ParameterDescriptorSize = 16;

    public static ColumnMetadata[] ReadResultSetMetadata(ReadOnlySpan<byte> buffer, int count)
    {
        if (count == 0)
        {
            // §6.21: a result set has at least one column (servers omit the part otherwise). Rows of no columns take
            // no bytes, so a RESULTSET under such metadata could claim 2^31 rows from an empty part.
            throw new HanaProtocolException("RESULTSETMETADATA describes no column.");
        }
        if (count > buffer.Length / ColumnDescriptorSize)
        {
            throw new HanaProtocolException($"RESULTSETMETADATA announces {count} columns in {buffer.Length} bytes.");
        }
        var area = buffer.Slice(count * ColumnDescriptorSize);
        var reader = new SpanReader(buffer);
        var columns = new ColumnMetadata[count];
        for (var i = 0; i < count; i++)
        {
            var column = new ColumnMetadata
            {
                Options = (ColumnOptions)reader.ReadByte(),
                TypeCode = (HanaTypeCode)reader.ReadByte(),
                Fraction = reader.ReadInt16(),
                Length = reader.ReadInt16(),
            };
            reader.Skip(2);
            if (!Types.HanaTypeInfo.IsPossibleScale(column.TypeCode, column.Fraction))
            {
                // a scale no FIXED column has would scale every value by up to 10^32767: refused before any row is read
                throw new HanaProtocolException($"RESULTSETMETADATA gives the {column.TypeCode} column {i + 1} a scale of {column.Fraction}, beyond the digits of its type (§6.21, §7.3.1).");
            }
            column.TableName = NameArea.Read(area, reader.ReadUInt32());
            column.SchemaName = NameArea.Read(area, reader.ReadUInt32());
            column.ColumnName = NameArea.Read(area, reader.ReadUInt32());
            column.DisplayName = NameArea.Read(area, reader.ReadUInt32());
            columns[i] = column;
        }
        return columns;
    }

    public static ParameterMetadata[] ReadParameterMetadata(ReadOnlySpan<byte> buffer, int count)
    {
        if (count > buffer.Length / ParameterDescriptorSize)
        {
            throw new HanaProtocolException($"PARAMETERMETADATA announces {count} parameters in {buffer.Length} bytes.");
        }
        var area = buffer.Slice(count * ParameterDescriptorSize);
        var reader = new SpanReader(buffer);
        var parameters = new ParameterMetadata[count];
        for (var i = 0; i < count; i++)
        {
            var parameter = new ParameterMetadata
            {
                Options = (ColumnOptions)reader.ReadByte(),
                TypeCode = (HanaTypeCode)reader.ReadByte(),
                Mode = (ParameterMode)reader.ReadByte(),
            };
            reader.Skip(1);
            parameter.Name = NameArea.Read(area, reader.ReadUInt32());
            parameter.Length = reader.ReadInt16();
            parameter.Fraction = reader.ReadInt16();
            reader.Skip(4);
            parameters[i] = parameter;
        }
        return parameters;
    }
}
