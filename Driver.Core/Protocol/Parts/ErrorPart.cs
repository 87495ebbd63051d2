using System.Buffers.Binary;
using System.Text;
using Driver.Core.Types;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Protocol.Parts;

/// <summary>
/// ERROR part records (§12.1). Written as §15.2 advises: each record is 18 + T bytes, at least one zero byte,
/// then zeros to the next multiple of 8; the part's bufferLength leaves out the padding of the last record.
/// </summary>
internal static class ErrorPart
{
    private const int FixedSize = 18;

    public static List<ErrorRecord> Read(ReadOnlySpan<byte> buffer, int count)
    {
        var reader = new SpanReader(buffer);
        var records = new List<ErrorRecord>(Math.Min(count, buffer.Length / FixedSize + 1));
        for (var i = 0; i < count; i++)
        {
            var code = reader.ReadInt32();
            var position = reader.ReadInt32();
            var textLength = reader.ReadInt32();
            if (textLength < 0)
            {
                throw new HanaProtocolException($"Negative error text length {textLength}.");
            }
            var level = reader.ReadByte();
            var state = Encoding.ASCII.GetString(reader.ReadBytes(5).ToArray());
            var text = DecodeLenient(reader.ReadBytes(textLength));
            records.Add(new ErrorRecord(code, position, level <= 2 ? (HanaErrorLevel)level : HanaErrorLevel.Error, state.TrimEnd('\0', ' '), text));
            if (i < count - 1)
            {
                // §12.1: records are followed by zero padding to the next 8-byte boundary: 1..8 bytes as hdbconnect
                // reads it, none after a record that ends on the boundary as go-hdb reads it. There the next 8 bytes
                // are either that padding (all zero) or the next record's code and position (a code is never 0).
                var next = (reader.Position + 1 + 7) & ~7;
                if ((reader.Position & 7) == 0 && !IsZeroPadding(buffer, reader.Position))
                {
                    next = reader.Position;
                }
                reader.Skip(Math.Min(next - reader.Position, reader.Remaining));
            }
        }
        return records;
    }

    private static bool IsZeroPadding(ReadOnlySpan<byte> buffer, int offset) =>
        buffer.Length - offset >= 8 && BinaryPrimitives.ReadInt64LittleEndian(buffer.Slice(offset)) == 0;

    // §12.1: some server texts are not valid CESU-8; an error text must never hide the error itself
    private static string DecodeLenient(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return Cesu8.Decode(bytes);
        }
        catch (HanaProtocolException)
        {
            return Encoding.UTF8.GetString(bytes.ToArray());
        }
    }
}
