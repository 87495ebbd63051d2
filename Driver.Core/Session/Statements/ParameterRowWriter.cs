using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.Core.Types;

namespace Driver.Core.Session;

/// <summary>
/// Writes one PARAMETERS row (§6.24): every input parameter in metadata order in parameter encoding (§7.4),
/// then the data of the row's LOB parameters (§10.2), with each LOB input descriptor pointing at its data
/// by 1-based, row-relative position (what node-hdb and PyHDB send). A <see cref="LobChunkSource"/> value
/// contributes its current chunk, without the last-data bit while more follows by WRITELOB.
/// </summary>
internal static class ParameterRowWriter
{
    public static void WriteRow(PacketWriter writer, ParameterMetadata[] parameters, object?[] row)
    {
        var rowStart = writer.Length;
        List<(int DescriptorOffset, ReadOnlyMemory<byte> Data)>? lobs = null;
        var index = 0;
        foreach (var parameter in parameters)
        {
            if (!parameter.IsInput)
            {
                continue;
            }
            if (index >= row.Length)
            {
                throw new ArgumentException($"The statement has more input parameters than the {row.Length} values given.");
            }
            var value = row[index++];
            if (IsLob(parameter.TypeCode) && value is not null && value is not DBNull)
            {
                // type code + 9-byte descriptor now, the data after the row's fixed fields
                var data = LobBytes(parameter.TypeCode, ParameterTypeOverride.Unwrap(value)!);
                var options = value is LobChunkSource { IsLast: false } ? LobOptions.DataIncluded : LobOptions.DataIncluded | LobOptions.LastData;
                var descriptor = ParameterValueWriter.WriteLobDescriptor(writer, parameter.TypeCode, new LobInputDescriptor(options, data.Length, 0));
                (lobs ??= new()).Add((descriptor, data));
                continue;
            }
            ParameterValueWriter.Write(writer, parameter.TypeCode, parameter.Fraction, value is DBNull ? null : value);
        }
        if (index != row.Length)
        {
            throw new ArgumentException($"{row.Length} values were given for {index} input parameters.");
        }
        if (lobs is null)
        {
            return;
        }
        foreach (var (descriptorOffset, data) in lobs)
        {
            writer.PatchInt32(descriptorOffset + LobInputDescriptor.PositionOffset, writer.Length - rowStart + 1);
            writer.WriteBytes(data.Span);
        }
    }

    public static bool IsLob(HanaTypeCode type) => type is HanaTypeCode.Blob or HanaTypeCode.Clob or HanaTypeCode.NClob
        or HanaTypeCode.Locator or HanaTypeCode.NLocator or HanaTypeCode.Text or HanaTypeCode.BinText;

    private static ReadOnlyMemory<byte> LobBytes(HanaTypeCode type, object value) => value switch
    {
        LobChunkSource source => source.Chunk,
        byte[] bytes => bytes,
        ReadOnlyMemory<byte> memory => memory,
        string text => Cesu8.GetBytes(text),
        char[] chars => Cesu8.GetBytes(new string(chars)),
        _ => throw new InvalidCastException($"A {type} parameter takes byte[], string, Stream or TextReader, not {value.GetType().Name}."),
    };
}
