#if NET7_0_OR_GREATER
using System.Data.Common;
#endif
using Driver.Core.Api;
using Driver.Core.Session;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// A factory of connections for one connection string: hand it to code that needs connections instead of the
/// connection string itself (and register it with <c>services.AddHanaDataSource(...)</c> in ASP.NET). Connections
/// come from the pool of that connection string as with <see cref="HanaConnection"/>, and carry the data source's
/// logger factory and trace settings (see <see cref="HanaDataSourceBuilder"/>).
/// <para>
/// On .NET 7 and later it is a <c>System.Data.Common.DbDataSource</c>; its commands (<c>CreateCommand</c>) open a
/// connection for each execution and close it afterwards. On netstandard2.0 (.NET Framework), where the BCL has no
/// DbDataSource, it is a plain class with the same connection members (<see cref="CreateConnection"/>,
/// <c>OpenConnection</c> / <c>OpenConnectionAsync</c>, <see cref="ConnectionString"/>) and no CreateCommand.
/// </para>
/// <para>
/// Driver.Sync: <c>OpenConnection</c> blocks; the inherited <c>OpenConnectionAsync</c> (.NET 7+) runs
/// synchronously. Driver.Async: <c>OpenConnection</c> throws <see cref="NotSupportedException"/>; await
/// <c>OpenConnectionAsync</c> instead.
/// </para>
/// <para>
/// Disposing a data source (docs/scale-out.md, "Disposing a data source") cancels the statements running on the
/// connections it opened (as <see cref="HanaCommand.Cancel"/> does: those calls fail with a
/// <see cref="HanaException"/> of code 139, promptly), disposes the pools of its own (those of a data source with a
/// host-selection or retry policy, a credential provider or a certificate of the builder: idle sessions are closed
/// now, sessions in use are closed when given back) and stops a periodic credential provider's refresh. Pools keyed by
/// the connection string alone are shared with every connection and data source that uses it and are left alone
/// (<see cref="HanaConnection.ClearPool"/> empties one). Connections already open stay open and usable until closed,
/// as with Npgsql's NpgsqlDataSource; <see cref="CreateConnection"/>, <c>OpenConnection</c>,
/// <c>OpenConnectionAsync</c> and the Open of a connection it created throw <see cref="ObjectDisposedException"/>.
/// Disposing twice does nothing more.
/// </para>
/// </summary>
public sealed class HanaDataSource
#if NET7_0_OR_GREATER
    : DbDataSource
#elif ASYNC
    : IDisposable, IAsyncDisposable
#else
    : IDisposable
#endif
{
    private readonly string _connectionString;
    private readonly string _maskedConnectionString;

    /// <summary>Creates a data source for <paramref name="connectionString"/> (validated now).</summary>
    public HanaDataSource(string connectionString)
        // settings of its own, not the shared default: its Topology is this data source's
        : this(connectionString, new DataSourceSettings(null, includeStatementText: false))
    {
    }

    internal HanaDataSource(string connectionString, DataSourceSettings settings)
    {
        var builder = new HanaConnectionStringBuilder(connectionString);
        _connectionString = connectionString;
        _maskedConnectionString = builder.ToString();
        Settings = settings;
        builder.Remove(HanaConnectionStringKeys.Password);
        builder.Remove(HanaConnectionStringKeys.Token);
        builder.Remove(HanaConnectionStringKeys.Assertion);
        builder.Remove(HanaConnectionStringKeys.SslClientCertificatePassword);
        builder.Remove(HanaConnectionStringKeys.AuthenticationX509);
        builder.Remove(HanaConnectionStringKeys.AuthenticationX509Password);
        ConnectionString = builder.ConnectionString;
    }

    /// <summary>A builder for a data source with a logger factory or trace settings.</summary>
    public static HanaDataSourceBuilder CreateBuilder(string? connectionString = null) => new(connectionString);

    /// <summary>What every connection of this data source gets besides the connection string.</summary>
    internal DataSourceSettings Settings { get; }

    /// <summary>
    /// The nodes of the HANA system as this data source's connections last learned them: an immutable snapshot,
    /// replaced whole when a reply lists the nodes (TOPOLOGYINFORMATION), a node fails to connect or a session to it
    /// dies (docs/scale-out.md). <see cref="HanaTopology.Empty"/> until a connection opened.
    /// </summary>
    public HanaTopology Topology => Settings.Topology.Current;

    /// <summary>The connection string without the password.</summary>
#if NET7_0_OR_GREATER
    public override string ConnectionString { get; }
#else
    public string ConnectionString { get; }
#endif

    /// <summary>A closed connection for this data source's connection string; ObjectDisposedException once the data source was disposed.</summary>
#if NET7_0_OR_GREATER
    public new HanaConnection CreateConnection()
    {
        Settings.ThrowIfDisposed();
        return new(_connectionString, Settings);
    }

    /// <inheritdoc />
    protected override DbConnection CreateDbConnection() => CreateConnection();
#else
    public HanaConnection CreateConnection()
    {
        Settings.ThrowIfDisposed();
        return new(_connectionString, Settings);
    }
#endif

    /// <summary>
    /// An open connection (rented from the pool when Pooling is on). Driver.Async throws
    /// <see cref="NotSupportedException"/>: await OpenConnectionAsync.
    /// </summary>
#if NET7_0_OR_GREATER
    public new HanaConnection OpenConnection()
#else
    public HanaConnection OpenConnection()
#endif
    {
        AsyncOnly.Refuse();
        var connection = CreateConnection();
        ConnectionCore.RunAcrossSessions(connection.BeginOpening(disposeOnFailure: true));
        return connection;
    }

#if NET7_0_OR_GREATER
    /// <inheritdoc />
    protected override DbConnection OpenDbConnection() => OpenConnection();
#endif

#if ASYNC
    /// <summary>An open connection (rented from the pool when Pooling is on).</summary>
#if NET7_0_OR_GREATER
    public new async ValueTask<HanaConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
#else
    public async ValueTask<HanaConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
#endif
    {
        var connection = CreateConnection();
        await ConnectionCore.RunAcrossSessionsAsync(connection.BeginOpening(disposeOnFailure: true), cancellationToken).ConfigureAwait(false);
        return connection;
    }

#if NET7_0_OR_GREATER
    /// <inheritdoc />
    protected override async ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default) =>
        await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
#endif
#endif

#if NET7_0_OR_GREATER
    /// <summary>
    /// Cancels the statements running on this data source's connections, disposes its own pools and stops a periodic
    /// credential provider's refresh; shared pools are left alone (see the class remarks). Driver.Sync waits for each
    /// cancel's side connection (at most Cancel Grace Period each); Driver.Async sends them in the background.
    /// </summary>
    protected override void Dispose(bool disposing)
    {
        Settings.Dispose();
        base.Dispose(disposing);
    }
#else
    /// <summary>
    /// Cancels the statements running on this data source's connections, disposes its own pools and stops a periodic
    /// credential provider's refresh; shared pools are left alone (see the class remarks).
    /// </summary>
    public void Dispose() => Settings.Dispose();

#if ASYNC
    /// <summary>As <see cref="Dispose"/>: the cancels go out in the background, nothing is awaited.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }
#endif
#endif

    /// <summary>The connection string with the password masked.</summary>
    public override string ToString() => $"HanaDataSource({_maskedConnectionString})";
}
