using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Driver.Core.Session;
using Driver.Tests.Support;

namespace Driver.Tests.TestServer;

/// <summary>The console host (Program.cs) as a child process: port 0, TLS with --cert-out, bad arguments.</summary>
public class ConsoleHostTests
{
    private static readonly Regex Listening = new(@"listening on 127\.0\.0\.1:(\d+)", RegexOptions.CultureInvariant);

    /// <summary>tests/Driver.TestServer/bin/&lt;Configuration&gt;/net10.0/&lt;rid&gt;/Driver.TestServer.dll, the rid read off the test output path.</summary>
    private static string ServerDll()
    {
        var rid = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/', '\\')).Name;
        var folder = Path.Combine(RepositoryPaths.Root, "tests", "Driver.TestServer", "bin", RepositoryPaths.Configuration, "net10.0");
        var dll = Path.Combine(folder, rid, "Driver.TestServer.dll");
        if (!File.Exists(dll))
        {
            dll = Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "Driver.TestServer.dll", SearchOption.AllDirectories).FirstOrDefault() ?? dll : dll;
        }
        Assert.True(File.Exists(dll), $"{dll} not built");
        return dll;
    }

    private static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ServerDll());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }

    /// <summary>Reads standard output until the "listening on" line; returns the port.</summary>
    private static async Task<int> WaitForPortAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                Assert.Fail("the server exited before listening: " + await process.StandardError.ReadToEndAsync(timeout.Token));
            }
            var match = Listening.Match(line);
            if (match.Success)
            {
                return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }

    private static ConnectionCore Login(int port, string password, Action<ConnectionSettings>? configure = null)
    {
        var settings = new ConnectionSettings { UserName = "SYSTEM", Password = password };
        configure?.Invoke(settings);
        var core = new ConnectionCore(settings, "127.0.0.1", port);
        core.OpenSync();
        return core;
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
    }

    [Fact]
    public async Task PortZeroPrintsTheRealPortAndServes()
    {
        using var process = Start("--port", "0", "--user", "SYSTEM", "--password", "Secret1");
        try
        {
            var port = await WaitForPortAsync(process);
            Assert.InRange(port, 1, 65535);
            using var core = Login(port, "Secret1");
            Assert.True(core.ConnectionId > 0);
            var result = CoreCalls.ExecuteDirect(core, "SELECT * FROM DUMMY", true, 10);
            using var resultSet = result.ResultSet!;
            Assert.Equal(1, resultSet.Page.RowCount);
            core.CloseSync();
            // the default password is not accepted: the user store holds only what the command line said
            var wrong = Assert.Throws<Driver.Sync.HanaException>(() => Login(port, Driver.TestServer.TestServer.DefaultPassword).Dispose());
            Assert.Equal(10, wrong.Code);
        }
        finally
        {
            await StopAsync(process);
        }
    }

    [Fact]
    public async Task TlsWithCertOutWritesTheCertificateToTrust()
    {
        var certificateFile = Path.Combine(Path.GetTempPath(), $"testserver-{Guid.NewGuid():N}.pem");
        using var process = Start("--port", "0", "--password", "Secret1", "--tls", "--cert-out", certificateFile);
        try
        {
            var port = await WaitForPortAsync(process);
            using var certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(certificateFile));
            using var core = Login(port, "Secret1", settings =>
            {
                settings.Encrypt = true;
                settings.TrustedRoots = new X509Certificate2Collection(certificate);
            });
            Assert.True(core.ConnectionId > 0);
            core.CloseSync();
            Assert.Throws<Driver.Sync.HanaConnectionException>(() => Login(port, "Secret1", settings => settings.Encrypt = true).Dispose());
        }
        finally
        {
            await StopAsync(process);
            File.Delete(certificateFile);
        }
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--port")]
    [InlineData("--port", "abc")]
    [InlineData("--port", "99999999999")]
    [InlineData("--port", "70000")]
    [InlineData("--port", "-1")]
    [InlineData("--data-format-version", "3")]
    [InlineData("--bind", "not-an-address")]
    public async Task BadArgumentsExitWithCode2(params string[] arguments)
    {
        using var process = Start(arguments);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var error = await process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("usage:", error);
    }
}
