using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;

namespace Driver.TestServer.SignIn;

/// <summary>
/// How the test server checks an X509 sign-in (docs/protocol.md §8.4.2): the client certificate must chain to
/// <see cref="Authority"/> (through the issuers the client sends; no revocation check), be within its validity period,
/// its signature over <c>certificate ‖ issuers ‖ nonce</c> must verify with its public key, and its subject must be
/// mapped to a database user in <see cref="Users"/>. Set <see cref="TestServerOptions.X509"/> to accept X509.
/// </summary>
public sealed class X509SignInOptions
{
    public X509SignInOptions(X509Certificate2 authority)
    {
        Authority = authority;
    }

    /// <summary>The CA client certificates must chain to.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>Certificate subject (as X509Certificate2.Subject renders it, e.g. <c>CN=app-1</c>) → database user.</summary>
    public Dictionary<string, string> Users { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Subjects of the certificates accepted, in order.</summary>
    public ConcurrentQueue<string> AcceptedSubjects { get; } = new();

    /// <summary>Why each refused X509 sign-in was refused (the client only hears "authentication failed").</summary>
    public ConcurrentQueue<string> Refusals { get; } = new();
}
