using System.Buffers.Binary;
using Driver.Core.Auth;

namespace Driver.TestServer.Protocol;

/// <summary>The server's side of <see cref="ScramServerChallenge"/>: the driver parses challenges, only a server writes them.</summary>
internal static class ScramChallengeEncoding
{
    /// <summary>Encodes the nested field list the server sends (§8.2 / §8.3; iterations big-endian).</summary>
    public static byte[] Encode(this ScramServerChallenge challenge)
    {
        if (challenge.Method == ScramMethod.ScramSha256)
        {
            return AuthFields.Encode(challenge.Salt, challenge.ServerChallenge);
        }
        var iterations = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(iterations, challenge.Iterations);
        return AuthFields.Encode(challenge.Salt, challenge.ServerChallenge, iterations);
    }
}
