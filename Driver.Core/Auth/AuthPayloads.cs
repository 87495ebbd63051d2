using Driver.Core.Types;
using System.Text;

namespace Driver.Core.Auth;

/// <summary>
/// Builds and parses the AUTHENTICATION part payloads (part kind 33, argumentCount 1) of the login exchange
/// (§8.1): AUTHENTICATE request / reply and CONNECT request / reply. Only the field-list contents; framing
/// the part is up to the caller.
/// </summary>
internal static class AuthPayloads
{
    /// <summary>
    /// <c>[user, method₁, data₁, …]</c>; for the driver <c>[user, "SCRAMPBKDF2SHA256", cc1, "SCRAMSHA256", cc2]</c>
    /// (§15.1 item 4).
    /// </summary>
    public static byte[] BuildAuthenticateRequest(string user, IReadOnlyList<AuthMethodData> offers)
    {
        var fields = new List<byte[]>(1 + 2 * offers.Count) { EncodeText(user) };
        foreach (var offer in offers)
        {
            fields.Add(offer.MethodName);
            fields.Add(offer.Data);
        }
        return AuthFields.Encode(fields);
    }

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

    public static AuthMethodData ParseAuthenticateReply(ReadOnlySpan<byte> payload)
    {
        var fields = AuthFields.Decode(payload, 2, "AUTHENTICATE reply");
        return new AuthMethodData(fields[0], fields[1]);
    }

    /// <summary>CONNECT request: <c>[user, method, proof]</c> (§8.1).</summary>
    public static byte[] BuildConnectRequest(string user, byte[] methodName, byte[] proof) =>
        AuthFields.Encode(EncodeText(user), methodName, proof);

    public static ConnectRequest ParseConnectRequest(ReadOnlySpan<byte> payload)
    {
        var fields = AuthFields.Decode(payload, 3, "CONNECT request");
        return new ConnectRequest(fields[0], fields[1], fields[2]);
    }

    /// <summary>CONNECT reply: <c>[method, serverProof]</c>; the proof is empty for SCRAMSHA256 (§8.2, §8.3).</summary>
    public static byte[] BuildConnectReply(byte[] methodName, byte[] serverProof) => AuthFields.Encode(methodName, serverProof);

    public static AuthMethodData ParseConnectReply(ReadOnlySpan<byte> payload)
    {
        var fields = AuthFields.Decode(payload, 2, "CONNECT reply");
        return new AuthMethodData(fields[0], fields[1]);
    }

    /// <summary>
    /// User names: UTF-8, which equals CESU-8 (§5.5) for every character outside the supplementary planes.
    /// </summary>
    public static byte[] EncodeText(string text) => Cesu8.GetBytes(text);

    public static string DecodeText(byte[] bytes) => Cesu8.Decode(bytes);
}
