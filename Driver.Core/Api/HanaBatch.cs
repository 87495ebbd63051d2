#if NET6_0_OR_GREATER
using System.Data;
using System.Data.Common;
using Driver.Core.Session;
using Driver.Core.Telemetry;
using Driver.Core.Api;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// Several statements run as one unit of work (the .NET 6 <see cref="DbBatch"/>; not in the netstandard2.0 build).
/// <para>
/// One statement, many rows: when every command has the same <see cref="HanaBatchCommand.CommandText"/> and the
/// same number of parameters (at least one), and the statement is not a query, the batch goes to the server as ONE
/// batch execution: prepared once, then one EXECUTE whose PARAMETERS part holds every command's row (§6.24), as
/// <see cref="HanaCommand"/>'s <c>ExecuteBatch</c> does. Each command's <see cref="HanaBatchCommand.RecordsAffected"/>
/// is its row's entry of the server's ROWSAFFECTED part (§6.4: -2, "success, count unknown", counts as 1, as for a
/// single statement); if the server reports a different number of entries than rows, every command gets -1
/// (unknown) and <see cref="ExecuteNonQuery"/> still returns the total. Outside a transaction the batch execution
/// commits as the one request it is.
/// </para>
/// <para>
/// Otherwise the commands run one after another on the connection, in order (each outside a transaction commits
/// by itself: begin a transaction for all or nothing). A command with parameters is prepared once and kept for
/// the next run of the batch; disposing the batch releases the prepared statements.
/// </para>
/// <para>
/// Results: ExecuteNonQuery returns the sum of the commands' counts (-1 when every command was a query).
/// ExecuteScalar returns the first column of the first row of the first command that returned rows (null when
/// none did). ExecuteReader returns a <see cref="HanaDataReader"/> over the rows of the one command that returns
/// rows (a HANA cursor is one result set, so <c>NextResult</c> is false); the commands after it run before the
/// reader is returned, its later pages are fetched while reading. A batch with two or more queries throws
/// <see cref="NotSupportedException"/> from ExecuteReader: for a repeated query this is known after PREPARE and
/// nothing runs; otherwise the batch stops at the second query and the commands before it have run (and, outside
/// a transaction, committed). Without a query the reader has no rows and its RecordsAffected is the total.
/// </para>
/// <para>
/// Errors: a failing statement throws <see cref="HanaException"/> with the server's code and SQL state; the
/// commands after it do not run, and RecordsAffected stays 0 for every command not completed. A batch execution
/// whose rows partly failed throws <see cref="HanaBatchException"/> (the first failed row's code, SQL state and
/// message, plus every failed row's error and the per-row counts): HANA ran every row, so each command that succeeded
/// gets its count in RecordsAffected and each failed one 0. A batch without commands, without a connection, on a closed (or disposed) connection,
/// or with a command without text throws <see cref="InvalidOperationException"/> before anything is sent; a
/// disposed batch throws <see cref="ObjectDisposedException"/>; a broken connection throws
/// <see cref="HanaConnectionException"/>.
/// </para>
/// <para>
/// Driver.Sync: the members block; the <c>…Async</c> members run synchronously, as ADO.NET's base classes define
/// them for DbCommand (a cancellable token cancels the running statement on the server). Driver.Async: the
/// synchronous Execute… / Prepare members throw <see cref="NotSupportedException"/>; the <c>…Async</c> members do
/// no blocking I/O and honor their <see cref="CancellationToken"/>.
/// </para>
/// </summary>
public sealed class HanaBatch : DbBatch
{
    private HanaConnection? _connection;
    private int? _timeout;
    private bool _disposed;

    /// <summary>Creates a batch without commands or connection.</summary>
    public HanaBatch()
    {
    }

    /// <summary>Creates a batch on <paramref name="connection"/>.</summary>
    public HanaBatch(HanaConnection? connection)
    {
        _connection = connection;
    }

    /// <summary>The statements, run in order.</summary>
    public new HanaBatchCommandCollection BatchCommands { get; } = new();

    /// <inheritdoc />
    protected override DbBatchCommandCollection DbBatchCommands => BatchCommands;

    /// <summary>Seconds each request of the batch may take (0 = no limit); defaults to the connection string's Command Timeout.</summary>
    public override int Timeout
    {
        get => _timeout ?? _connection?.DefaultCommandTimeout ?? 30;
        set => _timeout = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "The batch timeout cannot be negative.");
    }

    /// <summary>The connection the batch runs on.</summary>
    public new HanaConnection? Connection
    {
        get => _connection;
        set => _connection = value;
    }

    /// <inheritdoc />
    protected override DbConnection? DbConnection
    {
        get => Connection;
        set => Connection = OwnTypes.Require<HanaConnection>(value, "HanaBatch");
    }

    /// <summary>The transaction; informational, since a connection runs at most one (its statements join it).</summary>
    public new HanaTransaction? Transaction { get; set; }

    /// <inheritdoc />
    protected override DbTransaction? DbTransaction
    {
        get => Transaction;
        set => Transaction = OwnTypes.Require<HanaTransaction>(value, "HanaBatch");
    }

    /// <summary>A new batch command (add it to <see cref="BatchCommands"/>).</summary>
    public new HanaBatchCommand CreateBatchCommand() => new();

    /// <inheritdoc />
    protected override DbBatchCommand CreateDbBatchCommand() => CreateBatchCommand();

    /// <summary>
    /// Asks the server to cancel the statement this batch's connection is running (as <see cref="HanaCommand.Cancel"/>);
    /// the running call then fails with HANA's error 139. Does nothing when no statement is running.
    /// </summary>
    public override void Cancel()
    {
        if (_connection is { State: ConnectionState.Open } connection)
        {
            // the batch's statements run as its commands' requests; at most one of them is running
            foreach (var command in BatchCommands.ToList())
            {
                connection.Core.CancelRunningStatement(command.Command);
            }
        }
    }

    /// <summary>Releases the commands' prepared statements (DROPSTATEMENTID goes out with the connection's next request); never blocks.</summary>
    public override void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        foreach (var command in BatchCommands.ToList())
        {
            command.Command.Dispose();
        }
    }

    /// <summary>Checks everything that can be checked before a request goes out, and hands the batch's settings to its commands.</summary>
    private List<HanaBatchCommand> BeginExecute()
    {
#if NET7_0_OR_GREATER
        ObjectDisposedException.ThrowIf(_disposed, this);
#else
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(HanaBatch));
        }
#endif
        var connection = _connection ?? throw new InvalidOperationException("The batch has no connection.");
        if (connection.State != ConnectionState.Open && connection.State != ConnectionState.Broken)
        {
            throw new InvalidOperationException("The connection is not open.");
        }
        var commands = BatchCommands.ToList();
        if (commands.Count == 0)
        {
            throw new InvalidOperationException("The batch has no commands.");
        }
        var timeout = Timeout;
        for (var i = 0; i < commands.Count; i++)
        {
            var command = commands[i];
            if (string.IsNullOrWhiteSpace(command.CommandText))
            {
                throw new InvalidOperationException($"Batch command {i} has no text.");
            }
            command.Command.Connection = connection;
            command.Command.CommandTimeout = timeout;
            command.Command.Transaction = Transaction;
            command.Affected = 0;
        }
        return commands;
    }

    /// <summary>Same text and parameter count everywhere (at least one parameter, two commands): one batch execution can carry it.</summary>
    private static bool IsOneStatement(List<HanaBatchCommand> commands)
    {
        var first = commands[0];
        if (commands.Count < 2 || first.Parameters.Count == 0)
        {
            return false;
        }
        foreach (var command in commands)
        {
            if (!string.Equals(command.CommandText, first.CommandText, StringComparison.Ordinal) || command.Parameters.Count != first.Parameters.Count)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>One parameter row per command, bound by each command's own names or positions.</summary>
    private static List<object?[]> Rows(List<HanaBatchCommand> commands)
    {
        var rows = new List<object?[]>(commands.Count);
        foreach (var command in commands)
        {
            rows.Add(command.Command.BindRow());
        }
        return rows;
    }

    private static NotSupportedException TooManyQueries() =>
        new("ExecuteReader supports at most one command that returns rows in a HanaBatch (a HanaDataReader reads one result set); use ExecuteNonQuery or ExecuteScalar, or one reader per query.");

    private static int Clamp(long count) => (int)Math.Min(int.MaxValue, count);

    /// <summary>What a run of the batch is for: which result sets it keeps.</summary>
    private enum Purpose
    {
        Prepare,
        NonQuery,
        Scalar,
        Reader,
    }

    /// <summary>The counts of a run and the first query's cursor (owned by the caller of the run).</summary>
    private sealed class Outcome(Purpose purpose)
    {
        private long _total;
        private bool _counted;

        public ResultSetCore? Cursor { get; private set; }

        /// <summary>The sum of the counts, or -1 when no command reported one (only queries ran).</summary>
        public int Total => _counted ? Clamp(_total) : -1;

        public void Add(HanaBatchCommand command, ExecuteResult result)
        {
            // a batch reads one result per command: a procedure's later result sets are closed at once
            result.DisposeResultSets(from: 1);
            if (result.ResultSet is { } cursor)
            {
                command.Affected = -1;
                if (purpose == Purpose.NonQuery || (Cursor is not null && purpose == Purpose.Scalar))
                {
                    cursor.Dispose();
                }
                else if (Cursor is null)
                {
                    Cursor = cursor;
                }
                else
                {
                    cursor.Dispose();
                    throw TooManyQueries();
                }
                return;
            }
            command.Affected = Clamp(result.TotalRowsAffected);
            _total += result.TotalRowsAffected;
            _counted = true;
        }

        /// <summary>The ROWSAFFECTED entries of one batch execution, one per command when the server gave one per row.</summary>
        public void AddBatch(List<HanaBatchCommand> commands, ExecuteResult result)
        {
            var counts = result.RowsAffected;
            for (var i = 0; i < commands.Count; i++)
            {
                commands[i].Affected = counts.Length == commands.Count ? ExecuteResult.RowsOf(counts[i]) : -1;
            }
            _total += result.TotalRowsAffected;
            _counted = true;
        }

        /// <summary>
        /// A batch execution whose rows partly failed: the rows that ran keep their counts, the failed ones 0 (ADO.NET's
        /// "no rows affected or the statement failed"; the exception's RowsAffected tells them apart with -3).
        /// </summary>
        public static void AddBatchFailure(List<HanaBatchCommand> commands, HanaBatchException failure)
        {
            var counts = failure.RowsAffected;
            for (var i = 0; i < commands.Count && i < counts.Count; i++)
            {
                commands[i].Affected = ExecuteResult.RowsOf(counts[i]);
            }
        }

        public void Abandon() => Cursor?.Dispose();
    }

    /// <summary>
    /// The batch on the wire, written once: one batch EXECUTE (§6.24) when every command is the same non-query
    /// statement with parameters, else each command's own workflow in order; each command traced as it runs.
    /// </summary>
    private sealed class BatchWorkflow : BoundWorkflow<Outcome>
    {
        private readonly List<HanaBatchCommand> _commands;
        private readonly Purpose _purpose;
        private bool _batching;

        public BatchWorkflow(List<HanaBatchCommand> commands, Purpose purpose, TimeSpan timeout, ConnectionCore core)
            : base(timeout)
        {
            _commands = commands;
            _purpose = purpose;
            Core = core;
            Result = new Outcome(purpose);
        }

        public override IEnumerable<Step> Steps(ConnectionCore connection)
        {
            var commands = _commands;
            if (IsOneStatement(commands))
            {
                var first = commands[0].Command;
                foreach (var step in Include(first.Start(CommandKind.Prepare), connection))
                {
                    yield return step;
                }
                if (_purpose == Purpose.Prepare)
                {
                    yield break;
                }
                if (!first.PreparedIsQuery)
                {
                    _batching = true;
                    var batch = first.Start(CommandKind.Batch, Rows(commands));
                    foreach (var step in Include(batch, connection))
                    {
                        yield return step;
                    }
                    Result.AddBatch(commands, batch.Result);
                    yield break;
                }
                if (_purpose == Purpose.Reader)
                {
                    throw TooManyQueries();
                }
            }
            foreach (var command in commands)
            {
                var run = command.Command.Start(_purpose == Purpose.Prepare ? CommandKind.Prepare : CommandKind.Execute);
                foreach (var step in Include(run, connection))
                {
                    yield return step;
                }
                if (_purpose != Purpose.Prepare)
                {
                    Result.Add(command, run.Result);
                }
            }
        }

        public override Exception Failed(Exception exception)
        {
            var thrown = base.Failed(exception);
            if (_batching && thrown is HanaBatchException failure)
            {
                Outcome.AddBatchFailure(_commands, failure);
            }
            Result.Abandon();
            return thrown;
        }
    }

    /// <summary>Checks the batch and makes its workflow; the checks come first, so a batch without a connection says so.</summary>
    private BatchWorkflow Start(Purpose purpose)
    {
        var commands = BeginExecute();
        return new(commands, purpose, TimeSpan.FromSeconds(Timeout), _connection!.Core);
    }

    /// <summary>A reader over the query's rows; for ExecuteScalar a single-row one (with no rows when nothing was a query).</summary>
    private HanaDataReader Reader(Outcome outcome, CommandBehavior behavior) => new(_connection!, outcome.Cursor is { } cursor ? [cursor] : [], outcome.Total, behavior);

    // The members below exist in both flavors and are written once: in Driver.Async each refuses before it touches
    // anything (AsyncOnly.Refuse, compiled only there); the awaitable twins follow under #if ASYNC.

    /// <summary>Runs the batch; returns the sum of the rows affected (-1 when every command was a query).</summary>
    public override int ExecuteNonQuery()
    {
        AsyncOnly.Refuse();
        return Start(Purpose.NonQuery).Run().Total;
    }

    /// <summary>Runs the batch; returns the first column of the first row of the first query, or null.</summary>
    public override object? ExecuteScalar()
    {
        AsyncOnly.Refuse();
        using var reader = Reader(Start(Purpose.Scalar).Run(), CommandBehavior.SingleRow);
        return reader.Read() ? reader.GetValue(0) : null;
    }

    /// <inheritdoc />
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
    {
        AsyncOnly.Refuse("ExecuteReader");
        return Reader(Start(Purpose.Reader).Run(), behavior);
    }

    /// <summary>Prepares the commands on the server (PREPARE, §9.1); a batch of one statement is prepared once.</summary>
    public override void Prepare()
    {
        AsyncOnly.Refuse();
        Start(Purpose.Prepare).Run();
    }

#if SYNC
    /// <summary>Runs the batch and returns a reader over the rows of its one query (see the class remarks).</summary>
    public new HanaDataReader ExecuteReader(CommandBehavior behavior = CommandBehavior.Default) => Reader(Start(Purpose.Reader).Run(), behavior);

    // ADO.NET declares the …Async members of DbBatch abstract; Driver.Sync does no async I/O, so they run the
    // blocking member, as DbCommand's base implementations do for a command (a cancellable token cancels the
    // statement on the server).

    /// <summary>Runs <see cref="ExecuteNonQuery"/> synchronously.</summary>
    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken = default) => SynchronousTask.Run(this, ExecuteNonQuery, cancellationToken);

    /// <summary>Runs <see cref="ExecuteScalar"/> synchronously.</summary>
    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken = default) => SynchronousTask.Run(this, ExecuteScalar, cancellationToken);

    /// <summary>Runs <see cref="ExecuteReader"/> synchronously.</summary>
    protected override Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        SynchronousTask.Run<DbDataReader>(this, () => ExecuteReader(behavior), cancellationToken);

    /// <summary>Runs <see cref="Prepare"/> synchronously.</summary>
    public override Task PrepareAsync(CancellationToken cancellationToken = default) => SynchronousTask.Run(this, () => Start(Purpose.Prepare).Run(), cancellationToken);
#else
    /// <summary>Runs the batch; returns the sum of the rows affected (-1 when every command was a query).</summary>
    public override async Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken = default) =>
        (await Start(Purpose.NonQuery).RunAsync(cancellationToken).ConfigureAwait(false)).Total;

    /// <summary>Runs the batch; returns the first column of the first row of the first query, or null.</summary>
    public override async Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken = default)
    {
        using var reader = Reader(await Start(Purpose.Scalar).RunAsync(cancellationToken).ConfigureAwait(false), CommandBehavior.SingleRow);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.GetValue(0) : null;
    }

    /// <summary>Runs the batch and returns a reader over the rows of its one query (see the class remarks).</summary>
    public new Task<HanaDataReader> ExecuteReaderAsync(CancellationToken cancellationToken = default) => ExecuteReaderAsync(CommandBehavior.Default, cancellationToken);

    /// <summary>Runs the batch and returns a reader over the rows of its one query (see the class remarks).</summary>
    public new async Task<HanaDataReader> ExecuteReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken = default) =>
        Reader(await Start(Purpose.Reader).RunAsync(cancellationToken).ConfigureAwait(false), behavior);

    /// <inheritdoc />
    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        await ExecuteReaderAsync(behavior, cancellationToken).ConfigureAwait(false);

    /// <summary>Prepares the commands on the server (PREPARE, §9.1); a batch of one statement is prepared once.</summary>
    public override async Task PrepareAsync(CancellationToken cancellationToken = default) => await Start(Purpose.Prepare).RunAsync(cancellationToken).ConfigureAwait(false);
#endif
}
#endif
