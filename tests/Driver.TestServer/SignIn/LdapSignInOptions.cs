using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Driver.TestServer.SignIn;

/// <summary>
/// The LDAP sign-in of the test server (docs/protocol.md §8.4.1): <see cref="Directory"/> stands in for the directory
/// (user → password), and <see cref="Key"/> is the RSA key pair whose public half goes out in the server challenge.
/// Set <see cref="TestServerOptions.Ldap"/> to accept LDAP; the server then picks LDAP for every user it does not know
/// as a SCRAM user (<see cref="TestServerOptions.Users"/>) or that the directory holds.
/// </summary>
public sealed class LdapSignInOptions : IDisposable
{
    /// <summary>User (case-insensitive) → directory password.</summary>
    public Dictionary<string, string> Directory { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The server's RSA key (2048 bits, fresh per instance).</summary>
    public RSA Key { get; } = RSA.Create(2048);

    /// <summary>The users signed in through LDAP, in order.</summary>
    public ConcurrentQueue<string> Accepted { get; } = new();

    /// <summary>Why each refused LDAP sign-in was refused.</summary>
    public ConcurrentQueue<string> Refusals { get; } = new();

    public void Dispose() => Key.Dispose();
}
