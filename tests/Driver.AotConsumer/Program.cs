using Driver.AotConsumer;

// Usage: Driver.AotConsumer <plain connection string> <TLS connection string>
// For each flavor (Driver.Sync, Driver.Async) and each way in (plain, LZ4-compressed, TLS): a table, 200 rows
// inserted in a transaction and committed, 50 more rolled back, the rows read back through Query<T> and Map<T>,
// a scalar. Prints one line per run and "N passed, N failed"; exits 1 on any failure.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Driver.AotConsumer <plain connection string> <TLS connection string>");
    return 2;
}

var runs = new (string Name, string ConnectionString)[]
{
    ("plain", args[0] + ";Compress=false"),
    ("compressed", args[0] + ";Compress=true"),
    ("tls", args[1]),
};
var passed = 0;
var failed = 0;
foreach (var (name, connectionString) in runs)
{
    foreach (var flavor in new[] { "sync", "async" })
    {
        var table = $"AOT_{flavor}_{name}".ToUpperInvariant();
        try
        {
            var summary = flavor == "sync"
                ? SyncRun.Run(connectionString, table)
                : await AsyncRun.RunAsync(connectionString, table);
            Console.WriteLine($"ok   {flavor,-5} {name,-10} {summary}");
            passed++;
        }
        catch (Exception exception)
        {
            Console.WriteLine($"FAIL {flavor,-5} {name,-10} {exception}");
            failed++;
        }
    }
}
Console.WriteLine($"{passed} passed, {failed} failed");
return failed == 0 && passed == runs.Length * 2 ? 0 : 1;
