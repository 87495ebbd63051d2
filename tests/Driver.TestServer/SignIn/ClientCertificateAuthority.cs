using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Driver.TestServer.SignIn;

/// <summary>
/// Mutual TLS: the server asks every client for a certificate and accepts only one that chains to
/// <see cref="Authority"/> (custom root trust, no revocation check), whatever sign-in method follows.
/// </summary>
public sealed class ClientCertificateAuthority
{
    public ClientCertificateAuthority(X509Certificate2 authority)
    {
        Authority = authority;
    }

    /// <summary>The CA client certificates must chain to.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>Subjects of the client certificates accepted, in order.</summary>
    public ConcurrentQueue<string> AcceptedSubjects { get; } = new();

    /// <summary>Why each refused handshake was refused.</summary>
    public ConcurrentQueue<string> Refusals { get; } = new();

    internal void Require(SslServerAuthenticationOptions options)
    {
        options.ClientCertificateRequired = true;
        options.RemoteCertificateValidationCallback = (_, certificate, _, _) => Validate(certificate);
    }

    private bool Validate(X509Certificate? certificate)
    {
        if (certificate is null)
        {
            Refusals.Enqueue("no client certificate");
            return false;
        }
        using var client = new X509Certificate2(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        if (!chain.Build(client))
        {
            Refusals.Enqueue("not issued by the authority");
            return false;
        }
        AcceptedSubjects.Enqueue(client.Subject);
        return true;
    }
}
