namespace Driver.Tests.Docs.TestingYourApp;

// docs/testing-your-app.md quotes the region verbatim (TestingYourAppDocTests): "the application's own code"
#region order-repository
public sealed class OrderRepository(string connectionString)
{
    public async Task SaveAsync(Order order, CancellationToken cancellationToken = default)
    {
        await using var connection = new Driver.Async.HanaConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new Driver.Async.HanaCommand(
            "INSERT INTO ORDERS (ID, CUSTOMER, TOTAL) VALUES (:id, :customer, :total)", connection);
        command.Parameters.AddWithValue("id", order.Id);
        command.Parameters.AddWithValue("customer", order.Customer);
        command.Parameters.AddWithValue("total", order.Total);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Order?> FindAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var connection = new Driver.Async.HanaConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new Driver.Async.HanaCommand("SELECT ID, CUSTOMER, TOTAL FROM ORDERS WHERE ID = ?", connection);
        command.Parameters.AddWithValue(id);
        await foreach (var order in command.QueryAsync<Order>(cancellationToken))
        {
            return order;
        }
        return null;
    }
}
#endregion
