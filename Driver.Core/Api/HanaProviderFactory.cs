using System.Data.Common;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// The ADO.NET provider factory of this package (register it with <c>DbProviderFactories</c>, or hand
/// <see cref="Instance"/> to code written against <see cref="DbProviderFactory"/>).
/// </summary>
public sealed class HanaProviderFactory : DbProviderFactory
{
    /// <summary>The one instance (ADO.NET finds it by this field's name).</summary>
    public static readonly HanaProviderFactory Instance = new();

    private HanaProviderFactory()
    {
    }

    /// <summary>A closed connection without a connection string.</summary>
    public override DbConnection CreateConnection() => new HanaConnection();

    /// <summary>A command without text or connection.</summary>
    public override DbCommand CreateCommand() => new HanaCommand();

    /// <summary>A parameter without name or value.</summary>
    public override DbParameter CreateParameter() => new HanaParameter();

    /// <summary>An empty connection string builder.</summary>
    public override DbConnectionStringBuilder CreateConnectionStringBuilder() => new HanaConnectionStringBuilder();

#if NET
    /// <summary>True: see <see cref="HanaDataAdapter"/>.</summary>
    public override bool CanCreateDataAdapter => true;

    /// <summary>True: see <see cref="HanaCommandBuilder"/>.</summary>
    public override bool CanCreateCommandBuilder => true;
#endif

    /// <summary>A data adapter without commands.</summary>
    public override DbDataAdapter CreateDataAdapter() => new HanaDataAdapter();

    /// <summary>A command builder without an adapter.</summary>
    public override DbCommandBuilder CreateCommandBuilder() => new HanaCommandBuilder();

#if NET6_0_OR_GREATER
    /// <summary>True: see <see cref="HanaBatch"/>.</summary>
    public override bool CanCreateBatch => true;

    /// <summary>A batch without commands or connection.</summary>
    public override DbBatch CreateBatch() => new HanaBatch();

    /// <summary>A batch command without text.</summary>
    public override DbBatchCommand CreateBatchCommand() => new HanaBatchCommand();
#endif

#if NET7_0_OR_GREATER
    /// <summary>A <see cref="HanaDataSource"/> for <paramref name="connectionString"/> (validated now).</summary>
    public override DbDataSource CreateDataSource(string connectionString) => new HanaDataSource(connectionString);
#endif
}
