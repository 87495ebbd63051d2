using System.Security.Cryptography.X509Certificates;

namespace Driver.Core.Net;

/// <summary>What the transport needs to reach one server endpoint.</summary>
internal sealed class TransportOptions
{
    public string Host { get; set; } = "localhost";
    public int Port { get; set; } = 30015;
    /// <summary>TLS from the first byte (§1.2: there is no STARTTLS inside the protocol).</summary>
    public bool Encrypt { get; set; }
    public bool ValidateCertificate { get; set; } = true;
    /// <summary>Host name expected in the server certificate when it differs from <see cref="Host"/>.</summary>
    public string? HostNameInCertificate { get; set; }
    /// <summary>Roots to trust in addition to (or instead of) the system store.</summary>
    public X509Certificate2Collection? TrustedRoots { get; set; }
    /// <summary>The client certificate (with its private key) the TLS handshake presents: mutual TLS; null: none.</summary>
    public X509Certificate2? ClientCertificate { get; set; }
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);
    /// <summary>Per-read/write timeout of the sync flavor's socket; infinite when zero.</summary>
    public TimeSpan IoTimeout { get; set; }
    /// <summary>Largest message accepted from the wire (before and after decompression).</summary>
    public int MaxMessageSize { get; set; } = 1 << 30;
    /// <summary>TCP keep-alive for the socket (Transport.Connect.cs sets it); null: the socket's default (off).</summary>
    public KeepAlive? KeepAlive { get; set; }
}
