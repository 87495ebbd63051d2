using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Driver.Benchmarks.Compare;

/// <summary>The test server's console host as its own process, so no contender shares its CPU time.</summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, int port, string password)
    {
        _process = process;
        Port = port;
        Password = password;
    }

    public string Host => "127.0.0.1";
    public int Port { get; }
    public string User => "SYSTEM";
    public string Password { get; }

    /// <summary>The server process's id (the HTTP benchmark reads its CPU time).</summary>
    public int ProcessId => _process.Id;

    /// <summary>
    /// Starts the test server built next to the harness, or the one at <paramref name="serverDll"/> (another build);
    /// <paramref name="extraArguments"/> go on its command line (the HTTP benchmark's --reply-latency-ms).
    /// </summary>
    public static ServerProcess Start(string? serverDll = null, string extraArguments = "")
    {
        var dll = serverDll ?? Path.Combine(AppContext.BaseDirectory, "Driver.TestServer.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"The test server is missing next to the harness: {dll}");
        }
        var port = FreePort();
        var password = "Bench" + Guid.NewGuid().ToString("N").Substring(0, 8) + "!";
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\" --port {port} --user SYSTEM --password {password} {extraArguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the test server");
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            var line = process.StandardOutput.ReadLine();
            if (line is null)
            {
                throw new InvalidOperationException("the test server exited: " + process.StandardError.ReadToEnd());
            }
            if (line.Contains("listening on", StringComparison.Ordinal))
            {
                _ = process.StandardOutput.ReadToEndAsync();
                _ = process.StandardError.ReadToEndAsync();
                return new ServerProcess(process, port, password);
            }
        }
        process.Kill(entireProcessTree: true);
        throw new TimeoutException("the test server did not start within a minute");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }
}
