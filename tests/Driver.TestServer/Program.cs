using System.Net;

namespace Driver.TestServer;

/// <summary>
/// Console host: <c>dotnet run -c Release --project tests/Driver.TestServer -- --port 30015 --user SYSTEM
/// --password secret [--tls] [--data-format-version N] [--bind ADDRESS] [--trace] [--reply-latency-ms MS] [--jwt-key HEX ...]
/// [--nodes N [--distinct-node-addresses]] [--tenants A,B [--redirect-at-authenticate]]</c>.
/// Prints "listening on HOST:PORT" once it accepts connections and serves until stopped; with several nodes or tenants
/// one line per listener, "listening on HOST:PORT (node K)", "(tenant NAME)" and "(system database)". Reads control
/// commands from standard input (docs/scale-out.md): stop K, start K, master K, load K FACTOR, place TABLE K, nodes.
/// </summary>
internal static class Program
{
    private const string Usage =
        "usage: Driver.TestServer [--port N] [--user NAME] [--password PW] [--tls [--cert-out FILE.pem]] [--data-format-version N] [--bind ADDRESS] [--no-compression] [--trace] [--reply-latency-ms MS]" +
        " [--jwt-key HEX [--jwt-issuer ISS] [--jwt-user EXTERNAL=DBUSER]...]" +
        " [--nodes N [--distinct-node-addresses]] [--tenants A,B [--redirect-at-authenticate]]";

    private static async Task<int> Main(string[] args)
    {
        var options = new TestServerOptions { Port = 30015 };
        string user = "SYSTEM";
        string password = TestServer.DefaultPassword;
        string? certOut = null;
        var tls = false;
        SignIn.JwtSignInOptions? jwt = null;
        var jwtUsers = new List<string>();
        string? jwtIssuer = null;
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--port": options.Port = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                    case "--user": user = Next(); break;
                    case "--password": password = Next(); break;
                    case "--tls": tls = true; break;
                    case "--cert-out": certOut = Next(); break;
                    case "--data-format-version": options.MaxDataFormatVersion = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                    case "--bind": options.BindAddress = IPAddress.Parse(Next()); break;
                    case "--no-compression": options.AllowCompression = false; break;
                    case "--trace": options.Trace = true; break;
                    case "--reply-latency-ms": options.ReplyLatency = TimeSpan.FromMilliseconds(double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture)); break;
                    // JWT sign-in (docs/sign-in.md): HS256 tokens signed with this key, from this issuer, these users
                    case "--jwt-key": jwt = new SignIn.JwtSignInOptions(new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(Convert.FromHexString(Next()))); break;
                    case "--jwt-issuer": jwtIssuer = Next(); break;
                    case "--jwt-user": jwtUsers.Add(Next()); break;
                    // scale-out and tenants (docs/scale-out.md)
                    case "--nodes": options.Nodes = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                    case "--distinct-node-addresses": options.DistinctNodeAddresses = true; break;
                    case "--tenants": options.Tenants.AddRange(Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)); break;
                    case "--redirect-at-authenticate": options.RedirectAtAuthenticate = true; break;
                    case "--help" or "-h": Console.WriteLine(Usage); return 0;
                    default: throw new ArgumentException($"unknown argument {args[i]}");
                }
            }
            if (options.Port is < IPEndPoint.MinPort or > IPEndPoint.MaxPort)
            {
                // TcpListener would throw ArgumentOutOfRangeException and the host crash instead of saying why
                throw new ArgumentException($"--port must be 0 to {IPEndPoint.MaxPort}");
            }
            if (options.Nodes is < 1 or > 64)
            {
                throw new ArgumentException("--nodes must be 1 to 64");
            }
            if (options.RedirectAtAuthenticate && options.Tenants.Count == 0)
            {
                throw new ArgumentException("--redirect-at-authenticate needs --tenants");
            }
            if (options.MaxDataFormatVersion is not (1 or >= 4 and <= 9))
            {
                throw new ArgumentException("--data-format-version must be 1 or 4 to 9");
            }
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine($"error: {exception.Message}\n{Usage}");
            return 2;
        }
        if (jwt is not null)
        {
            jwt.Issuer = jwtIssuer ?? jwt.Issuer;
            foreach (var mapping in jwtUsers)
            {
                var equals = mapping.IndexOf('=');
                jwt.Users[mapping[..Math.Max(equals, 0)]] = mapping[(equals + 1)..];
            }
            options.Jwt = jwt;
        }
        options.Users.Clear();
        options.Users[user] = password;
        if (tls)
        {
            options.Certificate = SelfSignedCertificate.Create();
            if (certOut is not null)
            {
                await File.WriteAllTextAsync(certOut, options.Certificate.ExportCertificatePem());
            }
        }
        await using var server = await TestServer.StartAsync(options);
        if (server.Listeners.Count == 1)
        {
            Console.WriteLine($"listening on {server.Host}:{server.Port}");
        }
        else
        {
            foreach (var listener in server.Listeners)
            {
                Console.WriteLine($"listening on {listener}");
            }
        }
        _ = Task.Run(() => ConsoleControl.RunAsync(server, Console.In, Console.Out));
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
        return 0;
    }
}
