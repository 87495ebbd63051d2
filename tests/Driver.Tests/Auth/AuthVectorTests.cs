using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Driver.Core.Auth;
using Driver.Sync;
using Driver.TestServer.Protocol;
using Driver.Tests.Vectors;

namespace Driver.Tests.Auth;

/// <summary>
/// Every "auth" vector of index.json. What is checked follows from what the vector's <c>expected</c> holds, so a new
/// vector needs no new code: field lists are decoded (and re-encoded when canonical), SCRAM computations are redone
/// from salt / challenges / password, proof fields are parsed and cross-checked against the challenge vectors.
/// </summary>
public class AuthVectorTests
{
    public static TheoryData<string> AuthVectors => VectorIndex.FilesOf("auth");

    [Theory]
    [MemberData(nameof(AuthVectors))]
    public void AuthVectorDecodesAndRecomputes(string file)
    {
        var bytes = VectorIndex.Get(file).Bytes;
        var expected = VectorIndex.Get(file).Expected;
        Assert.Equal(expected.GetProperty("byteCount").GetInt32(), bytes.Length);

        var checks = 0;
        if (expected.TryGetProperty("fields", out var fields))
        {
            CheckFieldList(bytes, fields, expected);
            checks++;
        }
        if (expected.TryGetProperty("method", out _) && expected.TryGetProperty("salt", out _))
        {
            CheckScramComputation(bytes, expected);
            checks++;
        }
        if (expected.TryGetProperty("subFieldCount", out _))
        {
            CheckProofField(bytes, expected);
            checks++;
        }
        Assert.True(checks > 0, $"{file}: no expectation this test knows how to check");
    }

    [Fact]
    public void EveryAuthVectorIsCovered()
    {
        // guards the MemberData source itself: the index has auth vectors and the loader finds them
        Assert.True(((IEnumerable<object[]>)AuthVectors).Count() >= 25);
    }

    private static void CheckFieldList(byte[] bytes, JsonElement fields, JsonElement expected)
    {
        var decoded = AuthFields.Decode(bytes);
        var expectedFields = fields.EnumerateArray().Select(f => f.GetString()!).ToArray();
        Assert.Equal(expectedFields.Length, decoded.Length);
        for (var i = 0; i < decoded.Length; i++)
        {
            var candidates = ExpectedFieldCandidates(expectedFields[i], expected);
            Assert.True(candidates.Any(c => c.AsSpan().SequenceEqual(decoded[i])),
                $"field {i}: {Convert.ToHexString(decoded[i])} does not match '{expectedFields[i]}'");
        }

        foreach (var nestedName in new[] { "nested", "ldapNested" })
        {
            if (expected.TryGetProperty(nestedName, out var nested))
            {
                var nestedValues = (nested.ValueKind == JsonValueKind.Array
                        ? nested.EnumerateArray().Select(v => v.GetString()!)
                        : nested.EnumerateObject().Select(p => p.Value.GetString()!))
                    .Select(Convert.FromHexString).ToArray();
                Assert.Contains(decoded, field => NestedListEquals(field, nestedValues));
            }
        }

        // Re-encode where the bytes use the writer's canonical prefixes; the 0xFF server form is read-only.
        if (UsesOnlyCanonicalPrefixes(bytes, decoded))
        {
            Assert.Equal(bytes, AuthFields.Encode(decoded));
        }
        else
        {
            Assert.NotEqual(bytes, AuthFields.Encode(decoded));
            Assert.Equal(decoded, AuthFields.Decode(AuthFields.Encode(decoded)));
        }
    }

    private static byte[][] ExpectedFieldCandidates(string text, JsonElement expected)
    {
        var zeros = Regex.Match(text, @"^(\d+) zero bytes$");
        if (zeros.Success)
        {
            return [new byte[int.Parse(zeros.Groups[1].Value)]];
        }
        if (text.StartsWith("PEM text", StringComparison.Ordinal))
        {
            return [Encoding.UTF8.GetBytes(expected.GetProperty("pem").GetString()!)];
        }
        var candidates = new List<byte[]> { Encoding.UTF8.GetBytes(text) };
        if (text.Length % 2 == 0 && Regex.IsMatch(text, "^[0-9a-f]*$"))
        {
            candidates.Add(Convert.FromHexString(text));
        }
        return candidates.ToArray();
    }

    private static bool NestedListEquals(byte[] field, byte[][] values)
    {
        try
        {
            var nested = AuthFields.Decode(field);
            return nested.Length == values.Length && nested.Zip(values).All(p => p.First.AsSpan().SequenceEqual(p.Second));
        }
        catch (HanaProtocolException)
        {
            return false;
        }
    }

    private static bool UsesOnlyCanonicalPrefixes(byte[] bytes, byte[][] decoded)
    {
        var position = 2;
        foreach (var field in decoded)
        {
            var prefix = bytes[position];
            if (prefix == 0xFF)
            {
                return false;
            }
            position += (prefix switch { 246 => 3, 247 => 5, _ => 1 }) + field.Length;
        }
        return true;
    }

    private static void CheckScramComputation(byte[] bytes, JsonElement expected)
    {
        var method = expected.GetProperty("method").GetString() switch
        {
            "SCRAMSHA256" => ScramMethod.ScramSha256,
            "SCRAMPBKDF2SHA256" => ScramMethod.ScramPbkdf2Sha256,
            var other => throw new InvalidOperationException($"unknown method {other}"),
        };
        byte[] Value(string name) => Convert.FromHexString(expected.GetProperty(name).GetString()!);

        var password = Encoding.UTF8.GetBytes(expected.GetProperty("password").GetString()!);
        Assert.Equal(Value("passwordHex"), password);
        var salt = Value("salt");
        var serverChallenge = Value("serverChallenge");
        var clientChallenge = Value("clientChallenge");

        // the challenge data as the server sends it
        var challenge = ScramServerChallenge.Parse(method, bytes);
        Assert.Equal(salt, challenge.Salt);
        Assert.Equal(serverChallenge, challenge.ServerChallenge);
        var iterations = expected.TryGetProperty("iterations", out var it) ? it.GetInt32() : 0;
        Assert.Equal(iterations, challenge.Iterations);
        Assert.Equal(bytes, challenge.Encode());

        // every intermediate of the formula (§8.2 / §8.3)
        var saltedPassword = ScramCrypto.ComputeSaltedPassword(method, password, salt, iterations);
        Assert.Equal(Value("saltedPassword"), saltedPassword);
        if (method == ScramMethod.ScramPbkdf2Sha256)
        {
            Assert.Equal(saltedPassword, ScramCrypto.Pbkdf2Sha256Managed(password, salt, iterations));
        }
        var clientKey = ScramCrypto.ComputeClientKey(saltedPassword);
        Assert.Equal(Value("clientKey"), clientKey);
        Assert.Equal(Value("storedKey"), ScramServer.ComputeClientVerifier(saltedPassword));
        var clientProof = ScramCrypto.ComputeClientProof(saltedPassword, salt, serverChallenge, clientChallenge);
        Assert.Equal(Value("clientProof"), clientProof);
        Assert.Equal(Value("clientSignature"), clientProof.Zip(clientKey, (a, b) => (byte)(a ^ b)).ToArray());
        Assert.Equal(Value("serverVerifier"), ScramCrypto.Hmac(saltedPassword, salt));
        Assert.Equal(Value("serverProof"), ScramCrypto.ComputeServerProof(saltedPassword, salt, serverChallenge, clientChallenge));

        // the client, fed the recorded challenge, sends 01 00 20 <clientProof> (§15.1 item 5)
        using var client = new ScramClient("SYSTEM", Encoding.UTF8.GetString(password), [method], ScramServerChallenge.DefaultMaximumIterations, [clientChallenge]);
        client.HandleAuthenticateReply(ServerAuthPayloads.BuildAuthenticateReply(AuthMethodNames.GetBytes(method), bytes));
        var connect = ServerAuthPayloads.ParseConnectRequest(client.BuildConnectRequest());
        Assert.Equal(AuthMethodNames.GetName(method), connect.Method);
        Assert.Equal(new byte[] { 0x01, 0x00, 0x20 }.Concat(clientProof).ToArray(), connect.Proof);

        // the server side accepts that proof (and the node/PyHDB count order), and its reply satisfies the client
        using var server = new ScramServer(challenge, password, clientChallenge);
        Assert.True(server.VerifyClientProof(connect.Proof));
        Assert.True(server.VerifyClientProof(new byte[] { 0x00, 0x01, 0x20 }.Concat(clientProof).ToArray()));
        var serverProofField = server.BuildServerProofField();
        if (method == ScramMethod.ScramPbkdf2Sha256)
        {
            Assert.Equal(new byte[] { 0x01, 0x00, 0x20 }.Concat(Value("serverProof")).ToArray(), serverProofField);
        }
        else
        {
            Assert.Empty(serverProofField);
        }
        client.VerifyConnectReply(server.BuildConnectReply());
    }

    private static void CheckProofField(byte[] bytes, JsonElement expected)
    {
        var isClientProof = expected.TryGetProperty("clientProof", out var clientProofText);
        var proofText = isClientProof ? clientProofText.GetString()! : expected.GetProperty("serverProof").GetString()!;
        var proof = ScramProofField.Parse(bytes, "vector proof");
        Assert.Equal(Convert.FromHexString(proofText), proof);
        Assert.Equal(1, expected.GetProperty("subFieldCount").GetInt32());
        var bigEndian = expected.GetProperty("countBytesOrder").GetString()!.StartsWith("big-endian", StringComparison.Ordinal);
        Assert.Equal(bigEndian ? new byte[] { 0x00, 0x01 } : [0x01, 0x00], bytes[..2]);

        // Cross-check with the challenge vector that produced this proof, when the index holds one.
        var source = VectorIndex.Entries.Values.Select(e => e.Expected)
            .FirstOrDefault(e => e.TryGetProperty("salt", out _)
                && e.TryGetProperty(isClientProof ? "clientProof" : "serverProof", out var p) && p.GetString() == proofText);
        if (source.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        var method = source.GetProperty("method").GetString() == "SCRAMSHA256" ? ScramMethod.ScramSha256 : ScramMethod.ScramPbkdf2Sha256;
        var iterations = source.TryGetProperty("iterations", out var it) ? it.GetInt32() : 0;
        var challenge = new ScramServerChallenge(method, Convert.FromHexString(source.GetProperty("salt").GetString()!),
            Convert.FromHexString(source.GetProperty("serverChallenge").GetString()!), iterations);
        var password = source.GetProperty("password").GetString()!;
        var clientChallenge = Convert.FromHexString(source.GetProperty("clientChallenge").GetString()!);

        if (isClientProof)
        {
            using var server = new ScramServer(challenge, Encoding.UTF8.GetBytes(password), clientChallenge);
            Assert.True(server.VerifyClientProof(bytes));
            return;
        }

        using var client = new ScramClient("SYSTEM", password, [method], ScramServerChallenge.DefaultMaximumIterations, [clientChallenge]);
        client.HandleAuthenticateReply(ServerAuthPayloads.BuildAuthenticateReply(AuthMethodNames.GetBytes(method), challenge.Encode()));
        var methodName = AuthMethodNames.GetBytes(method);
        client.VerifyConnectReply(ServerAuthPayloads.BuildConnectReply(methodName, bytes));
        if (expected.TryGetProperty("wrongServerProofHex", out var wrong))
        {
            var error = Assert.Throws<HanaException>(() =>
                client.VerifyConnectReply(ServerAuthPayloads.BuildConnectReply(methodName, Convert.FromHexString(wrong.GetString()!))));
            Assert.Equal(AuthErrors.AuthenticationFailedCode, error.Code);
            Assert.DoesNotContain(password, error.Message, StringComparison.Ordinal);
        }
    }
}
