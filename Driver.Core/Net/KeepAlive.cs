using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Driver.Core.Net;

/// <summary>
/// TCP keep-alive for a session's socket (connection-string keys tcpKeepAlive, tcpKeepAliveIdle, tcpKeepAliveInterval,
/// tcpKeepAliveCount; docs/scale-out.md, "Keep-alive"; §14 of docs/protocol.md: node-hdb and go-hdb keep it on). A
/// socket to a node that died without a FIN or RST (a host or network failure) is found dead by the operating system
/// after the probes go unanswered, so an idle pooled session or a statement waiting for a reply fails rather than
/// hanging until the Command Timeout. Set where the platform allows: on .NET Core 3.0+ all three values; on
/// netstandard2.0, SO_KEEPALIVE everywhere and the idle time and interval on Windows (SIO_KEEPALIVE_VALS).
/// </summary>
internal sealed class KeepAlive
{
    public KeepAlive(int idleSeconds, int intervalSeconds, int count)
    {
        IdleSeconds = idleSeconds;
        IntervalSeconds = intervalSeconds;
        Count = count;
    }

    public int IdleSeconds { get; }

    public int IntervalSeconds { get; }

    public int Count { get; }

    /// <summary>Best effort: a platform that refuses an option keeps its own value for it; keep-alive itself is always asked.</summary>
    public void Apply(Socket socket)
    {
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        try
        {
#if NETCOREAPP3_0_OR_GREATER
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, IdleSeconds);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, IntervalSeconds);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, Count);
#else
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                // struct tcp_keepalive { u_long onoff; u_long keepalivetime; u_long keepaliveinterval; } in milliseconds
                var values = new byte[12];
                BitConverter.GetBytes(1u).CopyTo(values, 0);
                BitConverter.GetBytes((uint)IdleSeconds * 1000).CopyTo(values, 4);
                BitConverter.GetBytes((uint)IntervalSeconds * 1000).CopyTo(values, 8);
                socket.IOControl(IOControlCode.KeepAliveValues, values, null);
            }
#endif
        }
        catch (Exception exception) when (exception is SocketException or PlatformNotSupportedException or NotSupportedException)
        {
            // the operating system's own idle time, interval and count apply
        }
    }
}
