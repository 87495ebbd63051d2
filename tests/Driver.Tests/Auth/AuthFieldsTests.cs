using Driver.Core.Auth;
using Driver.Sync;

namespace Driver.Tests.Auth;

public class AuthFieldsTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(245, 1)]
    [InlineData(246, 3)]
    [InlineData(32767, 3)]
    [InlineData(32768, 5)]
    [InlineData(70000, 5)]
    public void EncodeUsesTheShortestClientPrefixAndRoundTrips(int length, int prefixLength)
    {
        var random = new Random(length);
        var field = new byte[length];
        random.NextBytes(field);
        var encoded = AuthFields.Encode(new byte[] { 7 }, field);

        Assert.Equal(2 + 2 + prefixLength + length, encoded.Length);
        Assert.Equal(new byte[] { 2, 0, 1, 7 }, encoded[..4]);
        var expectedPrefixByte = prefixLength switch { 1 => (byte)length, 3 => (byte)246, _ => (byte)247 };
        Assert.Equal(expectedPrefixByte, encoded[4]);
        var decoded = AuthFields.Decode(encoded);
        Assert.Equal(2, decoded.Length);
        Assert.Equal(field, decoded[1]);
    }

    [Fact]
    public void EmptyListRoundTrips()
    {
        Assert.Equal(new byte[] { 0, 0 }, AuthFields.Encode());
        Assert.Empty(AuthFields.Decode(new byte[] { 0, 0 }));
    }

    [Fact]
    public void ServerFormFfWithBigEndianLengthIsRead()
    {
        // §5.4: FF 01 2C = 300 bytes
        var data = new byte[2 + 3 + 300];
        data[0] = 1;
        data[2] = 0xFF;
        data[3] = 0x01;
        data[4] = 0x2C;
        for (var i = 0; i < 300; i++)
        {
            data[5 + i] = (byte)i;
        }
        var field = Assert.Single(AuthFields.Decode(data));
        Assert.Equal(data[5..], field);
    }

    [Fact]
    public void Unsigned246LengthAbove32767IsRead()
    {
        // §5.3: [R] writes F6 up to 65535; read the two bytes unsigned
        var data = new byte[2 + 3 + 40000];
        data[0] = 1;
        data[2] = 246;
        data[3] = 40000 & 0xFF;
        data[4] = 40000 >> 8;
        Assert.Equal(40000, Assert.Single(AuthFields.Decode(data)).Length);
    }

    [Fact]
    public void NestedListsRoundTrip()
    {
        var inner = AuthFields.Encode(new byte[] { 2 }, new byte[] { 3 });
        var outer = AuthFields.Encode(new byte[] { 1 }, inner);
        Assert.Equal(Convert.FromHexString("0200010106020001020103"), outer);
        var decoded = AuthFields.Decode(outer);
        Assert.Equal(inner, decoded[1]);
        Assert.Equal(new byte[] { 3 }, AuthFields.Decode(decoded[1])[1]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("01")]
    [InlineData("0100")]                 // one field announced, no prefix
    [InlineData("010005616263")]         // 5 bytes announced, 3 present
    [InlineData("0100f601")]             // truncated 2-byte length
    [InlineData("0100f7010000")]         // truncated 4-byte length
    [InlineData("0100f7ffffffff")]       // 4-byte length above int.MaxValue
    [InlineData("0100ff01")]             // truncated FF length
    [InlineData("0100f800")]             // 248..254 are not length prefixes
    [InlineData("0100fe00")]
    [InlineData("ffff0000")]             // count far beyond the bytes present
    [InlineData("01000161ff")]           // trailing byte after the last field
    [InlineData("0000ff")]               // trailing byte after an empty list
    public void MalformedListsThrowProtocolException(string hex)
    {
        Assert.Throws<HanaProtocolException>(() => AuthFields.Decode(Convert.FromHexString(hex)));
    }

    [Fact]
    public void EveryTruncationOfValidListsThrowsProtocolException()
    {
        var lists = new[]
        {
            AuthFields.Encode("SYSTEM"u8.ToArray(), "SCRAMSHA256"u8.ToArray(), new byte[64]),
            AuthFields.Encode(new byte[300], new byte[40000], Array.Empty<byte>()),
            AuthFields.Encode(new byte[] { 1 }, AuthFields.Encode(new byte[] { 2 }, new byte[] { 3 })),
        };
        foreach (var list in lists)
        {
            for (var length = 0; length < list.Length; length++)
            {
                var truncated = list[..length];
                Assert.Throws<HanaProtocolException>(() => AuthFields.Decode(truncated));
            }
        }
    }

    [Fact]
    public void RandomMutationsEitherDecodeOrThrowProtocolException()
    {
        var random = new Random(4711);
        var original = AuthFields.Encode("SYSTEM"u8.ToArray(), "SCRAMPBKDF2SHA256"u8.ToArray(), new byte[64],
            "SCRAMSHA256"u8.ToArray(), new byte[300]);
        for (var round = 0; round < 5000; round++)
        {
            var mutated = (byte[])original.Clone();
            var changes = random.Next(1, 4);
            for (var i = 0; i < changes; i++)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }
            var length = random.Next(3) == 0 ? random.Next(mutated.Length + 1) : mutated.Length;
            var candidate = mutated[..length];
            try
            {
                var fields = AuthFields.Decode(candidate);
                Assert.True(fields.Sum(f => f.Length) <= candidate.Length);
            }
            catch (HanaProtocolException)
            {
            }
        }
    }

    [Fact]
    public void RandomBytesEitherDecodeOrThrowProtocolException()
    {
        var random = new Random(99);
        for (var round = 0; round < 5000; round++)
        {
            var data = new byte[random.Next(0, 40)];
            random.NextBytes(data);
            if (data.Length >= 2 && random.Next(2) == 0)
            {
                data[1] = 0; // keep counts small so some lists parse
                data[0] = (byte)random.Next(4);
            }
            try
            {
                AuthFields.Decode(data);
            }
            catch (HanaProtocolException)
            {
            }
        }
    }

    [Fact]
    public void ExpectedCountIsEnforced()
    {
        var list = AuthFields.Encode(new byte[] { 1 }, new byte[] { 2 }, new byte[] { 3 });
        Assert.Equal(3, AuthFields.Decode(list, 3, "test").Length);
        var error = Assert.Throws<HanaProtocolException>(() => AuthFields.Decode(list, 2, "AUTHENTICATE reply"));
        Assert.Contains("AUTHENTICATE reply", error.Message);
    }
}
