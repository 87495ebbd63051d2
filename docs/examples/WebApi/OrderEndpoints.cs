using Driver.Async;
using Microsoft.AspNetCore.Http.HttpResults;

namespace WebApi;

/// <summary>
/// /orders: placing an order takes stock and records the order in one transaction. These endpoints take the
/// injected <see cref="HanaConnection"/> (transient: a closed connection per request, which the request scope
/// disposes, giving its session back to the pool) instead of going through the data source.
/// </summary>
internal static class OrderEndpoints
{
    public static RouteGroupBuilder MapOrders(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/orders");
        group.MapGet("/{id:long}", GetAsync);
        group.MapPost("/", CreateAsync);
        return group;
    }

    private static async Task<Results<Ok<Order>, NotFound>> GetAsync(long id, HanaConnection connection, CancellationToken cancellationToken)
    {
        await connection.OpenAsync(cancellationToken);
        await using var query = SqlCommands.Create(connection, "SELECT ID, PRODUCT_ID, QUANTITY, CREATED_AT FROM ORDERS WHERE ID = :id", ("id", id));
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(new Order(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2), DateTime.SpecifyKind(reader.GetDateTime(3), DateTimeKind.Utc)));
    }

    private static async Task<Results<Created<Order>, ValidationProblem, ProblemHttpResult>> CreateAsync(OrderInput input, HanaConnection connection, CancellationToken cancellationToken)
    {
        if (input.Quantity < 1)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["quantity"] = ["The quantity is at least 1."] });
        }
        await connection.OpenAsync(cancellationToken);
        // disposed without a commit (an exception, an early return) the transaction rolls back
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // takes the stock only if there is enough: one statement, no read-then-write race between requests
        await using var take = SqlCommands.Create(connection, "UPDATE PRODUCTS SET STOCK = STOCK - :quantity WHERE ID = :product AND STOCK >= :quantity",
            ("quantity", input.Quantity), ("product", input.ProductId));
        if (await take.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            await using var exists = SqlCommands.Create(connection, "SELECT COUNT(*) FROM PRODUCTS WHERE ID = :product", ("product", input.ProductId));
            var found = Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken)) > 0;
            await transaction.RollbackAsync(cancellationToken);
            return found
                ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not enough stock.", detail: $"Product {input.ProductId} has fewer than {input.Quantity} items in stock.")
                : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["productId"] = [$"There is no product {input.ProductId}."] });
        }

        await using var next = SqlCommands.Create(connection, "SELECT ORDER_IDS.NEXTVAL FROM DUMMY");
        var id = Convert.ToInt64(await next.ExecuteScalarAsync(cancellationToken));
        // whole milliseconds, so the value returned here is the value stored (TIMESTAMP precision differs by database)
        var now = DateTime.UtcNow;
        var createdAt = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        await using var insert = SqlCommands.Create(connection, "INSERT INTO ORDERS (ID, PRODUCT_ID, QUANTITY, CREATED_AT) VALUES (:id, :product, :quantity, :createdAt)",
            ("id", id), ("product", input.ProductId), ("quantity", input.Quantity), ("createdAt", createdAt));
        await insert.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/orders/{id}", new Order(id, input.ProductId, input.Quantity, createdAt));
    }
}
