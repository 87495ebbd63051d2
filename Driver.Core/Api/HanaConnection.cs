using System.Data;
using System.Data.Common;
using System.Security.Cryptography.X509Certificates;
using Driver.Core.Protocol;
using Driver.Core.Session;
using Driver.Pooling;
using Driver.Core.Api;
using Driver.Core.Telemetry;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// A connection to a HANA server: one physical session, opened from a connection string
/// (see <see cref="HanaConnectionStringBuilder"/>); the Server endpoints are tried in order (failover).
/// <para>
/// Driver.Sync: every I/O member blocks the calling thread and no Task is involved; the <c>…Async</c> members
/// inherited from <see cref="DbConnection"/> run synchronously, as ADO.NET defines them.
/// Driver.Async: every I/O member is asynchronous and takes a <see cref="CancellationToken"/>; the synchronous
/// I/O members (<see cref="Open"/>, ...) throw <see cref="NotSupportedException"/>. <see cref="Close"/> and
/// <c>Dispose</c> never block (see <see cref="Close"/>; <c>CloseAsync</c> / <c>DisposeAsync</c> await the work).
/// </para>
/// <para>
/// Pooling (Pooling=true, the default): Open rents a physical session from the pool of its connection string
/// (Min Pool Size, Max Pool Size, Connect Timeout to wait for one, Connection Lifetime, Connection Idle Timeout),
/// and Close gives it back after a reset: an open transaction is rolled back, the releases of disposed statements
/// and cursors go out, and the schema is set back if a DDL statement (SET SCHEMA ...) ran. A broken session, one
/// whose reset fails, and one that still has undisposed commands with prepared statements or open readers is
/// closed instead of reused. When Max Pool Size sessions are in use, Open waits up to Connect Timeout and then
/// throws <see cref="PoolExhaustedException"/>. Pooling=false: every Open is a new physical session, every Close
/// ends it.
/// </para>
/// </summary>
public sealed partial class HanaConnection : DbConnection
#if ASYNC && !NET
    , IAsyncDisposable
#endif
{
    private string _connectionString = string.Empty;
    // parsed once per distinct connection string and shared (ParsedConnectionString); _builder is its Builder
    private ParsedConnectionString _parsed = ParsedConnectionString.Empty;
    private HanaConnectionStringBuilder _builder = ParsedConnectionString.Empty.Builder;
    private ConnectionCore? _core;
    private bool _wasOpened;
    private string? _poolKey;
    // the rented session when pooled; default when not pooled or closed
    private SessionLease<PooledSession> _lease;
    // counters as plain values: an open and a close allocate no statistics object (GetStatistics builds one)
    private StatisticsSnapshot _statisticsBaseline;
    private StatisticsSnapshot _finalStatistics;

    /// <summary>Creates a closed connection without a connection string.</summary>
    public HanaConnection()
    {
    }

    /// <summary>Creates a closed connection for <paramref name="connectionString"/> (validated now).</summary>
    public HanaConnection(string connectionString)
    {
        ConnectionString = connectionString;
    }

    /// <summary>A connection of a data source: its logger factory and trace settings come along.</summary>
    internal HanaConnection(string connectionString, DataSourceSettings settings)
    {
        ConnectionString = connectionString;
        Settings = settings;
    }

    /// <summary>Logging and trace settings: the data source's, or the defaults for a connection made with new.</summary>
    internal DataSourceSettings Settings { get; } = DataSourceSettings.Default;

    /// <summary>This connection's entry in its data source's set of open connections (held weakly there).</summary>
    internal WeakReference<HanaConnection>? DataSourceEntry { get; set; }

    /// <inheritdoc />
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string ConnectionString
    {
        get => _connectionString;
        set
        {
            if (_core is not null)
            {
                throw new InvalidOperationException("The connection string cannot change while the connection is open.");
            }
            _parsed = ParsedConnectionString.Get(value);
            _builder = _parsed.Builder;
            _connectionString = value ?? string.Empty;
            _poolKey = null;
        }
    }

    /// <summary>The current schema asked for in the connection string, or empty.</summary>
    public override string Database => _builder.CurrentSchema ?? string.Empty;

    /// <summary>The Server value of the connection string, or the endpoint actually connected to once open.</summary>
    public override string DataSource => _core?.Endpoint ?? _builder.Server;

    /// <summary>The server's version string (connect option 44 FullVersionString, §8.6), once open.</summary>
    public override string ServerVersion => Core.ServerOptions.GetString((int)ConnectOptionId.FullVersionString) ?? string.Empty;

    /// <summary>Seconds a command may run, from the connection string (0 = no limit).</summary>
    public override int ConnectionTimeout => _builder.ConnectTimeout;

    /// <summary>The server's connection id of this session (as in SYS.M_CONNECTIONS), or 0 when closed.</summary>
    public int ConnectionId => _core?.ConnectionId ?? 0;

    /// <summary>LZ4 compression was negotiated for this session (§11).</summary>
    public bool IsCompressed => _core?.CompressionEnabled ?? false;

    /// <summary>
    /// Open, Closed, or Broken: a connection whose socket failed is Broken and every operation on it throws
    /// <see cref="HanaConnectionException"/>; it is never used again. Close it and open a new one.
    /// </summary>
    public override ConnectionState State =>
        _core is null ? ConnectionState.Closed
        : _core.IsBroken ? ConnectionState.Broken
        : _core.IsOpen ? ConnectionState.Open
        : ConnectionState.Closed;

    /// <summary>The transaction begun with BeginTransaction and not yet committed or rolled back.</summary>
    internal HanaTransaction? Transaction { get; set; }

    /// <summary>Statements commit by themselves unless a transaction is running, local or ambient (§9.4: the commit flag).</summary>
    internal bool AutoCommit => Transaction is null && _enlistment is null;

    internal int FetchSize => _builder.FetchSize;

    internal int DefaultCommandTimeout => _builder.CommandTimeout;

    /// <summary>The open session; throws when closed or broken.</summary>
    internal ConnectionCore Core
    {
        get
        {
            var core = _core ?? throw new InvalidOperationException("The connection is not open.");
            if (core.IsBroken)
            {
                throw new HanaConnectionException($"The connection to {core.Endpoint} is broken and cannot be used; close it and open a new one.");
            }
            return core;
        }
    }

    /// <summary>The connection string with the password masked.</summary>
    public override string ToString() => $"HanaConnection({_builder}) {State}";

    /// <inheritdoc />
    public override void ChangeDatabase(string databaseName) =>
        throw new NotSupportedException("HANA has one database per connection; set CurrentSchema in the connection string instead.");

    /// <inheritdoc />
    protected override DbCommand CreateDbCommand() => CreateCommand();

    /// <summary>Creates a command on this connection.</summary>
    public new HanaCommand CreateCommand() => new() { Connection = this };

#if NET6_0_OR_GREATER
    /// <summary>True: see <see cref="HanaBatch"/>.</summary>
    public override bool CanCreateBatch => true;

    /// <summary>Creates a batch on this connection.</summary>
    public new HanaBatch CreateBatch() => new(this);

    /// <inheritdoc />
    protected override DbBatch CreateDbBatch() => CreateBatch();
#endif

    private ConnectionSettings BuildSettings()
    {
        var builder = _builder;
        if (string.IsNullOrWhiteSpace(builder.Server))
        {
            throw new InvalidOperationException("The connection string names no Server.");
        }
        var settings = new ConnectionSettings
        {
            UserName = builder.UserName,
            Password = builder.Password,
            Token = builder.Token,
            Assertion = builder.Assertion,
            SignInMethods = builder.SignInMethods,
            X509 = Settings.X509 ?? builder.LoadX509Credential(),
            ClientCertificate = builder.LoadClientCertificate(),
            Credentials = Settings.Credentials,
            CurrentSchema = builder.CurrentSchema,
            DatabaseName = builder.DatabaseName is { Length: > 0 } database ? database : null,
            Topology = ReferenceEquals(Settings, DataSourceSettings.Default) ? null : Settings.Topology,
            Distribution = builder.Distribution,
            // pooled too: the pool of a data source with policies is its own (PoolKey), so its policies apply
            HostSelection = Settings.HostSelection,
            RetryPolicy = Settings.RetryPolicy,
            KeepAlive = builder.TcpKeepAlive ? new Driver.Core.Net.KeepAlive(builder.TcpKeepAliveIdle, builder.TcpKeepAliveInterval, builder.TcpKeepAliveCount) : null,
            Encrypt = builder.Encrypt,
            ValidateCertificate = builder.SslValidateCertificate,
            HostNameInCertificate = builder.SslHostNameInCertificate,
            TrustedRoots = LoadTrustedRoots(builder.SslTrustedRootCertificate),
            // Compress=true asks for LZ4; no Compress key offers it (the server decides); Compress=false never (§11.1)
            Compress = builder.ContainsKey(HanaConnectionStringKeys.Compress) && builder.Compress,
            OfferCompression = builder.Compress,
            FetchSize = builder.FetchSize,
            StatementCacheSize = builder.StatementCacheSize,
            ConnectTimeout = TimeSpan.FromSeconds(builder.ConnectTimeout),
            CommandTimeout = TimeSpan.FromSeconds(builder.CommandTimeout),
            CancelGracePeriod = TimeSpan.FromSeconds(builder.CancelGracePeriod),
            DataFormatVersion = builder.DataFormatVersion,
        };
        if (builder.ApplicationName is { Length: > 0 } application)
        {
            settings.ApplicationName = application;
            settings.ClientInfo[ClientInfoApplication] = application;
        }
        AddSessionVariables(builder, settings.ClientInfo);
        foreach (var endpoint in builder.Server.Split(','))
        {
            settings.Endpoints.Add(HanaConnectionStringBuilder.ParseEndpoint(endpoint));
        }
        return settings;
    }

    private static X509Certificate2Collection? LoadTrustedRoots(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }
        // SAP's sslTrustStore may carry the PEM text itself rather than a file name
        if (PemCertificates.IsPemText(path!))
        {
            return PemCertificates.Read(path!);
        }
        var roots = new X509Certificate2Collection();
#if NET5_0_OR_GREATER
        if (File.ReadAllText(path!).Contains("-----BEGIN", StringComparison.Ordinal))
        {
            roots.ImportFromPemFile(path!);
            return roots;
        }
#endif
#if NET9_0_OR_GREATER
        roots.Add(X509CertificateLoader.LoadCertificateFromFile(path!));
#else
        roots.Import(path!);
#endif
        return roots;
    }

    private void BeginOpen()
    {
        if (_core is not null)
        {
            throw new InvalidOperationException(State == ConnectionState.Broken
                ? "The connection is broken; close it before opening it again."
                : "The connection is already open.");
        }
        // a connection of a disposed data source opens no more (docs/scale-out.md, "Disposing a data source")
        Settings.ThrowIfDisposed();
        Settings.WarnIgnoredKeys(_parsed.IgnoredKeys);
    }

    /// <summary>I/O failures move on to the next endpoint; anything the server said (wrong password ...) does not.</summary>
    private static bool TriesNextEndpoint(Exception exception, int index, int count) =>
        exception is HanaConnectionException && index + 1 < count;

    private void Opened(ConnectionCore core)
    {
        _core = core;
        _wasOpened = true;
        Settings.Opened(this);
        _finalStatistics = default;
        _statisticsBaseline = StatisticsSnapshot.Take(core.Statistics);
        OnStateChange(s_opened);
    }


    // ---------------------------------------------------------------- pooling

    // a data source's credential provider gets pools of its own: its sessions signed in with its secrets
    private string PoolKey => _poolKey ??= Settings.Credentials is null && Settings.X509 is null && Settings.PolicyId == 0
        ? _parsed.PoolKey
        : _parsed.PoolKey + (Settings.Credentials is { } credentials ? "\u0001credentials=" + credentials.Id : "") + (Settings.X509 is { } x509 ? "\u0001x509=" + x509.Id : "")
            + (Settings.PolicyId != 0 ? "\u0001policies=" + Settings.PolicyId : "");

    // the state changes carry nothing but the two states: one instance each, not one per open and close
    private static readonly StateChangeEventArgs s_opened = new(ConnectionState.Closed, ConnectionState.Open);
    private static readonly StateChangeEventArgs s_closed = new(ConnectionState.Open, ConnectionState.Closed);

    private SessionPool<PooledSession> Pool
    {
        get
        {
            // found first: the method group below is a delegate allocated per call
            var pool = ConnectionPoolRegistry.Find(PoolKey) ?? ConnectionPoolRegistry.GetOrCreate(PoolKey, _builder, BuildSettings);
            // a pool keyed by the data source's identity is the data source's: disposed with it
            if (Settings.Credentials is not null || Settings.X509 is not null || Settings.PolicyId != 0)
            {
                Settings.OwnPool(PoolKey);
            }
            return pool;
        }
    }

    private void OpenedFromPool(SessionLease<PooledSession> lease)
    {
        _lease = lease;
        Opened(lease.Session.Core);
    }

    /// <summary>Takes the lease back from this connection, telling the pool's reset whether a transaction was left running.</summary>
    private SessionLease<PooledSession> DetachLease()
    {
        var lease = _lease;
        _lease = default;
        if (!lease.IsEmpty)
        {
            lease.Session.NeedsRollback = Transaction is not null;
        }
        return lease;
    }

    /// <summary>
    /// Closes the idle pooled sessions of this connection's connection string; sessions in use are closed when they
    /// are returned instead of being pooled again.
    /// </summary>
    public static void ClearPool(HanaConnection connection)
    {
        if (connection is null)
        {
            throw new ArgumentNullException(nameof(connection));
        }
        ConnectionPoolRegistry.Find(connection.PoolKey)?.Clear();
    }

    /// <summary>
    /// Closes the idle sessions of every pool of this driver (Driver.Sync and Driver.Async keep separate pools);
    /// sessions in use are closed when they are returned.
    /// </summary>
    public static void ClearAllPools() => ConnectionPoolRegistry.ClearAll();

    /// <summary>The pool's counters for this connection's connection string, or null before it was first opened pooled.</summary>
    public PoolStatistics? GetPoolStatistics() => ConnectionPoolRegistry.Find(PoolKey)?.GetStatistics();

    // ---------------------------------------------------------------- statistics

    /// <summary>
    /// Round trips and bytes (before and after compression) of this connection since it was opened or since
    /// <see cref="ResetStatistics"/>; after Close, the figures at the moment it closed.
    /// </summary>
    public HanaConnectionStatistics GetStatistics()
    {
        return HanaConnectionStatistics.From(_core is { } core ? StatisticsSnapshot.Take(core.Statistics).Since(_statisticsBaseline) : _finalStatistics);
    }

    /// <summary>Starts the counts of <see cref="GetStatistics"/> again from zero.</summary>
    public void ResetStatistics()
    {
        if (_core is { } core)
        {
            _statisticsBaseline = StatisticsSnapshot.Take(core.Statistics);
        }
        else
        {
            _finalStatistics = default;
        }
    }

    private ConnectionCore? DetachCore()
    {
        var core = _core;
        if (core is not null)
        {
            _finalStatistics = StatisticsSnapshot.Take(core.Statistics).Since(_statisticsBaseline);
        }
        _core = null;
        Settings.Closed(this);
        Transaction = null;
        CloseRoutedSessions();
        if (core is not null && _wasOpened)
        {
            _wasOpened = false;
            ConnectionTelemetry.Closed(this, core, _builder.Pooling);
            OnStateChange(s_closed);
        }
        return core;
    }

    /// <summary>
    /// The checks before a transaction begins, and the SET TRANSACTION ISOLATION LEVEL it needs first, if any: HANA knows
    /// READ COMMITTED (its default), REPEATABLE READ and SERIALIZABLE; a weaker level asked for gets the next stricter
    /// one, as ADO.NET allows. The level holds for the session, so it is set only on change (and set back by the
    /// pool's reset).
    /// </summary>
    private DirectExecution? IsolationChange(IsolationLevel isolationLevel)
    {
        var core = Core;
        if (Transaction is not null)
        {
            throw new InvalidOperationException("A transaction is already running on this connection; HANA has no nested transactions.");
        }
        if (_enlistment is not null)
        {
            throw new InvalidOperationException("This connection takes part in a System.Transactions transaction (TransactionScope); it commits or rolls back with it.");
        }
        var level = isolationLevel switch
        {
            IsolationLevel.Unspecified or IsolationLevel.ReadCommitted or IsolationLevel.ReadUncommitted => "READ COMMITTED",
            IsolationLevel.RepeatableRead or IsolationLevel.Snapshot => "REPEATABLE READ",
            IsolationLevel.Serializable => "SERIALIZABLE",
            _ => throw new NotSupportedException($"HANA has no isolation level matching IsolationLevel.{isolationLevel}."),
        };
        if (level == core.IsolationLevel)
        {
            return null;
        }
        core.IsolationLevel = level;
        return new DirectExecution($"SET TRANSACTION ISOLATION LEVEL {level}", autoCommit: false, FetchSize, TimeSpan.FromSeconds(DefaultCommandTimeout));
    }

    private HanaTransaction TransactionBegun(IsolationLevel isolationLevel, ExecuteResult? isolationChanged)
    {
        isolationChanged?.ResultSet?.Dispose();
        return Transaction = new HanaTransaction(this, isolationLevel);
    }

    /// <summary>Called by the transaction once it committed or rolled back.</summary>
    internal void TransactionEnded(HanaTransaction transaction)
    {
        if (ReferenceEquals(Transaction, transaction))
        {
            Transaction = null;
        }
    }
}
