namespace Driver.Core.Auth;

/// <summary>
/// .NET's ECDSA signs in IEEE P1363 form (r ‖ s); HANA, like OpenSSL ([N]) and Go ([G]), reads the DER form
/// <c>SEQUENCE { INTEGER r, INTEGER s }</c> (§8.4.2). The DSASignatureFormat overloads are missing on netstandard2.0.
/// </summary>
internal static class EcdsaSignature
{
    public static byte[] ToDer(byte[] p1363)
    {
        var half = p1363.Length / 2;
        var r = Integer(p1363.AsSpan(0, half));
        var s = Integer(p1363.AsSpan(half));
        var body = new List<byte>(r.Count + s.Count);
        body.AddRange(r);
        body.AddRange(s);
        var result = new List<byte>(body.Count + 4) { 0x30 };
        result.AddRange(Length(body.Count));
        result.AddRange(body);
        return result.ToArray();
    }

    private static List<byte> Integer(ReadOnlySpan<byte> value)
    {
        var start = 0;
        while (start < value.Length - 1 && value[start] == 0)
        {
            start++;
        }
        var trimmed = value.Slice(start);
        var content = new List<byte>(trimmed.Length + 1);
        if ((trimmed[0] & 0x80) != 0)
        {
            content.Add(0); // keep the integer positive
        }
        content.AddRange(trimmed.ToArray());
        var result = new List<byte> { 0x02 };
        result.AddRange(Length(content.Count));
        result.AddRange(content);
        return result;
    }

    private static byte[] Length(int length) => length < 0x80 ? [(byte)length] : length <= 0xFF ? [0x81, (byte)length] : [0x82, (byte)(length >> 8), (byte)length];
}
