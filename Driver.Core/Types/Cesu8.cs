// TEMPORARY STUB: replaced by the real CESU-8 codec from the types branch.
using System.Text;

namespace Driver.Core.Types;

internal static class Cesu8
{
    public static int GetByteCount(ReadOnlySpan<char> text) => Encoding.UTF8.GetByteCount(text.ToArray());

    public static int Encode(ReadOnlySpan<char> text, Span<byte> destination)
    {
        var bytes = Encoding.UTF8.GetBytes(text.ToArray());
        bytes.CopyTo(destination);
        return bytes.Length;
    }

    public static string Decode(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes.ToArray());
}
