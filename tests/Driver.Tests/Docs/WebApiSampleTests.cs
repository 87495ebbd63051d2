using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Driver.Tests.PublicApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WebApi;
using Xunit.Abstractions;
using AsyncDriver = Driver.Async;
using SyncDriver = Driver.Sync;

namespace Driver.Tests.Docs;

/// <summary>
/// docs/examples/WebApi, started in-process on Kestrel (real sockets, an ephemeral port) against this test's server,
/// driven by HttpClient. Every test ends by checking that the sample's sessions hold no prepared statement and no
/// result set on the server.
/// </summary>
public class WebApiSampleTests(ITestOutputHelper output) : DriverTestBase
{
    [Fact]
    public async Task CrudRoundTripAnswersWithTheRightStatusCodesAndBodies()
    {
        await using var sample = await Sample.StartAsync(ConnectionString);
        var client = sample.Client;

        var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());

        var created = await client.PostAsJsonAsync("/products", new ProductInput("KB-01", "Keyboard", 49.90m, 12));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var product = await created.Content.ReadFromJsonAsync<Product>();
        Assert.NotNull(product);
        Assert.Equal(new Product(product.Id, "KB-01", "Keyboard", 49.90m, 12), product);
        Assert.Equal($"/products/{product.Id}", created.Headers.Location?.OriginalString);

        Assert.Equal(product, await client.GetFromJsonAsync<Product>(created.Headers.Location));
        var second = await (await client.PostAsJsonAsync("/products", new ProductInput("MS-01", "Mouse", 19.50m, 30))).Content.ReadFromJsonAsync<Product>();
        Assert.NotNull(second);
        Assert.True(second.Id > product.Id);

        var page = await client.GetFromJsonAsync<ProductPage>("/products?page=1&pageSize=1");
        Assert.NotNull(page);
        Assert.Equal(new[] { product }, page.Items);
        Assert.Equal((1, 1, 2L), (page.Page, page.PageSize, page.Total));
        page = await client.GetFromJsonAsync<ProductPage>("/products?page=2&pageSize=1");
        Assert.Equal(new[] { second }, page!.Items);
        page = await client.GetFromJsonAsync<ProductPage>("/products?page=3&pageSize=1");
        Assert.Empty(page!.Items);

        var updated = await client.PutAsJsonAsync($"/products/{product.Id}", new ProductInput("KB-02", "Keyboard, German layout", 54.00m, 11));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var expected = new Product(product.Id, "KB-02", "Keyboard, German layout", 54.00m, 11);
        Assert.Equal(expected, await updated.Content.ReadFromJsonAsync<Product>());
        Assert.Equal(expected, await client.GetFromJsonAsync<Product>($"/products/{product.Id}"));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/products/{product.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/products/{product.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/products/{product.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync($"/products/{product.Id}", new ProductInput("KB-03", "Gone", 1m, 1))).StatusCode);
        Assert.Equal(1L, (await client.GetFromJsonAsync<ProductPage>("/products"))!.Total);

        await AssertNoServerResourcesOfTheSampleAsync();
    }

    [Fact]
    public async Task NormalUseLogsNothingAtErrorLevelFromTheFirstStartOn()
    {
        // a fresh server: the first start creates the schema; then the requests of a working day, including the
        // database errors the application handles (a duplicate SKU, a failed check, an order without stock)
        var logs = new ErrorLogCollector();
        await using (var sample = await Sample.StartAsync(ConnectionString, logs))
        {
            var client = sample.Client;
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
            var product = await (await client.PostAsJsonAsync("/products", new ProductInput("LOG-1", "Logged", 3m, 1))).Content.ReadFromJsonAsync<Product>();
            Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync("/products", new ProductInput("LOG-1", "Again", 3m, 1))).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/products", new ProductInput("LOG-2", "Negative", -3m, 1))).StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync("/orders", new OrderInput(product!.Id, 5))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/products/999999")).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/orders", new OrderInput(product.Id, 1))).StatusCode);
        }

        // a second start on the same database (the schema exists already) logs no error either
        await using (var again = await Sample.StartAsync(ConnectionString, logs))
        {
            Assert.Equal(HttpStatusCode.OK, (await again.Client.GetAsync("/health")).StatusCode);
        }

        // the collector hears the driver: the refused statements were logged, below Error (docs/architecture.md, logging)
        Assert.Contains(logs.Entries, entry => entry.Category == AsyncDriver.HanaTelemetry.CommandLogCategory && entry.Text.Contains("301", StringComparison.Ordinal));
        Assert.Empty(logs.Entries.Where(entry => entry.Level >= LogLevel.Error).Select(entry => $"{entry.Level} {entry.Category}: {entry.Text}"));
    }

    [Fact]
    public async Task DatabaseErrorsBecomeProblemDetailsWithFittingStatusCodes()
    {
        await using var sample = await Sample.StartAsync(ConnectionString);
        var client = sample.Client;
        var first = await (await client.PostAsJsonAsync("/products", new ProductInput("SKU-1", "First", 1m, 1))).Content.ReadFromJsonAsync<Product>();
        var second = await (await client.PostAsJsonAsync("/products", new ProductInput("SKU-2", "Second", 2m, 2))).Content.ReadFromJsonAsync<Product>();

        // UNIQUE (SKU), on insert and on update: HANA error 301 -> 409
        var duplicate = await Problem(await client.PostAsJsonAsync("/products", new ProductInput("SKU-1", "Copy", 1m, 1)));
        Assert.Equal((HttpStatusCode.Conflict, 301), (duplicate.Status, duplicate.HanaCode));
        duplicate = await Problem(await client.PutAsJsonAsync($"/products/{second!.Id}", new ProductInput("SKU-1", "Second", 2m, 2)));
        Assert.Equal((HttpStatusCode.Conflict, 301), (duplicate.Status, duplicate.HanaCode));
        // CHECK (PRICE >= 0): HANA error 677 -> 400
        var negative = await Problem(await client.PostAsJsonAsync("/products", new ProductInput("SKU-3", "Negative", -1m, 1)));
        Assert.Equal((HttpStatusCode.BadRequest, 677), (negative.Status, negative.HanaCode));
        // the HANA message (it names tables and constraints) stays on the server
        Assert.DoesNotContain("PRODUCTS", negative.Body, StringComparison.OrdinalIgnoreCase);

        // rules the application checks itself: validation problems, no database round trip
        var invalid = await Problem(await client.PostAsJsonAsync("/products", new ProductInput(null, new string('x', 101), 1m, null)));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
        Assert.Equal(new[] { "name", "sku", "stock" }, invalid.Errors);
        var paging = await Problem(await client.GetAsync("/products?page=0&pageSize=101"));
        Assert.Equal(new[] { "page", "pageSize" }, paging.Errors);

        // nothing was written by the failed requests, and the sessions they used still work
        var page = await client.GetFromJsonAsync<ProductPage>("/products");
        Assert.Equal(new[] { first!, second }, page!.Items);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        await AssertNoServerResourcesOfTheSampleAsync();
    }

    [Fact]
    public async Task AnOrderTakesStockInOneTransactionOrChangesNothing()
    {
        await using var sample = await Sample.StartAsync(ConnectionString);
        var client = sample.Client;
        var product = await (await client.PostAsJsonAsync("/products", new ProductInput("CBL-1", "Cable", 5m, 5))).Content.ReadFromJsonAsync<Product>();

        var placed = await client.PostAsJsonAsync("/orders", new OrderInput(product!.Id, 3));
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = await placed.Content.ReadFromJsonAsync<Order>();
        Assert.Equal((product.Id, 3), (order!.ProductId, order.Quantity));
        Assert.Equal(order, await client.GetFromJsonAsync<Order>(placed.Headers.Location));
        Assert.Equal(2, (await client.GetFromJsonAsync<Product>($"/products/{product.Id}"))!.Stock);

        // not enough stock: 409, and the stock is untouched (rolled back)
        var tooMany = await Problem(await client.PostAsJsonAsync("/orders", new OrderInput(product.Id, 3)));
        Assert.Equal(HttpStatusCode.Conflict, tooMany.Status);
        Assert.Equal(2, (await client.GetFromJsonAsync<Product>($"/products/{product.Id}"))!.Stock);
        var unknown = await Problem(await client.PostAsJsonAsync("/orders", new OrderInput(product.Id + 1000, 1)));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal(new[] { "productId" }, unknown.Errors);
        var zero = await Problem(await client.PostAsJsonAsync("/orders", new OrderInput(product.Id, 0)));
        Assert.Equal(HttpStatusCode.BadRequest, zero.Status);
        Assert.Equal(new[] { "quantity" }, zero.Errors);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/orders/{order.Id + 1}")).StatusCode);

        // the last of the stock; the sessions the rolled-back orders used are clean for the next request
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/orders", new OrderInput(product.Id, 2))).StatusCode);
        Assert.Equal(0, (await client.GetFromJsonAsync<Product>($"/products/{product.Id}"))!.Stock);

        await AssertNoServerResourcesOfTheSampleAsync();
    }

    [Fact]
    public async Task TwoHundredRequestsAtOnceShareAtMostMaxPoolSizeSessions()
    {
        await using var sample = await Sample.StartAsync(ConnectionString);
        var client = sample.Client;
        var seeded = new List<Product>();
        for (var i = 0; i < 20; i++)
        {
            var response = await client.PostAsJsonAsync("/products", new ProductInput($"SEED-{i:D2}", $"Seeded product {i}", 10m + i, i));
            seeded.Add((await response.Content.ReadFromJsonAsync<Product>())!);
        }

        await using var pool = sample.App.Services.GetRequiredService<AsyncDriver.HanaDataSource>().CreateConnection();
        var before = pool.GetPoolStatistics();
        Assert.NotNull(before);
        Assert.Equal(WebApiApp.DefaultMaxPoolSize, before.MaxPoolSize);

        // what the test server and the pool see while the requests run
        var peakServerSessions = 0;
        var peakPoolSessions = 0;
        using var burstDone = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!burstDone.IsCancellationRequested)
            {
                peakServerSessions = Math.Max(peakServerSessions, Server.ConnectionCount);
                peakPoolSessions = Math.Max(peakPoolSessions, pool.GetPoolStatistics()!.Total);
                await Task.Delay(1);
            }
        });

        // four kinds of request, 50 of each, all at once; every answer is checked against what it must be
        var missingId = seeded[^1].Id + 100000;
        var requests = Enumerable.Range(0, 200).Select(async i =>
        {
            switch (i % 4)
            {
                case 0:
                    var product = seeded[i % seeded.Count];
                    Assert.Equal(product, await client.GetFromJsonAsync<Product>($"/products/{product.Id}"));
                    break;
                case 1:
                    var pageNumber = i / 4 % 4 + 1;
                    var page = await client.GetFromJsonAsync<ProductPage>($"/products?page={pageNumber}&pageSize=5");
                    // new products get higher ids, so the seeded pages are stable while others are created
                    Assert.Equal(seeded.Skip((pageNumber - 1) * 5).Take(5), page!.Items);
                    break;
                case 2:
                    var input = new ProductInput($"BURST-{i:D3}", $"Burst product {i}", i, i);
                    var created = await client.PostAsJsonAsync("/products", input);
                    Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                    var body = await created.Content.ReadFromJsonAsync<Product>();
                    Assert.Equal(new Product(body!.Id, input.Sku!, input.Name!, i, i), body);
                    Assert.Equal($"/products/{body.Id}", created.Headers.Location?.OriginalString);
                    break;
                default:
                    Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/products/{missingId + i}")).StatusCode);
                    break;
            }
        }).ToList();
        try
        {
            await Task.WhenAll(requests);
        }
        finally
        {
            burstDone.Cancel();
            await sampler;
        }

        var after = pool.GetPoolStatistics()!;
        output.WriteLine($"pool after the burst: {after}; peak sessions seen by the server {peakServerSessions}, by the pool {peakPoolSessions}");
        // the pool never opened more than Max Pool Size sessions and closed none: its peak is at most that
        Assert.True(after.Created <= WebApiApp.DefaultMaxPoolSize && after.Destroyed == 0, $"pool: {after}");
        Assert.InRange(peakServerSessions, 1, WebApiApp.DefaultMaxPoolSize);
        Assert.InRange(peakPoolSessions, 1, WebApiApp.DefaultMaxPoolSize);
        Assert.Equal(0, after.InUse);
        // the server's own view: every session connected now is one of the pool's, and there is more than one,
        // so requests really ran side by side on separate sessions
        var sessions = SampleSessionIds();
        Assert.Equal(after.Total, sessions.Length);
        Assert.InRange(sessions.Length, 2, WebApiApp.DefaultMaxPoolSize);

        Assert.Equal(20L + 50, (await client.GetFromJsonAsync<ProductPage>("/products"))!.Total);
        await AssertNoServerResourcesOfTheSampleAsync();
    }

    /// <summary>The connection ids of every session but the asking one (the sample's, as the test opens none).</summary>
    private int[] SampleSessionIds()
    {
        // unpooled, so this session is gone when the next one asks
        using var connection = new SyncDriver.HanaConnection(ConnectionString + ";Pooling=false");
        connection.Open();
        using var command = new SyncDriver.HanaCommand("SELECT CONNECTION_ID FROM SYS.M_CONNECTIONS WHERE CONNECTION_ID <> CURRENT_CONNECTION", connection);
        using var reader = command.ExecuteReader();
        var ids = new List<int>();
        while (reader.Read())
        {
            ids.Add(Convert.ToInt32(reader.GetValue(0)));
        }
        return ids.ToArray();
    }

    private async Task AssertNoServerResourcesOfTheSampleAsync()
    {
        var ids = SampleSessionIds();
        Assert.NotEmpty(ids);
        // the pooled sessions keep prepared statements on purpose (statementCacheSize): they are closed, so what remains is a leak
        ClearPoolsOf(Server.Port);
        // a session goes back to the pool when the request scope ends, which may be just after the response
        var deadline = DateTime.UtcNow.AddSeconds(5);
        long count;
        while ((count = ServerResourcesOf(ids)) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.True(count == 0, $"{count} prepared statements / result sets of the sample's sessions {string.Join(",", ids)} are left on the server.");
    }

    private static async Task<(HttpStatusCode Status, int? HanaCode, string[] Errors, string Body)> Problem(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal((int)response.StatusCode, root.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("title").GetString()));
        int? code = root.TryGetProperty("hanaCode", out var hanaCode) ? hanaCode.GetInt32() : null;
        var errors = root.TryGetProperty("errors", out var fields) ? fields.EnumerateObject().Select(field => field.Name).Order(StringComparer.Ordinal).ToArray() : [];
        return (response.StatusCode, code, errors, body);
    }

    /// <summary>The sample on Kestrel at 127.0.0.1 on a port the system picks, and a client for it.</summary>
    /// <summary>Keeps every entry, from any category (the driver's, ASP.NET Core's, the sample's).</summary>
    private sealed class ErrorLogCollector : ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<(LogLevel Level, string Category, string Text)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Collector(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Collector(ErrorLogCollector owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                owner.Entries.Enqueue((logLevel, category, $"{formatter(state, exception)} {exception?.GetType().Name}"));
            }
        }
    }

    private sealed class Sample : IAsyncDisposable
    {
        private Sample(WebApplication app, HttpClient client)
        {
            App = app;
            Client = client;
        }

        public WebApplication App { get; }

        public HttpClient Client { get; }

        public static async Task<Sample> StartAsync(string connectionString, ILoggerProvider? logs = null)
        {
            var app = await WebApiApp.BuildAsync(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"], connectionString,
                configure: logs is null ? null : builder =>
                {
                    // the collector hears everything from Debug up, whatever the application's own filter says
                    builder.Logging.AddProvider(logs);
                    builder.Logging.AddFilter<ErrorLogCollector>(null, LogLevel.Debug);
                });
            try
            {
                await app.StartAsync();
                var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
                Assert.NotEqual(0, new Uri(address).Port);
                return new Sample(app, new HttpClient { BaseAddress = new Uri(address) });
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            // the idle sessions go now rather than when the test server stops under them
            await using (var connection = App.Services.GetRequiredService<AsyncDriver.HanaDataSource>().CreateConnection())
            {
                AsyncDriver.HanaConnection.ClearPool(connection);
            }
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
