using System.Data;
using System.Data.Common;
using Driver.Core.Protocol;
using Driver.Core.Session;
using Driver.Core.Telemetry;
using Driver.Core.Api;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// A SQL statement with positional <c>?</c> parameters, or named <c>:name</c> / <c>@name</c> ones (rewritten to
/// <c>?</c> before PREPARE and bound by <see cref="DbParameter.ParameterName"/>, with or without the prefix, in
/// order of appearance; see <see cref="Driver.Core.Session.ParameterMarkerScanner"/>). A command without
/// parameters sends its text unchanged (SQLScript's own <c>:variable</c> references stay intact). Without parameters it runs with EXECUTEDIRECT; with
/// parameters (or after Prepare) it is prepared once (§9.1) and the prepared statement is reused with new values
/// until the text or connection changes or the command is disposed (DROPSTATEMENTID then goes out with the next
/// request). <c>ExecuteBatch</c> sends many parameter rows in one EXECUTE (§6.24).
/// <para>
/// Driver.Sync: the members block; the inherited <c>…Async</c> members run synchronously, as ADO.NET defines them.
/// Driver.Async: the synchronous Execute… / Prepare members throw <see cref="NotSupportedException"/>; await the
/// <c>…Async</c> members instead.
/// </para>
/// </summary>
public sealed partial class HanaCommand : DbCommand
{
    private HanaConnection? _connection;
    private string _commandText = string.Empty;
    private int? _commandTimeout;
    private PreparedStatementCore? _prepared;
    private ParameterMarkers? _markers;

    /// <summary>Creates a command without text or connection.</summary>
    public HanaCommand()
    {
    }

    /// <summary>Creates a command with text and, optionally, a connection.</summary>
    public HanaCommand(string commandText, HanaConnection? connection = null)
    {
        _commandText = commandText;
        _connection = connection;
    }

    /// <summary>The SQL text; changing it forgets the prepared statement.</summary>
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string CommandText
    {
        get => _commandText;
        set
        {
            if (!string.Equals(_commandText, value, StringComparison.Ordinal))
            {
                ReleasePrepared();
                _markers = null;
            }
            _commandText = value ?? string.Empty;
        }
    }

    /// <summary>Seconds a request may take before the connection is given up (0 = no limit); defaults to the connection string's Command Timeout.</summary>
    public override int CommandTimeout
    {
        get => _commandTimeout ?? _connection?.DefaultCommandTimeout ?? 30;
        set => _commandTimeout = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "The command timeout cannot be negative.");
    }

    /// <summary>
    /// <see cref="CommandType.Text"/> (the default) or <see cref="CommandType.StoredProcedure"/>: then
    /// <see cref="CommandText"/> is a procedure's name (<c>SCHEMA.PROC</c>, quoted parts allowed) and the command runs
    /// <c>CALL name(?, ...)</c> with one marker per parameter, <c>CALL name(P1 =&gt; ?, ...)</c> when every
    /// parameter has a name (docs/procedures.md). TableDirect is not supported.
    /// </summary>
    public override CommandType CommandType
    {
        get => _commandType;
        set
        {
            if (value is not (CommandType.Text or CommandType.StoredProcedure))
            {
                throw new NotSupportedException($"CommandType {value} is not supported; use Text or StoredProcedure.");
            }
            if (value != _commandType)
            {
                ReleasePrepared();
                _markers = null;
            }
            _commandType = value;
        }
    }

    private CommandType _commandType = CommandType.Text;

    /// <inheritdoc />
    public override bool DesignTimeVisible { get; set; }

    /// <inheritdoc />
    public override UpdateRowSource UpdatedRowSource { get; set; }

    /// <summary>Rows fetched per round trip (§9.2); defaults to the connection string's FetchSize.</summary>
    public int FetchSize { get; set; }

    /// <summary>The connection; changing it forgets the prepared statement.</summary>
    public new HanaConnection? Connection
    {
        get => _connection;
        set
        {
            if (!ReferenceEquals(_connection, value))
            {
                ReleasePrepared();
            }
            _connection = value;
        }
    }

    /// <inheritdoc />
    protected override DbConnection? DbConnection
    {
        get => Connection;
        set => Connection = OwnTypes.Require<HanaConnection>(value, "HanaCommand");
    }

    /// <summary>The transaction; informational, since a connection runs at most one (its statements join it).</summary>
    public new HanaTransaction? Transaction { get; set; }

    /// <inheritdoc />
    protected override DbTransaction? DbTransaction
    {
        get => Transaction;
        set => Transaction = OwnTypes.Require<HanaTransaction>(value, "HanaCommand");
    }

    /// <summary>The positional parameters.</summary>
    public new HanaParameterCollection Parameters { get; } = new();

    /// <inheritdoc />
    protected override DbParameterCollection DbParameterCollection => Parameters;

    /// <summary>The statement was prepared on the server and is kept for reuse.</summary>
    public bool IsPrepared => _prepared is { IsReleased: false } prepared && _connection?.State == ConnectionState.Open
        && (ReferenceEquals(prepared.Connection, _connection.Core) || _connection.IsRoutedSession(prepared.Connection));

    /// <inheritdoc />
    public new HanaParameter CreateParameter() => new();

    /// <inheritdoc />
    protected override DbParameter CreateDbParameter() => CreateParameter();

    /// <summary>
    /// Asks the server to cancel the statement this command is running, on the connection's session or on the session
    /// of another node it was routed to (docs/scale-out.md), over a side connection (ALTER SYSTEM CANCEL SESSION); the running call then fails with HANA's error 139 and the connection stays
    /// usable. Does nothing when no statement is running.
    /// </summary>
    /// <remarks>
    /// In Driver.Async this never blocks: the cancel request goes out in the background. Prefer cancelling the
    /// token passed to the async call. A reader's background prefetch of its next page is not cancelled.
    /// </remarks>
    public override void Cancel() => _connection?.CancelRunningStatement(this);

    /// <summary>Releases the prepared statement (DROPSTATEMENTID goes out with the connection's next request).</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ReleasePrepared();
        }
        base.Dispose(disposing);
    }

    private void ReleasePrepared()
    {
        var prepared = _prepared;
        _prepared = null;
        if (ReferenceEquals(_stayed, prepared))
        {
            // released, it may be parked in the session's statement cache and come back: then the router is asked again
            _stayed = null;
        }
        prepared?.Release();
    }

    /// <summary>Checks the command can run and applies its timeout to the session (one request at a time, §1.3).</summary>
    private ConnectionCore BeginExecute()
    {
        var connection = _connection ?? throw new InvalidOperationException("The command has no connection.");
        if (connection.State != ConnectionState.Open && connection.State != ConnectionState.Broken)
        {
            throw new InvalidOperationException("The connection is not open.");
        }
        if (string.IsNullOrWhiteSpace(_commandText))
        {
            throw new InvalidOperationException("The command has no text.");
        }
        if (_commandType == CommandType.StoredProcedure)
        {
            // the CALL follows the parameters (their count and names), which may change between executions
            RefreshCall();
        }
        // a statement routed before runs on its node's session again while no transaction runs (docs/scale-out.md)
        var core = connection.RoutedSession(_prepared) ?? connection.Core;
        // from now on the session's requests are this command's: Cancel of another command leaves them alone
        core.Owner = this;
        _cacheMissedOn = null;
        return core;
    }

    private int EffectiveFetchSize => FetchSize > 0 ? FetchSize : _connection?.FetchSize ?? 1000;

    private bool AutoCommit => _connection?.AutoCommit ?? true;

    /// <summary>The prepared statement still valid for this text and session (the command's own, or the session's cached one), or null.</summary>
    private PreparedStatementCore? ReusablePrepared(ConnectionCore core)
    {
        if (_prepared is { } prepared && (prepared.IsReleased || !ReferenceEquals(prepared.Connection, core)))
        {
            ReleasePrepared();
        }
        // a parameterized text this session prepared before runs without PREPARE (the session's StatementCache); asked
        // once per run and session (a run asks here several times before it prepares)
        if (_prepared is null && Parameters.Count > 0 && !ReferenceEquals(_cacheMissedOn, core))
        {
            _prepared = core.CachedStatement(ServerSql);
            _cacheMissedOn = _prepared is null ? core : null;
        }
        return _prepared;
    }

    // the session whose statement cache this run asked in vain (BeginExecute forgets it)
    private ConnectionCore? _cacheMissedOn;

    private bool UsesPreparedStatement(ConnectionCore core) => ReusablePrepared(core) is not null || Parameters.Count > 0;

    /// <summary>The markers of the text (scanned once per text).</summary>
    private ParameterMarkers Markers => _markers ??= _commandType == CommandType.StoredProcedure ? CallMarkers() : ParameterMarkerScanner.Scan(_commandText);

    /// <summary>
    /// The text as it goes to the server: named markers rewritten to '?'. Without parameters the text goes as it
    /// is: nothing could be bound to a marker, and SQLScript bodies (CREATE PROCEDURE ... :var ...) use the same
    /// colon syntax for their own variables.
    /// </summary>
    private string ServerSql => _commandType == CommandType.StoredProcedure ? Markers.Sql : Parameters.Count == 0 ? _commandText : Markers.Sql;

    /// <summary>The values to send for the markers: by name for named markers, else in order.</summary>
    internal object?[] BindRow(object?[]? reuse = null) => Markers.IsNamed ? NamedRow(Markers, reuse) : Parameters.ToRow(reuse);

    /// <summary>The prepared statement (prepare first) returns a result set: it cannot run as a batch EXECUTE.</summary>
    internal bool PreparedIsQuery => _prepared?.IsQuery ?? false;

    /// <summary>The values of one execution; into <paramref name="reuse"/> when it has the length (the workflow's row of its previous run).</summary>
    private object?[] ParameterRow(PreparedStatementCore statement, object?[]? reuse = null)
    {
        _callBinding = null;
        if (statement.HasOutputParameters || HasNonInputParameter())
        {
            return CallRow(statement);
        }
        var row = BindRow(reuse);
        if (row.Length != statement.InputParameterCount)
        {
            ThrowIfMetadataDisagreesWithText(statement);
            throw new ArgumentException($"The statement has {statement.InputParameterCount} parameter markers but {row.Length} parameters were given.");
        }
        return row;
    }

    /// <summary>
    /// Values and parameters disagree: the caller's mistake (an ArgumentException) unless the server's
    /// PARAMETERMETADATA does not even match the markers of the text it was prepared from, or gives a parameter a
    /// mode §6.22 does not define. Then the reply is wrong, not the caller: a HanaProtocolException, and the
    /// connection that read it is not trusted again.
    /// </summary>
    private void ThrowIfMetadataDisagreesWithText(PreparedStatementCore statement)
    {
        var markers = Markers.IsNamed ? Markers.Names.Count : Markers.PositionalCount;
        if (statement.Parameters.Length != markers)
        {
            throw statement.Connection.ProtocolFailure(new HanaProtocolException(
                $"The server describes {statement.Parameters.Length} parameters for a statement with {markers} parameter markers (PARAMETERMETADATA, §6.22)."));
        }
        foreach (var parameter in statement.Parameters)
        {
            if (parameter.Mode is not (ParameterMode.In or ParameterMode.InOut or ParameterMode.Out))
            {
                throw statement.Connection.ProtocolFailure(new HanaProtocolException(
                    $"The server describes a parameter with mode {(int)parameter.Mode}; 1 (in), 2 (in/out) and 4 (out) are defined (PARAMETERMETADATA, §6.22)."));
            }
        }
    }

    /// <summary>One value per named marker, in order of appearance (a name used twice binds twice).</summary>
    private object?[] NamedRow(ParameterMarkers markers, object?[]? reuse)
    {
        var row = reuse is not null && reuse.Length == markers.Names.Count ? reuse : new object?[markers.Names.Count];
        for (var i = 0; i < row.Length; i++)
        {
            var name = markers.Names[i];
            var parameter = FindNamed(name)
                ?? throw new ArgumentException($"The statement uses the parameter :{name} but no parameter named '{name}' (or ':{name}', '@{name}') was given.");
            row[i] = parameter.WireValue;
        }
        return row;
    }

    private HanaParameter? FindNamed(string name)
    {
        var parameters = Parameters;
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            if (string.Equals(ParameterMarkerScanner.BareName(parameter.ParameterName), name, StringComparison.OrdinalIgnoreCase))
            {
                return parameter;
            }
        }
        return null;
    }

    private static void CheckBatchable(PreparedStatementCore statement)
    {
        if (statement.IsQuery)
        {
            throw new InvalidOperationException("A query cannot run as a batch; run it once per parameter row.");
        }
    }

    private List<object?[]> MaterializeRows(PreparedStatementCore statement, IEnumerable<object?[]> rows)
    {
        var list = rows as List<object?[]> ?? rows.ToList();
        foreach (var row in list)
        {
            if (row is null || row.Length != statement.InputParameterCount)
            {
                ThrowIfMetadataDisagreesWithText(statement);
                throw new ArgumentException($"Every batch row needs {statement.InputParameterCount} values; one has {row?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}.", nameof(rows));
            }
        }
        return list;
    }

    private static int NonQueryCount(ExecuteResult result)
    {
        if (result.ResultSets.Count > 0)
        {
            // a procedure's OUT tables and dynamic result sets too: each cursor closed once, none left open
            result.DisposeResultSets();
            return -1;
        }
        return (int)Math.Min(int.MaxValue, result.TotalRowsAffected);
    }

    /// <summary>db.operation.batch.size when the rows are counted without enumerating them (0: unknown).</summary>
    private static int BatchRows(IEnumerable<object?[]>? rows) => rows is ICollection<object?[]> collection ? collection.Count : 0;

    /// <summary>
    /// The reader of an execution: the one this command returned last when the caller has closed it (as Npgsql reuses
    /// its reader), else a new one; docs/architecture.md, "Reader reuse".
    /// </summary>
    private HanaDataReader CreateReader(ExecuteResult result, CommandBehavior behavior)
    {
        var rows = (int)Math.Min(int.MaxValue, result.TotalRowsAffected);
        return _reader is { IsClosed: true } closed ? closed.Reopen(_connection!, result.ResultSets, rows, behavior) : _reader = new(_connection!, result.ResultSets, rows, behavior);
    }

    // the reader returned last; reused (with its cursor and page) once closed
    private HanaDataReader? _reader;

    /// <summary>The cursor of the closed reader returned last, which the next reply may reopen (or null).</summary>
    internal ResultSetCore? SpareResultSet => _reader?.SpareResultSet;

    /// <summary>The workflow of <paramref name="kind"/> for this command, on its session (checked, traced).</summary>
    internal CommandWorkflow Start(CommandKind kind, IEnumerable<object?[]>? rows = null) =>
        (_workflow ??= new CommandWorkflow(this)).Reset(BeginExecute(), kind, rows);

    private CommandWorkflow? _workflow;

    // statement routing (docs/scale-out.md): the workflow of the run on a secondary session, and the anchor-prepared
    // statement the router was asked about and kept on the anchor (asked once per prepared statement)
    private CommandWorkflow? _routedWorkflow;
    private PreparedStatementCore? _stayed;

    // The members below exist in both flavors and are written once: in Driver.Async each refuses before it touches
    // anything (AsyncOnly.Refuse, compiled only there); the awaitable twins follow under #if ASYNC.

    /// <summary>Prepares the statement on the server (PREPARE, §9.1) for reuse with new parameter values.</summary>
    public override void Prepare()
    {
        AsyncOnly.Refuse();
        Start(CommandKind.Prepare).Run();
    }

    /// <summary>Runs the statement; returns the rows affected, or -1 for a query.</summary>
    public override int ExecuteNonQuery()
    {
        AsyncOnly.Refuse();
        return NonQueryCount(Start(CommandKind.Execute).Run());
    }

    /// <summary>Runs the statement; returns the first column of the first row, or null.</summary>
    public override object? ExecuteScalar()
    {
        AsyncOnly.Refuse();
        using var reader = ExecuteDbDataReader(CommandBehavior.SingleRow);
        return reader.Read() ? reader.GetValue(0) : null;
    }

    /// <inheritdoc />
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
    {
        AsyncOnly.Refuse("ExecuteReader");
        return CreateReader(Start(CommandKind.Execute).Run(), behavior).WithKeyInfo();
    }

#if SYNC
    /// <summary>Runs the statement and returns a reader over its rows (fetched lazily, FetchSize at a time).</summary>
    public new HanaDataReader ExecuteReader() => ExecuteReader(CommandBehavior.Default);

    /// <summary>Runs the statement and returns a reader over its rows (fetched lazily, FetchSize at a time).</summary>
    public new HanaDataReader ExecuteReader(CommandBehavior behavior) => CreateReader(Start(CommandKind.Execute).Run(), behavior).WithKeyInfo();

    /// <summary>
    /// Runs the statement once per row of <paramref name="rows"/> in ONE request (a batch EXECUTE, §6.24);
    /// returns the total rows affected. The statement is prepared first when it was not. When some of two or more
    /// rows fail, the server still runs the others and <see cref="HanaBatchException"/> reports every failed row.
    /// </summary>
    public long ExecuteBatch(IEnumerable<object?[]> rows) => Start(CommandKind.Batch, rows).Run().TotalRowsAffected;
#endif

#if ASYNC
    /// <summary>Prepares the statement on the server (PREPARE, §9.1) for reuse with new parameter values.</summary>
#if NET
    public override async Task PrepareAsync(CancellationToken cancellationToken = default) =>
#else
    public async Task PrepareAsync(CancellationToken cancellationToken = default) =>
#endif
        await Start(CommandKind.Prepare).RunAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Runs the statement; returns the rows affected, or -1 for a query.</summary>
    public override async Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) =>
        NonQueryCount(await Start(CommandKind.Execute).RunAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>Runs the statement; returns the first column of the first row, or null.</summary>
    public override async Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken)
    {
        using var reader = await ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.GetValue(0) : null;
    }

    /// <summary>Runs the statement and returns a reader over its rows (fetched lazily, FetchSize at a time).</summary>
    public new Task<HanaDataReader> ExecuteReaderAsync(CancellationToken cancellationToken = default) => ExecuteReaderAsync(CommandBehavior.Default, cancellationToken);

    /// <summary>Runs the statement and returns a reader over its rows (fetched lazily, FetchSize at a time).</summary>
    public new Task<HanaDataReader> ExecuteReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken = default) =>
        ReaderAsync(behavior, cancellationToken).AsTask();

    // the state machine comes from the runtime's pool (NET): the Task the caller awaits is the only allocation left
#if NET
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
#endif
    private async ValueTask<HanaDataReader> ReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        await CreateReader(await Start(CommandKind.Execute).RunAsync(cancellationToken).ConfigureAwait(false), behavior).WithKeyInfoAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        await ExecuteReaderAsync(behavior, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Runs the statement once per row of <paramref name="rows"/> in ONE request (a batch EXECUTE, §6.24);
    /// returns the total rows affected. The statement is prepared first when it was not. When some of two or more
    /// rows fail, the server still runs the others and <see cref="HanaBatchException"/> reports every failed row.
    /// </summary>
    public async Task<long> ExecuteBatchAsync(IEnumerable<object?[]> rows, CancellationToken cancellationToken = default) =>
        (await Start(CommandKind.Batch, rows).RunAsync(cancellationToken).ConfigureAwait(false)).TotalRowsAffected;
#endif
}
