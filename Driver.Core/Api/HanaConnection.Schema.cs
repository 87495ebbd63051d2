using System.Data;
using System.Data.Common;
using Driver.Core.Api;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

// GetSchema, written once (SchemaCollections builds every table and query); only reading a catalog query's rows is
// the flavor's: GetSchema blocks for it (refused in Driver.Async), GetSchemaAsync awaits it (Driver.Async).
public sealed partial class HanaConnection
{
    /// <summary>The MetaDataCollections collection: the names of every collection (see docs/schema.md).</summary>
    public override DataTable GetSchema() => GetSchema(DbMetaDataCollectionNames.MetaDataCollections, null);

    /// <summary>One collection, unrestricted (see docs/schema.md).</summary>
    public override DataTable GetSchema(string collectionName) => GetSchema(collectionName, null);

    /// <summary>
    /// One collection: MetaDataCollections, DataSourceInformation, DataTypes, Restrictions, ReservedWords (built here),
    /// or Tables, Columns, Views, Procedures, ProcedureParameters, Indexes, IndexColumns, ForeignKeys (read from HANA's
    /// SYS catalog views); a restriction value (schema, table ... in the order Restrictions lists) filters by equality,
    /// null leaves it open. Driver.Async: await GetSchemaAsync.
    /// </summary>
    public override DataTable GetSchema(string collectionName, string?[]? restrictionValues)
    {
        AsyncOnly.Refuse(nameof(GetSchema));
        if (SchemaCollections.Resolve(this, collectionName, restrictionValues, out var command, out var name) is { } table)
        {
            return table;
        }
        using (command)
        {
            return command!.ReadAll(reader => SchemaCollections.NewTable(name, reader), SchemaCollections.AddRow);
        }
    }

#if ASYNC
    /// <summary>The MetaDataCollections collection (see <see cref="GetSchema(string, string[])"/>).</summary>
#if NET
    public override Task<DataTable> GetSchemaAsync(CancellationToken cancellationToken = default)
#else
    public Task<DataTable> GetSchemaAsync(CancellationToken cancellationToken = default)
#endif
        => GetSchemaAsync(DbMetaDataCollectionNames.MetaDataCollections, null!, cancellationToken);

    /// <summary>One collection, unrestricted (see <see cref="GetSchema(string, string[])"/>).</summary>
#if NET
    public override Task<DataTable> GetSchemaAsync(string collectionName, CancellationToken cancellationToken = default)
#else
    public Task<DataTable> GetSchemaAsync(string collectionName, CancellationToken cancellationToken = default)
#endif
        => GetSchemaAsync(collectionName, null!, cancellationToken);

    /// <summary>One collection with restrictions (see <see cref="GetSchema(string, string[])"/>).</summary>
#if NET
    public override async Task<DataTable> GetSchemaAsync(string collectionName, string?[] restrictionValues, CancellationToken cancellationToken = default)
#else
    public async Task<DataTable> GetSchemaAsync(string collectionName, string?[] restrictionValues, CancellationToken cancellationToken = default)
#endif
    {
        if (SchemaCollections.Resolve(this, collectionName, restrictionValues, out var command, out var name) is { } table)
        {
            return table;
        }
        using (command)
        {
            return await command!.ReadAllAsync(reader => SchemaCollections.NewTable(name, reader), SchemaCollections.AddRow, cancellationToken).ConfigureAwait(false);
        }
    }
#endif
}
