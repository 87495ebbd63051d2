using System.Text;
using Driver.Core.Auth;
#if !TEST_SERVER
// also compiled into the tests, benchmarks and parser fuzzer against the sync build's internals
using Driver.Sync;
#endif

namespace Driver.TestServer.Protocol;

/// <summary>
/// The server side of one SCRAM login, for the test server (§8.3 "Server-side verification", §15.2): issues a
/// salt and challenge, checks the client proof and produces the server proof. Knows the plain password, which a
/// test server may do; only the client verifier and server proof are kept after construction.
/// </summary>
internal sealed class ScramServer : IDisposable
{
    private readonly byte[] _clientChallenge;
    private readonly byte[] _clientVerifier;
    private readonly byte[] _serverProof;

    /// <summary>Starts a login for <paramref name="method"/> with a fresh random salt and challenge.</summary>
    public ScramServer(ScramMethod method, string password, byte[] clientChallenge, int iterations = ScramServerChallenge.DefaultIterations)
        : this(CreateChallenge(method, iterations), Encoding.UTF8.GetBytes(password), clientChallenge)
    {
    }

    /// <summary>Starts a login with a given challenge (deterministic, for tests).</summary>
    public ScramServer(ScramServerChallenge challenge, byte[] password, byte[] clientChallenge)
    {
        if (clientChallenge.Length == 0)
        {
            throw new HanaProtocolException("The client sent an empty SCRAM challenge.");
        }
        Challenge = challenge;
        _clientChallenge = clientChallenge;
        var saltedPassword = ScramCrypto.ComputeSaltedPassword(challenge.Method, password, challenge.Salt, challenge.Iterations);
        try
        {
            _clientVerifier = ComputeClientVerifier(saltedPassword);
            _serverProof = ScramCrypto.ComputeServerProof(saltedPassword, challenge.Salt, challenge.ServerChallenge, clientChallenge);
        }
        finally
        {
            ScramCrypto.Clear(saltedPassword);
        }
    }

    public ScramServerChallenge Challenge { get; }
    public ScramMethod Method => Challenge.Method;

    /// <summary>
    /// Picks the method to answer an AUTHENTICATE request with: SCRAMPBKDF2SHA256 when offered, else SCRAMSHA256;
    /// null when the client offered neither.
    /// </summary>
    public static AuthMethodData? ChooseOffer(AuthenticateRequest request) =>
        request.FindOffer(ScramMethod.ScramPbkdf2Sha256) ?? request.FindOffer(ScramMethod.ScramSha256);

    /// <summary>The AUTHENTICATE reply payload <c>[method, challengeData]</c> (§8.1, §15.2).</summary>
    public byte[] BuildAuthenticateReply() => ServerAuthPayloads.BuildAuthenticateReply(AuthMethodNames.GetBytes(Method), Challenge.Encode());

    /// <summary>
    /// Checks the proof field of the CONNECT request (sub-count accepted in either byte order, §8.2).
    /// Malformed field → <see cref="HanaProtocolException"/>; wrong proof → false.
    /// </summary>
    public bool VerifyClientProof(ReadOnlySpan<byte> proofField)
    {
        var proof = ScramProofField.Parse(proofField, $"{AuthMethodNames.GetName(Method)} client proof");
        return VerifyClientProof(_clientVerifier, Challenge.Salt, Challenge.ServerChallenge, _clientChallenge, proof);
    }

    /// <summary>The server proof field: <c>01 00 20 &lt;32&gt;</c> for PBKDF2 (§8.3), empty for SCRAMSHA256 (§8.2).</summary>
    public byte[] BuildServerProofField() =>
        Method == ScramMethod.ScramPbkdf2Sha256 ? ScramProofField.Build(_serverProof) : [];

    /// <summary>The CONNECT reply payload <c>[method, serverProof]</c>.</summary>
    public byte[] BuildConnectReply() => ServerAuthPayloads.BuildConnectReply(AuthMethodNames.GetBytes(Method), BuildServerProofField());

    /// <summary>A fresh random salt and challenge, as a server generates them per login.</summary>
    public static ScramServerChallenge CreateChallenge(ScramMethod method, int iterations = ScramServerChallenge.DefaultIterations) =>
        new(method, ScramCrypto.RandomBytes(ScramServerChallenge.SaltLength), ScramCrypto.RandomBytes(ScramServerChallenge.ServerChallengeLength), iterations);

    /// <summary>clientVerifier ("stored key") = H(H(saltedPassword)): all a server needs to check a proof (§8.3).</summary>
    public static byte[] ComputeClientVerifier(byte[] saltedPassword)
    {
        var clientKey = ScramCrypto.Sha256(saltedPassword);
        try
        {
            return ScramCrypto.Sha256(clientKey);
        }
        finally
        {
            ScramCrypto.Clear(clientKey);
        }
    }

    /// <summary>
    /// Server-side check (§8.3): recovers candidate = proof ⊕ HMAC(clientVerifier, salt ‖ serverChallenge ‖
    /// clientChallenge) and accepts iff H(candidate) == clientVerifier. Constant time in the proof's content.
    /// </summary>
    public static bool VerifyClientProof(byte[] clientVerifier, byte[] salt, byte[] serverChallenge, byte[] clientChallenge, ReadOnlySpan<byte> proof)
    {
        if (proof.Length != ScramCrypto.ProofLength)
        {
            return false;
        }
        var candidate = ScramCrypto.Hmac(clientVerifier, [.. salt, .. serverChallenge, .. clientChallenge]);
        try
        {
            for (var i = 0; i < candidate.Length; i++)
            {
                candidate[i] ^= proof[i];
            }
            var check = ScramCrypto.Sha256(candidate);
            return ScramCrypto.FixedTimeEquals(check, clientVerifier);
        }
        finally
        {
            ScramCrypto.Clear(candidate);
        }
    }

    public override string ToString() => $"SCRAM server login using {AuthMethodNames.GetName(Method)}";

    public void Dispose()
    {
        ScramCrypto.Clear(_clientVerifier);
        ScramCrypto.Clear(_serverProof);
    }
}
