using Driver.Core.Auth;
#if !TEST_SERVER
// also compiled into the tests, benchmarks and parser fuzzer against the sync build's internals
using Driver.Sync;
#endif

namespace Driver.TestServer.Protocol;

/// <summary>
/// The server's side of the AUTHENTICATION part payloads (§8.1): parses the AUTHENTICATE and CONNECT requests and
/// builds their replies. The client's side is Driver.Core's AuthPayloads.
/// </summary>
internal static class ServerAuthPayloads
{
    public static AuthenticateRequest ParseAuthenticateRequest(ReadOnlySpan<byte> payload)
    {
        var fields = AuthFields.Decode(payload);
        if (fields.Length < 3 || fields.Length % 2 == 0)
        {
            throw new HanaProtocolException(
                $"AUTHENTICATE request: expected a user name and method/data pairs, received {fields.Length} fields.");
        }
        var offers = new AuthMethodData[(fields.Length - 1) / 2];
        for (var i = 0; i < offers.Length; i++)
        {
            offers[i] = new AuthMethodData(fields[1 + 2 * i], fields[2 + 2 * i]);
        }
        return new AuthenticateRequest(fields[0], offers);
    }

    /// <summary>AUTHENTICATE reply: exactly <c>[chosenMethod, serverData]</c> (§8.1; [R] and [G] insist on 2 fields).</summary>
    public static byte[] BuildAuthenticateReply(byte[] methodName, byte[] serverData) => AuthFields.Encode(methodName, serverData);

    public static ConnectRequest ParseConnectRequest(ReadOnlySpan<byte> payload)
    {
        var fields = AuthFields.Decode(payload, 3, "CONNECT request");
        return new ConnectRequest(fields[0], fields[1], fields[2]);
    }

    /// <summary>CONNECT reply: <c>[method, serverProof]</c>; the proof is empty for SCRAMSHA256 (§8.2, §8.3).</summary>
    public static byte[] BuildConnectReply(byte[] methodName, byte[] serverProof) => AuthFields.Encode(methodName, serverProof);
}
