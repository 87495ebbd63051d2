using System.Data;
using System.Data.Common;
using Driver.Core.Api;
using Driver.Core.Session;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// Makes the INSERT, UPDATE and DELETE statements of a <see cref="HanaDataAdapter"/> from its SELECT (ADO.NET's
/// <see cref="DbCommandBuilder"/>): the SELECT must read one table and include its key columns (the reader's schema
/// table names the base table, base columns and the key columns the catalog knows). Identifiers are quoted with
/// HANA's double quotes; parameters are positional <c>?</c> markers named p1, p2, ...
/// <para>
/// Driver.Sync reads the SELECT's schema when a statement is first needed (a blocking query). Driver.Async reads it
/// with <see cref="HanaDataAdapter"/>'s UpdateAsync, or <c>LoadSchemaAsync</c> before GetInsertCommand,
/// GetUpdateCommand or GetDeleteCommand; those throw <see cref="NotSupportedException"/> without it.
/// </para>
/// </summary>
public sealed partial class HanaCommandBuilder : DbCommandBuilder
{
    private (string Text, DataTable Table)? _loaded;

    /// <summary>Creates a builder without an adapter.</summary>
    public HanaCommandBuilder()
    {
        QuotePrefix = "\"";
        QuoteSuffix = "\"";
        SchemaSeparator = ".";
        CatalogSeparator = ".";
        CatalogLocation = CatalogLocation.Start;
    }

    /// <summary>Creates a builder that supplies <paramref name="adapter"/>'s missing statements.</summary>
    public HanaCommandBuilder(HanaDataAdapter adapter)
        : this()
    {
        DataAdapter = adapter;
    }

    /// <summary>The adapter whose statements this builder makes.</summary>
    public new HanaDataAdapter? DataAdapter
    {
        get => (HanaDataAdapter?)base.DataAdapter;
        set => base.DataAdapter = value;
    }

    /// <summary>HANA quotes identifiers with double quotes only.</summary>
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string QuotePrefix
    {
        get => base.QuotePrefix;
        set => base.QuotePrefix = value == "\"" || string.IsNullOrEmpty(value) ? "\"" : throw new ArgumentException("HANA quotes identifiers with \" only.", nameof(value));
    }

    /// <summary>HANA quotes identifiers with double quotes only.</summary>
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string QuoteSuffix
    {
        get => base.QuoteSuffix;
        set => base.QuoteSuffix = value == "\"" || string.IsNullOrEmpty(value) ? "\"" : throw new ArgumentException("HANA quotes identifiers with \" only.", nameof(value));
    }

    /// <summary>The INSERT statement for the adapter's SELECT.</summary>
    public new HanaCommand GetInsertCommand() => (HanaCommand)base.GetInsertCommand();

    /// <summary>The INSERT statement; with <paramref name="useColumnsForParameterNames"/> the parameters are named after the columns.</summary>
    public new HanaCommand GetInsertCommand(bool useColumnsForParameterNames) => (HanaCommand)base.GetInsertCommand(useColumnsForParameterNames);

    /// <summary>The UPDATE statement for the adapter's SELECT (WHERE per <see cref="DbCommandBuilder.ConflictOption"/>).</summary>
    public new HanaCommand GetUpdateCommand() => (HanaCommand)base.GetUpdateCommand();

    /// <summary>The UPDATE statement; with <paramref name="useColumnsForParameterNames"/> the parameters are named after the columns.</summary>
    public new HanaCommand GetUpdateCommand(bool useColumnsForParameterNames) => (HanaCommand)base.GetUpdateCommand(useColumnsForParameterNames);

    /// <summary>The DELETE statement for the adapter's SELECT (WHERE per <see cref="DbCommandBuilder.ConflictOption"/>).</summary>
    public new HanaCommand GetDeleteCommand() => (HanaCommand)base.GetDeleteCommand();

    /// <summary>The DELETE statement; with <paramref name="useColumnsForParameterNames"/> the parameters are named after the columns.</summary>
    public new HanaCommand GetDeleteCommand(bool useColumnsForParameterNames) => (HanaCommand)base.GetDeleteCommand(useColumnsForParameterNames);

    /// <summary>
    /// <paramref name="unquotedIdentifier"/> in double quotes, a double quote inside it doubled (SQL reference,
    /// "Identifiers"); e.g. <c>my "x"</c> becomes <c>"my ""x"""</c>.
    /// </summary>
    public override string QuoteIdentifier(string unquotedIdentifier)
    {
        if (unquotedIdentifier is null)
        {
            throw new ArgumentNullException(nameof(unquotedIdentifier));
        }
        return SqlIdentifier.Quote(unquotedIdentifier);
    }

    /// <summary>The identifier without its double quotes and with doubled quotes single; an unquoted identifier is returned as it is.</summary>
    public override string UnquoteIdentifier(string quotedIdentifier)
    {
        if (quotedIdentifier is null)
        {
            throw new ArgumentNullException(nameof(quotedIdentifier));
        }
        if (quotedIdentifier.Length >= 2 && quotedIdentifier[0] == '"' && quotedIdentifier[quotedIdentifier.Length - 1] == '"')
        {
            return quotedIdentifier.Substring(1, quotedIdentifier.Length - 2).Replace("\"\"", "\"");
        }
        return quotedIdentifier;
    }

    /// <summary>Forgets the SELECT's schema and the statements made from it.</summary>
    public override void RefreshSchema()
    {
        _loaded = null;
        base.RefreshSchema();
    }

    /// <inheritdoc />
    protected override void ApplyParameterInfo(DbParameter parameter, DataRow row, StatementType statementType, bool whereClause)
    {
        // the server's PARAMETERMETADATA decides the wire type (§6.22): nothing to copy from the schema row
    }

    /// <summary>p1, p2, ...: the markers are positional, the names only label the parameters.</summary>
    protected override string GetParameterName(int parameterOrdinal) => "p" + parameterOrdinal.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The column name (when parameters are named after columns).</summary>
    protected override string GetParameterName(string parameterName) => parameterName;

    /// <summary>A positional marker: <c>?</c>.</summary>
    protected override string GetParameterPlaceholder(int parameterOrdinal) => "?";

    /// <summary>The SELECT's schema table: read by <c>LoadSchemaAsync</c> in Driver.Async, by a blocking query in Driver.Sync.</summary>
    protected override DataTable GetSchemaTable(DbCommand sourceCommand)
    {
        if (_loaded is { } loaded && loaded.Text == sourceCommand.CommandText)
        {
            return loaded.Table;
        }
        AsyncOnly.Refuse("Reading the SelectCommand's schema synchronously (GetInsertCommand, GetUpdateCommand, GetDeleteCommand)", "HanaCommandBuilder.LoadSchemaAsync first, or HanaDataAdapter.UpdateAsync");
        return base.GetSchemaTable(sourceCommand)!;
    }

    /// <summary>Subscribes to (or, for the adapter it has, unsubscribes from) the adapter's RowUpdating, where it supplies missing statements.</summary>
    protected override void SetRowUpdatingHandler(DbDataAdapter adapter)
    {
        var own = OwnTypes.Require<HanaDataAdapter>(adapter, "HanaCommandBuilder")!;
        if (ReferenceEquals(adapter, base.DataAdapter))
        {
            own.RowUpdating -= Supply;
            own.Builder = null;
        }
        else
        {
            own.RowUpdating += Supply;
            own.Builder = this;
        }
    }

    private void Supply(object sender, HanaRowUpdatingEventArgs e) => RowUpdatingHandler(e);

    /// <summary>
    /// The calls that read the schema of the adapter's SELECT (a query with SchemaOnly and KeyInfo, its connection
    /// opened for it when closed); none when the SELECT's text has not changed since.
    /// </summary>
    internal IEnumerable<Call> SchemaCalls()
    {
        var select = DataAdapter?.SelectCommand ?? throw new InvalidOperationException("The command builder needs a HanaDataAdapter with a SelectCommand.");
        if (_loaded is { } loaded && loaded.Text == select.CommandText)
        {
            yield break;
        }
        var connection = select.Connection ?? throw new InvalidOperationException("The SelectCommand has no connection.");
        var opened = connection.State == ConnectionState.Closed;
        var query = new ReaderCall(select, CommandBehavior.SchemaOnly | CommandBehavior.KeyInfo);
        try
        {
            if (opened)
            {
                yield return new OpenCall(connection);
            }
            yield return query;
            _loaded = (select.CommandText, query.Reader!.GetSchemaTable() ?? throw new InvalidOperationException("The SelectCommand returns no result set."));
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

#if ASYNC
    /// <summary>
    /// Reads the schema of the adapter's SELECT (a query with SchemaOnly and KeyInfo) so that the statements can be
    /// made without blocking; nothing is read when the SELECT's text has not changed since. UpdateAsync calls it.
    /// </summary>
    public Task LoadSchemaAsync(CancellationToken cancellationToken = default) => new Plan<bool>(_ => SchemaCalls()).RunAsync(cancellationToken);
#endif
}
