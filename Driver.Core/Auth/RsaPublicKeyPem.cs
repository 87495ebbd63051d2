using System.Security.Cryptography;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Auth;

/// <summary>
/// Reads the RSA public key an LDAP server challenge carries (§8.4.1: PEM, SubjectPublicKeyInfo as node-hdb and go-hdb
/// read it; PKCS#1 <c>RSA PUBLIC KEY</c> accepted too). A small DER reader rather than
/// <c>ImportSubjectPublicKeyInfo</c>: that API is missing on netstandard2.0, and one path serves every target.
/// </summary>
internal static class RsaPublicKeyPem
{
    /// <exception cref="HanaProtocolException">The bytes are no PEM RSA public key.</exception>
    public static RSAParameters Parse(byte[] pem)
    {
        var text = System.Text.Encoding.ASCII.GetString(pem);
        var begin = text.IndexOf("-----BEGIN ", StringComparison.Ordinal);
        var bodyStart = begin < 0 ? -1 : text.IndexOf('\n', begin);
        var end = text.IndexOf("-----END ", StringComparison.Ordinal);
        if (begin < 0 || bodyStart < 0 || end < bodyStart)
        {
            throw Malformed("no PEM block");
        }
        var pkcs1 = text.Substring(begin, bodyStart - begin).Contains("RSA PUBLIC KEY");
        byte[] der;
        try
        {
            der = Convert.FromBase64String(new string(text.Substring(bodyStart, end - bodyStart).Where(c => !char.IsWhiteSpace(c)).ToArray()));
        }
        catch (FormatException)
        {
            throw Malformed("the PEM body is not base64");
        }
        var position = 0;
        if (!pkcs1)
        {
            // SubjectPublicKeyInfo ::= SEQUENCE { AlgorithmIdentifier, BIT STRING { RSAPublicKey } }
            var spki = Read(der, ref position, 0x30);
            var inner = 0;
            Read(spki, ref inner, 0x30);
            var bits = Read(spki, ref inner, 0x03);
            if (bits.Length < 1 || bits[0] != 0)
            {
                throw Malformed("the key's BIT STRING has unused bits");
            }
            der = bits.AsSpan(1).ToArray();
            position = 0;
        }
        // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
        var key = Read(der, ref position, 0x30);
        var offset = 0;
        var modulus = TrimSign(Read(key, ref offset, 0x02));
        var exponent = TrimSign(Read(key, ref offset, 0x02));
        if (modulus.Length < 128 || exponent.Length == 0)
        {
            throw Malformed($"a {modulus.Length * 8}-bit modulus (at least 1024 bits expected)");
        }
        return new RSAParameters { Modulus = modulus, Exponent = exponent };
    }

    private static byte[] TrimSign(byte[] integer) =>
        integer.Length > 1 && integer[0] == 0 ? integer.AsSpan(1).ToArray() : integer;

    /// <summary>One DER element of the expected tag: its contents.</summary>
    private static byte[] Read(byte[] data, ref int position, byte tag)
    {
        if (position + 2 > data.Length || data[position] != tag)
        {
            throw Malformed($"expected DER tag 0x{tag:X2}");
        }
        position++;
        int length = data[position++];
        if (length >= 0x80)
        {
            var count = length & 0x7F;
            if (count is 0 or > 3 || position + count > data.Length)
            {
                throw Malformed("a DER length out of range");
            }
            length = 0;
            for (var i = 0; i < count; i++)
            {
                length = (length << 8) | data[position++];
            }
        }
        if (length > data.Length - position)
        {
            throw Malformed("a DER element longer than its container");
        }
        var contents = data.AsSpan(position, length).ToArray();
        position += length;
        return contents;
    }

    private static HanaProtocolException Malformed(string why) => new($"The LDAP server challenge's public key is malformed: {why}.");
}
