using System.Text;
using CsCheck;
using Driver.Core.Types;
using Driver.Sync;

namespace Driver.Tests.Properties;

/// <summary>
/// The CESU-8 codec (§5.5) against arbitrary UTF-16 strings. Documented behaviour for lone surrogates (not text):
/// the encoder writes each as U+FFFD (3 bytes, the same count as the surrogate's own encoding, like .NET's UTF-8
/// encoder), so what is sent always decodes; the decoder refuses an encoded lone surrogate with
/// <see cref="HanaProtocolException"/>.
/// </summary>
public class Cesu8Properties
{
    /// <summary>The string as it comes back: every unpaired surrogate replaced by U+FFFD.</summary>
    private static string Scrubbed(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else
            {
                builder.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return builder.ToString();
    }

    [Fact]
    public void EveryStringRoundTripsWithLoneSurrogatesReplaced()
    {
        PropertyGens.AnyUtf16.Sample(text =>
        {
            var count = Cesu8.GetByteCount(text.AsSpan());
            var bytes = new byte[count];
            Assert.Equal(count, Cesu8.Encode(text.AsSpan(), bytes));
            var back = Cesu8.Decode(bytes);
            Assert.Equal(Scrubbed(text), back);
            // one to three bytes per UTF-16 code unit, never four (surrogate pairs are two 3-byte halves)
            Assert.Equal(text.Sum(c => c < 0x80 ? 1 : c < 0x800 ? 2 : 3), count);
            Assert.Equal(back.Length, Cesu8.GetUtf16Length(bytes));
            Assert.DoesNotContain(bytes, b => b is >= 0xF0);
        }, iter: PropertyGens.Iterations * 5, threads: 1);
    }

    [Fact]
    public void ValidTextRoundTripsExactlyAndMatchesUtf8OutsideTheSupplementaryPlanes()
    {
        PropertyGens.Text.Sample(text =>
        {
            var bytes = Cesu8.GetBytes(text);
            Assert.Equal(text, Cesu8.Decode(bytes));
            if (!text.Any(char.IsSurrogate))
            {
                Assert.Equal(Encoding.UTF8.GetBytes(text), bytes);
            }
            // the decoder also takes the UTF-8 form some clients send (§5.5)
            Assert.Equal(text, Cesu8.Decode(Encoding.UTF8.GetBytes(text)));
        }, iter: PropertyGens.Iterations * 5, threads: 1);
    }

    [Fact]
    public void EncodedLoneSurrogatesAreRefused()
    {
        Gen.Select(PropertyGens.Text, Gen.Char['\uD800', '\uDFFF'], PropertyGens.Text).Sample((before, surrogate, after) =>
        {
            // CESU-8's 3-byte form of the lone surrogate, as a broken peer could send it
            var bytes = Cesu8.GetBytes(before)
                .Concat(new[] { (byte)0xED, (byte)(0x80 | ((surrogate >> 6) & 0x3F)), (byte)(0x80 | (surrogate & 0x3F)) })
                .Concat(Cesu8.GetBytes(after.TrimStart('\uDC00', '\uDFFF')))
                .ToArray();
            if (char.IsHighSurrogate(surrogate) && after.Length > 0 && char.IsLowSurrogate(after[0]))
            {
                return;
            }
            Assert.Throws<HanaProtocolException>(() => Cesu8.Decode(bytes));
        }, iter: PropertyGens.Iterations * 2, threads: 1);
    }

    [Fact]
    public void ChunksSplitAnywhereReassembleByTheIncompleteTail()
    {
        // a LOB arrives in chunks cut at any byte (§10.1): carrying the incomplete tail over gives the same text
        Gen.Select(PropertyGens.Text, Gen.Int[0, 1000]).Sample((text, cutSeed) =>
        {
            var bytes = Cesu8.GetBytes(text);
            var cut = bytes.Length == 0 ? 0 : cutSeed % (bytes.Length + 1);
            var first = bytes.AsSpan(0, cut);
            var tail = Cesu8.GetIncompleteTailLength(first);
            var decoded = Cesu8.Decode(first.Slice(0, first.Length - tail)) + Cesu8.Decode(bytes.AsSpan(cut - tail));
            Assert.Equal(text, decoded);
        }, iter: PropertyGens.Iterations * 5, threads: 1);
    }
}
