using Driver.Async;

namespace WebApi;

/// <summary>
/// The PRODUCTS table. Each call takes a session from the data source's pool for as long as it needs it and gives
/// it back (await using) before the response is written, so a handful of sessions serve many requests.
/// </summary>
internal sealed class ProductStore(HanaDataSource dataSource)
{
    private const string Columns = "ID, SKU, NAME, PRICE, STOCK";

    public async Task<ProductPage> ListAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var items = new List<Product>(pageSize);
        await using (var query = SqlCommands.Create(connection, $"SELECT {Columns} FROM PRODUCTS ORDER BY ID LIMIT :limit OFFSET :offset",
                         ("limit", pageSize), ("offset", (page - 1) * pageSize)))
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(Read(reader));
            }
        }
        await using var count = SqlCommands.Create(connection, "SELECT COUNT(*) FROM PRODUCTS");
        var total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken));
        return new ProductPage(items, page, pageSize, total);
    }

    public async Task<Product?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var query = SqlCommands.Create(connection, $"SELECT {Columns} FROM PRODUCTS WHERE ID = :id", ("id", id));
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<Product> CreateAsync(ProductInput input, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var next = SqlCommands.Create(connection, "SELECT PRODUCT_IDS.NEXTVAL FROM DUMMY");
        var id = Convert.ToInt64(await next.ExecuteScalarAsync(cancellationToken));
        await using var insert = SqlCommands.Create(connection, $"INSERT INTO PRODUCTS ({Columns}) VALUES (:id, :sku, :name, :price, :stock)",
            ("id", id), ("sku", input.Sku), ("name", input.Name), ("price", input.Price), ("stock", input.Stock));
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return new Product(id, input.Sku!, input.Name!, input.Price!.Value, input.Stock!.Value);
    }

    /// <summary>The updated product, or null when there is no product <paramref name="id"/>.</summary>
    public async Task<Product?> UpdateAsync(long id, ProductInput input, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var update = SqlCommands.Create(connection, "UPDATE PRODUCTS SET SKU = :sku, NAME = :name, PRICE = :price, STOCK = :stock WHERE ID = :id",
            ("sku", input.Sku), ("name", input.Name), ("price", input.Price), ("stock", input.Stock), ("id", id));
        return await update.ExecuteNonQueryAsync(cancellationToken) == 0
            ? null
            : new Product(id, input.Sku!, input.Name!, input.Price!.Value, input.Stock!.Value);
    }

    /// <summary>False when there is no product <paramref name="id"/>.</summary>
    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var delete = SqlCommands.Create(connection, "DELETE FROM PRODUCTS WHERE ID = :id", ("id", id));
        return await delete.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private static Product Read(HanaDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetDecimal(3), reader.GetInt32(4));
}
