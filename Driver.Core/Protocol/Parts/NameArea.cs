using Driver.Core.Types;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Protocol.Parts;

/// <summary>
/// The name area after the fixed descriptors of metadata parts (§6.21, §6.22): names as U1 length + CESU-8
/// bytes, addressed by offset; identical names are stored once. 0xFFFFFFFF means no name. The driver only reads
/// it; the test server's NameAreaWriter writes it.
/// </summary>
internal static class NameArea
{
    public const uint NoName = 0xFFFFFFFF;

    public static string? Read(ReadOnlySpan<byte> area, uint offset)
    {
        if (offset == NoName)
        {
            return null;
        }
        if (offset >= (uint)area.Length)
        {
            throw new HanaProtocolException($"Name offset {offset} lies outside the name area of {area.Length} bytes.");
        }
        var reader = new SpanReader(area.Slice((int)offset));
        var length = reader.ReadByte();
        return Cesu8.Decode(reader.ReadBytes(length));
    }
}
