using System.Data;
using System.Globalization;
using Driver.Core.Session;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

// The copy written once: which source column goes where, the INSERT, where a batch ends, what a batch's outcome
// means (counts, events, abort, errors). Each flavor's loop (Copy, CopyAsync) only reads the source and runs the
// batches it is handed on its pump.
public sealed partial class HanaBulkCopy
{
    /// <summary>Rows per batch when <see cref="BatchSize"/> is 0.</summary>
    private const int DefaultBatchSize = 1000;

    /// <summary>Checks what can be checked before anything is sent, and starts a copy.</summary>
    private CopyPlan Begin()
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(HanaBulkCopy));
        }
        if (string.IsNullOrWhiteSpace(DestinationTableName))
        {
            throw new InvalidOperationException("DestinationTableName is not set.");
        }
        if (_connection.State != ConnectionState.Open && !(_ownsConnection && _connection.State == ConnectionState.Closed))
        {
            throw new InvalidOperationException("The connection is not open.");
        }
        if (_transaction is not null && !ReferenceEquals(_transaction.Connection, _connection))
        {
            throw new InvalidOperationException("The transaction is finished or belongs to another connection.");
        }
        RowsCopied = 0;
        return new CopyPlan(this);
    }

    private sealed class CopyPlan(HanaBulkCopy owner) : IDisposable
    {
        private readonly string _table = owner.DestinationTableName!;
        private HanaCommand? _probe;
        private HanaCommand? _insert;
        private int[] _sources = [];
        private bool[] _long = [];

        /// <summary>The parameter rows of the batch <see cref="Add"/> returned the INSERT for.</summary>
        public List<object?[]> Chunk { get; } = new();

        /// <summary>The PREPARE of SELECT * FROM the destination: its result metadata names the destination's columns.</summary>
        public HanaCommand Probe() =>
            _probe = new HanaCommand("SELECT * FROM " + _table, owner._connection) { CommandTimeout = owner._timeout };

        /// <summary>Resolves the mappings against the source's and the destination's columns and makes the INSERT; returns which source columns are awaited one by one.</summary>
        public bool[] Columns(IDataReader source)
        {
            var destination = _probe!.PreparedColumns.Select(column => column.ColumnName ?? column.DisplayName ?? "").ToArray();
            var sources = new List<int>();
            var targets = new List<string>();
            if (owner.ColumnMappings.Count == 0)
            {
                if (source.FieldCount > destination.Length)
                {
                    throw new InvalidOperationException($"The source has {source.FieldCount} columns but {_table} has {destination.Length}: add ColumnMappings.");
                }
                for (var i = 0; i < source.FieldCount; i++)
                {
                    sources.Add(i);
                    targets.Add(destination[i]);
                }
            }
            foreach (var mapping in owner.ColumnMappings)
            {
                var from = mapping.SourceOrdinal >= 0 ? mapping.SourceOrdinal
                    : !string.IsNullOrEmpty(mapping.SourceColumn) ? SourceOrdinal(source, mapping.SourceColumn!)
                    : throw new InvalidOperationException("A column mapping has neither a source column nor a source ordinal.");
                if (from >= source.FieldCount)
                {
                    throw new InvalidOperationException($"A column mapping names source ordinal {from}, but the source has {source.FieldCount} columns.");
                }
                var to = !string.IsNullOrEmpty(mapping.DestinationColumn) ? DestinationOrdinal(destination, mapping.DestinationColumn!)
                    : mapping.DestinationOrdinal >= 0 ? mapping.DestinationOrdinal
                    : throw new InvalidOperationException("A column mapping has neither a destination column nor a destination ordinal.");
                if (to >= destination.Length)
                {
                    throw new InvalidOperationException($"A column mapping names destination ordinal {to}, but {_table} has {destination.Length} columns.");
                }
                sources.Add(from);
                targets.Add(destination[to]);
            }
            _sources = sources.ToArray();
            _long = new bool[source.FieldCount];
            for (var i = 0; i < _long.Length; i++)
            {
                var type = source.GetFieldType(i);
                _long[i] = type == typeof(string) || type == typeof(byte[]);
            }
            var columns = string.Join(", ", targets.Select(SqlIdentifier.Quote));
            var markers = string.Join(", ", targets.Select(_ => "?"));
            _insert = new HanaCommand($"INSERT INTO {_table} ({columns}) VALUES ({markers})", owner._connection) { CommandTimeout = owner._timeout };
            return _long;
        }

        private static int SourceOrdinal(IDataReader source, string name)
        {
            for (var pass = 0; pass < 2; pass++)
            {
                for (var i = 0; i < source.FieldCount; i++)
                {
                    if (string.Equals(source.GetName(i), name, pass == 0 ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase))
                    {
                        return i;
                    }
                }
            }
            throw new InvalidOperationException($"A column mapping names the source column '{name}', which the source does not have.");
        }

        private int DestinationOrdinal(string[] destination, string name)
        {
            for (var pass = 0; pass < 2; pass++)
            {
                for (var i = 0; i < destination.Length; i++)
                {
                    if (string.Equals(destination[i], name, pass == 0 ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase))
                    {
                        return i;
                    }
                }
            }
            throw new InvalidOperationException($"A column mapping names the destination column '{name}', which {_table} does not have (its columns: {string.Join(", ", destination)}).");
        }

        /// <summary>
        /// Adds a source row (null: the source ended); returns the INSERT when a batch is due: <see cref="BatchSize"/>
        /// rows, the next <see cref="NotifyAfter"/> count, or the end with rows left.
        /// </summary>
        public HanaCommand? Add(object[]? values)
        {
            if (values is not null)
            {
                var row = new object?[_sources.Length];
                for (var i = 0; i < row.Length; i++)
                {
                    var value = values[_sources[i]];
                    row[i] = value is DBNull ? null : value;
                }
                Chunk.Add(row);
                var batch = owner._batchSize > 0 ? owner._batchSize : DefaultBatchSize;
                var notify = owner._notifyAfter;
                if (Chunk.Count < batch && (notify == 0 || (owner.RowsCopied + Chunk.Count) % notify != 0))
                {
                    return null;
                }
            }
            return Chunk.Count > 0 ? _insert : null;
        }

        /// <summary>The batch is on the server: count it, and raise HanaRowsCopied when a NotifyAfter count is reached.</summary>
        public void Completed()
        {
            var before = owner.RowsCopied;
            owner.RowsCopied += Chunk.Count;
            Chunk.Clear();
            var notify = owner._notifyAfter;
            if (notify > 0 && before / notify < owner.RowsCopied / notify && owner.HanaRowsCopied is { } handler)
            {
                var args = new HanaRowsCopiedEventArgs(owner.RowsCopied);
                handler(owner, args);
                if (args.Abort)
                {
                    throw new OperationCanceledException($"The bulk copy into {_table} was aborted by a HanaRowsCopied handler; {owner.RowsCopied} rows were copied.");
                }
            }
        }

        /// <summary>
        /// The batch failed: the exception the caller gets, its rows counted from the first source row of the call
        /// and saying what is on the server (HANA ran the batch's other rows).
        /// </summary>
        public Exception Failed(HanaException failure)
        {
            var before = owner.RowsCopied;
            var first = before.ToString(CultureInfo.InvariantCulture);
            var last = (before + Chunk.Count - 1).ToString(CultureInfo.InvariantCulture);
            if (failure is HanaConnectionException)
            {
                return failure;
            }
            if (failure is HanaBatchException batch)
            {
                owner.RowsCopied += batch.RowsAffected.Count(entry => entry != HanaBatchException.ExecutionFailed);
                var errors = batch.Errors.Select(error => new HanaBatchError((int)(before + error.RowIndex), error.Code, error.SqlState, error.Message, error.Position)).ToList();
                var message = $"Bulk copy into {_table}: {errors.Count} of source rows {first}..{last} (0-based) failed, first row {errors[0].RowIndex}: {errors[0].Message}. "
                    + $"HANA ran the batch's other rows; {owner.RowsCopied} rows are on the server, the rows after this batch were not sent.";
                return new HanaBatchException(message, batch.Code, batch.SqlState, batch.Position, errors, batch.RowsAffected);
            }
            return new HanaException(
                $"Bulk copy into {_table}: the batch of source rows {first}..{last} (0-based) failed: {failure.Message} {owner.RowsCopied} rows are on the server, the rows after this batch were not sent.",
                failure.Code, failure.SqlState, failure.Position, failure.Level, failure);
        }

        /// <summary>Releases the prepared statements (DROPSTATEMENTID goes out with the connection's next request).</summary>
        public void Dispose()
        {
            _probe?.Dispose();
            _insert?.Dispose();
        }
    }
}
