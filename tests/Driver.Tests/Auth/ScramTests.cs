using System.Security.Cryptography;
using System.Text;
using Driver.Core.Auth;
using Driver.Sync;
using Driver.TestServer.Protocol;

namespace Driver.Tests.Auth;

public class ScramTests
{
    // ScramMethod is internal, so theories take a flag: true = SCRAMPBKDF2SHA256, false = SCRAMSHA256
    public static TheoryData<bool> Methods => new() { false, true };

    private static ScramMethod MethodOf(bool pbkdf2) => pbkdf2 ? ScramMethod.ScramPbkdf2Sha256 : ScramMethod.ScramSha256;

    private static string RandomPassword(Random random)
    {
        // ASCII, Latin-1, CJK and a supplementary character: all become UTF-8 bytes (§8.2)
        const string alphabet = "abcXYZ019!\"§ äöüß漢字\uD83D\uDE00";
        var builder = new StringBuilder();
        var length = random.Next(1, 40);
        while (builder.Length < length)
        {
            var index = random.Next(alphabet.Length);
            if (char.IsSurrogate(alphabet[index]))
            {
                builder.Append("\uD83D\uDE00");
            }
            else
            {
                builder.Append(alphabet[index]);
            }
        }
        return builder.ToString();
    }

    /// <summary>The whole exchange through the payload builders, as the driver and the test server run it.</summary>
    private static (ScramClient Client, ScramServer Server, ConnectRequest Connect) Login(
        string clientPassword, string serverPassword, IReadOnlyList<ScramMethod>? offered = null)
    {
        var client = new ScramClient("SYSTEM", clientPassword, offered);
        var request = ServerAuthPayloads.ParseAuthenticateRequest(client.BuildAuthenticateRequest());
        Assert.Equal("SYSTEM", request.UserName);
        var offer = ScramServer.ChooseOffer(request);
        Assert.NotNull(offer);
        Assert.True(offer.TryGetScramMethod(out var method));
        var server = new ScramServer(method, serverPassword, offer.Data);
        client.HandleAuthenticateReply(server.BuildAuthenticateReply());
        Assert.Equal(method, client.Method);
        var connect = ServerAuthPayloads.ParseConnectRequest(client.BuildConnectRequest());
        return (client, server, connect);
    }

    [Fact]
    public void AuthenticateRequestOffersPbkdf2ThenSha256WithFreshChallenges()
    {
        using var client = new ScramClient("SYSTEM", "secret");
        var fields = AuthFields.Decode(client.BuildAuthenticateRequest());
        Assert.Equal(5, fields.Length);
        Assert.Equal("SYSTEM"u8.ToArray(), fields[0]);
        Assert.Equal("SCRAMPBKDF2SHA256"u8.ToArray(), fields[1]);
        Assert.Equal("SCRAMSHA256"u8.ToArray(), fields[3]);
        Assert.Equal(ScramClient.ClientChallengeLength, fields[2].Length);
        Assert.Equal(ScramClient.ClientChallengeLength, fields[4].Length);
        Assert.NotEqual(fields[2], fields[4]);

        using var other = new ScramClient("SYSTEM", "secret");
        Assert.NotEqual(fields[2], AuthFields.Decode(other.BuildAuthenticateRequest())[2]);
    }

    [Fact]
    public void RoundTripWithRandomPasswords()
    {
        var random = new Random(12345);
        for (var i = 0; i < 6; i++)
        {
            var password = RandomPassword(random);
            ScramMethod[] offered = (i % 3) switch
            {
                0 => [ScramMethod.ScramPbkdf2Sha256, ScramMethod.ScramSha256],
                1 => [ScramMethod.ScramSha256],
                _ => [ScramMethod.ScramPbkdf2Sha256],
            };
            var (client, server, connect) = Login(password, password, offered);
            using (client)
            using (server)
            {
                Assert.Equal(offered[0], server.Method);
                Assert.True(server.VerifyClientProof(connect.Proof));
                client.VerifyConnectReply(server.BuildConnectReply());
            }
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void WrongPasswordIsRejectedByTheServer(bool pbkdf2)
    {
        var method = MethodOf(pbkdf2);
        var (client, server, connect) = Login("correct horse", "correct horsf", [method]);
        using (client)
        using (server)
        {
            Assert.False(server.VerifyClientProof(connect.Proof));
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void TamperedClientProofIsRejected(bool pbkdf2)
    {
        var method = MethodOf(pbkdf2);
        var (client, server, connect) = Login("pw", "pw", [method]);
        using (client)
        using (server)
        {
            for (var i = 3; i < connect.Proof.Length; i++)
            {
                var tampered = (byte[])connect.Proof.Clone();
                tampered[i] ^= 0x01;
                Assert.False(server.VerifyClientProof(tampered));
            }
        }
    }

    [Fact]
    public void TamperedServerProofIsRejectedByTheClient()
    {
        const string password = "Toor1234";
        var (client, server, _) = Login(password, password, [ScramMethod.ScramPbkdf2Sha256]);
        using (client)
        using (server)
        {
            var proofField = server.BuildServerProofField();
            var methodName = AuthMethodNames.GetBytes(ScramMethod.ScramPbkdf2Sha256);
            for (var i = 3; i < proofField.Length; i++)
            {
                var tampered = (byte[])proofField.Clone();
                tampered[i] ^= 0x80;
                var error = Assert.Throws<HanaException>(() => client.VerifyConnectReply(ServerAuthPayloads.BuildConnectReply(methodName, tampered)));
                Assert.Equal(AuthErrors.AuthenticationFailedCode, error.Code);
                Assert.DoesNotContain(password, error.Message, StringComparison.Ordinal);
            }
            // a missing server proof is malformed, not merely wrong
            Assert.Throws<HanaProtocolException>(() => client.VerifyConnectReply(ServerAuthPayloads.BuildConnectReply(methodName, [])));
            client.VerifyConnectReply(server.BuildConnectReply());
        }
    }

    [Fact]
    public void Sha256ServerProofMustBeEmpty()
    {
        var (client, server, _) = Login("pw", "pw", [ScramMethod.ScramSha256]);
        using (client)
        using (server)
        {
            var methodName = AuthMethodNames.GetBytes(ScramMethod.ScramSha256);
            Assert.Throws<HanaProtocolException>(() =>
                client.VerifyConnectReply(ServerAuthPayloads.BuildConnectReply(methodName, ScramProofField.Build(new byte[32]))));
            client.VerifyConnectReply(ServerAuthPayloads.BuildConnectReply(methodName, []));
        }
    }

    [Fact]
    public void ConnectReplyNamingAnotherMethodIsRejected()
    {
        var (client, server, _) = Login("pw", "pw", [ScramMethod.ScramSha256]);
        using (client)
        using (server)
        {
            Assert.Throws<HanaException>(() => client.VerifyConnectReply(ServerAuthPayloads.BuildConnectReply("SCRAMPBKDF2SHA256"u8.ToArray(), [])));
        }
    }

    [Fact]
    public void ServerChoosingAMethodNotOfferedIsRejected()
    {
        using var client = new ScramClient("SYSTEM", "pw", [ScramMethod.ScramSha256]);
        var pbkdf2 = ScramServer.CreateChallenge(ScramMethod.ScramPbkdf2Sha256);
        var error = Assert.Throws<HanaException>(() => client.HandleAuthenticateReply(
            ServerAuthPayloads.BuildAuthenticateReply("SCRAMPBKDF2SHA256"u8.ToArray(), pbkdf2.Encode())));
        Assert.IsNotType<HanaProtocolException>(error);
        Assert.Throws<HanaException>(() => client.HandleAuthenticateReply(
            ServerAuthPayloads.BuildAuthenticateReply("LDAP"u8.ToArray(), pbkdf2.Encode())));
    }

    [Theory]
    [InlineData(14999, false)]
    [InlineData(0, false)]
    [InlineData(15000, true)]
    [InlineData(15001, true)]
    public void Pbkdf2IterationsBelow15000AreRefused(int iterations, bool accepted)
    {
        var challenge = new ScramServerChallenge(ScramMethod.ScramPbkdf2Sha256, new byte[16], new byte[48], iterations).Encode();
        if (accepted)
        {
            Assert.Equal(iterations, ScramServerChallenge.Parse(ScramMethod.ScramPbkdf2Sha256, challenge).Iterations);
            return;
        }
        var error = Assert.Throws<HanaException>(() => ScramServerChallenge.Parse(ScramMethod.ScramPbkdf2Sha256, challenge));
        Assert.IsNotType<HanaProtocolException>(error);
        Assert.Contains("15000", error.Message);
    }

    [Fact]
    public void IterationsAboveTheMaximumAreRefused()
    {
        var challenge = new ScramServerChallenge(ScramMethod.ScramPbkdf2Sha256, new byte[16], new byte[48], int.MaxValue).Encode();
        Assert.Throws<HanaException>(() => ScramServerChallenge.Parse(ScramMethod.ScramPbkdf2Sha256, challenge));
        var huge = AuthFields.Encode(new byte[16], new byte[48], [0xFF, 0xFF, 0xFF, 0xFF]);
        Assert.Throws<HanaException>(() => ScramServerChallenge.Parse(ScramMethod.ScramPbkdf2Sha256, huge));
        Assert.Equal(20000, ScramServerChallenge.Parse(ScramMethod.ScramPbkdf2Sha256,
            new ScramServerChallenge(ScramMethod.ScramPbkdf2Sha256, new byte[16], new byte[48], 20000).Encode(), maximumIterations: 20000).Iterations);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void ShortSaltIsRefused(bool pbkdf2)
    {
        var method = MethodOf(pbkdf2);
        var challenge = new ScramServerChallenge(method, new byte[15], new byte[48], 15000).Encode();
        var error = Assert.Throws<HanaException>(() => ScramServerChallenge.Parse(method, challenge));
        Assert.IsNotType<HanaProtocolException>(error);
        Assert.Contains("salt", error.Message);
    }

    [Theory]
    [InlineData("02001000000000000000000000000000000000")]   // SHA256 list with a missing challenge field
    [InlineData("0300")]                                     // count only
    [InlineData("030010")]
    [InlineData("0100ff")]
    public void MalformedChallengesThrowProtocolException(string hex)
    {
        Assert.Throws<HanaProtocolException>(() => ScramServerChallenge.Parse(ScramMethod.ScramSha256, Convert.FromHexString(hex)));
        Assert.Throws<HanaProtocolException>(() => ScramServerChallenge.Parse(ScramMethod.ScramPbkdf2Sha256, Convert.FromHexString(hex)));
    }

    [Fact]
    public void IterationFieldOfWrongSizeIsMalformed()
    {
        var challenge = AuthFields.Encode(new byte[16], new byte[48], [0x00, 0x3A, 0x98]);
        Assert.Throws<HanaProtocolException>(() => ScramServerChallenge.Parse(ScramMethod.ScramPbkdf2Sha256, challenge));
    }

    [Fact]
    public void TruncatedOrMutatedAuthenticateRepliesOnlyThrowHanaExceptions()
    {
        var random = new Random(777);
        var reply = ServerAuthPayloads.BuildAuthenticateReply("SCRAMSHA256"u8.ToArray(),
            ScramServer.CreateChallenge(ScramMethod.ScramSha256).Encode());
        for (var round = 0; round < 2000; round++)
        {
            var mutated = (byte[])reply.Clone();
            mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            var candidate = random.Next(2) == 0 ? mutated[..random.Next(mutated.Length)] : mutated;
            using var client = new ScramClient("SYSTEM", "pw", [ScramMethod.ScramSha256]);
            try
            {
                client.HandleAuthenticateReply(candidate);
            }
            catch (HanaException)
            {
            }
        }
        for (var length = 0; length < reply.Length; length++)
        {
            using var client = new ScramClient("SYSTEM", "pw", [ScramMethod.ScramSha256]);
            Assert.Throws<HanaProtocolException>(() => client.HandleAuthenticateReply(reply[..length]));
        }
    }

    [Fact]
    public void ProofFieldAcceptsBothCountOrdersAndRejectsOtherShapes()
    {
        var proof = RandomNumberGenerator.GetBytes(32);
        Assert.Equal(proof, ScramProofField.Parse([0x01, 0x00, 0x20, .. proof], "p"));
        Assert.Equal(proof, ScramProofField.Parse([0x00, 0x01, 0x20, .. proof], "p"));
        Assert.Equal(new byte[] { 0x01, 0x00, 0x20 }.Concat(proof), ScramProofField.Build(proof));
        Assert.Throws<HanaProtocolException>(() => ScramProofField.Parse([0x01, 0x00, 0x1F, .. proof[..31]], "p"));
        Assert.Throws<HanaProtocolException>(() => ScramProofField.Parse([0x02, 0x00, 0x20, .. proof], "p"));
        Assert.Throws<HanaProtocolException>(() => ScramProofField.Parse([0x01, 0x00, 0x20, .. proof[..31]], "p"));
        Assert.Throws<HanaProtocolException>(() => ScramProofField.Parse([], "p"));
    }

    [Fact]
    public void ConnectRequestCarriesUserMethodAndProofField()
    {
        var (client, server, connect) = Login("pw", "pw", [ScramMethod.ScramPbkdf2Sha256]);
        using (client)
        using (server)
        {
            Assert.Equal("SYSTEM", connect.UserName);
            Assert.True(connect.TryGetScramMethod(out var method));
            Assert.Equal(ScramMethod.ScramPbkdf2Sha256, method);
            Assert.Equal(ScramProofField.Length, connect.Proof.Length);
            Assert.Equal(new byte[] { 0x01, 0x00, 0x20 }, connect.Proof[..3]);
        }
    }

    [Fact]
    public void ParseAuthenticateRequestNeedsUserAndPairs()
    {
        Assert.Throws<HanaProtocolException>(() => ServerAuthPayloads.ParseAuthenticateRequest(AuthFields.Encode("u"u8.ToArray())));
        Assert.Throws<HanaProtocolException>(() => ServerAuthPayloads.ParseAuthenticateRequest(AuthFields.Encode("u"u8.ToArray(), "SCRAMSHA256"u8.ToArray())));
        var request = ServerAuthPayloads.ParseAuthenticateRequest(AuthFields.Encode("u"u8.ToArray(), "JWT"u8.ToArray(), "t"u8.ToArray()));
        Assert.Null(ScramServer.ChooseOffer(request));
        Assert.Equal("JWT", Assert.Single(request.Offers).Method);
    }

    [Fact]
    public void PasswordNeverAppearsInToStringOrMessages()
    {
        const string password = "VerySecretPassword4711";
        var (client, server, _) = Login(password, "something else", [ScramMethod.ScramPbkdf2Sha256]);
        using (client)
        using (server)
        {
            Assert.DoesNotContain(password, client.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(password, server.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(password, server.Challenge.ToString(), StringComparison.Ordinal);
            var error = Assert.Throws<HanaException>(() => client.VerifyConnectReply(server.BuildConnectReply()));
            Assert.DoesNotContain(password, error.ToString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 16)]
    [InlineData(1000, 16)]
    [InlineData(15000, 32)]
    public void ManagedPbkdf2MatchesThePlatform(int iterations, int saltLength)
    {
        var random = new Random(iterations);
        var password = new byte[random.Next(0, 100)];
        random.NextBytes(password);
        var salt = new byte[saltLength];
        random.NextBytes(salt);
        Assert.Equal(
            Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, 32),
            ScramCrypto.Pbkdf2Sha256Managed(password, salt, iterations));
    }

    [Fact]
    public void FixedTimeEqualsComparesContentAndLength()
    {
        Assert.True(ScramCrypto.FixedTimeEquals([1, 2, 3], [1, 2, 3]));
        Assert.False(ScramCrypto.FixedTimeEquals([1, 2, 3], [1, 2, 4]));
        Assert.False(ScramCrypto.FixedTimeEquals([1, 2, 3], [1, 2]));
        Assert.True(ScramCrypto.FixedTimeEquals([], []));
    }

    [Fact]
    public void DisposeClearsThePasswordSoNoFurtherProofCanBeComputed()
    {
        var server = new ScramServer(ScramMethod.ScramSha256, "pw", new byte[64]);
        var client = new ScramClient("SYSTEM", "pw", [ScramMethod.ScramSha256], ScramServerChallenge.DefaultMaximumIterations, [new byte[64]]);
        client.Dispose();
        // the cleared password no longer derives the right key
        client.HandleAuthenticateReply(server.BuildAuthenticateReply());
        Assert.False(server.VerifyClientProof(ServerAuthPayloads.ParseConnectRequest(client.BuildConnectRequest()).Proof));
    }
}
