namespace Driver.Core.Protocol.Parts;

/// <summary>RESULTSETMETADATA (§6.21) and PARAMETERMETADATA (§6.22) readers and writers.</summary>
internal static class MetadataParts
{
    private const int ColumnDescriptorSize = 24;
    private const int ParameterDescriptorSize = 16;

    public static void WriteResultSetMetadata(PacketWriter writer, IReadOnlyList<ColumnMetadata> columns)
    {
        var names = new NameArea();
        foreach (var column in columns)
        {
            writer.WriteByte((byte)column.Options);
            writer.WriteByte((byte)column.TypeCode);
            writer.WriteInt16(column.Fraction);
            writer.WriteInt16(column.Length);
            writer.WriteInt16(0);
            writer.WriteInt32(unchecked((int)names.Add(column.TableName)));
            writer.WriteInt32(unchecked((int)names.Add(column.SchemaName)));
            writer.WriteInt32(unchecked((int)names.Add(column.ColumnName)));
            writer.WriteInt32(unchecked((int)names.Add(column.DisplayName)));
        }
        names.Write(writer);
    }

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
            column.TableName = NameArea.Read(area, reader.ReadUInt32());
            column.SchemaName = NameArea.Read(area, reader.ReadUInt32());
            column.ColumnName = NameArea.Read(area, reader.ReadUInt32());
            column.DisplayName = NameArea.Read(area, reader.ReadUInt32());
            columns[i] = column;
        }
        return columns;
    }

    public static void WriteParameterMetadata(PacketWriter writer, IReadOnlyList<ParameterMetadata> parameters)
    {
        // §6.22: names in descriptor order with matching offsets ([R] reads them sequentially)
        var names = new NameArea();
        foreach (var parameter in parameters)
        {
            writer.WriteByte((byte)parameter.Options);
            writer.WriteByte((byte)parameter.TypeCode);
            writer.WriteByte((byte)parameter.Mode);
            writer.WriteByte(0);
            writer.WriteInt32(unchecked((int)names.Add(parameter.Name)));
            writer.WriteInt16(parameter.Length);
            writer.WriteInt16(parameter.Fraction);
            writer.WriteInt32(0);
        }
        names.Write(writer);
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
