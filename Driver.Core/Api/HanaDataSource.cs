#if NET7_0_OR_GREATER
using System.Data.Common;
#if ASYNC
using Driver.Core.Api;
#endif

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// A factory of connections for one connection string (the .NET 7 <see cref="DbDataSource"/>): hand it to code
/// that needs connections instead of the connection string itself. Connections come from the pool of that
/// connection string as with <see cref="HanaConnection"/>; commands from <see cref="DbDataSource.CreateCommand"/>
/// open a connection for each execution and close it afterwards.
/// <para>
/// Driver.Sync: <c>OpenConnectionAsync</c> (inherited) runs synchronously. Driver.Async: <c>OpenConnection</c>
/// throws <see cref="NotSupportedException"/>; await <c>OpenConnectionAsync</c> instead.
/// </para>
/// </summary>
public sealed class HanaDataSource : DbDataSource
{
    private readonly string _connectionString;
    private readonly HanaConnectionStringBuilder _builder;

    /// <summary>Creates a data source for <paramref name="connectionString"/> (validated now).</summary>
    public HanaDataSource(string connectionString)
    {
        _builder = new HanaConnectionStringBuilder(connectionString);
        _connectionString = connectionString;
        var withoutPassword = new HanaConnectionStringBuilder(connectionString);
        withoutPassword.Remove(HanaConnectionStringKeys.Password);
        ConnectionString = withoutPassword.ConnectionString;
    }

    /// <summary>The connection string without the password.</summary>
    public override string ConnectionString { get; }

    /// <summary>A closed connection for this data source's connection string.</summary>
    public new HanaConnection CreateConnection() => new(_connectionString);

    /// <inheritdoc />
    protected override DbConnection CreateDbConnection() => CreateConnection();

#if SYNC
    /// <summary>An open connection (rented from the pool when Pooling is on).</summary>
    public new HanaConnection OpenConnection()
    {
        var connection = CreateConnection();
        try
        {
            connection.Open();
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        return connection;
    }

    /// <inheritdoc />
    protected override DbConnection OpenDbConnection() => OpenConnection();
#else
    /// <summary>Not supported by Driver.Async: await OpenConnectionAsync, or use the Driver.Sync package.</summary>
    protected override DbConnection OpenDbConnection() => throw AsyncOnly.Member("OpenConnection", "OpenConnectionAsync");

    /// <summary>An open connection (rented from the pool when Pooling is on).</summary>
    public new async ValueTask<HanaConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return connection;
    }

    /// <inheritdoc />
    protected override async ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default) =>
        await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
#endif

    /// <summary>The connection string with the password masked.</summary>
    public override string ToString() => $"HanaDataSource({_builder})";
}
#endif
