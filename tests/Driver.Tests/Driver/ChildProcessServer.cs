using System.Diagnostics;
using System.Text.RegularExpressions;
using Driver.Tests.Support;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>
/// The test server's console host as a child process, so that what the server allocates does not count in this
/// process's GC.GetTotalAllocatedBytes (the bounded-memory tests measure the driver alone).
/// </summary>
public sealed class ChildProcessServer : IAsyncDisposable
{
    private const string Password = "Secret1";
    private static readonly Regex Listening = new(@"listening on 127\.0\.0\.1:(\d+)", RegexOptions.CultureInvariant);
    private readonly Process _process;

    private ChildProcessServer(Process process, int port)
    {
        _process = process;
        ConnectionString = $"Server=127.0.0.1:{port};UserName=SYSTEM;Password={Password}";
    }

    public string ConnectionString { get; }

    public static async Task<ChildProcessServer> StartAsync()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ServerDll());
        foreach (var argument in new[] { "--port", "0", "--user", "SYSTEM", "--password", Password })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                var error = await process.StandardError.ReadToEndAsync(timeout.Token);
                process.Dispose();
                throw new InvalidOperationException("the server exited before listening: " + error);
            }
            var match = Listening.Match(line);
            if (match.Success)
            {
                return new ChildProcessServer(process, int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>tests/Driver.TestServer/bin/&lt;Configuration&gt;/net10.0/[&lt;rid&gt;/]Driver.TestServer.dll.</summary>
    private static string ServerDll()
    {
        var rid = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/', '\\')).Name;
        var folder = Path.Combine(RepositoryPaths.Root, "tests", "Driver.TestServer", "bin", RepositoryPaths.Configuration, "net10.0");
        var dll = Path.Combine(folder, rid, "Driver.TestServer.dll");
        if (!File.Exists(dll) && Directory.Exists(folder))
        {
            dll = Directory.EnumerateFiles(folder, "Driver.TestServer.dll", SearchOption.AllDirectories).FirstOrDefault() ?? dll;
        }
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} not built");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await _process.WaitForExitAsync(timeout.Token);
        _process.Dispose();
    }
}
