using System.Data;
using System.Data.Common;
using A = Driver.Async;
using S = Driver.Sync;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>
/// The DataSet and bulk-copy members per flavor, for one test body: Driver.Sync's blocking Fill / Update /
/// WriteToServer, Driver.Async's awaited FillAsync / UpdateAsync / WriteToServerAsync.
/// </summary>
public static class DataSetFlavor
{
    public static DbDataAdapter Adapter(Flavor flavor, DbCommand select) =>
        flavor.IsAsync ? new A.HanaDataAdapter((A.HanaCommand)select) : new S.HanaDataAdapter((S.HanaCommand)select);

    public static DbCommandBuilder Builder(Flavor flavor, DbDataAdapter adapter) =>
        flavor.IsAsync ? new A.HanaCommandBuilder((A.HanaDataAdapter)adapter) : new S.HanaCommandBuilder((S.HanaDataAdapter)adapter);

    public static Task<int> Fill(Flavor flavor, DbDataAdapter adapter, DataTable table) =>
        flavor.IsAsync ? ((A.HanaDataAdapter)adapter).FillAsync(table) : Task.FromResult(adapter.Fill(table));

    public static Task<int> Fill(Flavor flavor, DbDataAdapter adapter, DataSet set) =>
        flavor.IsAsync ? ((A.HanaDataAdapter)adapter).FillAsync(set) : Task.FromResult(adapter.Fill(set));

    public static Task<DataTable?> FillSchema(Flavor flavor, DbDataAdapter adapter, DataTable table) =>
        flavor.IsAsync ? ((A.HanaDataAdapter)adapter).FillSchemaAsync(table, SchemaType.Source) : Task.FromResult(adapter.FillSchema(table, SchemaType.Source));

    public static Task<int> Update(Flavor flavor, DbDataAdapter adapter, DataTable table) =>
        flavor.IsAsync ? ((A.HanaDataAdapter)adapter).UpdateAsync(table) : Task.FromResult(adapter.Update(table));

    public static Task<int> Update(Flavor flavor, DbDataAdapter adapter, DataSet set) =>
        flavor.IsAsync ? ((A.HanaDataAdapter)adapter).UpdateAsync(set) : Task.FromResult(adapter.Update(set));

    /// <summary>The rows of a query as DataTable.Load reads them (Driver.Async: FillAsync, its documented equivalent).</summary>
    public static async Task<DataTable> Load(Flavor flavor, DbConnection connection, string sql)
    {
        var table = new DataTable();
        using var command = flavor.Command(connection, sql);
        if (flavor.IsAsync)
        {
            await ((A.HanaDataAdapter)Adapter(flavor, command)).FillAsync(table);
        }
        else
        {
            using var reader = command.ExecuteReader();
            table.Load(reader);
        }
        return table;
    }

    /// <summary>A bulk copy on the connection, as dynamic: the two flavors' types have the same members.</summary>
    public static dynamic BulkCopy(Flavor flavor, DbConnection connection, string table)
    {
        dynamic copy = flavor.IsAsync ? new A.HanaBulkCopy((A.HanaConnection)connection) : new S.HanaBulkCopy((S.HanaConnection)connection);
        copy.DestinationTableName = table;
        return copy;
    }

    /// <summary>Subscribes to HanaRowsCopied: <paramref name="handler"/> gets RowsCopied and returns Abort.</summary>
    public static void OnRowsCopied(Flavor flavor, object copy, Func<long, bool> handler)
    {
        if (flavor.IsAsync)
        {
            ((A.HanaBulkCopy)copy).HanaRowsCopied += (_, e) => e.Abort = handler(e.RowsCopied);
        }
        else
        {
            ((S.HanaBulkCopy)copy).HanaRowsCopied += (_, e) => e.Abort = handler(e.RowsCopied);
        }
    }

    public static Task Write(Flavor flavor, object copy, DataTable table) =>
        flavor.IsAsync ? ((A.HanaBulkCopy)copy).WriteToServerAsync(table) : Run(() => ((S.HanaBulkCopy)copy).WriteToServer(table));

    public static Task Write(Flavor flavor, object copy, DataRow[] rows) =>
        flavor.IsAsync ? ((A.HanaBulkCopy)copy).WriteToServerAsync(rows) : Run(() => ((S.HanaBulkCopy)copy).WriteToServer(rows));

    public static Task Write(Flavor flavor, object copy, DbDataReader reader) =>
        flavor.IsAsync ? ((A.HanaBulkCopy)copy).WriteToServerAsync(reader) : Run(() => ((S.HanaBulkCopy)copy).WriteToServer(reader));

    /// <summary>Round trips of the connection so far.</summary>
    public static long RoundTrips(Flavor flavor, DbConnection connection) =>
        flavor.IsAsync ? ((A.HanaConnection)connection).GetStatistics().RoundTrips : ((S.HanaConnection)connection).GetStatistics().RoundTrips;

    private static Task Run(Action action)
    {
        try
        {
            action();
            return Task.CompletedTask;
        }
        catch (Exception exception)
        {
            return Task.FromException(exception);
        }
    }
}
