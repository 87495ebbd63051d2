using System.Buffers.Binary;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Auth;

/// <summary>
/// The method-specific server data of the AUTHENTICATE reply: a nested field list of [salt, serverChallenge]
/// (§8.2) or [salt, serverChallenge, iterations U4 BE] (§8.3).
/// </summary>
internal sealed class ScramServerChallenge
{
    public const int SaltLength = 16;
    public const int ServerChallengeLength = 48;
    public const int MinimumSaltLength = 16;
    public const int MinimumServerChallengeLength = 16;

    /// <summary>[R] refuses fewer iterations (§8.3); fewer would make an offline guess cheap.</summary>
    public const int MinimumIterations = 15000;

    /// <summary>Iterations real servers and all test vectors use (§8.3).</summary>
    public const int DefaultIterations = 15000;

    /// <summary>Upper bound so a hostile server cannot make the client spin for minutes deriving a key.</summary>
    public const int DefaultMaximumIterations = 1_000_000;

    public ScramServerChallenge(ScramMethod method, byte[] salt, byte[] serverChallenge, int iterations)
    {
        Method = method;
        Salt = salt;
        ServerChallenge = serverChallenge;
        Iterations = method == ScramMethod.ScramPbkdf2Sha256 ? iterations : 0;
    }

    public ScramMethod Method { get; }
    public byte[] Salt { get; }
    public byte[] ServerChallenge { get; }

    /// <summary>PBKDF2 iteration count; 0 for SCRAMSHA256.</summary>
    public int Iterations { get; }

    /// <summary>
    /// Parses the server data for <paramref name="method"/>. Malformed structure → <see cref="HanaProtocolException"/>;
    /// a well-formed but weak challenge (short salt, too few iterations) → <see cref="HanaException"/> refusing the login.
    /// </summary>
    public static ScramServerChallenge Parse(ScramMethod method, ReadOnlySpan<byte> data, int maximumIterations = DefaultMaximumIterations)
    {
        var name = AuthMethodNames.GetName(method);
        var fields = AuthFields.Decode(data, method == ScramMethod.ScramSha256 ? 2 : 3, $"{name} server challenge");
        var salt = fields[0];
        var serverChallenge = fields[1];
        if (salt.Length < MinimumSaltLength)
        {
            throw AuthErrors.AuthenticationFailed(
                $"The server offered {name} with a {salt.Length}-byte salt; at least {MinimumSaltLength} bytes are required.");
        }
        if (serverChallenge.Length < MinimumServerChallengeLength)
        {
            throw AuthErrors.AuthenticationFailed(
                $"The server offered {name} with a {serverChallenge.Length}-byte challenge; at least {MinimumServerChallengeLength} bytes are required.");
        }
        if (method == ScramMethod.ScramSha256)
        {
            return new ScramServerChallenge(method, salt, serverChallenge, 0);
        }

        if (fields[2].Length != 4)
        {
            throw new HanaProtocolException($"{name} server challenge: the iteration count has {fields[2].Length} bytes instead of 4.");
        }
        // §8.3: the only big-endian integer in the field lists
        var iterations = BinaryPrimitives.ReadUInt32BigEndian(fields[2]);
        if (iterations < MinimumIterations)
        {
            throw AuthErrors.AuthenticationFailed(
                $"The server offered {name} with {iterations} iterations; at least {MinimumIterations} are required.");
        }
        if (iterations > (uint)maximumIterations)
        {
            throw AuthErrors.AuthenticationFailed(
                $"The server offered {name} with {iterations} iterations; more than the allowed maximum of {maximumIterations}.");
        }
        return new ScramServerChallenge(method, salt, serverChallenge, (int)iterations);
    }

    public override string ToString() =>
        $"{AuthMethodNames.GetName(Method)} challenge (salt {Salt.Length} bytes, challenge {ServerChallenge.Length} bytes, {Iterations} iterations)";
}
