using System.Data;
using System.Data.Common;
using System.Runtime.ExceptionServices;
using Driver.Core.Api;
using Driver.Core.Session;
using Driver.Core.Telemetry;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

// Update's rows in batches, written once: UpdatePlan decides which rows go together, binds them and reads the
// outcome; each flavor's loop (Update, UpdateAsync) only runs the batch it is handed on its pump.
public sealed partial class HanaDataAdapter
{
    /// <summary>Rows read per chunk by FillAsync before they are handed to ADO.NET's loader.</summary>
    private const int ChunkRows = 1000;

    private static DataRow[] Rows(DataTable table)
    {
        var rows = new DataRow[table.Rows.Count];
        table.Rows.CopyTo(rows, 0);
        return rows;
    }

    /// <summary>The table mapping ADO.NET's Update(DataTable) uses: the one naming the table, else "Table" to it.</summary>
    private DataTableMapping MappingOf(DataTable table)
    {
        var index = TableMappings.IndexOfDataSetTable(table.TableName);
        if (index >= 0)
        {
            return TableMappings[index];
        }
        if (MissingMappingAction == MissingMappingAction.Error)
        {
            throw new InvalidOperationException($"No table mapping for the DataTable '{table.TableName}' and MissingMappingAction is Error.");
        }
        return new DataTableMapping(DefaultSourceTableName, table.TableName);
    }

    /// <summary>One row bound for its statement: the text and values it runs with.</summary>
    private sealed record Item(DataRow Row, StatementType Type, HanaCommand Command, string Text, HanaConnection? Connection, object?[] Values);

    /// <summary>The rows of one Update call, batch by batch (flavor-free: no I/O).</summary>
    private sealed class UpdatePlan : IDisposable
    {
        private readonly HanaDataAdapter _adapter;
        private readonly DataRow[] _rows;
        private readonly DataTableMapping _mapping;
        private readonly List<Item> _batch = new();
        private readonly Dictionary<(string, HanaConnection?), HanaCommand> _statements = new();
        private readonly List<HanaConnection> _opened = new();
        private int _index;
        private Item? _carry;
        private Exception? _firstError;

        public UpdatePlan(HanaDataAdapter adapter, DataRow[] rows, DataTableMapping mapping)
        {
            _adapter = adapter;
            _rows = rows ?? throw new ArgumentNullException(nameof(rows));
            _mapping = mapping ?? throw new ArgumentNullException(nameof(mapping));
        }

        /// <summary>The parameter rows of the batch <see cref="Next"/> returned.</summary>
        public List<object?[]> Values { get; } = new();

        /// <summary>Rows updated so far (accepted, or left for the caller by a SkipCurrentRow after success).</summary>
        public int Total { get; private set; }

        /// <summary>The closed connections of the adapter's commands: the caller opens them for the update, the plan closes them after.</summary>
        public List<HanaConnection> Closed()
        {
            var closed = new List<HanaConnection>();
            foreach (var command in new[] { _adapter.SelectCommand, _adapter.InsertCommand, _adapter.UpdateCommand, _adapter.DeleteCommand })
            {
                if (command?.Connection is { State: ConnectionState.Closed } connection && !closed.Contains(connection))
                {
                    closed.Add(connection);
                }
            }
            return closed;
        }

        public void Opened(HanaConnection connection) => _opened.Add(connection);

        /// <summary>
        /// The statement of the next batch (its rows in <see cref="Values"/>), or null when no row is left: consecutive
        /// rows with the same text and connection, at most UpdateBatchSize of them (0: no limit).
        /// </summary>
        public HanaCommand? Next()
        {
            _batch.Clear();
            Values.Clear();
            var limit = _adapter.UpdateBatchSize;
            while ((_carry ?? Bind()) is { } item)
            {
                _carry = null;
                if (_batch.Count > 0 && (item.Text != _batch[0].Text || item.Connection != _batch[0].Connection || (limit > 0 && _batch.Count >= limit)))
                {
                    _carry = item;
                    break;
                }
                _batch.Add(item);
                Values.Add(item.Values);
            }
            return _batch.Count == 0 ? null : Statement(_batch[0]);
        }

        /// <summary>
        /// The command a batch runs on: one per text (and connection) for the whole Update, since a command builder
        /// changes its commands' text from row to row (only the changed columns are SET) while a batch keeps it.
        /// </summary>
        private HanaCommand Statement(Item item)
        {
            if (!_statements.TryGetValue((item.Text, item.Connection), out var statement))
            {
                statement = new HanaCommand(item.Text, item.Connection)
                {
                    Transaction = item.Command.Transaction,
                    CommandTimeout = item.Command.CommandTimeout,
                };
                // the same parameter names: named markers are rewritten as for the original
                foreach (HanaParameter parameter in item.Command.Parameters)
                {
                    statement.Parameters.Add(new HanaParameter(parameter.ParameterName, null));
                }
                _statements.Add((item.Text, item.Connection), statement);
            }
            return statement;
        }

        /// <summary>The next changed row, its RowUpdating raised and its statement's parameters bound; null when none is left.</summary>
        private Item? Bind()
        {
            while (_index < _rows.Length)
            {
                var row = _rows[_index++];
                if (row is null)
                {
                    continue;
                }
                var (type, command) = row.RowState switch
                {
                    DataRowState.Added => (StatementType.Insert, _adapter.InsertCommand),
                    DataRowState.Modified => (StatementType.Update, _adapter.UpdateCommand),
                    DataRowState.Deleted => (StatementType.Delete, _adapter.DeleteCommand),
                    _ => (StatementType.Select, null),
                };
                if (type == StatementType.Select)
                {
                    continue;
                }
                var updating = new HanaRowUpdatingEventArgs(row, command, type, _mapping);
                _adapter.OnRowUpdating(updating);
                switch (updating.Status)
                {
                    case UpdateStatus.SkipCurrentRow:
                        continue;
                    case UpdateStatus.SkipAllRemainingRows:
                        _index = _rows.Length;
                        return null;
                    case UpdateStatus.ErrorsOccurred:
                        Report(row, updating.Errors ?? new DataException("A RowUpdating handler reported an error."));
                        ThrowFirst();
                        continue;
                }
                command = updating.Command as HanaCommand
                    ?? throw new InvalidOperationException($"Update needs a HanaCommand as {type}Command for a row that is {row.RowState} (set it, or attach a HanaCommandBuilder).");
                BindParameters(command, row, type);
                return new Item(row, type, command, command.CommandText, command.Connection, command.BindRow());
            }
            return null;
        }

        /// <summary>Each parameter with a SourceColumn takes the row's value (Original for DELETE, as ADO.NET does).</summary>
        private void BindParameters(HanaCommand command, DataRow row, StatementType type)
        {
            foreach (HanaParameter parameter in command.Parameters)
            {
                if (string.IsNullOrEmpty(parameter.SourceColumn))
                {
                    continue;
                }
                var column = _mapping.GetColumnMappingBySchemaAction(parameter.SourceColumn, _adapter.MissingMappingAction)
                    ?.GetDataColumnBySchemaAction(row.Table, null, _adapter.MissingSchemaAction);
                if (column is null)
                {
                    continue;
                }
                var version = type switch
                {
                    StatementType.Insert => DataRowVersion.Current,
                    StatementType.Delete => DataRowVersion.Original,
                    _ => parameter.SourceVersion,
                };
                var value = row[column, version];
                parameter.Value = parameter.SourceColumnNullMapping ? (value is DBNull ? 1 : 0) : value;
            }
        }

        /// <summary>
        /// The batch ran: each row's count from the server's per-row counts (-1 when it gave none per row); null when
        /// it failed and <see cref="Failed"/> has reported it.
        /// </summary>
        public void Completed(ExecuteResult? result)
        {
            if (result is null)
            {
                ThrowFirst();
                return;
            }
            var counts = result.RowsAffected;
            for (var i = 0; i < _batch.Count; i++)
            {
                Finish(_batch[i], counts.Length == _batch.Count ? ExecuteResult.RowsOf(counts[i]) : -1, null);
            }
            ThrowFirst();
        }

        /// <summary>
        /// The batch failed: per row when the server said which rows (HanaBatchException), else every row. Called in
        /// the catch, so it must not throw there: the first error is thrown by <see cref="Completed"/> after it.
        /// </summary>
        public void Failed(HanaException failure)
        {
            if (failure is HanaBatchException batch && batch.RowsAffected.Count == _batch.Count)
            {
                for (var i = 0; i < _batch.Count; i++)
                {
                    var entry = batch.RowsAffected[i];
                    Finish(_batch[i], ExecuteResult.RowsOf(entry), entry == HanaBatchException.ExecutionFailed ? RowFailure(batch, i) : null);
                }
            }
            else
            {
                foreach (var item in _batch)
                {
                    Finish(item, 0, failure);
                }
            }
        }

        private static HanaException RowFailure(HanaBatchException batch, int row)
        {
            foreach (var error in batch.Errors)
            {
                if (error.RowIndex == row)
                {
                    return new HanaException(error.Message, error.Code, error.SqlState, error.Position);
                }
            }
            return batch;
        }

        private void Finish(Item item, int count, Exception? error)
        {
            if (error is null && count == 0 && item.Type is StatementType.Update or StatementType.Delete)
            {
                error = new DBConcurrencyException($"Concurrency violation: the {item.Type}Command affected 0 of the expected 1 records.", null, [item.Row]);
            }
            var updated = new HanaRowUpdatedEventArgs(item.Row, item.Command, item.Type, _mapping, count)
            {
                Errors = error,
                Status = error is null ? UpdateStatus.Continue : UpdateStatus.ErrorsOccurred,
            };
            _adapter.OnRowUpdated(updated);
            switch (updated.Status)
            {
                case UpdateStatus.Continue when error is null:
                    if (_adapter.AcceptChangesDuringUpdate)
                    {
                        item.Row.AcceptChanges();
                    }
                    Total++;
                    break;
                case UpdateStatus.ErrorsOccurred:
                    Report(item.Row, updated.Errors ?? error ?? new DataException("A RowUpdated handler reported an error."));
                    break;
                case UpdateStatus.SkipAllRemainingRows:
                    _index = _rows.Length;
                    _carry = null;
                    break;
            }
        }

        /// <summary>A failed row keeps its changes and gets the error as RowError; the first one is thrown unless ContinueUpdateOnError.</summary>
        private void Report(DataRow row, Exception error)
        {
            row.RowError = error.Message;
            if (!_adapter.ContinueUpdateOnError)
            {
                _firstError ??= error;
            }
        }

        private void ThrowFirst()
        {
            if (_firstError is { } error)
            {
                _firstError = null;
                _carry = null;
                _index = _rows.Length;
                ExceptionDispatchInfo.Capture(error).Throw();
            }
        }

        /// <summary>Releases the batches' statements and closes the connections the update opened.</summary>
        public void Dispose()
        {
            foreach (var statement in _statements.Values)
            {
                statement.Dispose();
            }
            foreach (var connection in _opened)
            {
                connection.Close();
            }
        }
    }

#if ASYNC
    /// <summary>The select command's reader, and the connection to close with it when the fill opened it.</summary>
    private sealed class ReaderScope(HanaDataReader reader, HanaConnection? opened) : IDisposable
    {
        public HanaDataReader Reader { get; } = reader;

        public void Dispose()
        {
            Reader.Dispose();
            opened?.Close();
        }
    }

    /// <summary>Runs <see cref="SelectCommand"/> (opening its connection for the call when closed, as Fill does).</summary>
    private async Task<ReaderScope> ReadAsync(CommandBehavior behavior, CancellationToken cancellationToken)
    {
        var command = SelectCommand ?? throw new InvalidOperationException("The data adapter has no SelectCommand.");
        var connection = command.Connection ?? throw new InvalidOperationException("The SelectCommand has no connection.");
        HanaConnection? opened = null;
        if (connection.State == ConnectionState.Closed)
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            opened = connection;
        }
        try
        {
            return new ReaderScope(await command.ExecuteReaderAsync(behavior, cancellationToken).ConfigureAwait(false), opened);
        }
        catch
        {
            opened?.Close();
            throw;
        }
    }

    /// <summary>
    /// FillAsync: the rows read with awaits, a chunk at a time, each chunk handed to ADO.NET's loader (the same
    /// Fill(…, IDataReader, …) Driver.Sync's Fill ends in), so mappings, keys and merging behave as there.
    /// </summary>
    private async Task<int> FillRowsAsync(DataSet? dataSet, DataTable[]? tables, string? srcTable, CancellationToken cancellationToken)
    {
        using var scope = await ReadAsync(CommandBehavior.Default, cancellationToken).ConfigureAwait(false);
        var buffer = BufferedRows.ColumnsOf(scope.Reader);
        var total = 0;
        var first = true;
        bool more;
        do
        {
            more = await buffer.FillFromAsync(scope.Reader, ChunkRows, cancellationToken).ConfigureAwait(false);
            if (buffer.Count > 0 || first)
            {
                total += dataSet is null ? base.Fill(tables!, buffer, 0, 0) : base.Fill(dataSet, srcTable!, buffer, 0, 0);
            }
            first = false;
        }
        while (more);
        return total;
    }

    /// <summary>UpdateAsync: the batches of <see cref="UpdatePlan"/> on the awaiting pump.</summary>
    private async Task<int> UpdateRowsAsync(DataRow[] dataRows, DataTableMapping tableMapping, CancellationToken cancellationToken)
    {
        var plan = new UpdatePlan(this, dataRows, tableMapping);
        try
        {
            foreach (var connection in plan.Closed())
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                plan.Opened(connection);
            }
            if (Builder is { } builder)
            {
                await builder.LoadSchemaAsync(cancellationToken).ConfigureAwait(false);
            }
            while (plan.Next() is { } batch)
            {
                ExecuteResult? result = null;
                try
                {
                    result = await batch.Start(CommandKind.Batch, plan.Values).RunAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (HanaException failure) when (failure is not HanaConnectionException)
                {
                    plan.Failed(failure);
                }
                plan.Completed(result);
            }
            return plan.Total;
        }
        finally
        {
            plan.Dispose();
        }
    }
#endif
}
