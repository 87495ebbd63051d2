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

    /// <summary>Update's calls: open the closed connections, read the builder's schema when a statement is missing, then each batch.</summary>
    private IEnumerable<Call> UpdateCalls(Plan<int> result, DataRow[] dataRows, DataTableMapping tableMapping)
    {
        var plan = new UpdatePlan(this, dataRows, tableMapping);
        try
        {
            foreach (var connection in plan.Closed())
            {
                yield return new OpenCall(connection);
                plan.Opened(connection);
            }
            if (Builder is { } builder && (InsertCommand is null || UpdateCommand is null || DeleteCommand is null))
            {
                foreach (var call in builder.SchemaCalls())
                {
                    yield return call;
                }
            }
            while (plan.Next() is { } batch)
            {
                var run = new RunCall<ExecuteResult>(batch.Start(CommandKind.Batch, plan.Values)) { MayFail = true };
                yield return run;
                if (run.Failure is { } failure)
                {
                    plan.Failed(failure);
                }
                plan.Completed(run.Failure is null ? run.Result : null);
            }
            result.Result = plan.Total;
        }
        finally
        {
            plan.Dispose();
        }
    }

    /// <summary>
    /// FillAsync's calls: the rows read a chunk at a time, each chunk handed to ADO.NET's loader (the same
    /// Fill(…, IDataReader, …) Driver.Sync's Fill ends in), so mappings, keys and merging behave as there.
    /// </summary>
    private IEnumerable<Call> FillCalls(Plan<int> result, DataSet? dataSet, DataTable[]? tables, string? srcTable) =>
        ReaderCalls(MissingSchemaAction == MissingSchemaAction.AddWithKey ? CommandBehavior.KeyInfo : CommandBehavior.Default, reader => BufferedRows.Chunks(reader, ChunkRows, chunk =>
            result.Result += dataSet is null ? Fill(tables!, chunk, 0, 0) : Fill(dataSet, srcTable!, chunk, 0, 0)));

    /// <summary>Runs <see cref="SelectCommand"/> (opening its connection for the call when closed, as Fill does) and then <paramref name="use"/>'s calls on its reader.</summary>
    private IEnumerable<Call> ReaderCalls(CommandBehavior behavior, Func<HanaDataReader, IEnumerable<Call>> use)
    {
        var command = SelectCommand ?? throw new InvalidOperationException("The data adapter has no SelectCommand.");
        var connection = command.Connection ?? throw new InvalidOperationException("The SelectCommand has no connection.");
        var opened = connection.State == ConnectionState.Closed;
        var query = new ReaderCall(command, behavior);
        try
        {
            if (opened)
            {
                yield return new OpenCall(connection);
            }
            yield return query;
            foreach (var call in use(query.Reader!))
            {
                yield return call;
            }
        }
        finally
        {
            query.Reader?.Dispose();
            if (opened)
            {
                connection.Close();
            }
        }
    }

    /// <summary>The table and mapping ADO.NET's Update(DataSet, srcTable) uses.</summary>
    private (DataRow[] Rows, DataTableMapping Mapping) Target(DataSet dataSet, string srcTable)
    {
        var mapping = DataTableMappingCollection.GetTableMappingBySchemaAction(TableMappings, srcTable, srcTable, MissingMappingAction)
            ?? throw new InvalidOperationException($"No table mapping for '{srcTable}'.");
        var table = (dataSet ?? throw new ArgumentNullException(nameof(dataSet))).Tables[mapping.DataSetTable]
            ?? throw new InvalidOperationException($"The DataSet has no table '{mapping.DataSetTable}' to update from '{srcTable}'.");
        return (Rows(table), mapping);
    }

    private Plan<int> UpdateOf(DataTable dataTable) =>
        new(result => UpdateCalls(result, Rows(dataTable ?? throw new ArgumentNullException(nameof(dataTable))), MappingOf(dataTable)));

    private Plan<int> UpdateOf(DataSet dataSet, string srcTable)
    {
        var (rows, mapping) = Target(dataSet, srcTable);
        return new(result => UpdateCalls(result, rows, mapping));
    }

    private Plan<int> FillOf(DataSet dataSet, string srcTable) =>
        new(result => FillCalls(result, dataSet ?? throw new ArgumentNullException(nameof(dataSet)), null, srcTable));

    private Plan<int> FillOf(DataTable dataTable) =>
        new(result => FillCalls(result, null, [dataTable ?? throw new ArgumentNullException(nameof(dataTable))], null));

    /// <summary>FillSchema over the reader of a SchemaOnly | KeyInfo query.</summary>
#if NET
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The schema table's types are this package's reader's field types.")]
#endif
    private Plan<DataTable?> SchemaOf(DataTable dataTable, SchemaType schemaType) =>
        new(result => ReaderCalls(CommandBehavior.SchemaOnly | CommandBehavior.KeyInfo, reader =>
        {
            result.Result = FillSchema(dataTable, schemaType, reader);
            return [];
        }));
}
