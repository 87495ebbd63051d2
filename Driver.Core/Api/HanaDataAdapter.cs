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
/// Fills a <see cref="DataSet"/> or <see cref="DataTable"/> from a query and writes its changes back (the ADO.NET
/// <see cref="DbDataAdapter"/>; docs/data-adapter-and-bulk-copy.md).
/// <para>
/// Fill and FillSchema are ADO.NET's own over this package's reader (its schema table names base tables, columns and
/// the key columns the catalog knows, so <see cref="MissingSchemaAction.AddWithKey"/> sets primary keys). Update runs
/// the rows' INSERT, UPDATE and DELETE commands (yours, or a <see cref="HanaCommandBuilder"/>'s) with
/// <see cref="UpdateBatchSize"/> rows per request: consecutive rows with the same statement text go to the server as
/// one batch EXECUTE (§6.24), each row's count read from the server's per-row counts. An UPDATE or DELETE that
/// affects no row is a <see cref="DBConcurrencyException"/>. A failing row is reported after its batch: the rows of
/// the batch that succeeded are accepted (HANA ran them), the failing ones keep their changes and get a RowError, and
/// the first failure is thrown unless <see cref="DataAdapter.ContinueUpdateOnError"/> is set. The commands'
/// UpdatedRowSource is not applied (HANA returns no rows from DML).
/// </para>
/// <para>
/// Driver.Sync: Fill, FillSchema and Update block. Driver.Async: they throw <see cref="NotSupportedException"/>
/// naming the member to await: FillAsync, FillSchemaAsync, UpdateAsync, which read the result with awaits (a chunk
/// of rows at a time, handed to the same ADO.NET loader) and run the same update batches on the awaiting pump.
/// </para>
/// </summary>
public sealed partial class HanaDataAdapter : DbDataAdapter
{
    private static readonly object s_rowUpdating = new();
    private static readonly object s_rowUpdated = new();
    private const string TrimWarning = "ADO.NET's DataSet loading and updating reflect over the schema table's types (as DbDataAdapter's own members say).";
    private int _updateBatchSize = 1;

    /// <summary>Creates an adapter without commands.</summary>
    public HanaDataAdapter()
    {
    }

    /// <summary>Creates an adapter that fills from <paramref name="selectCommand"/>.</summary>
    public HanaDataAdapter(HanaCommand? selectCommand)
    {
        SelectCommand = selectCommand;
    }

    /// <summary>Creates an adapter that fills from the query <paramref name="selectCommandText"/> on <paramref name="selectConnection"/>.</summary>
    public HanaDataAdapter(string selectCommandText, HanaConnection? selectConnection)
    {
        SelectCommand = new HanaCommand(selectCommandText, selectConnection);
    }

    /// <summary>Creates an adapter that fills from the query <paramref name="selectCommandText"/> on a new connection to <paramref name="selectConnectionString"/>.</summary>
    public HanaDataAdapter(string selectCommandText, string selectConnectionString)
    {
        SelectCommand = new HanaCommand(selectCommandText, new HanaConnection(selectConnectionString));
    }

    /// <summary>The query Fill and FillSchema run.</summary>
    public new HanaCommand? SelectCommand
    {
        get => (HanaCommand?)base.SelectCommand;
        set => base.SelectCommand = value;
    }

    /// <summary>The statement Update runs for added rows.</summary>
    public new HanaCommand? InsertCommand
    {
        get => (HanaCommand?)base.InsertCommand;
        set => base.InsertCommand = value;
    }

    /// <summary>The statement Update runs for modified rows.</summary>
    public new HanaCommand? UpdateCommand
    {
        get => (HanaCommand?)base.UpdateCommand;
        set => base.UpdateCommand = value;
    }

    /// <summary>The statement Update runs for deleted rows.</summary>
    public new HanaCommand? DeleteCommand
    {
        get => (HanaCommand?)base.DeleteCommand;
        set => base.DeleteCommand = value;
    }

    /// <summary>
    /// Rows per request of Update: 1 (the default) runs each row by itself, 0 puts all consecutive rows with the same
    /// statement into one batch EXECUTE, n puts at most n.
    /// </summary>
    public override int UpdateBatchSize
    {
        get => _updateBatchSize;
        set => _updateBatchSize = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "UpdateBatchSize cannot be negative.");
    }

    /// <summary>Raised for each row before its statement is bound (a <see cref="HanaCommandBuilder"/> supplies missing commands here).</summary>
    public event HanaRowUpdatingEventHandler? RowUpdating
    {
        add => Events.AddHandler(s_rowUpdating, value);
        remove => Events.RemoveHandler(s_rowUpdating, value);
    }

    /// <summary>Raised for each row after its batch ran, with its count or error.</summary>
    public event HanaRowUpdatedEventHandler? RowUpdated
    {
        add => Events.AddHandler(s_rowUpdated, value);
        remove => Events.RemoveHandler(s_rowUpdated, value);
    }

    /// <summary>The command builder attached to this adapter (its schema is read before an awaited update).</summary>
    internal HanaCommandBuilder? Builder { get; set; }

    /// <inheritdoc />
    protected override RowUpdatingEventArgs CreateRowUpdatingEvent(DataRow dataRow, IDbCommand? command, StatementType statementType, DataTableMapping tableMapping) =>
        new HanaRowUpdatingEventArgs(dataRow, command, statementType, tableMapping);

    /// <inheritdoc />
    protected override RowUpdatedEventArgs CreateRowUpdatedEvent(DataRow dataRow, IDbCommand? command, StatementType statementType, DataTableMapping tableMapping) =>
        new HanaRowUpdatedEventArgs(dataRow, command, statementType, tableMapping, -1);

    /// <inheritdoc />
    protected override void OnRowUpdating(RowUpdatingEventArgs value) => (Events[s_rowUpdating] as HanaRowUpdatingEventHandler)?.Invoke(this, (HanaRowUpdatingEventArgs)value);

    /// <inheritdoc />
    protected override void OnRowUpdated(RowUpdatedEventArgs value) => (Events[s_rowUpdated] as HanaRowUpdatedEventHandler)?.Invoke(this, (HanaRowUpdatedEventArgs)value);

    // The ADO.NET entry points every public Fill / FillSchema / Update overload ends in. Written once: Driver.Sync
    // runs ADO.NET's blocking implementation (Update: this package's batches), Driver.Async refuses before anything
    // runs and names the member to await.

    /// <inheritdoc />
    protected override int Fill(DataTable[] dataTables, int startRecord, int maxRecords, IDbCommand command, CommandBehavior behavior)
    {
        AsyncOnly.Refuse("Fill", "FillAsync");
        return base.Fill(dataTables, startRecord, maxRecords, command, behavior);
    }

    /// <inheritdoc />
    protected override int Fill(DataSet dataSet, int startRecord, int maxRecords, string srcTable, IDbCommand command, CommandBehavior behavior)
    {
        AsyncOnly.Refuse("Fill", "FillAsync");
        return base.Fill(dataSet, startRecord, maxRecords, srcTable, command, behavior);
    }

    /// <inheritdoc />
#if NET
    [System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode(TrimWarning)]
#endif
    protected override DataTable? FillSchema(DataTable dataTable, SchemaType schemaType, IDbCommand command, CommandBehavior behavior)
    {
        AsyncOnly.Refuse("FillSchema", "FillSchemaAsync");
        return base.FillSchema(dataTable, schemaType, command, behavior);
    }

    /// <inheritdoc />
#if NET
    [System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode(TrimWarning)]
#endif
    protected override DataTable[] FillSchema(DataSet dataSet, SchemaType schemaType, IDbCommand command, string srcTable, CommandBehavior behavior)
    {
        AsyncOnly.Refuse("FillSchema", "FillSchemaAsync");
        return base.FillSchema(dataSet, schemaType, command, srcTable, behavior);
    }

    /// <summary>Runs the rows' statements in batches (see the class remarks); returns the rows updated.</summary>
#if NET
    [System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode(TrimWarning)]
#endif
    protected override int Update(DataRow[] dataRows, DataTableMapping tableMapping)
    {
        AsyncOnly.Refuse("Update", "UpdateAsync");
        return new Plan<int>(result => UpdateCalls(result, dataRows, tableMapping)).Run();
    }

#if ASYNC
    /// <summary>Fills <paramref name="dataTable"/> from <see cref="SelectCommand"/>; returns the rows added or refreshed.</summary>
    public Task<int> FillAsync(DataTable dataTable, CancellationToken cancellationToken = default) => FillOf(dataTable).RunAsync(cancellationToken);

    /// <summary>Fills the table "Table" of <paramref name="dataSet"/> (or the one its table mapping names) from <see cref="SelectCommand"/>; returns the rows added or refreshed.</summary>
    public Task<int> FillAsync(DataSet dataSet, CancellationToken cancellationToken = default) => FillOf(dataSet, DefaultSourceTableName).RunAsync(cancellationToken);

    /// <summary>Adds the columns of <see cref="SelectCommand"/>'s result (with <see cref="SchemaType.Mapped"/> through the table mappings) to <paramref name="dataTable"/>, with its primary key.</summary>
    public Task<DataTable?> FillSchemaAsync(DataTable dataTable, SchemaType schemaType, CancellationToken cancellationToken = default) => SchemaOf(dataTable, schemaType).RunAsync(cancellationToken);

    /// <summary>Writes the changes of <paramref name="dataTable"/> (see the class remarks); returns the rows updated.</summary>
    public Task<int> UpdateAsync(DataTable dataTable, CancellationToken cancellationToken = default) => UpdateOf(dataTable).RunAsync(cancellationToken);

    /// <summary>Writes the changes of the table "Table" of <paramref name="dataSet"/> (or the one its table mapping names); returns the rows updated.</summary>
    public Task<int> UpdateAsync(DataSet dataSet, CancellationToken cancellationToken = default) => UpdateOf(dataSet, DefaultSourceTableName).RunAsync(cancellationToken);
#endif
}
