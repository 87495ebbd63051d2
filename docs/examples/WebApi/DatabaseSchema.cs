using Driver.Async;

namespace WebApi;

/// <summary>
/// The sample's tables and sequences, created at startup when they are missing. HANA has no CREATE TABLE IF NOT
/// EXISTS: the PRODUCTS table stands for the whole schema (a real application would use a migration tool).
/// </summary>
internal static class DatabaseSchema
{
    /// <summary>HANA's "invalid table name": the table does not exist.</summary>
    private const int InvalidTableName = 259;

    private static readonly string[] Statements =
    [
        "CREATE SEQUENCE PRODUCT_IDS",
        "CREATE SEQUENCE ORDER_IDS",
        // the rules live in the database; HanaExceptionHandler turns their violations into 400 and 409
        "CREATE COLUMN TABLE PRODUCTS (ID BIGINT PRIMARY KEY, SKU NVARCHAR(32) NOT NULL UNIQUE, NAME NVARCHAR(100) NOT NULL, " +
            "PRICE DECIMAL(12, 2) NOT NULL CHECK (PRICE >= 0), STOCK INTEGER NOT NULL CHECK (STOCK >= 0))",
        // no foreign key to PRODUCTS: orders are history and outlive a deleted product
        "CREATE COLUMN TABLE ORDERS (ID BIGINT PRIMARY KEY, PRODUCT_ID BIGINT NOT NULL, " +
            "QUANTITY INTEGER NOT NULL CHECK (QUANTITY > 0), CREATED_AT TIMESTAMP NOT NULL)",
    ];

    public static async Task EnsureCreatedAsync(HanaDataSource dataSource, ILogger logger, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var probe = new HanaCommand("SELECT COUNT(*) FROM PRODUCTS", connection);
            await probe.ExecuteScalarAsync(cancellationToken);
            return;
        }
        catch (HanaException error) when (error.Code == InvalidTableName)
        {
            // first start against this database: create everything below
        }
        foreach (var sql in Statements)
        {
            await using var command = new HanaCommand(sql, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        logger.LogInformation("Created the tables PRODUCTS and ORDERS and their sequences.");
    }
}
