using Driver.Async;

namespace WebApi;

/// <summary>
/// Builds the web sample: Driver.Async registered through dependency injection (one pooled data source per
/// application), the product and order endpoints, a health check, HANA errors mapped to HTTP status codes, and
/// the schema. Program.cs runs what this returns; the tests start it in-process on Kestrel.
/// </summary>
public static class WebApiApp
{
    /// <summary>
    /// The pool cap used when the connection string sets no Max Pool Size: however many requests arrive at once,
    /// at most this many HANA sessions are open; the other requests wait for a session (up to Connect Timeout).
    /// </summary>
    public const int DefaultMaxPoolSize = 10;

    /// <summary>
    /// Builds the application (not started). The connection string is, in this order: <paramref name="connectionString"/>,
    /// configuration <c>ConnectionStrings:Hana</c>, the environment variable <c>HANA_CONNECTION_STRING</c>; with
    /// none of them the embedded test server is started and owned by the application. The schema exists when this
    /// returns. <paramref name="configure"/> lets a host add services before the application is built (the tests add a
    /// logging provider there, to see what the first start logs).
    /// </summary>
    public static async Task<WebApplication> BuildAsync(string[] args, string? connectionString = null, CancellationToken cancellationToken = default,
        Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        connectionString = FirstNonEmpty(connectionString, builder.Configuration.GetConnectionString("Hana"), Environment.GetEnvironmentVariable("HANA_CONNECTION_STRING"));
        Driver.TestServer.TestServer? embedded = null;
        if (connectionString is null)
        {
            embedded = await Driver.TestServer.TestServer.StartAsync();
            connectionString = embedded.ConnectionString;
            // created by a factory, so the container disposes it with the application
            builder.Services.AddSingleton(_ => embedded);
        }

        builder.Services.AddHanaDataSource(WithPoolCap(connectionString));
        builder.Services.AddSingleton<ProductStore>();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<HanaExceptionHandler>();
        builder.Services.AddHealthChecks().AddCheck<HanaHealthCheck>("hana");

        var app = builder.Build();
        try
        {
            if (embedded is not null)
            {
                app.Services.GetRequiredService<Driver.TestServer.TestServer>();
                app.Logger.LogInformation("No connection string configured: started the embedded test server on {Host}:{Port}.", embedded.Host, embedded.Port);
            }
            app.UseExceptionHandler();
            app.UseStatusCodePages();
            app.MapHealthChecks("/health");
            app.MapProducts();
            app.MapOrders();
            await DatabaseSchema.EnsureCreatedAsync(app.Services.GetRequiredService<HanaDataSource>(), app.Logger, cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    /// <summary>The connection string with <see cref="DefaultMaxPoolSize"/> unless it sets a Max Pool Size of its own.</summary>
    private static string WithPoolCap(string connectionString)
    {
        var builder = new HanaConnectionStringBuilder(connectionString);
        if (!builder.ContainsKey(HanaConnectionStringKeys.MaxPoolSize))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }
        return builder.ConnectionString;
    }

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
}
