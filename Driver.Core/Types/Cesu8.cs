using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Types;

/// <summary>
/// CESU-8 text codec (docs/protocol.md §5.5): UTF-8 for U+0000…U+FFFF, supplementary characters as their two UTF-16
/// surrogates, each written as a 3-byte sequence. The decoder also accepts 4-byte UTF-8 sequences because some
/// clients send UTF-8 (§5.5), so the test server can read what they send.
/// </summary>
internal static class Cesu8
{
    private const char ReplacementCharacter = '\uFFFD';

    // Strict UTF-8 (throws on invalid input); used for the common case that contains no CESU-8 surrogate sequences.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Bytes needed to encode <paramref name="chars"/>: every UTF-16 code unit is encoded on its own (§5.5).</summary>
    public static int GetByteCount(ReadOnlySpan<char> chars)
    {
        long count = chars.Length;
        foreach (var c in chars)
        {
            if (c >= 0x80)
            {
                count += c >= 0x800 ? 2 : 1;
            }
        }
        if (count > int.MaxValue)
        {
            throw new ArgumentException("The text is too long to encode as CESU-8.", nameof(chars));
        }
        return (int)count;
    }

    /// <summary>
    /// Encodes <paramref name="chars"/> into <paramref name="destination"/> and returns the bytes written.
    /// An unpaired surrogate (not valid text) is written as U+FFFD, like .NET's UTF-8 encoder, so the output is always
    /// valid CESU-8; the byte count is the same as the surrogate's own 3 bytes.
    /// </summary>
    public static int Encode(ReadOnlySpan<char> chars, Span<byte> destination)
    {
        var written = 0;
        var i = 0;
        // ASCII fast path: most SQL text and identifiers.
        var asciiEnd = Math.Min(chars.Length, destination.Length);
        while (i < asciiEnd && chars[i] < 0x80)
        {
            destination[i] = (byte)chars[i];
            i++;
        }
        written = i;
        for (; i < chars.Length; i++)
        {
            int c = chars[i];
            if (c < 0x80)
            {
                EnsureRoom(destination, written, 1);
                destination[written++] = (byte)c;
                continue;
            }
            if (c < 0x800)
            {
                EnsureRoom(destination, written, 2);
                destination[written++] = (byte)(0xC0 | (c >> 6));
                destination[written++] = (byte)(0x80 | (c & 0x3F));
                continue;
            }
            if (c is >= 0xD800 and <= 0xDFFF)
            {
                var paired = c <= 0xDBFF
                    ? i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1])
                    : i > 0 && char.IsHighSurrogate(chars[i - 1]);
                if (!paired)
                {
                    c = ReplacementCharacter;
                }
            }
            EnsureRoom(destination, written, 3);
            destination[written++] = (byte)(0xE0 | (c >> 12));
            destination[written++] = (byte)(0x80 | ((c >> 6) & 0x3F));
            destination[written++] = (byte)(0x80 | (c & 0x3F));
        }
        return written;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void EnsureRoom(Span<byte> destination, int written, int needed)
    {
        if (destination.Length - written < needed)
        {
            throw new ArgumentException("The destination is too small for the CESU-8 encoding.", nameof(destination));
        }
    }

    /// <summary>Encodes a whole string into a new array.</summary>
    public static byte[] GetBytes(string text)
    {
        var bytes = new byte[GetByteCount(text.AsSpan())];
        Encode(text.AsSpan(), bytes);
        return bytes;
    }

    /// <summary>Decodes CESU-8 (or UTF-8) bytes. Invalid input throws <see cref="HanaProtocolException"/>.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
#if NET8_0_OR_GREATER
        if (System.Text.Ascii.IsValid(bytes))
        {
            // ASCII only (names, codes, most keys): every byte is its own char, so widening is the decoding; both
            // passes are vectorized, and this skips the surrogate search and the UTF-8 validation and count (and the
            // general path's frame: it is a method of its own)
            return bytes.IsEmpty ? string.Empty : Encoding.Latin1.GetString(bytes);
        }
#endif
        return DecodeGeneral(bytes);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe string DecodeGeneral(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }
        if (!ContainsEncodedSurrogate(bytes))
        {
            // Without ED A0..BF the text is plain UTF-8: let the (vectorized) framework decoder validate and decode.
            try
            {
                fixed (byte* p = bytes)
                {
                    return StrictUtf8.GetString(p, bytes.Length);
                }
            }
            catch (DecoderFallbackException)
            {
                // fall through: the own decoder finds and reports the exact offending offset
            }
        }
        var length = Scan(bytes, default, countOnly: true);
        char[]? rented = null;
        var buffer = length <= 256 ? stackalloc char[length] : (rented = ArrayPool<char>.Shared.Rent(length)).AsSpan(0, length);
        try
        {
            Scan(bytes, buffer, countOnly: false);
            fixed (char* c = buffer)
            {
                return new string(c, 0, length);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Number of UTF-16 code units the bytes decode to (HANA's NCLOB character count, §5.5: a surrogate pair counts 2).
    /// Invalid input throws <see cref="HanaProtocolException"/>.
    /// </summary>
    public static int GetUtf16Length(ReadOnlySpan<byte> bytes) => Scan(bytes, default, countOnly: true);

    /// <summary>
    /// Length of an incomplete sequence at the end of <paramref name="bytes"/> (a multi-byte sequence cut short, or a
    /// high surrogate whose low half has not arrived), so a LOB reader can carry it over to the next chunk (§10.1).
    /// </summary>
    public static int GetIncompleteTailLength(ReadOnlySpan<byte> bytes)
    {
        // Walk back over at most 3 continuation bytes to the lead byte of the last sequence.
        var tail = 0;
        var lead = bytes.Length - 1;
        while (lead >= 0 && bytes.Length - lead < 4 && (bytes[lead] & 0xC0) == 0x80)
        {
            lead--;
        }
        if (lead >= 0 && SequenceLength(bytes[lead]) > bytes.Length - lead)
        {
            tail = bytes.Length - lead;
        }
        // A complete high surrogate (ED A0..AF xx) before that waits for its low half (§5.5).
        var end = bytes.Length - tail;
        if (end >= 3 && bytes[end - 3] == 0xED && bytes[end - 2] is >= 0xA0 and <= 0xAF)
        {
            tail += 3;
        }
        return tail;
    }

    private static int SequenceLength(byte lead) => lead switch
    {
        < 0x80 => 1,
        >= 0xC2 and <= 0xDF => 2,
        >= 0xE0 and <= 0xEF => 3,
        >= 0xF0 and <= 0xF4 => 4,
        _ => 1,
    };

    private static bool ContainsEncodedSurrogate(ReadOnlySpan<byte> bytes)
    {
        var index = bytes.IndexOf((byte)0xED);
        while (index >= 0)
        {
            if (index + 1 < bytes.Length && bytes[index + 1] >= 0xA0)
            {
                return true;
            }
            var next = bytes.Slice(index + 1).IndexOf((byte)0xED);
            index = next < 0 ? -1 : index + 1 + next;
        }
        return false;
    }

    /// <summary>Validates and (unless <paramref name="countOnly"/>) decodes; returns the UTF-16 length.</summary>
    private static int Scan(ReadOnlySpan<byte> bytes, Span<char> output, bool countOnly)
    {
        var i = 0;
        var n = 0;
        while (i < bytes.Length)
        {
            int b0 = bytes[i];
            if (b0 < 0x80)
            {
                if (!countOnly)
                {
                    output[n] = (char)b0;
                }
                n++;
                i++;
                continue;
            }
            if (b0 is >= 0xC2 and <= 0xDF)
            {
                var b1 = Continuation(bytes, i, 1);
                if (!countOnly)
                {
                    output[n] = (char)(((b0 & 0x1F) << 6) | b1);
                }
                n++;
                i += 2;
                continue;
            }
            if (b0 is >= 0xE0 and <= 0xEF)
            {
                var unit = ThreeByteUnit(bytes, i);
                if (unit is >= 0xD800 and <= 0xDFFF)
                {
                    // §5.5: a surrogate is only valid as the high half immediately followed by the low half.
                    if (unit > 0xDBFF)
                    {
                        throw Invalid(bytes, i, "unpaired low surrogate");
                    }
                    if (i + 3 >= bytes.Length || bytes[i + 3] != 0xED)
                    {
                        throw Invalid(bytes, i, "high surrogate without a following low surrogate");
                    }
                    var low = ThreeByteUnit(bytes, i + 3);
                    if (low is < 0xDC00 or > 0xDFFF)
                    {
                        throw Invalid(bytes, i, "high surrogate without a following low surrogate");
                    }
                    if (!countOnly)
                    {
                        output[n] = (char)unit;
                        output[n + 1] = (char)low;
                    }
                    n += 2;
                    i += 6;
                    continue;
                }
                if (!countOnly)
                {
                    output[n] = (char)unit;
                }
                n++;
                i += 3;
                continue;
            }
            if (b0 is >= 0xF0 and <= 0xF4)
            {
                // 4-byte UTF-8, tolerated on input (§5.5).
                var b1 = Continuation(bytes, i, 1);
                var b2 = Continuation(bytes, i, 2);
                var b3 = Continuation(bytes, i, 3);
                var scalar = ((b0 & 0x07) << 18) | (b1 << 12) | (b2 << 6) | b3;
                if (scalar is < 0x10000 or > 0x10FFFF)
                {
                    throw Invalid(bytes, i, "overlong or out-of-range 4-byte sequence");
                }
                if (!countOnly)
                {
                    scalar -= 0x10000;
                    output[n] = (char)(0xD800 + (scalar >> 10));
                    output[n + 1] = (char)(0xDC00 + (scalar & 0x3FF));
                }
                n += 2;
                i += 4;
                continue;
            }
            throw Invalid(bytes, i, b0 is >= 0x80 and <= 0xBF ? "unexpected continuation byte" : "invalid lead byte");
        }
        return n;
    }

    private static int ThreeByteUnit(ReadOnlySpan<byte> bytes, int i)
    {
        var b1 = Continuation(bytes, i, 1);
        var b2 = Continuation(bytes, i, 2);
        var unit = ((bytes[i] & 0x0F) << 12) | (b1 << 6) | b2;
        if (unit < 0x800)
        {
            throw Invalid(bytes, i, "overlong 3-byte sequence");
        }
        return unit;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Continuation(ReadOnlySpan<byte> bytes, int lead, int index)
    {
        var at = lead + index;
        if (at >= bytes.Length)
        {
            throw Invalid(bytes, lead, "sequence truncated at the end of the data");
        }
        var b = bytes[at];
        if ((b & 0xC0) != 0x80)
        {
            throw Invalid(bytes, lead, "missing continuation byte");
        }
        return b & 0x3F;
    }

    private static HanaProtocolException Invalid(ReadOnlySpan<byte> bytes, int offset, string reason)
    {
        var end = Math.Min(bytes.Length, offset + 6);
        var hex = new StringBuilder();
        for (var k = offset; k < end; k++)
        {
            hex.Append(bytes[k].ToString("X2", System.Globalization.CultureInfo.InvariantCulture)).Append(' ');
        }
        return new HanaProtocolException($"Invalid CESU-8 text at byte {offset} ({reason}): {hex.ToString().TrimEnd()}.");
    }
}
