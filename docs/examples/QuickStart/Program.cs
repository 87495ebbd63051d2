// Quick start: runs against HANA_CONNECTION_STRING when set, otherwise against the embedded test server.
// The same work twice: blocking with Driver.Sync, then asynchronously with Driver.Async.

var connectionString = Environment.GetEnvironmentVariable("HANA_CONNECTION_STRING");
Driver.TestServer.TestServer? server = null;
if (string.IsNullOrEmpty(connectionString))
{
    server = await Driver.TestServer.TestServer.StartAsync();
    connectionString = server.ConnectionString;
    Console.WriteLine($"Started the embedded test server on {server.Host}:{server.Port}.");
}
try
{
    QuickStart.SyncDemo.Run(connectionString);
    await QuickStart.AsyncDemo.RunAsync(connectionString);
    return 0;
}
catch (Exception exception)
{
    Console.Error.WriteLine($"Quick start failed: {exception.Message}");
    return 1;
}
finally
{
    if (server is not null)
    {
        await server.DisposeAsync();
    }
}
