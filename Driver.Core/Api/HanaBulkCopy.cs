using System.Data;
using System.Data.Common;
using Driver.Core.Api;
using Driver.Core.Session;
using Driver.Core.Telemetry;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// Loads many rows into a table (SAP's provider's <c>HanaBulkCopy</c>; docs/data-adapter-and-bulk-copy.md): one
/// INSERT prepared once, then the rows a batch at a time, each batch ONE batch EXECUTE with a parameter row per
/// source row (§6.24); LOB columns included (sent with WRITELOB when long, §10.2).
/// <para>
/// Columns: without <see cref="ColumnMappings"/>, source column n goes into destination column n; with them, each
/// mapping names (or numbers) a source column and a destination column, and the destination's other columns get
/// their defaults. The destination's columns are read from the PREPARE of <c>SELECT * FROM</c> the table (nothing
/// runs). <see cref="DestinationTableName"/> goes into the SQL as written: quote it (<c>"MySchema"."MyTable"</c>)
/// when it needs quotes.
/// </para>
/// <para>
/// Outcome: outside a transaction each batch commits as the one request it is; inside one (the connection's, or
/// the one given) the rows are part of it. A batch with failing rows throws <see cref="HanaBatchException"/> whose
/// message and <see cref="HanaBatchError.RowIndex"/> count from the first row of this WriteToServer call; HANA runs
/// every row of a batch, so the batch's other rows are copied too; <see cref="RowsCopied"/> says how many rows are on
/// the server. Rows of later batches are not sent. For all or nothing, run the copy in a transaction.
/// </para>
/// <para>
/// Driver.Sync: WriteToServer blocks. Driver.Async: WriteToServer throws <see cref="NotSupportedException"/>;
/// await WriteToServerAsync, which reads its source with ReadAsync (a reader source must be a <see cref="DbDataReader"/>).
/// </para>
/// </summary>
public sealed partial class HanaBulkCopy : IDisposable
{
    private readonly HanaConnection _connection;
    private readonly bool _ownsConnection;
    private readonly HanaBulkCopyOptions _options;
    private readonly HanaTransaction? _transaction;
    private int _batchSize;
    private int _timeout = 30;
    private int _notifyAfter;
    private bool _disposed;

    /// <summary>Creates a bulk copy on <paramref name="connection"/> (open it first).</summary>
    public HanaBulkCopy(HanaConnection connection)
        : this(connection, HanaBulkCopyOptions.Default, null)
    {
    }

    /// <summary>Creates a bulk copy on <paramref name="connection"/> with <paramref name="copyOptions"/>, in <paramref name="externalTransaction"/> when given.</summary>
    public HanaBulkCopy(HanaConnection connection, HanaBulkCopyOptions copyOptions, HanaTransaction? externalTransaction)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _options = copyOptions;
        _transaction = externalTransaction;
        if (externalTransaction is not null && (copyOptions & HanaBulkCopyOptions.UseInternalTransaction) != 0)
        {
            throw new ArgumentException("UseInternalTransaction cannot be combined with an external transaction.", nameof(copyOptions));
        }
    }

    /// <summary>Creates a bulk copy on a connection of its own to <paramref name="connectionString"/> (opened by the first WriteToServer, closed by Close / Dispose).</summary>
    public HanaBulkCopy(string connectionString)
        : this(connectionString, HanaBulkCopyOptions.Default)
    {
    }

    /// <summary>Creates a bulk copy with <paramref name="copyOptions"/> on a connection of its own to <paramref name="connectionString"/>.</summary>
    public HanaBulkCopy(string connectionString, HanaBulkCopyOptions copyOptions)
        : this(new HanaConnection(connectionString), copyOptions, null)
    {
        _ownsConnection = true;
    }

    /// <summary>The table the rows go into, as it is written in SQL (quote it when it needs quotes).</summary>
    public string? DestinationTableName { get; set; }

    /// <summary>Rows per batch EXECUTE; 0 (the default) means 1,000.</summary>
    public int BatchSize
    {
        get => _batchSize;
        set => _batchSize = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "BatchSize cannot be negative.");
    }

    /// <summary>Seconds each round trip of the copy may take (a batch's EXECUTE, its LOB writes); 0 = no limit; default 30.</summary>
    public int BulkCopyTimeout
    {
        get => _timeout;
        set => _timeout = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "BulkCopyTimeout cannot be negative.");
    }

    /// <summary>Raise <see cref="HanaRowsCopied"/> each time this many more rows are on the server (0: never); batches end at these counts too.</summary>
    public int NotifyAfter
    {
        get => _notifyAfter;
        set => _notifyAfter = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "NotifyAfter cannot be negative.");
    }

    /// <summary>Which source column goes into which destination column.</summary>
    public HanaBulkCopyColumnMappingCollection ColumnMappings { get; } = new();

    /// <summary>Rows the last WriteToServer call put on the server (so far, while it runs; also after it failed).</summary>
    public long RowsCopied { get; private set; }

    /// <summary>Raised every <see cref="NotifyAfter"/> rows; set <see cref="HanaRowsCopiedEventArgs.Abort"/> to stop the copy.</summary>
    public event HanaRowsCopiedEventHandler? HanaRowsCopied;

    /// <summary>Closes the connection the bulk copy opened itself (one given to it stays open).</summary>
    public void Close() => Dispose();

    /// <summary>Closes the connection the bulk copy opened itself (one given to it stays open).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (_ownsConnection)
        {
            _connection.Dispose();
        }
    }

    /// <summary>Copies <paramref name="rows"/> (rows of one table; their current values).</summary>
    public void WriteToServer(DataRow[] rows)
    {
        AsyncOnly.Refuse();
        Copy(RowsOf(rows)).Run();
    }

    /// <summary>Copies the rows of <paramref name="table"/> that are not deleted.</summary>
    public void WriteToServer(DataTable table)
    {
        AsyncOnly.Refuse();
        Copy(RowsOf(table, 0)).Run();
    }

    /// <summary>Copies the rows of <paramref name="table"/> in <paramref name="rowState"/>.</summary>
    public void WriteToServer(DataTable table, DataRowState rowState)
    {
        AsyncOnly.Refuse();
        Copy(RowsOf(table, rowState)).Run();
    }

    /// <summary>Copies the rows of <paramref name="reader"/>, from its current position to its end.</summary>
    public void WriteToServer(IDataReader reader)
    {
        AsyncOnly.Refuse();
        Copy(reader ?? throw new ArgumentNullException(nameof(reader))).Run();
    }

    private static BufferedRows RowsOf(DataRow[] rows)
    {
        if (rows is null)
        {
            throw new ArgumentNullException(nameof(rows));
        }
        return rows.Length == 0 ? BufferedRows.Of(new DataTable(), rows) : BufferedRows.Of(rows[0].Table, rows);
    }

    /// <summary>The rows of <paramref name="table"/> in <paramref name="state"/> (0: every row that is not deleted).</summary>
    private static BufferedRows RowsOf(DataTable table, DataRowState state)
    {
        if (table is null)
        {
            throw new ArgumentNullException(nameof(table));
        }
        var rows = new List<DataRow>();
        foreach (DataRow row in table.Rows)
        {
            if (state == 0 ? row.RowState != DataRowState.Deleted : (row.RowState & state) != 0)
            {
                rows.Add(row);
            }
        }
        return BufferedRows.Of(table, rows);
    }

    /// <summary>The copy: the plan's batches, blocking or awaited.</summary>
    private Plan<long> Copy(IDataReader source) => new(_ => CopyCalls(source));

    private IEnumerable<Call> CopyCalls(IDataReader source)
    {
        var plan = Begin();
        try
        {
            if (_connection.State == ConnectionState.Closed)
            {
                yield return new OpenCall(_connection);
            }
            yield return new RunCall<ExecuteResult>(plan.Probe().Start(CommandKind.Prepare));
            var read = new ReadCall(source, plan.Columns(source));
            do
            {
                yield return read;
                if (plan.Add(read.More ? read.Values : null) is not { } batch)
                {
                    continue;
                }
                var run = new RunCall<ExecuteResult>(batch.Start(CommandKind.Batch, plan.Chunk)) { MayFail = true };
                yield return run;
                if (run.Failure is { } failure)
                {
                    throw plan.Failed(failure);
                }
                plan.Completed();
            }
            while (read.More);
        }
        finally
        {
            plan.Dispose();
        }
    }

#if ASYNC
    /// <summary>Copies <paramref name="rows"/> (rows of one table; their current values).</summary>
    public Task WriteToServerAsync(DataRow[] rows, CancellationToken cancellationToken = default) => Copy(RowsOf(rows)).RunAsync(cancellationToken);

    /// <summary>Copies the rows of <paramref name="table"/> that are not deleted.</summary>
    public Task WriteToServerAsync(DataTable table, CancellationToken cancellationToken = default) => Copy(RowsOf(table, 0)).RunAsync(cancellationToken);

    /// <summary>
    /// Copies the rows of <paramref name="reader"/>, a <see cref="DbDataReader"/>, from its current position to its end
    /// (read with ReadAsync, its character and binary values with GetFieldValueAsync).
    /// </summary>
    public Task WriteToServerAsync(IDataReader reader, CancellationToken cancellationToken = default) => Copy(reader ?? throw new ArgumentNullException(nameof(reader))).RunAsync(cancellationToken);
#endif
}
