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
/// every row of a batch, so the batch's other rows are copied too (unless
/// <see cref="HanaBulkCopyOptions.UseInternalTransaction"/> rolls the batch back); <see cref="RowsCopied"/> says how
/// many rows are on the server. Rows of later batches are not sent.
/// </para>
/// <para>
/// Driver.Sync: WriteToServer blocks. Driver.Async: WriteToServer throws <see cref="NotSupportedException"/>;
/// await WriteToServerAsync, which reads a <see cref="DbDataReader"/> source with ReadAsync.
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
        Copy(RowsOf(rows));
    }

    /// <summary>Copies the rows of <paramref name="table"/> that are not deleted.</summary>
    public void WriteToServer(DataTable table)
    {
        AsyncOnly.Refuse();
        Copy(RowsOf(table, 0));
    }

    /// <summary>Copies the rows of <paramref name="table"/> in <paramref name="rowState"/>.</summary>
    public void WriteToServer(DataTable table, DataRowState rowState)
    {
        AsyncOnly.Refuse();
        Copy(RowsOf(table, rowState));
    }

    /// <summary>Copies the rows of <paramref name="reader"/>, from its current position to its end.</summary>
    public void WriteToServer(IDataReader reader)
    {
        AsyncOnly.Refuse();
        Copy(reader ?? throw new ArgumentNullException(nameof(reader)));
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

    /// <summary>The blocking copy: the plan's batches on the blocking pump.</summary>
    private void Copy(IDataReader source)
    {
        var plan = Begin();
        try
        {
            if (_connection.State == ConnectionState.Closed && _ownsConnection)
            {
                _connection.Open();
            }
            plan.Probe().Start(CommandKind.Prepare).Run();
            var values = plan.Columns(source);
            while (true)
            {
                var more = source.Read();
                if (more)
                {
                    source.GetValues(values);
                }
                if (plan.Add(more ? values : null) is { } batch)
                {
                    var transaction = plan.InternalTransaction ? _connection.BeginTransaction() : null;
                    try
                    {
                        plan.Completed(batch.Start(CommandKind.Batch, plan.Chunk).Run());
                        transaction?.Commit();
                    }
                    catch (HanaException failure)
                    {
                        if (transaction is not null && failure is not HanaConnectionException)
                        {
                            transaction.Rollback();
                        }
                        throw plan.Failed(failure, transaction is not null);
                    }
                    finally
                    {
                        transaction?.Dispose();
                    }
                }
                if (!more)
                {
                    break;
                }
            }
        }
        finally
        {
            plan.Dispose();
        }
    }

#if ASYNC
    /// <summary>Copies <paramref name="rows"/> (rows of one table; their current values).</summary>
    public Task WriteToServerAsync(DataRow[] rows, CancellationToken cancellationToken = default) => CopyAsync(RowsOf(rows), cancellationToken);

    /// <summary>Copies the rows of <paramref name="table"/> that are not deleted.</summary>
    public Task WriteToServerAsync(DataTable table, CancellationToken cancellationToken = default) => CopyAsync(RowsOf(table, 0), cancellationToken);

    /// <summary>Copies the rows of <paramref name="table"/> in <paramref name="rowState"/>.</summary>
    public Task WriteToServerAsync(DataTable table, DataRowState rowState, CancellationToken cancellationToken = default) => CopyAsync(RowsOf(table, rowState), cancellationToken);

    /// <summary>
    /// Copies the rows of <paramref name="reader"/>, from its current position to its end: a <see cref="DbDataReader"/>
    /// is read with ReadAsync (and its character and binary values with GetFieldValueAsync), any other reader with Read.
    /// </summary>
    public Task WriteToServerAsync(IDataReader reader, CancellationToken cancellationToken = default) =>
        CopyAsync(reader ?? throw new ArgumentNullException(nameof(reader)), cancellationToken);

    /// <summary>The awaited copy: the plan's batches on the awaiting pump.</summary>
    private async Task CopyAsync(IDataReader source, CancellationToken cancellationToken)
    {
        var plan = Begin();
        try
        {
            if (_connection.State == ConnectionState.Closed && _ownsConnection)
            {
                await _connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            }
            await plan.Probe().Start(CommandKind.Prepare).RunAsync(cancellationToken).ConfigureAwait(false);
            var values = plan.Columns(source);
            var awaitable = source as DbDataReader;
            while (true)
            {
                var more = awaitable is null ? source.Read() : await awaitable.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (more)
                {
                    for (var i = 0; i < values.Length; i++)
                    {
                        values[i] = awaitable is not null && plan.IsLong(i)
                            ? await awaitable.GetFieldValueAsync<object>(i, cancellationToken).ConfigureAwait(false)
                            : source.GetValue(i);
                    }
                }
                if (plan.Add(more ? values : null) is { } batch)
                {
                    var transaction = plan.InternalTransaction ? await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : null;
                    try
                    {
                        plan.Completed(await batch.Start(CommandKind.Batch, plan.Chunk).RunAsync(cancellationToken).ConfigureAwait(false));
                        if (transaction is not null)
                        {
                            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                        }
                    }
                    catch (HanaException failure)
                    {
                        if (transaction is not null && failure is not HanaConnectionException)
                        {
                            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                        }
                        throw plan.Failed(failure, transaction is not null);
                    }
                    finally
                    {
                        transaction?.Dispose();
                    }
                }
                if (!more)
                {
                    break;
                }
            }
        }
        finally
        {
            plan.Dispose();
        }
    }
#endif
}
