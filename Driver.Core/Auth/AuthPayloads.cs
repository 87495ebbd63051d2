using Driver.Core.Types;
using System.Text;

namespace Driver.Core.Auth;

/// <summary>
/// The client's side of the AUTHENTICATION part payloads (part kind 33, argumentCount 1) of the login exchange
/// (§8.1): builds the AUTHENTICATE and CONNECT requests and parses their replies. Only the field-list contents;
/// framing the part is up to the caller. The server's side is the test server's ServerAuthPayloads.
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

    public static AuthMethodData ParseAuthenticateReply(ReadOnlySpan<byte> payload)
    {
        var fields = AuthFields.Decode(payload, 2, "AUTHENTICATE reply");
        return new AuthMethodData(fields[0], fields[1]);
    }

    /// <summary>CONNECT request: <c>[user, method, proof]</c> (§8.1).</summary>
    public static byte[] BuildConnectRequest(string user, byte[] methodName, byte[] proof) =>
        AuthFields.Encode(EncodeText(user), methodName, proof);

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
