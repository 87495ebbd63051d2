using System.Text;
using Driver.Core.Types;
using Driver.Sync;

namespace Driver.Tests.Types;

public class Cesu8Tests
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    [Fact]
    public void EveryScalarValueEncodesAsUtf8OrSixByteSurrogatePairAndDecodesBack()
    {
        var checkedCount = 0;
        for (var scalar = 0; scalar <= 0x10FFFF; scalar++)
        {
            if (scalar is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }
            var text = char.ConvertFromUtf32(scalar);
            var bytes = Cesu8.GetBytes(text);
            var utf8 = Encoding.UTF8.GetBytes(text);
            if (scalar < 0x10000)
            {
                Assert.Equal(utf8, bytes);
            }
            else
            {
                // §5.5: each UTF-16 surrogate as a 3-byte sequence: ED A0..AF xx, ED B0..BF xx
                Assert.Equal(6, bytes.Length);
                Assert.Equal(0xED, bytes[0]);
                Assert.InRange(bytes[1], 0xA0, 0xAF);
                Assert.Equal(0xED, bytes[3]);
                Assert.InRange(bytes[4], 0xB0, 0xBF);
                Assert.Equal((text[0] >> 6) & 0x3F, bytes[1] & 0x3F);
                Assert.Equal(text[0] & 0x3F, bytes[2] & 0x3F);
                Assert.Equal((text[1] >> 6) & 0x3F, bytes[4] & 0x3F);
                Assert.Equal(text[1] & 0x3F, bytes[5] & 0x3F);
                // the 4-byte UTF-8 form is accepted too (§5.5)
                Assert.Equal(text, Cesu8.Decode(utf8));
                Assert.Equal(2, Cesu8.GetUtf16Length(utf8));
            }
            Assert.Equal(bytes.Length, Cesu8.GetByteCount(text));
            Assert.Equal(text, Cesu8.Decode(bytes));
            Assert.Equal(text.Length, Cesu8.GetUtf16Length(bytes));
            checkedCount++;
        }
        Assert.Equal(0x110000 - 0x800, checkedCount);
    }

    [Fact]
    public void AllOfUnicodeInOneTextRoundTrips()
    {
        var builder = new StringBuilder();
        for (var scalar = 0; scalar <= 0x10FFFF; scalar++)
        {
            if (scalar is < 0xD800 or > 0xDFFF)
            {
                builder.Append(char.ConvertFromUtf32(scalar));
            }
        }
        var text = builder.ToString();
        var bytes = Cesu8.GetBytes(text);
        Assert.Equal(0x80 + 2 * 0x780 + 3 * (0x10000 - 0x800 - 0x800) + 6 * 0x100000, bytes.Length);
        Assert.Equal(text, Cesu8.Decode(bytes));
        Assert.Equal(text.Length, Cesu8.GetUtf16Length(bytes));
    }

    public static IEnumerable<object[]> InvalidSequences() => new[]
    {
        "80", "BF", "C0 80", "C1 BF", "C3", "C3 41", "E2 82", "E2 28 A1", "E0 80 80", "E0 9F BF",
        "ED A0 80", "ED B0 80", "ED A0 80 41", "ED A0 80 ED A0 80", "ED A0 80 E1 80 80", "ED B0 80 ED A0 80",
        "F0 80 80 80", "F0 8F BF BF", "F4 90 80 80", "F5 80 80 80", "F8 88 80 80 80", "FE", "FF", "F0 9F 8D",
    }.Select(hex => new object[] { hex });

    [Theory]
    [MemberData(nameof(InvalidSequences))]
    public void InvalidSequencesThrowProtocolException(string hex)
    {
        var bad = Convert.FromHexString(hex.Replace(" ", ""));
        foreach (var prefix in new[] { "", "abc", "é€" })
        {
            var bytes = Encoding.UTF8.GetBytes(prefix).Concat(bad).ToArray();
            var e = Assert.Throws<HanaProtocolException>(() => Cesu8.Decode(bytes));
            Assert.Contains("CESU-8", e.Message);
            Assert.Throws<HanaProtocolException>(() => Cesu8.GetUtf16Length(bytes));
        }
    }

    [Fact]
    public void RandomBytesDecodeLikeStrictUtf8OrThrowProtocolException()
    {
        var random = new Random(55);
        for (var i = 0; i < 20000; i++)
        {
            var bytes = new byte[random.Next(0, 12)];
            random.NextBytes(bytes);
            string? utf8;
            try
            {
                utf8 = StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                utf8 = null;
            }
            try
            {
                var text = Cesu8.Decode(bytes);
                // the decoder accepts exactly UTF-8 plus paired CESU-8 surrogates; re-encoding gives CESU-8
                Assert.Equal(text, Cesu8.Decode(Cesu8.GetBytes(text)));
                if (utf8 is not null)
                {
                    Assert.Equal(utf8, text);
                }
            }
            catch (HanaProtocolException)
            {
                Assert.Null(utf8);
            }
        }
    }

    [Fact]
    public void UnpairedSurrogatesAreWrittenAsReplacementCharacter()
    {
        Assert.Equal(new byte[] { 0x61, 0xEF, 0xBF, 0xBD, 0x62 }, Cesu8.GetBytes("a\uD800b"));
        Assert.Equal(new byte[] { 0xEF, 0xBF, 0xBD }, Cesu8.GetBytes("\uDC00"));
        Assert.Equal(new byte[] { 0xEF, 0xBF, 0xBD, 0xEF, 0xBF, 0xBD }, Cesu8.GetBytes("\uDC00\uD800"));
        Assert.Equal(3, Cesu8.GetByteCount("\uD800"));
    }

    [Fact]
    public void EncodeIntoTooSmallDestinationThrows()
    {
        Assert.Throws<ArgumentException>(() => Cesu8.Encode("ab€", new byte[4]));
        Assert.Equal(5, Cesu8.Encode("ab€", new byte[5]));
    }

    [Fact]
    public void IncompleteTailIsFoundForLobChunkCarryOver()
    {
        var text = Cesu8.GetBytes("aé€\U0001F600");
        // a (1) é (2) € (3) 😀 (6) = 12 bytes; every cut inside a sequence reports the partial bytes
        var expectedTail = new[] { 0, 0, 1, 0, 1, 2, 0, 1, 2, 3, 4, 5, 0 };
        for (var cut = 0; cut <= text.Length; cut++)
        {
            Assert.Equal(expectedTail[cut], Cesu8.GetIncompleteTailLength(text.AsSpan(0, cut)));
            var complete = text.AsSpan(0, cut - expectedTail[cut]);
            Cesu8.Decode(complete);
        }
    }
}
