using System.Security.Cryptography;
using Driver.Core.Auth;
using Driver.Sync;

namespace Driver.Tests.SignIn;

/// <summary>
/// The LDAP exchange (docs/protocol.md §8.4.1) against node-hdb's captured vector (test/auth.Manager.js: a real
/// server's challenge with its PEM key in an <c>FF 01 C4</c> field, a fixed client nonce and session key, and the
/// encrypted password node-hdb computes). RSA-OAEP is randomised, so the encrypted session key is checked by
/// decrypting it with a key of our own instead.
/// </summary>
public class LdapVectorTests
{
    private static readonly byte[] ClientNonce = Convert.FromHexString(
        "edbd7cc8b2f26489d65a7cd51e27f2e73fca227d1ab6aafcac0f428ca4d8e10c19e3e38f3aac51075e67bbe52fdb6103a7c34c8a70908ed5be0b3542705f738c");

    private static readonly byte[] ServerNonce = Convert.FromHexString(
        "a16fc718d5fd20aa3febeeeebe34270565ad3818894c6e3b3b674ee71b440c07d6b9329d1860d4e693d9312aaece14bf3eb86d604670c571f2d7445a97949310");

    private static readonly byte[] SessionKey = Convert.FromHexString("568bdf7b9d8930ea937279326c92f72fc0769205e91d864b7a44868984e2cbb2");

    private const string Pem = """
        -----BEGIN PUBLIC KEY-----
        MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAoNsmIGwv5TX5XG0Qipvb
        CSBWfEw6xTm20YlUUYQbb1mXcvH1WQSGXwBLPx14IUkXNgTSPCQw1JOsaQ0u6HCh
        n5w0cxoNx6z8niK88glwJGagqL25e6PmG5MXbdxMtIlXcsc6FZU6JCp8E8Im13be
        wvXLKlmu60B8v+F+XwX+Zkoi75f/gXbn/6jr6yszULKQ/XaQRJiSWfVthWZqS9gT
        SdVvhnsmN0batLzppSvply5dGB75YiauKOfg+u51hN+KMJZS/9/AQrqmqcvxgX5t
        ybJka8ynCqdiNKm2vMatvmoejODmzaGKUSQGTbpB5z5eJTF6bQryhwfhPdRci+zv
        zQIDAQAB
        -----END PUBLIC KEY-----

        """;

    [Fact]
    public void TheOfferAndTheEncryptedPasswordMatchNodeHdb()
    {
        using var ldap = new LdapAuthenticator("SYSTEM", "secret", (byte[])ClientNonce.Clone(), SessionKey);
        // node-hdb's ldapClientChallenge: count 2, the nonce, 8 capability bytes
        Assert.Equal("0200" + "40" + Convert.ToHexString(ClientNonce).ToLowerInvariant() + "08" + "0100000000000000",
            Convert.ToHexString(ldap.Offer.Data).ToLowerInvariant());

        // the server's reply data exactly as captured: the 452-byte key field with the FF + U2 BE prefix, NUL-terminated
        var pemField = System.Text.Encoding.ASCII.GetBytes(Pem.Replace("\r\n", "\n")).Append((byte)0).ToArray();
        Assert.Equal(0x1C4, pemField.Length);
        var reply = Convert.FromHexString("0400" + "40" + Convert.ToHexString(ClientNonce) + "40" + Convert.ToHexString(ServerNonce) + "FF01C4")
            .Concat(pemField).Concat(Convert.FromHexString("0101")).ToArray();
        ldap.HandleAuthenticateReply(reply);

        var connect = AuthFields.Decode(ldap.BuildConnectRequest());
        Assert.Equal("SYSTEM", AuthPayloads.DecodeText(connect[0]));
        Assert.Equal("LDAP", System.Text.Encoding.ASCII.GetString(connect[1]));
        var proof = AuthFields.Decode(connect[2]);
        Assert.Equal(2, proof.Length);
        Assert.Equal(256, proof[0].Length); // one block of the server's 2048-bit key
        Assert.Equal("7d78f690a5cff122e72f62f6c07dfea1259098a2ccfa938f42031f2644dba8954aa10d1c0665d7b8ac763353acfd0792cea2a6dea423c85c62efb8448f398bc9425aee548b1cdb22cbb4d6d3a95eaf70",
            Convert.ToHexString(proof[1]).ToLowerInvariant());
    }

    [Fact]
    public void TheSessionKeyIsEncryptedToTheServersKeyWithOaepSha1()
    {
        using var server = RSA.Create(2048);
        using var ldap = new LdapAuthenticator("U", "pw", (byte[])ClientNonce.Clone(), SessionKey);
        var capabilities = new byte[8];
        capabilities[0] = 1;
        ldap.HandleAuthenticateReply(AuthFields.Encode(ClientNonce, ServerNonce, System.Text.Encoding.ASCII.GetBytes(server.ExportSubjectPublicKeyInfoPem()), capabilities));
        var proof = AuthFields.Decode(AuthFields.Decode(ldap.BuildConnectRequest())[2]);
        Assert.Equal(SessionKey.Concat(ServerNonce).ToArray(), server.Decrypt(proof[0], RSAEncryptionPadding.OaepSHA1));
        // a PKCS#1 "RSA PUBLIC KEY" block reads too
        var pkcs1 = RsaPublicKeyPem.Parse(System.Text.Encoding.ASCII.GetBytes(server.ExportRSAPublicKeyPem()));
        Assert.Equal(server.ExportParameters(false).Modulus, pkcs1.Modulus);
    }

    [Fact]
    public void AChallengeThatDoesNotEchoTheNonceOrSpeaksOtherCapabilitiesIsRefused()
    {
        using var server = RSA.Create(2048);
        var key = System.Text.Encoding.ASCII.GetBytes(server.ExportSubjectPublicKeyInfoPem());
        using var ldap = new LdapAuthenticator("U", "pw");
        var other = new byte[64];
        var echo = Assert.Throws<HanaException>(() => ldap.HandleAuthenticateReply(AuthFields.Encode(other, ServerNonce, key, [1])));
        Assert.Contains("does not echo the client nonce", echo.Message);
        var nonce = AuthFields.Decode(ldap.Offer.Data)[0];
        var capabilities = Assert.Throws<HanaException>(() => ldap.HandleAuthenticateReply(AuthFields.Encode(nonce, ServerNonce, key, [2])));
        Assert.Contains("capabilities", capabilities.Message);
        Assert.Throws<HanaProtocolException>(() => ldap.HandleAuthenticateReply(AuthFields.Encode(nonce, ServerNonce, [0x2D, 0x2D], [1])));
    }
}
