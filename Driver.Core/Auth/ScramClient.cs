using System.Text;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Auth;

/// <summary>
/// The client side of a SCRAM login (§8.1-§8.3): offers SCRAMPBKDF2SHA256 and SCRAMSHA256 with fresh 64-byte
/// challenges, answers the server's choice with a client proof and, for PBKDF2, checks the server's proof.
/// Holds the password as UTF-8 bytes and clears it (and all derived keys) on <see cref="Dispose"/>.
/// </summary>
internal sealed class ScramClient : IDisposable
{
    public const int ClientChallengeLength = 64;

    private static readonly ScramMethod[] DefaultMethods = [ScramMethod.ScramPbkdf2Sha256, ScramMethod.ScramSha256];

    private readonly string _user;
    private readonly byte[] _password;
    private readonly ScramMethod[] _methods;
    private readonly byte[][] _clientChallenges;
    private readonly int _maximumIterations;
    private byte[]? _clientProof;
    private byte[]? _expectedServerProof;
    private byte[]? _chosenClientChallenge;

    /// <param name="user">Database user name.</param>
    /// <param name="password">Password; sent as UTF-8 (§8.2).</param>
    /// <param name="methods">Methods to offer, in order of preference (default: PBKDF2 first, §15.1 item 4).</param>
    /// <param name="maximumIterations">Largest PBKDF2 iteration count accepted from the server.</param>
    public ScramClient(string user, string password, IReadOnlyList<ScramMethod>? methods = null,
        int maximumIterations = ScramServerChallenge.DefaultMaximumIterations)
        : this(user, password, methods, maximumIterations, clientChallenges: null)
    {
    }

    /// <summary>For tests: fixed client challenges (one per method) instead of random ones.</summary>
    internal ScramClient(string user, string password, IReadOnlyList<ScramMethod>? methods, int maximumIterations, IReadOnlyList<byte[]>? clientChallenges)
    {
        _user = user;
        _password = Encoding.UTF8.GetBytes(password);
        _methods = (methods ?? DefaultMethods).ToArray();
        if (_methods.Length == 0)
        {
            throw new ArgumentException("At least one SCRAM method must be offered.", nameof(methods));
        }
        if (clientChallenges is not null && clientChallenges.Count != _methods.Length)
        {
            throw new ArgumentException("One client challenge per method is required.", nameof(clientChallenges));
        }
        _maximumIterations = maximumIterations;
        // §8.1: a fresh challenge per method ([R], [G])
        _clientChallenges = new byte[_methods.Length][];
        for (var i = 0; i < _methods.Length; i++)
        {
            _clientChallenges[i] = clientChallenges?[i] ?? ScramCrypto.RandomBytes(ClientChallengeLength);
        }
    }

    /// <summary>The method the server chose; null before <see cref="HandleAuthenticateReply"/>.</summary>
    public ScramMethod? Method { get; private set; }

    /// <summary>The AUTHENTICATION payload of the AUTHENTICATE request (§15.1 item 4).</summary>
    public byte[] BuildAuthenticateRequest() => AuthPayloads.BuildAuthenticateRequest(_user, Offers());

    /// <summary>The method/data pairs of the AUTHENTICATE request, in order of preference (§8.1).</summary>
    public AuthMethodData[] Offers()
    {
        var offers = new AuthMethodData[_methods.Length];
        for (var i = 0; i < _methods.Length; i++)
        {
            offers[i] = new AuthMethodData(AuthMethodNames.GetBytes(_methods[i]), _clientChallenges[i]);
        }
        return offers;
    }

    /// <summary>The names of the offered methods, for messages.</summary>
    public IEnumerable<string> OfferedNames => _methods.Select(AuthMethodNames.GetName);

    /// <summary>
    /// Reads the AUTHENTICATE reply <c>[method, serverData]</c>, checks the method is one we offered, and computes the
    /// client proof (and for PBKDF2 the server proof to expect).
    /// </summary>
    public void HandleAuthenticateReply(ReadOnlySpan<byte> payload)
    {
        var reply = AuthPayloads.ParseAuthenticateReply(payload);
        var index = reply.TryGetScramMethod(out var method) ? Array.IndexOf(_methods, method) : -1;
        if (index < 0)
        {
            throw AuthErrors.AuthenticationFailed($"The server chose the authentication method '{reply.Method}', which was not offered.");
        }
        var challenge = ScramServerChallenge.Parse(method, reply.Data, _maximumIterations);
        var clientChallenge = _clientChallenges[index];
        var saltedPassword = ScramCrypto.ComputeSaltedPassword(method, _password, challenge.Salt, challenge.Iterations);
        try
        {
            ClearProofs();
            _clientProof = ScramCrypto.ComputeClientProof(saltedPassword, challenge.Salt, challenge.ServerChallenge, clientChallenge);
            _expectedServerProof = method == ScramMethod.ScramPbkdf2Sha256
                ? ScramCrypto.ComputeServerProof(saltedPassword, challenge.Salt, challenge.ServerChallenge, clientChallenge)
                : null;
            _chosenClientChallenge = clientChallenge;
            Method = method;
        }
        finally
        {
            ScramCrypto.Clear(saltedPassword);
        }
    }

    /// <summary>The AUTHENTICATION payload of the CONNECT request: <c>[user, method, 01 00 20 &lt;proof&gt;]</c> (§15.1 item 5).</summary>
    public byte[] BuildConnectRequest()
    {
        if (Method is not { } method || _clientProof is null)
        {
            throw new InvalidOperationException("The AUTHENTICATE reply has not been handled yet.");
        }
        return AuthPayloads.BuildConnectRequest(_user, AuthMethodNames.GetBytes(method), ScramProofField.Build(_clientProof));
    }

    /// <summary>
    /// Checks the CONNECT reply <c>[method, serverProof]</c>: the method must be the chosen one; for PBKDF2 the server
    /// proof must match (constant-time, §8.3), for SCRAMSHA256 it must be empty (§8.2, as [R]).
    /// </summary>
    public void VerifyConnectReply(ReadOnlySpan<byte> payload)
    {
        if (Method is not { } method)
        {
            throw new InvalidOperationException("The AUTHENTICATE reply has not been handled yet.");
        }
        var reply = AuthPayloads.ParseConnectReply(payload);
        if (!reply.TryGetScramMethod(out var replied) || replied != method)
        {
            throw AuthErrors.AuthenticationFailed(
                $"The CONNECT reply names the method '{reply.Method}' instead of '{AuthMethodNames.GetName(method)}'.");
        }
        if (method == ScramMethod.ScramSha256)
        {
            if (reply.Data.Length != 0)
            {
                throw new HanaProtocolException($"SCRAMSHA256 CONNECT reply: expected an empty server proof, received {reply.Data.Length} bytes.");
            }
            return;
        }
        var serverProof = ScramProofField.Parse(reply.Data, "SCRAMPBKDF2SHA256 server proof");
        if (_expectedServerProof is null || !ScramCrypto.FixedTimeEquals(serverProof, _expectedServerProof))
        {
            throw AuthErrors.AuthenticationFailed("The server could not be authenticated: its SCRAMPBKDF2SHA256 proof is wrong.");
        }
    }

    /// <summary>The client challenge sent for the chosen method (for diagnostics and tests).</summary>
    internal byte[]? ChosenClientChallenge => _chosenClientChallenge;

    public override string ToString() =>
        $"SCRAM login for '{_user}'" + (Method is { } method ? $" using {AuthMethodNames.GetName(method)}" : "");

    public void Dispose()
    {
        ScramCrypto.Clear(_password);
        ClearProofs();
    }

    private void ClearProofs()
    {
        ScramCrypto.Clear(_clientProof);
        ScramCrypto.Clear(_expectedServerProof);
        _clientProof = null;
        _expectedServerProof = null;
    }
}
